// What an evaluation compares, read from the project: the documents with a truth (every current
// human label decision, a blind validation sample's decisions, or the gold labels), and for each its
// current prediction (the model input the engine uses now; stale predictions are never read) with
// the top score and, for multi-label questions, every label's score. Only these documents are
// loaded; corpus-wide numbers are aggregated in SQL (corpus-counts.ts).
import type { CodebookQuestion, EvaluationAgainst } from '../../../common/contract';
import { goldMatcher } from '../coding/gold';
import { pageSuggestions } from '../coding/page-suggestions';
import type { Db } from '../store/project-db';
import { isUnit } from '../store/units';

export interface TruthRow {
  documentId: number;
  /** Label ids of the truth, in codebook order. */
  labelIds: string[];
  /** The decision was made with the gold label on screen (human decisions only). */
  goldShown: boolean;
}

export interface TruthSet {
  rows: TruthRow[];
  /** Current decisions that are not labels (skip, not codable): no truth. */
  notLabels: number;
  /** Gold values that name none of the question's labels (gold only): no truth. */
  unmatchedGold: number;
}

const CHUNK = 20_000;

function chunks<T>(xs: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
}

/** Every document's current decision of the question (any coder; coding_state), labels only. */
function humanTruth(db: Db, question: CodebookQuestion): TruthSet {
  const rows = db
    .prepare(
      `SELECT s.document_id AS id, s.kind, s.label_ids, coalesce(a.gold_shown, 0) AS gold_shown
       FROM coding_state s LEFT JOIN annotations a ON a.id = s.annotation_id
       WHERE s.question_id = ? AND s.annotation_id IS NOT NULL ORDER BY s.document_id`,
    )
    .all(question.id) as Array<{ id: number; kind: string; label_ids: string; gold_shown: number }>;
  const out: TruthSet = { rows: [], notLabels: 0, unmatchedGold: 0 };
  for (const r of rows) {
    if (r.kind !== 'label') out.notLabels++;
    else out.rows.push({ documentId: r.id, labelIds: JSON.parse(r.label_ids) as string[], goldShown: r.gold_shown === 1 });
  }
  return out;
}

/**
 * The sample's documents with their latest blind decision. [Note: one truth per sampled document]
 * Where several coders coded a sampled document, the latest label decision of any of them is its
 * truth here (agreement between coders is measured elsewhere); a document whose decisions are all
 * skips has none.
 */
function sampleTruth(db: Db, question: CodebookQuestion, sampleId: string): TruthSet {
  const rows = db
    .prepare(
      `WITH live AS (
         SELECT a.document_id, a.kind, a.label_ids, row_number() OVER (
           PARTITION BY a.document_id ORDER BY (a.kind = 'label') DESC, a.created_at DESC, a.rowid DESC) AS latest
         FROM annotations a
         WHERE a.question_id = @q AND a.sample_id = @s AND a.kind <> 'undo'
           AND NOT EXISTS (SELECT 1 FROM annotations u WHERE u.undoes_id = a.id)
           AND NOT EXISTS (SELECT 1 FROM annotations b WHERE b.sample_id = a.sample_id AND b.question_id = a.question_id
             AND b.document_id = a.document_id AND b.coder_id = a.coder_id AND b.kind <> 'undo'
             AND NOT EXISTS (SELECT 1 FROM annotations u2 WHERE u2.undoes_id = b.id)
             AND (b.created_at > a.created_at OR (b.created_at = a.created_at AND b.rowid > a.rowid))))
       SELECT document_id AS id, kind, label_ids FROM live WHERE latest = 1 ORDER BY document_id`,
    )
    .all({ q: question.id, s: sampleId }) as Array<{ id: number; kind: string; label_ids: string }>;
  const out: TruthSet = { rows: [], notLabels: 0, unmatchedGold: 0 };
  for (const r of rows) {
    if (r.kind !== 'label') out.notLabels++;
    else out.rows.push({ documentId: r.id, labelIds: JSON.parse(r.label_ids) as string[], goldShown: false });
  }
  return out;
}

