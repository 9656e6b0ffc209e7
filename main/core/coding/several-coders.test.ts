// Several coders (issue 14): each coder's decision is kept, the project's current decision is
// resolved ([Note: resolution] in resolution.ts), and in the mode 'every' each coder has a queue of
// their own.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support/temp-dir';
import { codingProject, storeRun, type CodingProject } from './test-support/coding-fixture';
import { makeTestCore } from '../test-support/test-core';

const tmp = useTempDir();

const STANCE = { name: 'Stance', labels: [{ name: 'favour' }, { name: 'against' }, { name: 'neutral' }] };

async function project(count = 6): Promise<CodingProject & { label: (name: string) => string; q: string }> {
  const p = await codingProject(tmp(), count, [STANCE]);
  const question = p.codebook.questions[0]!;
  const label = (name: string) => question.labels.find((l) => l.name === name)!.id;
  return { ...p, label, q: question.id };
}

async function decide(p: Awaited<ReturnType<typeof project>>, coder: string, doc: number, label: string | null, extra = {}) {
  return p.t.call('annotate.decide', {
    questionId: p.q,
    documentId: p.documentIds[doc]!,
    coder,
    kind: label === null ? 'skip' : 'label',
    labelIds: label === null ? [] : [p.label(label)],
    ...extra,
  });
}

const state = (p: CodingProject, q: string, doc: number) =>
  p
    .db()
    .prepare('SELECT coder_id, label_ids, coders, resolution FROM coding_state WHERE question_id = ? AND document_id = ?')
    .get(q, doc) as {
    coder_id: string | null;
    label_ids: string | null;
    coders: number;
    resolution: string | null;
  };

const coderStates = (p: CodingProject, q: string, doc: number) =>
  p
    .db()
    .prepare(
      'SELECT c.name, s.label_ids FROM coder_state s JOIN coders c ON c.id = s.coder_id WHERE question_id = ? AND document_id = ? ORDER BY c.name',
    )
    .all(q, doc);

