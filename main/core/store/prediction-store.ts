// The SQL of pre-label runs and predictions: runs, the documents still to score, batch writes (one
// transaction a batch), status counts and the stored logits of a page of documents.
//
// [Note: current predictions] A document's predictions for a question are current when a run of
// that question with the current model-input hash stored them; runs under any other hash are
// stale. Runs of one hash never score a document twice (each run only takes documents without
// current predictions), so "current" needs no ranking of runs.
import type { RunInfo } from '../../../common/contract';
import type { Db } from './project-db';
import { isUnit } from './units';

const VISIBLE = isUnit('d');
const CURRENT_RUNS = 'SELECT id FROM prelabel_runs WHERE question_id = @questionId AND model_input_hash = @hash';

interface RunRow {
  id: string;
  question_id: string;
  model_id: string;
  model_sha256: string;
  model_input_hash: string;
  codebook_revision_id: string | null;
  status: RunInfo['status'];
  options: string;
  error: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface RunRecord extends RunInfo {
  codebookRevisionId: string | null;
  options: Record<string, unknown>;
}

function toRun(r: RunRow): RunRecord {
  return {
    id: r.id,
    questionId: r.question_id,
    status: r.status,
    modelId: r.model_id,
    modelSha256: r.model_sha256,
    modelInputHash: r.model_input_hash,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    error: r.error,
    codebookRevisionId: r.codebook_revision_id,
    options: JSON.parse(r.options) as Record<string, unknown>,
  };
}

/** The contract's view of a run. */
export function runInfo(r: RunRecord): RunInfo {
  return {
    id: r.id,
    questionId: r.questionId,
    status: r.status,
    modelId: r.modelId,
    modelSha256: r.modelSha256,
    modelInputHash: r.modelInputHash,
    createdAt: r.createdAt,
    finishedAt: r.finishedAt,
    error: r.error,
  };
}

export interface NewRun {
  id: string;
  questionId: string;
  modelId: string;
  modelSha256: string;
  modelInputHash: string;
  codebookRevisionId: string | null;
  options: Record<string, unknown>;
}

export function insertRun(db: Db, run: NewRun): RunRecord {
  db.prepare(
    `INSERT INTO prelabel_runs (id, question_id, model_id, model_sha256, model_input_hash, codebook_revision_id, status, options, created_at)
     VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?)`,
  ).run(
    run.id,
    run.questionId,
    run.modelId,
    run.modelSha256,
    run.modelInputHash,
    run.codebookRevisionId,
    JSON.stringify(run.options),
    new Date().toISOString(),
  );
  return getRun(db, run.id)!;
}

export function getRun(db: Db, id: string): RunRecord | null {
  const row = db.prepare('SELECT * FROM prelabel_runs WHERE id = ?').get(id) as RunRow | undefined;
  return row ? toRun(row) : null;
}

/** The question's newest run (ties, within one millisecond, go to the one inserted last). */
export function latestRun(db: Db, questionId: string): RunRecord | null {
  const row = db
    .prepare('SELECT * FROM prelabel_runs WHERE question_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1')
    .get(questionId) as RunRow | undefined;
  return row ? toRun(row) : null;
}

const FINAL: ReadonlyArray<RunInfo['status']> = ['done', 'cancelled', 'failed'];

export function setRunStatus(db: Db, id: string, status: RunInfo['status'], error: string | null = null): RunRecord {
  const finishedAt = FINAL.includes(status) ? new Date().toISOString() : null;
  db.prepare('UPDATE prelabel_runs SET status = ?, error = ?, finished_at = ? WHERE id = ?').run(status, error, finishedAt, id);
  return getRun(db, id)!;
}

/** Runs left 'running' by a process that stopped (crash, kill) become 'paused': they resume later. */
export function pauseOrphanedRuns(db: Db, exceptId: string | null): number {
  return db.prepare("UPDATE prelabel_runs SET status = 'paused' WHERE status = 'running' AND id IS NOT ?").run(exceptId).changes;
}

export interface PendingDocuments {
  ids: number[];
  /** Byte length of each text: a cheap proxy for its token length (octet_length reads no text). */
  bytes: number[];
}

/** Visible documents without current predictions for the question, shortest first, so that
 * batches hold texts of similar length. */
export function pendingDocuments(db: Db, questionId: string, hash: string): PendingDocuments {
  const rows = db
    .prepare(
      `SELECT d.id, octet_length(d.text) FROM documents d
       WHERE ${VISIBLE}
         AND NOT EXISTS (SELECT 1 FROM prediction_documents pd WHERE pd.document_id = d.id AND pd.run_id IN (${CURRENT_RUNS}))
       ORDER BY octet_length(d.text), d.id`,
    )
    .raw()
    .all({ questionId, hash }) as [number, number][];
  return { ids: rows.map((r) => r[0]), bytes: rows.map((r) => r[1]) };
}

/** How many visible documents lack current predictions for the question. */
export function pendingCount(db: Db, questionId: string, hash: string): number {
  return db
    .prepare(
      `SELECT count(*) FROM documents d WHERE ${VISIBLE}
         AND NOT EXISTS (SELECT 1 FROM prediction_documents pd WHERE pd.document_id = d.id AND pd.run_id IN (${CURRENT_RUNS}))`,
    )
    .pluck()
    .get({ questionId, hash }) as number;
}

export function visibleDocumentCount(db: Db): number {
  return db.prepare(`SELECT count(*) FROM documents d WHERE ${VISIBLE}`).pluck().get() as number;
}

export interface DocumentText {
  externalId: string;
  text: string;
}

export function documentTextReader(db: Db): (id: number) => DocumentText | undefined {
  const stmt = db.prepare('SELECT external_id AS externalId, text FROM documents WHERE id = ?');
  return (id) => stmt.get(id) as DocumentText | undefined;
}

/** Logits of one (document, label, window); neutral is null for two-class models. */
export interface PredictionRow {
  documentId: number;
  labelId: string;
  window: number;
  entailment: number;
  neutral: number | null;
  contradiction: number;
}

export {
  batchWriter,
  reusableRuns,
  storedInputFinder,
  type BatchWrite,
  type PredictionCopy,
  type PredictionDocumentRow,
  type PredictionValues,
} from './prediction-writer';

export interface PredictionCounts {
  documents: number;
  scored: number;
  stale: number;
  truncated: number;
}

export function predictionCounts(db: Db, questionId: string, hash: string): PredictionCounts {
  const params = { questionId, hash };
  const current = `SELECT 1 FROM prediction_documents c WHERE c.document_id = d.id AND c.run_id IN (${CURRENT_RUNS})`;
  const scored = db
    .prepare(
      `SELECT count(*) AS scored, coalesce(sum(EXISTS (SELECT 1 FROM prediction_documents t WHERE t.document_id = d.id AND t.truncated = 1 AND t.run_id IN (${CURRENT_RUNS}))), 0) AS truncated
       FROM documents d WHERE ${VISIBLE} AND EXISTS (${current})`,
    )
    .get(params) as { scored: number; truncated: number };
  const stale = db
    .prepare(
      `SELECT count(*) FROM documents d WHERE ${VISIBLE} AND NOT EXISTS (${current})
         AND EXISTS (SELECT 1 FROM prediction_documents s WHERE s.document_id = d.id
                     AND s.run_id IN (SELECT id FROM prelabel_runs WHERE question_id = @questionId AND model_input_hash <> @hash))`,
    )
    .pluck()
    .get(params) as number;
  return { documents: visibleDocumentCount(db), scored: scored.scored, stale, truncated: scored.truncated };
}

/** Current stored logits of the given documents for a question: one query for a page. */
export function currentPredictions(db: Db, questionId: string, hash: string, documentIds: readonly number[]): PredictionRow[] {
  if (documentIds.length === 0) return [];
  return db
    .prepare(
      `SELECT p.document_id AS documentId, p.label_id AS labelId, p.window, p.entailment, p.neutral, p.contradiction
       FROM predictions p
       WHERE p.run_id IN (${CURRENT_RUNS}) AND p.document_id IN (SELECT value FROM json_each(@ids))
       ORDER BY p.document_id, p.label_id, p.window`,
    )
    .all({ questionId, hash, ids: JSON.stringify(documentIds) }) as PredictionRow[];
}

/** The model file hash of the question's newest run, if any. */
export function latestRunModelSha(db: Db, questionId: string): string | null {
  return (
    (db
      .prepare('SELECT model_sha256 FROM prelabel_runs WHERE question_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1')
      .pluck()
      .get(questionId) as string | undefined) ?? null
  );
}