/** Every coding unit with a gold value, matched to the question's labels ([Note: gold matching]). */
function goldTruth(db: Db, question: CodebookQuestion): TruthSet {
  const match = goldMatcher(question);
  const out: TruthSet = { rows: [], notLabels: 0, unmatchedGold: 0 };
  const stmt = db.prepare(
    `SELECT d.id, d.gold_label AS gold FROM documents d WHERE d.gold_label IS NOT NULL AND ${isUnit('d')} ORDER BY d.id`,
  );
  for (const r of stmt.iterate() as Iterable<{ id: number; gold: string }>) {
    const m = match(r.gold);
    // Single-label: the value must name a label; multi-label: every part must.
    if (!m || !m.complete || m.labelIds.length === 0) out.unmatchedGold++;
    else out.rows.push({ documentId: r.id, labelIds: m.labelIds, goldShown: false });
  }
  return out;
}

export function readTruth(db: Db, question: CodebookQuestion, against: EvaluationAgainst, sampleId: string | null): TruthSet {
  if (against === 'gold') return goldTruth(db, question);
  if (against === 'sample') return sampleTruth(db, question, sampleId!);
  return humanTruth(db, question);
}

export interface Prediction {
  /** The model's labels: single-label its top label; multi-label every label at or above the threshold. */
  labelIds: string[];
  /** The top label's score. */
  top: number;
  /** Every label's score by id (multi-label only; empty for single-label). */
  scores: Map<string, number>;
}

/** Multi-label: a label is the model's when its score (sigmoid of entailment - contradiction) is at least this. */
export const MULTI_LABEL_THRESHOLD = 0.5;

/**
 * The current predictions of `documentIds` (under `hash`). Single-label reads the coding state's top
 * suggestion (kept under the current hash by ensureSuggestions before this is called); multi-label
 * scores each document's current logits (pageSuggestions, the same code Annotate shows).
 */
export function readPredictions(db: Db, question: CodebookQuestion, hash: string, documentIds: readonly number[]): Map<number, Prediction> {
  const out = new Map<number, Prediction>();
  if (!hash) return out;
  for (const ids of chunks(documentIds)) {
    if (question.multiLabel) {
      for (const [id, s] of pageSuggestions(db, question, hash, ids))
        out.set(id, { labelIds: s.labelIds, top: s.score, scores: new Map(s.scores.map((x) => [x.labelId, x.score])) });
      continue;
    }
    const rows = db
      .prepare(
        `SELECT document_id AS id, suggestion_label_id AS label, suggestion_score AS score FROM coding_state
         WHERE question_id = ? AND suggestion_hash = ? AND suggestion_label_id IS NOT NULL
           AND document_id IN (SELECT value FROM json_each(?))`,
      )
      .all(question.id, hash, JSON.stringify(ids)) as Array<{ id: number; label: string; score: number }>;
    for (const r of rows) out.set(r.id, { labelIds: [r.label], top: r.score, scores: new Map() });
  }
  return out;
}

/** Of `documentIds` (which have no current prediction), those with predictions under another model input. */
export function staleOnlyCount(db: Db, questionId: string, hash: string, documentIds: readonly number[]): number {
  let n = 0;
  for (const ids of chunks(documentIds))
    n += db
      .prepare(
        `SELECT count(*) FROM json_each(?) j WHERE EXISTS (SELECT 1 FROM prediction_documents pd JOIN prelabel_runs r ON r.id = pd.run_id
           WHERE pd.document_id = j.value AND r.question_id = ? AND r.model_input_hash <> ?)`,
      )
      .pluck()
      .get(JSON.stringify(ids), questionId, hash) as number;
  return n;
}

/** A metadata value of each document (its parent's for a unit of a split); null where it has none. */
export function metadataValues(db: Db, column: string, documentIds: readonly number[]): Map<number, string | null> {
  const out = new Map<number, string | null>();
  for (const ids of chunks(documentIds)) {
    const rows = db
      .prepare(
        `SELECT d.id, coalesce(p.metadata, d.metadata) AS m FROM documents d LEFT JOIN documents p ON p.id = d.parent_id
         WHERE d.id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(ids)) as Array<{ id: number; m: string }>;
    for (const r of rows) {
      const v = (JSON.parse(r.m) as Record<string, unknown>)[column];
      out.set(r.id, v === undefined || v === null || v === '' ? null : String(v));
    }
  }
  return out;
}
