// Decisions checked field by field, in the answer and in the log row the project keeps: the
// suggestion (labels, score, run) the coder saw or the one recorded hidden, what counts as accepted
// (the exact label set, never an overlap), labels in codebook order, the trimmed coder name, the
// role of a training or adjudication decision, and undo by role.
import { describe, expect, it } from 'vitest';
import { PrelabelError } from '../../../common/contract';
import { useTempDir } from '../test-support/temp-dir';
import { codingProject, storeRun } from './test-support/coding-fixture';
import { coderName, decide, decisionTime, listCoders, toDecision, type DecideInput } from './decisions';
import type { AnnotationRow } from './coding-state';
import { setShowGoldWhileCoding } from './gold';

const tmp = useTempDir();

/** The error `fn` throws as `CODE: message`, or 'no error'. */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof PrelabelError ? `${e.code}: ${e.message}` : `not a PrelabelError: ${String(e)}`;
  }
  return 'no error';
}

const TOPICS = { name: 'Topics', multiLabel: true, labels: [{ name: 'economy' }, { name: 'health' }, { name: 'culture' }] };
const STANCE = { name: 'Stance', labels: [{ name: 'favour' }, { name: 'against' }] };

function logRow(db: ReturnType<Awaited<ReturnType<typeof codingProject>>['db']>, id: string): AnnotationRow {
  return db.prepare('SELECT * FROM annotations WHERE id = ?').get(id) as AnnotationRow;
}

const input = (over: Partial<DecideInput> & Pick<DecideInput, 'questionId' | 'documentId'>): DecideInput => ({
  coder: 'Ana',
  kind: 'label',
  labelIds: [],
  suggestion: null,
  seconds: null,
  ...over,
});

