// [Note: suggestions from the rows written]: a run's writer hands the coding state the rows it has
// just stored instead of reading each document's rows back. The coding state a run leaves must be
// the one the read-back path writes, bit for bit: label, score, margin, run and hash of every
// document, on runs with windows, copied (reused) documents and hierarchical scoring.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CodebookQuestionInput } from '../../../../common/contract';
import { suggestionStateWriter } from '../../coding/coding-state';
import { corpusFile } from '../../test-support/corpora';
import { useTempDir } from '../../test-support/temp-dir';
import { prelabelProject, runEnd, setQuestions, topicQuestion, type PrelabelProject } from '../test-support/prelabel-project';
import { loadFixtures, makeTinyModel, type TinyModel } from '../test-support/tiny-model';

const tmp = useTempDir();
let model: TinyModel;
let project: PrelabelProject | null = null;

beforeAll(() => {
  model = makeTinyModel(loadFixtures());
});
afterAll(() => model?.cleanup());
afterEach(async () => {
  await project?.close();
  project = null;
});

interface StateRow {
  document_id: number;
  suggestion_label_id: string | null;
  suggestion_score: number | null;
  suggestion_margin: number | null;
  suggestion_run_id: string | null;
  suggestion_hash: string | null;
}

/** The question's suggestion columns, every document, with the numbers as their float64 bytes. */
function stateOf(p: PrelabelProject, questionId: string): Array<StateRow & { bits: string }> {
  const rows = p.t.core.context
    .project!.db.prepare(
      `SELECT document_id, suggestion_label_id, suggestion_score, suggestion_margin, suggestion_run_id, suggestion_hash
       FROM coding_state WHERE question_id = ? ORDER BY document_id`,
    )
    .all(questionId) as StateRow[];
  return rows.map((r) => ({
    ...r,
    bits: Buffer.from(new Float64Array([r.suggestion_score ?? NaN, r.suggestion_margin ?? NaN]).buffer).toString('hex'),
  }));
}

/**
 * Runs the question to its end, then writes its suggestions again through the read-back path (the
 * suggestion writer given document ids only, as before the writer handed it rows) after clearing
 * them, and compares the two states.
 */
async function compareWithReadBack(p: PrelabelProject, questionId: string, input: { hierarchical?: boolean; topParents?: number } = {}) {
  const from = p.t.events.length;
  const run = await p.t.call('prelabel.start', { questionId, priorityDocumentIds: [], ...input });
  const end = await runEnd(p.t, run.id, from);
  expect(end.error ?? end.status).toBe('done');
  const db = p.t.core.context.project!.db;
  const fromRun = stateOf(p, questionId);
  const ids = db
    .prepare('SELECT document_id FROM prediction_documents WHERE run_id = ? ORDER BY document_id')
    .pluck()
    .all(run.id) as number[];
  // Every scored document has its suggestion from the run.
  expect(fromRun.filter((r) => r.suggestion_run_id === run.id).map((r) => r.document_id)).toEqual(ids);
  db.prepare(
    `UPDATE coding_state SET suggestion_label_id = NULL, suggestion_score = NULL, suggestion_margin = NULL,
       suggestion_run_id = NULL, suggestion_hash = NULL WHERE question_id = ?`,
  ).run(questionId);
  const readBack = suggestionStateWriter(db, run.id);
  db.transaction(() => readBack(ids))();
  expect(stateOf(p, questionId)).toEqual(fromRun);
  return { run, ids, db };
}

/** The first 12 AG News rows (of the project's 30) imported again: repeats whose logits are copied. */
async function importRepeats(p: PrelabelProject): Promise<void> {
  const csv = join(tmp(), 'repeats.csv');
  writeFileSync(csv, readFileSync(corpusFile('ag_news', 'test.csv'), 'utf8').split('\n').slice(0, 12).join('\n') + '\n');
  const started = await p.t.call('import.start', {
    source: { kind: 'path', path: csv },
    options: { hasHeader: false },
    mapping: { textColumns: [2, 3], joinWith: '\n\n' },
  });
  expect((await p.t.waitForJob(started.jobId)).status).toBe('done');
}

const TREE: CodebookQuestionInput = {
  name: 'Topic tree',
  template: 'This news story is about {}.',
  longText: 'windows',
  labels: [
    { name: 'public affairs' },
    { name: 'world politics', parent: 'public affairs' },
    { name: 'business', parent: 'public affairs' },
    { name: 'leisure' },
    { name: 'sports', parent: 'leisure' },
    { name: 'entertainment', parent: 'leisure' },
    { name: 'technology' },
    { name: 'science', parent: 'technology' },
    { name: 'computers', parent: 'technology' },
    { name: 'other' },
  ],
};

describe('suggestions from the rows written', () => {
  it('a run in windows with copied repeats leaves the coding state of the read-back path, bit for bit', async () => {
    const p = (project = await prelabelProject(tmp(), { count: 30, modelDir: model.dir }));
    await importRepeats(p);
    p.engine.tuning.reuse = true;
    p.engine.tuning.maxLength = 32;
    p.engine.tuning.windowOverlap = 4;
    p.engine.tuning.maxRows = 8;
    p.engine.tuning.writeRows = 40; // several writes, some with copies of an earlier write's documents
    const question = (await setQuestions(p.t, [topicQuestion({ longText: 'windows' })])).questions[0]!;
    const { run, ids, db } = await compareWithReadBack(p, question.id);
    expect(ids).toHaveLength(42);
    expect(p.engine.sessionStats(run.id)!.reusedDocuments).toBe(12);
    expect(db.prepare('SELECT max(windows) FROM prediction_documents WHERE run_id = ?').pluck().get(run.id)).toBeGreaterThan(2);
    // Single-label: every document has a margin.
    expect(stateOf(p, question.id).every((r) => r.suggestion_margin !== null)).toBe(true);
  });

  it('a multi-label run in windows: the same state (no margins)', async () => {
    const p = (project = await prelabelProject(tmp(), { count: 20, modelDir: model.dir }));
    p.engine.tuning.maxLength = 32;
    p.engine.tuning.windowOverlap = 4;
    const question = (await setQuestions(p.t, [topicQuestion({ longText: 'windows', multiLabel: true })])).questions[0]!;
    const { ids } = await compareWithReadBack(p, question.id);
    expect(ids).toHaveLength(20);
    expect(stateOf(p, question.id).every((r) => r.suggestion_margin === null && r.suggestion_score !== null)).toBe(true);
  });

  it('a hierarchical run in windows (two calls a group, suggestions among the scored leaves): the same state', async () => {
    const p = (project = await prelabelProject(tmp(), { count: 30, modelDir: model.dir }));
    p.engine.tuning.maxLength = 48;
    p.engine.tuning.windowOverlap = 4;
    p.engine.tuning.maxRows = 16;
    const question = (await setQuestions(p.t, [TREE])).questions[0]!;
    const { run, ids, db } = await compareWithReadBack(p, question.id, { hierarchical: true, topParents: 1 });
    expect(ids).toHaveLength(30);
    // Fewer label rows than a full run's ten a window: only the children of one parent were asked.
    const labelsAsked = db
      .prepare('SELECT count(DISTINCT label_id) FROM predictions WHERE run_id = ? GROUP BY document_id')
      .pluck()
      .all(run.id) as number[];
    expect(labelsAsked.every((n) => n === 6)).toBe(true);
  });
});