describe('several coders', () => {
  it("a second coder's decision never replaces the first's: both are kept, and the project's label is agreed or settled by the rule", async () => {
    const p = await project();
    const doc = p.documentIds[0]!;
    await decide(p, 'Ana', 0, 'favour');
    expect(state(p, p.q, doc)).toMatchObject({ coders: 1, resolution: 'single' });
    await decide(p, 'Ben', 0, 'favour');
    expect(state(p, p.q, doc)).toMatchObject({ coders: 2, resolution: 'agreed', label_ids: JSON.stringify([p.label('favour')]) });
    await decide(p, 'Ben', 0, 'against');
    expect(coderStates(p, p.q, doc)).toEqual([
      { name: 'Ana', label_ids: JSON.stringify([p.label('favour')]) },
      { name: 'Ben', label_ids: JSON.stringify([p.label('against')]) },
    ]);
    // The default rule: the latest decision.
    expect(state(p, p.q, doc)).toMatchObject({ coders: 2, resolution: 'rule', label_ids: JSON.stringify([p.label('against')]) });
    // Ben's undo takes back his own decision only: Ana's stands, Ben's earlier one is his current again.
    await p.t.call('annotate.undo', { questionId: p.q, coder: 'Ben' });
    expect(state(p, p.q, doc)).toMatchObject({ resolution: 'agreed', label_ids: JSON.stringify([p.label('favour')]) });
    await p.t.call('annotate.undo', { questionId: p.q, coder: 'Ben' });
    expect(coderStates(p, p.q, doc)).toEqual([{ name: 'Ana', label_ids: JSON.stringify([p.label('favour')]) }]);
    expect(state(p, p.q, doc)).toMatchObject({ coders: 1, resolution: 'single' });
    await p.t.core.shutdown();
  });

  it('resolves a disagreement by majority (a tie: the latest of the tied), by a lead coder, and by an adjudication above all', async () => {
    const p = await project();
    const doc = p.documentIds[1]!;
    await decide(p, 'Ana', 1, 'favour');
    await decide(p, 'Ben', 1, 'against');
    await decide(p, 'Cleo', 1, 'favour');
    await decide(p, 'Dan', 1, 'neutral');
    const labelOf = () => JSON.parse(state(p, p.q, doc).label_ids!)[0] as string;
    expect(labelOf()).toBe(p.label('neutral')); // latest
    await p.t.call('annotate.setSettings', { resolution: { rule: 'majority' } });
    expect(labelOf()).toBe(p.label('favour'));
    expect(state(p, p.q, doc).resolution).toBe('rule');
    await p.t.call('annotate.setSettings', { resolution: { rule: 'lead', lead: 'Ben' } });
    expect(labelOf()).toBe(p.label('against'));
    // A lead who did not code the document: the majority.
    await decide(p, 'Ana', 2, 'favour');
    await decide(p, 'Cleo', 2, 'against');
    await decide(p, 'Dan', 2, 'against');
    expect(JSON.parse(state(p, p.q, p.documentIds[2]!).label_ids!)).toEqual([p.label('against')]);
    // Majority tie (one each): the latest of the tied.
    await p.t.call('annotate.setSettings', { resolution: { rule: 'majority' } });
    await decide(p, 'Ana', 3, 'neutral');
    await decide(p, 'Ben', 3, 'favour');
    expect(JSON.parse(state(p, p.q, p.documentIds[3]!).label_ids!)).toEqual([p.label('favour')]);
    // The adjudication wins over every rule; its undo hands the document back to the rule.
    await decide(p, 'adjudicator', 1, 'neutral', { role: 'adjudication' });
    expect(state(p, p.q, doc)).toMatchObject({ resolution: 'adjudicated', label_ids: JSON.stringify([p.label('neutral')]) });
    expect((await p.t.call('annotate.settings', {})).resolution).toEqual({ rule: 'majority' });
    await p.t.call('annotate.undo', { questionId: p.q, coder: 'adjudicator', role: 'adjudication' });
    expect(state(p, p.q, doc)).toMatchObject({ resolution: 'rule', label_ids: JSON.stringify([p.label('favour')]) });
    // The adjudicator is no coder: the agreement counts Ana, Ben, Cleo and Dan only.
    await decide(p, 'adjudicator', 1, 'neutral', { role: 'adjudication' });
    const agreement = await p.t.call('agreement.run', { questionId: p.q });
    expect(agreement.coders.map((c) => c.name).sort()).toEqual(['Ana', 'Ben', 'Cleo', 'Dan']);
    await p.t.core.shutdown();
  });

  it("a skip is no vote: one coder's label stands against another's skip", async () => {
    const p = await project();
    await decide(p, 'Ana', 0, 'against');
    await decide(p, 'Ben', 0, null);
    expect(state(p, p.q, p.documentIds[0]!)).toMatchObject({ resolution: 'single', label_ids: JSON.stringify([p.label('against')]) });
    await p.t.core.shutdown();
  });

  it("mode 'every': each coder's queue holds the documents that coder has not decided, with their own decision and progress; blind hides the suggestion", async () => {
    const p = await project(5);
    storeRun(p.db(), p.codebook, 0, p.documentIds, () => [2, 0, 0]);
    await decide(p, 'Ana', 0, 'favour');
    await decide(p, 'Ana', 1, 'against');
    // Shared (the default): Ana's decisions leave Ben's queue too.
    const shared = await p.t.call('annotate.queue', { questionId: p.q, coder: 'Ben', limit: 10 });
    expect(shared.items.map((i) => i.document.id)).toEqual(p.documentIds.slice(2));
    expect(shared.coding.mode).toBe('shared');
    await p.t.call('annotate.setSettings', { mode: 'every', blindCoders: true, hideSuggestions: true });
    const ben = await p.t.call('annotate.queue', { questionId: p.q, coder: 'Ben', limit: 10 });
    expect(ben.items.map((i) => i.document.id)).toEqual(p.documentIds);
    expect(ben.items.every((i) => i.suggestion === null)).toBe(true);
    expect(ben.mine).toEqual({ decided: 0, skipped: 0 });
    expect(ben.remaining).toBe(0);
    const benFirst = await p.t.call('annotate.queue', { questionId: p.q, coder: 'Ben', limit: 2 });
    expect(benFirst.remaining).toBe(3);
    // Ben codes document 0 differently; Ana's queue still lacks her two, and shows her own decision when asked for all.
    await decide(p, 'Ben', 0, 'neutral');
    const ana = await p.t.call('annotate.queue', { questionId: p.q, coder: 'Ana', limit: 10 });
    expect(ana.items.map((i) => i.document.id)).toEqual(p.documentIds.slice(2));
    expect(ana.mine).toEqual({ decided: 2, skipped: 0 });
    const anaAll = await p.t.call('annotate.queue', { questionId: p.q, coder: 'Ana', scope: 'all', limit: 1 });
    expect(anaAll.items[0]!.decision).toMatchObject({ coder: 'Ana', labels: ['favour'] });
    const benAll = await p.t.call('annotate.queue', { questionId: p.q, coder: 'Ben', scope: 'all', limit: 1 });
    expect(benAll.items[0]!.decision).toMatchObject({ coder: 'Ben', labels: ['neutral'] });
    // A decision made with suggestions hidden records the suggestion of the time, not shown.
    const d = await decide(p, 'Ben', 2, 'favour');
    expect(d).toMatchObject({ suggestionShown: false, accepted: false });
    expect(d.suggestionLabelIds).toEqual([p.label('favour')]);
    // The mode is kept in the project file.
    await p.t.core.shutdown();
    const again = makeTestCore(tmp());
    await again.call('project.open', { path: p.path });
    expect(await again.call('annotate.settings', {})).toMatchObject({ mode: 'every', blindCoders: true, hideSuggestions: true });
    await again.core.shutdown();
  });

  it('a project of version 7 where two coders decided one document opens with both decisions kept and the document resolved', async () => {
    const p = await project();
    await decide(p, 'Ana', 0, 'favour');
    await decide(p, 'Ben', 0, 'against');
    await decide(p, 'Ana', 1, 'neutral');
    await p.t.core.shutdown();
    const raw = new Database(p.path);
    // What version 7 had: no coder_state, no role, no resolution; the state held the latest decision
    // (and no model-input key of version 9, no suggestion margin of version 10).
    raw.exec(`DROP INDEX coding_state_margin; ALTER TABLE coding_state DROP COLUMN suggestion_margin;
      DROP INDEX prediction_documents_input_hash; ALTER TABLE prediction_documents DROP COLUMN input_hash;
      DROP INDEX annotations_role; ALTER TABLE annotations DROP COLUMN role; DROP TABLE coder_state;
      DROP INDEX coding_state_resolution; ALTER TABLE coding_state DROP COLUMN coders; ALTER TABLE coding_state DROP COLUMN resolution;
      ALTER TABLE samples DROP COLUMN kind;`);
    raw.pragma('user_version = 7');
    raw.close();
    const t = makeTestCore(tmp());
    await t.call('project.open', { path: p.path });
    const db = t.core.context.project!.db;
    const q = p.q;
    const rows = db
      .prepare(
        'SELECT document_id, coders, resolution FROM coding_state WHERE question_id = ? AND annotation_id IS NOT NULL ORDER BY document_id',
      )
      .all(q);
    expect(rows).toEqual([
      { document_id: p.documentIds[0], coders: 2, resolution: 'rule' },
      { document_id: p.documentIds[1], coders: 1, resolution: 'single' },
    ]);
    expect(db.prepare('SELECT count(*) FROM coder_state').pluck().get()).toBe(3);
    expect((await t.call('agreement.run', { questionId: q })).coders.map((c) => c.name).sort()).toEqual(['Ana', 'Ben']);
    await t.core.shutdown();
  });

  it('refuses an adjudication in a sample, and a lead rule without a name', async () => {
    const p = await project();
    const sample = await p.t.call('samples.create', { questionId: p.q, seed: 1, size: 2 });
    const inSample = p
      .db()
      .prepare('SELECT document_id FROM sample_documents WHERE sample_id = ? LIMIT 1')
      .pluck()
      .get(sample.id) as number;
    await expect(
      p.t.call('annotate.decide', {
        questionId: p.q,
        documentId: inSample,
        coder: 'x',
        kind: 'label',
        labelIds: [p.label('favour')],
        sampleId: sample.id,
        role: 'adjudication',
      }),
    ).rejects.toThrow(/not made in a sample/);
    await expect(p.t.call('annotate.setSettings', { resolution: { rule: 'lead', lead: '  ' } })).rejects.toThrow();
    await decide(p, 'Ana', 0, 'favour');
    await expect(p.t.call('annotate.setSettings', { resolution: { rule: 'lead', lead: 'ana' } })).rejects.toThrow(
      'No coder is named "ana"; did you mean "Ana"?',
    );
    await expect(p.t.call('annotate.setSettings', { resolution: { rule: 'lead', lead: 'Zoe' } })).rejects.toThrow(
      'No coder is named "Zoe" (the coders: Ana).',
    );
    expect((await p.t.call('annotate.settings', {})).resolution).toEqual({ rule: 'latest' });
    await p.t.core.shutdown();
  });

  it('two coders deciding in the same millisecond resolve the same whatever order their rows came in', async () => {
    const p = await project();
    await decide(p, 'Ana', 0, 'favour');
    await decide(p, 'Ben', 0, 'against');
    const db = p.db();
    db.prepare("UPDATE annotations SET created_at = '2026-12-07T10:00:00.000Z'").run();
    const ids = db.prepare('SELECT id FROM annotations ORDER BY id').pluck().all() as string[];
    const { resolveAgain } = await import('./coding-state');
    resolveAgain(db);
    const first = db.prepare('SELECT annotation_id FROM coding_state WHERE annotation_id IS NOT NULL').pluck().get();
    expect(first).toBe(ids[1]);
    // The same rows inserted the other way round (as a merge in the other order would).
    const rows = db.prepare('SELECT * FROM annotations ORDER BY rowid').all() as Record<string, unknown>[];
    db.prepare('DELETE FROM coder_state').run();
    db.prepare('DELETE FROM annotations').run();
    const cols = Object.keys(rows[0]!);
    const insert = db.prepare(`INSERT INTO annotations (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`);
    for (const r of rows.reverse()) insert.run(r);
    resolveAgain(db);
    expect(db.prepare('SELECT annotation_id FROM coding_state WHERE annotation_id IS NOT NULL').pluck().get()).toBe(ids[1]);
    await p.t.core.shutdown();
  });

  it('an evaluation against a sample never takes a training round for its truth', async () => {
    const p = await project(8);
    storeRun(p.db(), p.codebook, 0, p.documentIds, () => [2, 0, 0]);
    for (let i = 0; i < 8; i++) await decide(p, 'Eve', i, 'favour');
    const validation = await p.t.call('samples.create', { questionId: p.q, seed: 3, size: 3 });
    const docs = p.db().prepare('SELECT document_id FROM sample_documents WHERE sample_id = ?').pluck().all(validation.id) as number[];
    for (const d of docs)
      await p.t.call('annotate.decide', {
        questionId: p.q,
        documentId: d,
        coder: 'Ana',
        kind: 'label',
        labelIds: [p.label('favour')],
        sampleId: validation.id,
      });
    const round = await p.t.call('training.create', { questionId: p.q, master: { coder: 'Eve' }, size: 4, seed: 5 });
    const r = await p.t.call('evaluation.run', { questionId: p.q, against: 'sample' });
    expect(r.documents.used).toBe(3);
    await expect(p.t.call('evaluation.run', { questionId: p.q, against: 'sample', sampleId: round.id })).rejects.toThrow(/training round/);
    await p.t.core.shutdown();
  });

  it("one person who codes and adjudicates: Annotate's undo takes back their coding, the Adjudicate screen's their adjudication", async () => {
    const p = await project();
    await decide(p, 'Ana', 0, 'favour');
    await decide(p, 'Ben', 0, 'against');
    await decide(p, 'Ana', 0, 'neutral', { role: 'adjudication' });
    await decide(p, 'Ana', 1, 'favour');
    const coding = await p.t.call('annotate.undo', { questionId: p.q, coder: 'Ana' });
    expect(coding.undone).toMatchObject({ documentId: p.documentIds[1], role: 'coding' });
    const adjudication = await p.t.call('annotate.undo', { questionId: p.q, coder: 'Ana', role: 'adjudication' });
    expect(adjudication.undone).toMatchObject({ documentId: p.documentIds[0], role: 'adjudication' });
    expect(state(p, p.q, p.documentIds[0]!)).toMatchObject({ resolution: 'rule', coders: 2 });
    expect(await p.t.call('annotate.undo', { questionId: p.q, coder: 'Ana', role: 'adjudication' })).toEqual({
      undone: null,
      current: null,
    });
    await p.t.core.shutdown();
  });

  it("a coder's decision after an adjudication reopens the document: the adjudication no longer stands against the coders", async () => {
    const p = await project();
    const doc = p.documentIds[0]!;
    await decide(p, 'Ana', 0, 'favour');
    await decide(p, 'Ben', 0, 'against');
    await decide(p, 'Dana', 0, 'neutral', { role: 'adjudication' });
    expect(state(p, p.q, doc)).toMatchObject({ resolution: 'adjudicated', label_ids: JSON.stringify([p.label('neutral')]) });
    // Ana comes round to Ben's label: both say against; the older adjudication does not override them.
    await decide(p, 'Ana', 0, 'against');
    expect(state(p, p.q, doc)).toMatchObject({ resolution: 'agreed', label_ids: JSON.stringify([p.label('against')]) });
    // Ana changes again: a disagreement, open for the adjudicator (the old adjudication is no settlement).
    await decide(p, 'Ana', 0, 'favour');
    expect(state(p, p.q, doc).resolution).toBe('rule');
    const open = await p.t.call('adjudication.list', { questionId: p.q, status: 'open' });
    expect(open.units.map((u) => u.documentId)).toContain(doc);
    await p.t.core.shutdown();
  });
});
