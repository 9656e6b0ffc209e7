// Test support for evaluations: a real project file with documents (a language column and a gold
// column), a single-label and a multi-label question, a stored run with seeded logits, and human
// decisions made through the contract (shown suggestions in ordinary coding). Also the independent
// side of the tests: every document's model labels and scores computed here from the raw logits read
// with plain SQL (softmax across labels for single-label, sigmoid for multi-label), not by the code
// under test.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Codebook } from '../../../../common/contract';
import { storeRun } from '../../coding/test-support/coding-fixture';
import { mulberry32 } from '../../seeded-random';
import type { Db } from '../../store/project-db';
import { makeTestCore, type TestCore } from '../../test-support/test-core';

export interface EvaluationProject {
  t: TestCore;
  db: () => Db;
  path: string;
  codebook: Codebook;
  ids: number[];
  /** The single-label question (index 0) and the multi-label one (index 1). */
  single: Codebook['questions'][number];
  multi: Codebook['questions'][number];
}

export const LANGS = ['de', 'en', 'fr'];
export const STANCE = ['favor', 'against', 'none'];
export const TOPICS = ['economy', 'health', 'climate'];

/** Documents with gold and language; `goldEvery`: every n-th document has a gold value (1: all);
 * `batches`: a column "batch" with that many values (b0, b1, ...; document i has b(i mod batches)). */
export async function evaluationProject(dir: string, count: number, seed: number, goldEvery = 1, batches = 0): Promise<EvaluationProject> {
  const t = makeTestCore(dir);
  const path = join(dir, 'evaluation.prelabel');
  await t.call('project.create', { name: 'evaluation', path });
  const rng = mulberry32(seed);
  const lines = [`id,text,lang,stance${batches ? ',batch' : ''}`];
  for (let i = 1; i <= count; i++)
    lines.push(
      `d${i},"Text ${i} about things",${LANGS[i % 3]},${i % goldEvery === 0 ? STANCE[Math.floor(rng() * 3)] : ''}${batches ? `,b${i % batches}` : ''}`,
    );
  const csv = join(dir, 'docs.csv');
  writeFileSync(csv, lines.join('\n') + '\n');
  const started = await t.call('import.start', {
    source: { kind: 'path', path: csv },
    mapping: { textColumns: ['text'], idColumn: 'id', goldColumn: 'stance' },
  });
  const done = await t.waitForJob(started.jobId);
  if (done.status !== 'done') throw new Error(`import failed: ${JSON.stringify(done)}`);
  const codebook = await t.call('codebook.set', {
    questions: [
      { name: 'Stance', labels: STANCE.map((name) => ({ name })) },
      { name: 'Topics', multiLabel: true, labels: TOPICS.map((name) => ({ name })) },
    ],
  });
  const db = () => t.core.context.project!.db;
  const ids = db().prepare('SELECT id FROM documents ORDER BY id').pluck().all() as number[];
  return { t, db, path, codebook, ids, single: codebook.questions[0]!, multi: codebook.questions[1]! };
}

/** Seeded entailment logits for every document of question `q` (index), stored as one run. */
export function storeSeededRun(p: EvaluationProject, q: number, seed: number, ids = p.ids, codebook = p.codebook): string {
  const rng = mulberry32(seed);
  const logits = new Map(ids.map((id) => [id, codebook.questions[q]!.labels.map(() => Math.round((rng() * 6 - 3) * 1000) / 1000)]));
  return storeRun(p.db(), codebook, q, ids, (d) => logits.get(d)!);
}

export interface ModelView {
  labels: string[];
  top: number;
  scores: number[];
}

/** The model's labels of every document with predictions under `hash`, from the raw logits (plain SQL). */
export function independentModel(db: Db, questionId: string, hash: string, labelIds: string[], multi: boolean): Map<number, ModelView> {
  const rows = db
    .prepare(
      `SELECT p.document_id AS d, p.label_id AS l, p.entailment AS e, p.contradiction AS c FROM predictions p
       JOIN prelabel_runs r ON r.id = p.run_id WHERE r.question_id = ? AND r.model_input_hash = ?`,
    )
    .all(questionId, hash) as Array<{ d: number; l: string; e: number; c: number }>;
  const byDoc = new Map<number, Map<string, { e: number; c: number }>>();
  for (const r of rows) {
    if (!byDoc.has(r.d)) byDoc.set(r.d, new Map());
    byDoc.get(r.d)!.set(r.l, { e: r.e, c: r.c });
  }
  const out = new Map<number, ModelView>();
  for (const [d, m] of byDoc) {
    const e = labelIds.map((l) => m.get(l)!);
    let scores: number[];
    if (multi) scores = e.map((x) => 1 / (1 + Math.exp(-(x.e - x.c))));
    else {
      const max = Math.max(...e.map((x) => x.e));
      const ex = e.map((x) => Math.exp(x.e - max));
      const sum = ex.reduce((a, b) => a + b, 0);
      scores = ex.map((x) => x / sum);
    }
    const topIndex = scores.indexOf(Math.max(...scores));
    out.set(d, { labels: multi ? labelIds.filter((_, i) => scores[i]! >= 0.5) : [labelIds[topIndex]!], top: scores[topIndex]!, scores });
  }
  return out;
}

/** The suggestion Annotate would show for a document (shown with the decision in ordinary coding). */
export function shownSuggestion(
  db: Db,
  questionId: string,
  hash: string,
  labelIds: string[],
  multi: boolean,
  documentId: number,
): { labelIds: string[]; score: number; runId: string } | null {
  const m = independentModel(db, questionId, hash, labelIds, multi).get(documentId);
  const run = db
    .prepare(
      'SELECT run_id FROM prediction_documents pd JOIN prelabel_runs r ON r.id = pd.run_id WHERE pd.document_id = ? AND r.question_id = ? AND r.model_input_hash = ?',
    )
    .pluck()
    .get(documentId, questionId, hash) as string | undefined;
  if (!m || !run) return null;
  return { labelIds: m.labels, score: m.top, runId: run };
}

export const currentHash = (db: Db, questionId: string): string =>
  db
    .prepare('SELECT model_input_hash FROM prelabel_runs WHERE question_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1')
    .pluck()
    .get(questionId) as string;