describe('decisions, exact', () => {
  it('log the suggestion the coder saw with its score, and count as accepted only the exact label set', async () => {
    const p = await codingProject(tmp(), 6, [TOPICS]);
    const q = p.codebook.questions[0]!;
    const [economy, health, culture] = q.labels.map((l) => l.id) as [string, string, string];
    const runId = storeRun(p.db(), p.codebook, 0, p.documentIds, () => [2, 1, 0]);
    const shown = { labelIds: [economy, health], score: 0.83, runId };
    const call = (doc: number, labelIds: string[]) =>
      p.t.call('annotate.decide', {
        questionId: q.id,
        documentId: p.documentIds[doc]!,
        coder: '  Ana  ',
        kind: 'label',
        labelIds,
        suggestion: shown,
      });

    const same = await call(0, [health, economy]);
    expect(same).toMatchObject({ coder: 'Ana', labelIds: [economy, health], labels: ['economy', 'health'], accepted: true });
    expect(same).toMatchObject({ suggestionLabelIds: [economy, health], suggestionScore: 0.83, suggestionShown: true, runId });
    const subset = await call(1, [economy]);
    const overlap = await call(2, [economy, culture]);
    const superset = await call(3, [culture, health, economy]);
    const none = await call(4, []);
    expect([subset, overlap, superset, none].map((d) => d.accepted)).toEqual([false, false, false, false]);
    expect(overlap.labels).toEqual(['economy', 'culture']);
    expect(none).toMatchObject({ kind: 'label', labelIds: [], labels: [], suggestionScore: 0.83 });

    const db = p.db();
    const row = logRow(db, same.id);
    expect({
      label_ids: row.label_ids,
      suggestion_label_ids: row.suggestion_label_ids,
      suggestion_score: row.suggestion_score,
      run_id: row.run_id,
      suggestion_shown: row.suggestion_shown,
      blind: row.blind,
      role: row.role,
      kind: row.kind,
      undoes_id: row.undoes_id,
      sample_id: row.sample_id,
      flagged: row.flagged,
      note: row.note,
      gold_shown: row.gold_shown,
    }).toEqual({
      label_ids: JSON.stringify([economy, health]),
      suggestion_label_ids: JSON.stringify([economy, health]),
      suggestion_score: 0.83,
      run_id: runId,
      suggestion_shown: 1,
      blind: 0,
      role: 'coding',
      kind: 'label',
      undoes_id: null,
      sample_id: null,
      flagged: 0,
      note: null,
      gold_shown: 0,
    });
    const accepted = db
      .prepare('SELECT document_id, accepted FROM coding_state WHERE question_id = ? AND annotation_id IS NOT NULL ORDER BY document_id')
      .all(q.id);
    expect(accepted).toEqual(p.documentIds.slice(0, 5).map((d, i) => ({ document_id: d, accepted: i === 0 ? 1 : 0 })));
    expect(listCoders(db).map((c) => c.name)).toEqual(['Ana']);
  });

  it('record a hidden suggestion (a blind or CLI decision) with its score, never as shown or accepted', async () => {
    const p = await codingProject(tmp(), 3, [STANCE]);
    const q = p.codebook.questions[0]!;
    const [favour] = q.labels.map((l) => l.id) as [string];
    const runId = storeRun(p.db(), p.codebook, 0, p.documentIds, () => [3, 0]);
    const db = p.db();
    const d = decide(
      db,
      input({ questionId: q.id, documentId: p.documentIds[0]!, labelIds: [favour], seconds: 2.25, note: 'n', flagged: true }),
      {
        hiddenSuggestion: { labelIds: [favour], scores: [], score: 0.41, runId },
      },
    );
    expect(d).toMatchObject({
      suggestionLabelIds: [favour],
      suggestionScore: 0.41,
      runId,
      suggestionShown: false,
      accepted: false,
      seconds: 2.25,
      note: 'n',
      flagged: true,
      blind: false,
      sampleId: null,
      role: 'coding',
    });
    const row = logRow(db, d.id);
    expect([row.suggestion_score, row.suggestion_shown, row.run_id, row.suggestion_label_ids, row.flagged, row.seconds]).toEqual([
      0.41,
      0,
      runId,
      JSON.stringify([favour]),
      1,
      2.25,
    ]);
    // A suggestion of score 0 is a score, not a missing one.
    const zero = decide(db, input({ questionId: q.id, documentId: p.documentIds[1]!, labelIds: [favour] }), {
      hiddenSuggestion: { labelIds: [favour], scores: [], score: 0, runId },
    });
    expect([zero.suggestionScore, logRow(db, zero.id).suggestion_score]).toEqual([0, 0]);
    // Without any suggestion: nulls.
    const bare = decide(db, input({ questionId: q.id, documentId: p.documentIds[2]!, kind: 'skip' }));
    expect(bare).toMatchObject({ suggestionLabelIds: null, suggestionScore: null, runId: null, accepted: false, kind: 'skip', note: null });
    expect([logRow(db, bare.id).suggestion_label_ids, logRow(db, bare.id).suggestion_score, logRow(db, bare.id).run_id]).toEqual([
      null,
      null,
      null,
    ]);
  });

  it('prefer the suggestion shown over the hidden one, and mark a decision in a training sample as training, blind', async () => {
    const p = await codingProject(tmp(), 12, [STANCE]);
    const q = p.codebook.questions[0]!;
    const [favour, against] = q.labels.map((l) => l.id) as [string, string];
    const runId = storeRun(p.db(), p.codebook, 0, p.documentIds, () => [3, 0]);
    const db = p.db();
    const shown = decide(
      db,
      input({
        questionId: q.id,
        documentId: p.documentIds[0]!,
        labelIds: [against],
        suggestion: { labelIds: [favour], score: 0.9, runId },
      }),
      { hiddenSuggestion: { labelIds: [against], scores: [], score: 0.1, runId } },
    );
    expect(shown).toMatchObject({ suggestionLabelIds: [favour], suggestionScore: 0.9, suggestionShown: true, accepted: false });

    const sample = await p.t.call('samples.create', { questionId: q.id, seed: 2, size: 3, kind: 'training' });
    const inSample = db
      .prepare('SELECT document_id FROM sample_documents WHERE sample_id = ? ORDER BY document_id')
      .pluck()
      .all(sample.id) as number[];
    const training = await p.t.call('annotate.decide', {
      questionId: q.id,
      documentId: inSample[0]!,
      coder: 'Ben',
      kind: 'label',
      labelIds: [favour],
      sampleId: sample.id,
    });
    expect(training).toMatchObject({ role: 'training', blind: true, sampleId: sample.id, suggestionShown: false, accepted: false });
    const row = logRow(db, training.id);
    expect([row.role, row.blind, row.sample_id, row.suggestion_shown]).toEqual(['training', 1, sample.id, 0]);

    const validation = await p.t.call('samples.create', { questionId: q.id, seed: 4, size: 3, kind: 'validation' });
    const vDoc = db
      .prepare('SELECT document_id FROM sample_documents WHERE sample_id = ? ORDER BY document_id')
      .pluck()
      .get(validation.id) as number;
    const blind = await p.t.call('annotate.decide', {
      questionId: q.id,
      documentId: vDoc,
      coder: 'Ben',
      kind: 'skip',
      sampleId: validation.id,
    });
    expect(blind).toMatchObject({ role: 'coding', blind: true, sampleId: validation.id });
    expect(coderName(db, 'no such id')).toBe('');
    expect(listCoders(db).map((c) => c.name)).toEqual(['Ana', 'Ben']);
  });

  it('undo takes the coder’s latest own decision, or with role adjudication their latest adjudication only', async () => {
    const p = await codingProject(tmp(), 3, [STANCE]);
    const q = p.codebook.questions[0]!;
    const [favour, against] = q.labels.map((l) => l.id) as [string, string];
    const [d1, d2] = p.documentIds as [number, number];
    const own = await p.t.call('annotate.decide', { questionId: q.id, documentId: d1, coder: 'Ana', kind: 'label', labelIds: [favour] });
    const adj = await p.t.call('annotate.decide', {
      questionId: q.id,
      documentId: d2,
      coder: 'Ana',
      kind: 'label',
      labelIds: [against],
      role: 'adjudication',
    });
    expect(adj.role).toBe('adjudication');
    const undoneOwn = await p.t.call('annotate.undo', { questionId: q.id, coder: ' Ana ' });
    expect(undoneOwn.undone).toMatchObject({ id: own.id, documentId: d1, coder: 'Ana', role: 'coding' });
    expect(undoneOwn.current).toBeNull();
    const undo = p.db().prepare("SELECT * FROM annotations WHERE kind = 'undo'").get() as AnnotationRow;
    expect([undo.undoes_id, undo.document_id, undo.label_ids, undo.role, undo.suggestion_shown]).toEqual([own.id, d1, '[]', 'coding', 0]);
    expect(await p.t.call('annotate.undo', { questionId: q.id, coder: 'Ana' })).toEqual({ undone: null, current: null });
    const undoneAdj = await p.t.call('annotate.undo', { questionId: q.id, coder: 'Ana', role: 'adjudication' });
    expect(undoneAdj.undone).toMatchObject({ id: adj.id, role: 'adjudication' });
    expect(await p.t.call('annotate.undo', { questionId: q.id, coder: 'Nobody' })).toEqual({ undone: null, current: null });
  });

  it('shows a not-codable row from another tool as a skip, and stamps strictly increasing times', () => {
    const question = { id: 'q', name: 'Q', labels: [{ id: 'l1', name: 'one' }], multiLabel: false } as never;
    const row = {
      id: 'a',
      document_id: 1,
      question_id: 'q',
      coder_id: 'c',
      kind: 'not_codable',
      label_ids: '[]',
      undoes_id: null,
      suggestion_label_ids: '["l1"]',
      suggestion_score: 0.5,
      run_id: 'r',
      codebook_revision_id: 'rev',
      seconds: null,
      note: null,
      flagged: 0,
      created_at: '2026-01-01T00:00:00.000Z',
      sample_id: null,
      blind: 0,
      suggestion_shown: 1,
      gold_shown: 1,
      role: 'coding',
    } satisfies AnnotationRow;
    expect(toDecision(row, question, 'Ana')).toMatchObject({
      kind: 'skip',
      accepted: false,
      goldShown: true,
      suggestionShown: true,
      labels: [],
    });
    expect(toDecision({ ...row, kind: 'label', label_ids: '["l1"]' }, question, 'Ana')).toMatchObject({
      kind: 'label',
      accepted: true,
      labels: ['one'],
    });
    expect(toDecision({ ...row, kind: 'label', label_ids: '["l1"]', suggestion_shown: 0 }, question, 'Ana').accepted).toBe(false);
    const times = Array.from({ length: 50 }, () => decisionTime());
    for (let i = 1; i < times.length; i++) expect(Date.parse(times[i]!) - Date.parse(times[i - 1]!)).toBeGreaterThanOrEqual(1);
  });

  it('refuse a bad decision with its code and a one-line message, writing nothing', async () => {
    const p = await codingProject(tmp(), 12, [STANCE, { name: 'Old', archived: true, labels: [{ name: 'x' }] }]);
    const [q, old] = p.codebook.questions as [(typeof p.codebook.questions)[0], (typeof p.codebook.questions)[0]];
    const [favour] = q.labels.map((l) => l.id) as [string];
    const db = p.db();
    const runId = storeRun(db, p.codebook, 0, p.documentIds, () => [1, 0]);
    const doc = p.documentIds[0]!;
    const sample = await p.t.call('samples.create', { questionId: q.id, seed: 3, size: 2 });
    const members = db.prepare('SELECT document_id FROM sample_documents WHERE sample_id = ?').pluck().all(sample.id) as number[];
    const outside = p.documentIds.find((d) => !members.includes(d))!;
    const before = db.prepare('SELECT count(*) FROM annotations').pluck().get();
    const bad = (over: Partial<DecideInput>) =>
      errorOf(() => decide(db, input({ questionId: q.id, documentId: doc, labelIds: [favour], ...over })));
    expect(bad({ questionId: old.id, labelIds: [old.labels[0]!.id] })).toBe(
      'INVALID_INPUT: The question "Old" is archived; restore it in the codebook to code it.',
    );
    expect(bad({ labelIds: [favour, favour] })).toBe('INVALID_INPUT: The same label was chosen twice.');
    expect(bad({ role: 'adjudication', sampleId: sample.id })).toBe(
      "INVALID_INPUT: An adjudication settles the coders' labels; it is not made in a sample's queue.",
    );
    expect(bad({ documentId: outside, sampleId: sample.id })).toBe(
      `INVALID_INPUT: Document ${outside} is not in this validation sample; code it in the ordinary queue.`,
    );
    expect(bad({ documentId: members[0]!, sampleId: sample.id, suggestion: { labelIds: [favour], score: 0.5, runId } })).toBe(
      'INVALID_INPUT: A decision in a validation sample is blind: it cannot carry a suggestion that was shown.',
    );
    expect(bad({ suggestion: { labelIds: ['not-a-label'], score: 0.5, runId } })).toBe(
      'INVALID_INPUT: The suggested label not-a-label is not a label of "Stance".',
    );
    expect(bad({ sampleId: 'no-such-sample' })).toMatch(/^NOT_FOUND: |^INVALID_INPUT: /);
    expect(db.prepare('SELECT count(*) FROM annotations').pluck().get()).toBe(before);

    // The coder's name is trimmed, also when decide is called directly; times are now, not 1970.
    const d = decide(db, input({ questionId: q.id, documentId: doc, coder: '  Cleo ', labelIds: [favour] }));
    expect(d.coder).toBe('Cleo');
    expect(listCoders(db).map((c) => c.name)).toContain('Cleo');
    expect(Math.abs(Date.parse(d.createdAt) - Date.now())).toBeLessThan(60_000);
    expect(Math.abs(Date.parse(decisionTime()) - Date.now())).toBeLessThan(60_000);
    // A skip is never accepted, even against a suggestion of no labels.
    const skip = decide(
      db,
      input({ questionId: q.id, documentId: p.documentIds[1]!, kind: 'skip', suggestion: { labelIds: [], score: 0.2, runId } }),
    );
    expect([skip.accepted, skip.goldShown, logRow(db, skip.id).gold_shown]).toEqual([false, false, 0]);
  });

  it('record that gold was on screen only with the setting on, for a unit with gold, outside blind samples', async () => {
    const dir = tmp();
    const p = await codingProject(dir, 8, [STANCE]);
    const q = p.codebook.questions[0]!;
    const [favour] = q.labels.map((l) => l.id) as [string];
    const db = p.db();
    const [withGold, withoutGold, other] = p.documentIds as [number, number, number];
    db.prepare('UPDATE documents SET gold_label = ? WHERE id IN (?, ?)').run('favour', withGold, other);
    const decideOn = (documentId: number, sampleId?: string) =>
      decide(db, input({ questionId: q.id, documentId, labelIds: [favour], ...(sampleId ? { sampleId } : {}) }));
    expect(decideOn(withGold).goldShown).toBe(false);
    setShowGoldWhileCoding(db, true);
    expect([decideOn(withGold).goldShown, decideOn(withoutGold).goldShown]).toEqual([true, false]);
    const sample = await p.t.call('samples.create', { questionId: q.id, seed: 5, size: 8 });
    const blind = decideOn(other, sample.id);
    expect([blind.goldShown, blind.blind, logRow(db, blind.id).gold_shown]).toEqual([false, true, 0]);
  });
});
