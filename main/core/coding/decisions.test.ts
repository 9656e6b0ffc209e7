import { describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support/temp-dir';
import { makeTestCore } from '../test-support/test-core';
import { codingProject, storeRun } from './test-support/coding-fixture';
import type { Db } from '../store/project-db';

const tmp = useTempDir();

const STANCE = { name: 'Stance', labels: [{ name: 'favour' }, { name: 'against' }, { name: 'neutral' }] };
const TOPICS = { name: 'Topics', multiLabel: true, labels: [{ name: 'economy' }, { name: 'health' }] };

function counts(db: Db) {
  return {
    annotations: db.prepare('SELECT count(*) FROM annotations').pluck().get(),
    coders: db.prepare('SELECT count(*) FROM coders').pluck().get(),
    state: db.prepare('SELECT count(*) FROM coding_state').pluck().get(),
  };
}

function stateOf(db: Db, questionId: string, documentId: number) {
  return db.prepare('SELECT * FROM coding_state WHERE question_id = ? AND document_id = ?').get(questionId, documentId) as
    Record<string, unknown> | undefined;
}

describe('decisions', () => {
  it('are appended to the log, stamped with the codebook revision, and become the document state before the call returns', async () => {
    const p = await codingProject(tmp(), 5, [STANCE]);
    const q = p.codebook.questions[0]!;
    const [favour, against] = q.labels;
    const runId = storeRun(p.db(), p.codebook, 0, p.documentIds, () => [2, 0, 0]);
    const d = await p.t.call('annotate.decide', {
      questionId: q.id,
      documentId: p.documentIds[0]!,
      coder: 'Ana',
      kind: 'label',
      labelIds: [favour!.id],
      suggestion: { labelIds: [favour!.id], score: 0.78, runId },
      seconds: 3.5,
      note: 'clear case',
    });
    expect(d).toMatchObject({
      coder: 'Ana',
      kind: 'label',
      labels: ['favour'],
      accepted: true,
      runId,
      codebookRevisionId: p.codebook.revisionId,
      seconds: 3.5,
      note: 'clear case',
      flagged: false,
    });
    const changed = await p.t.call('annotate.decide', {
      questionId: q.id,
      documentId: p.documentIds[1]!,
      coder: 'Ana',
      kind: 'label',
      labelIds: [against!.id],
      suggestion: { labelIds: [favour!.id], score: 0.78, runId },
      flagged: true,
    });
    expect(changed.accepted).toBe(false);
    const skip = await p.t.call('annotate.decide', { questionId: q.id, documentId: p.documentIds[2]!, coder: 'Ben', kind: 'skip' });
    expect(skip).toMatchObject({ kind: 'skip', labelIds: [], accepted: false });

    // A second connection sees the decisions: they are committed, not waiting in a transaction.
    const { default: Database } = await import('better-sqlite3');
    const other = new Database(p.path, { readonly: true });
    expect(other.prepare('SELECT count(*) FROM annotations').pluck().get()).toBe(3);
    expect(
      other.prepare('SELECT kind, accepted, flagged FROM coding_state WHERE annotation_id IS NOT NULL ORDER BY document_id').all(),
    ).toEqual([
      { kind: 'label', accepted: 1, flagged: 0 },
      { kind: 'label', accepted: 0, flagged: 1 },
      { kind: 'skip', accepted: null, flagged: 0 },
    ]);
    other.close();
    expect((await p.t.call('coders.list', {})).map((c) => c.name)).toEqual(['Ana', 'Ben']);
    expect(await p.t.call('annotate.progress', { questionId: q.id })).toEqual({
      total: 5,
      decided: 2,
      skipped: 1,
      accepted: 1,
      changed: 1,
      byLabel: [
        { labelId: favour!.id, count: 1 },
        { labelId: against!.id, count: 1 },
      ],
    });
    await p.t.core.shutdown();
  });

  it('undo goes back one decision at a time, as far as the coder wants, and says when nothing is left', async () => {
    const p = await codingProject(tmp(), 3, [STANCE]);
    const q = p.codebook.questions[0]!;
    const [favour, against, neutral] = q.labels.map((l) => l.id);
    const doc = p.documentIds[0]!;
    const decide = (labelId: string, documentId = doc, coder = 'Ana') =>
      p.t.call('annotate.decide', { questionId: q.id, documentId, coder, kind: 'label', labelIds: [labelId] });
    const first = await decide(favour!);
    const second = await decide(against!);
    const other = await decide(neutral!, p.documentIds[1]!);

    let r = await p.t.call('annotate.undo', { questionId: q.id, coder: 'Ana' });
    expect(r.undone?.id).toBe(other.id);
    expect(r.current).toBeNull();
    expect(stateOf(p.db(), q.id, p.documentIds[1]!)?.annotation_id).toBeNull();

    r = await p.t.call('annotate.undo', { questionId: q.id, coder: 'Ana' });
    expect(r.undone?.id).toBe(second.id);
    expect(r.current).toMatchObject({ id: first.id, labels: ['favour'] });
    expect(stateOf(p.db(), q.id, doc)).toMatchObject({ annotation_id: first.id, label_id: favour });

    r = await p.t.call('annotate.undo', { questionId: q.id, coder: 'Ana' });
    expect(r).toMatchObject({ undone: { id: first.id }, current: null });
    expect(await p.t.call('annotate.undo', { questionId: q.id, coder: 'Ana' })).toEqual({ undone: null, current: null });
    expect(await p.t.call('annotate.undo', { questionId: q.id, coder: 'Nobody' })).toEqual({ undone: null, current: null });
    // Append-only: three decisions and three undo rows.
    expect(p.db().prepare('SELECT kind, count(*) AS n FROM annotations GROUP BY kind ORDER BY kind').all()).toEqual([
      { kind: 'label', n: 3 },
      { kind: 'undo', n: 3 },
    ]);
    await p.t.core.shutdown();
  });

  it("undo survives reopening the project and restores another coder's decision underneath", async () => {
    const p = await codingProject(tmp(), 2, [STANCE]);
    const q = p.codebook.questions[0]!;
    const [favour, against] = q.labels.map((l) => l.id);
    const doc = p.documentIds[0]!;
    const ben = await p.t.call('annotate.decide', { questionId: q.id, documentId: doc, coder: 'Ben', kind: 'label', labelIds: [against!] });
    const ana1 = await p.t.call('annotate.decide', { questionId: q.id, documentId: doc, coder: 'Ana', kind: 'label', labelIds: [favour!] });
    await p.t.call('annotate.decide', { questionId: q.id, documentId: doc, coder: 'Ana', kind: 'skip' });
    await p.t.core.shutdown();

    const t2 = makeTestCore(tmp());
    await t2.call('project.open', { path: p.path });
    let r = await t2.call('annotate.undo', { questionId: q.id, coder: 'Ana' });
    expect(r.current).toMatchObject({ id: ana1.id, coder: 'Ana' });
    await t2.core.shutdown();

    const t3 = makeTestCore(tmp());
    await t3.call('project.open', { path: p.path });
    r = await t3.call('annotate.undo', { questionId: q.id, coder: 'Ana' });
    expect(r).toMatchObject({ undone: { id: ana1.id }, current: { id: ben.id, coder: 'Ben', labels: ['against'] } });
    expect(await t3.call('annotate.undo', { questionId: q.id, coder: 'Ana' })).toEqual({ undone: null, current: null });
    await t3.core.shutdown();
  });

  it('refuses bad decisions with a clear error and writes nothing', async () => {
    const p = await codingProject(tmp(), 3, [STANCE, TOPICS]);
    const [stance, topics] = p.codebook.questions;
    const favour = stance!.labels[0]!.id;
    const before = counts(p.db());
    const base = { questionId: stance!.id, documentId: p.documentIds[0]!, coder: 'Ana', kind: 'label' as const };
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ labelIds: ['123e4567-e89b-42d3-a456-426614174000'] }, 'INVALID_INPUT', /is not a label of "Stance"/],
      [{ labelIds: [topics!.labels[0]!.id] }, 'INVALID_INPUT', /is not a label of "Stance" \(it may belong to another question\)/],
      [{ labelIds: [favour, stance!.labels[1]!.id] }, 'INVALID_INPUT', /"Stance" takes one label per document; 2 were chosen/],
      [{ labelIds: [] }, 'INVALID_INPUT', /Choose a label of "Stance"/],
      [{ kind: 'skip', labelIds: [favour] }, 'INVALID_INPUT', /A skip has no labels/],
      [{ documentId: 999_999, labelIds: [favour] }, 'NOT_FOUND', /Document 999999 is not in this project/],
      [{ questionId: '123e4567-e89b-42d3-a456-426614174000', labelIds: [favour] }, 'NOT_FOUND', /This question is not in the codebook/],
      [
        { labelIds: [favour], suggestion: { labelIds: [favour], score: 0.5, runId: '123e4567-e89b-42d3-a456-426614174000' } },
        'INVALID_INPUT',
        /is not a run of "Stance"/,
      ],
      [{ labelIds: [favour], coder: '   ' }, 'INVALID_INPUT', /coder/],
    ];
    for (const [patch, code, message] of cases) {
      const r = await p.t.raw('annotate.decide', { ...base, ...patch });
      expect(r, JSON.stringify(patch)).toMatchObject({ ok: false, error: { code } });
      if (!r.ok) expect(r.error.message).toMatch(message);
    }
    expect(counts(p.db())).toEqual(before);
    // A multi-label question takes several labels.
    const multi = await p.t.call('annotate.decide', {
      ...base,
      questionId: topics!.id,
      labelIds: topics!.labels.map((l) => l.id).reverse(),
    });
    expect(multi.labels).toEqual(['economy', 'health']);
    // "None of these labels" is a multi-label decision: no labels, kind label, the state's label set empty.
    const none = await p.t.call('annotate.decide', { ...base, questionId: topics!.id, documentId: p.documentIds[1]!, labelIds: [] });
    expect(none).toMatchObject({ kind: 'label', labelIds: [], labels: [] });
    expect(stateOf(p.db(), topics!.id, p.documentIds[1]!)).toMatchObject({ kind: 'label', label_ids: '[]', label_id: null });
    await p.t.core.shutdown();
  });

  it('archived labels cannot be chosen any more', async () => {
    const p = await codingProject(tmp(), 2, [STANCE]);
    const q = p.codebook.questions[0]!;
    const neutral = q.labels[2]!;
    await p.t.call('annotate.decide', {
      questionId: q.id,
      documentId: p.documentIds[0]!,
      coder: 'Ana',
      kind: 'label',
      labelIds: [neutral.id],
    });
    await p.t.call('codebook.set', {
      questions: [{ id: q.id, name: 'Stance', labels: q.labels.slice(0, 2).map((l) => ({ id: l.id, name: l.name })) }],
    });
    const r = await p.t.raw('annotate.decide', {
      questionId: q.id,
      documentId: p.documentIds[1]!,
      coder: 'Ana',
      kind: 'label',
      labelIds: [neutral.id],
    });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'The label "neutral" is archived; it cannot be chosen any more.' },
    });
    await p.t.core.shutdown();
  });

  it('labelByName finds the document by its external id and labels by name', async () => {
    const p = await codingProject(tmp(), 4, [STANCE]);
    const d = await p.t.call('annotate.labelByName', { externalId: 'doc-3', question: 'Stance', labels: ['against'], coder: 'Cli' });
    expect(d).toMatchObject({ documentId: p.documentIds[2], labels: ['against'], coder: 'Cli', suggestionLabelIds: null, accepted: false });
    expect(
      await p.t.raw('annotate.labelByName', { externalId: 'doc-9', question: 'Stance', labels: ['against'], coder: 'Cli' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'There is no document with the id "doc-9" in this project.' },
    });
    expect(await p.t.raw('annotate.labelByName', { externalId: 'doc-1', question: 'Stance', labels: ['pro'], coder: 'Cli' })).toMatchObject(
      {
        ok: false,
        error: { code: 'INVALID_INPUT', message: '"Stance" has no label "pro" (labels: "favour", "against", "neutral").' },
      },
    );
    expect(await p.t.raw('annotate.labelByName', { externalId: 'doc-1', question: 'Topic', labels: ['pro'], coder: 'Cli' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'There is no question "Topic" in the codebook (questions: "Stance").' },
    });
    await p.t.core.shutdown();
  });
});
