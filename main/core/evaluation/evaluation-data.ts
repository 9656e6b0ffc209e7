// What an evaluation compares, read from the project: the documents with a truth (every current
// human label decision, a blind validation sample's decisions, or the gold labels), and for each its
// current prediction (the model input the engine uses now; stale predictions are never read) with
// the top score and, for multi-label questions, every label's score. Only these documents are
// loaded; corpus-wide numbers are aggregated in SQL (corpus-counts.ts).
import { PrelabelError, type CodebookQuestion, type EvaluationAgainst } from '../../../common/contract';
import { emptyGoldImports, goldCondition, goldMatcher } from '../coding/gold';
import { pageSuggestions } from '../coding/page-suggestions';
import type { Db } from '../store/project-db';
import { isUnit } from '../store/units';

export interface TruthRow {
  documentId: number;
  /** Label ids of the truth, in codebook order. */
  labelIds: string[];
  /** The decision was made with the gold label on screen (human decisions only). */
  goldShown: boolean;
  /** The coder whose decision it is (null: gold). */
  coder: string | null;
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

/** Every document's current decision of the question (the project's, resolved among the coders:
 * coding_state, [Note: resolution] in coding/resolution.ts), labels only. */
function humanTruth(db: Db, question: CodebookQuestion): TruthSet {
  const rows = db
    .prepare(
      `SELECT s.document_id AS id, s.kind, s.label_ids, coalesce(a.gold_shown, 0) AS gold_shown, c.name AS coder
       FROM coding_state s LEFT JOIN annotations a ON a.id = s.annotation_id LEFT JOIN coders c ON c.id = a.coder_id
       WHERE s.question_id = ? AND s.annotation_id IS NOT NULL ORDER BY s.document_id`,
    )
    .all(question.id) as DecisionRow[];
  return truthSet(rows);
}

interface DecisionRow {
  id: number;
  kind: string;
  label_ids: string;
  gold_shown: number;
  coder: string;
}

function truthSet(rows: readonly DecisionRow[]): TruthSet {
  const out: TruthSet = { rows: [], notLabels: 0, unmatchedGold: 0 };
  for (const r of rows) {
    if (r.kind !== 'label') out.notLabels++;
    else out.rows.push({ documentId: r.id, labelIds: JSON.parse(r.label_ids) as string[], goldShown: r.gold_shown === 1, coder: r.coder });
  }
  return out;
}

/**
 * Each coder's current decision per document ([Note: a coder's current decision] in
 * agreement/coder-decisions.ts: the coder's latest decision that no undo cancelled), in a sample's
 * blind decisions only when `sampleId` is given, of one coder only when `coderId` is.
 */
function coderDecisions(db: Db, questionId: string, sampleId: string | null, coderId: string | null): Array<DecisionRow & { at: number }> {
  return db
    .prepare(
      `WITH live AS (
         SELECT a.document_id, a.coder_id, a.kind, a.label_ids, a.gold_shown, a.created_at,
           row_number() OVER (PARTITION BY a.document_id, a.coder_id ORDER BY a.created_at DESC, a.rowid DESC) AS latest,
           row_number() OVER (ORDER BY a.created_at, a.rowid) AS seq
         FROM annotations a
         WHERE a.question_id = @q AND a.kind <> 'undo' AND a.role = 'coding' ${sampleId === null ? '' : 'AND a.sample_id = @s'}
           ${coderId === null ? '' : 'AND a.coder_id = @c'}
           AND NOT EXISTS (SELECT 1 FROM annotations u WHERE u.undoes_id = a.id))
       SELECT l.document_id AS id, l.kind, l.label_ids, coalesce(l.gold_shown, 0) AS gold_shown, c.name AS coder, l.seq AS at
       FROM live l JOIN coders c ON c.id = l.coder_id WHERE l.latest = 1 ORDER BY l.document_id, l.seq`,
    )
    .all({ q: questionId, ...(sampleId === null ? {} : { s: sampleId }), ...(coderId === null ? {} : { c: coderId }) }) as Array<
    DecisionRow & { at: number }
  >;
}

/**
 * The sample's documents with their latest blind decision. [Note: one truth per sampled document]
 * Where several coders coded a sampled document, the latest label decision of any of them is its
 * truth here (agreement between coders is measured elsewhere; the result names the coders and
 * counts such documents, and `coder` takes one coder's decisions instead); a document whose
 * decisions are all skips has none.
 */
function sampleTruth(db: Db, question: CodebookQuestion, sampleId: string, coderId: string | null): TruthSet {
  const latest = new Map<number, DecisionRow & { at: number }>();
  for (const r of coderDecisions(db, question.id, sampleId, coderId)) {
    const held = latest.get(r.id);
    // A label decision beats a skip or "not codable" of another coder; then the later one counts.
    if (!held || (r.kind === 'label') > (held.kind === 'label') || ((r.kind === 'label') === (held.kind === 'label') && r.at > held.at))
      latest.set(r.id, { ...r, gold_shown: 0 });
  }
  return truthSet([...latest.values()].sort((a, b) => a.id - b.id));
}

/** Documents of the truth that more than one coder decided (each coder's current decision, any kind). */
export function multiCoderDocuments(db: Db, questionId: string, sampleId: string | null, truth: readonly TruthRow[]): number {
  const coders = new Map<number, number>();
  for (const r of coderDecisions(db, questionId, sampleId, null)) coders.set(r.id, (coders.get(r.id) ?? 0) + 1);
  return truth.filter((r) => (coders.get(r.documentId) ?? 0) > 1).length;
}

/** The id of a coder by name, or a one-line error naming the question's coders. */
export function requireCoder(db: Db, question: CodebookQuestion, name: string): string {
  const id = db.prepare('SELECT id FROM coders WHERE name = ?').pluck().get(name) as string | undefined;
  if (id !== undefined) return id;
  const names = db
    .prepare('SELECT DISTINCT c.name FROM annotations a JOIN coders c ON c.id = a.coder_id WHERE a.question_id = ? ORDER BY c.name')
    .pluck()
    .all(question.id) as string[];
  throw new PrelabelError(
    'NOT_FOUND',
    `No coder named "${name}" has decisions in "${question.name}".${names.length ? ` Its coders: ${names.map((n) => `"${n}"`).join(', ')}.` : ' Nobody has coded it yet.'}`,
  );
}

/** Every coding unit with a gold value, matched to the question's labels ([Note: gold matching]). */
function goldTruth(db: Db, question: CodebookQuestion): TruthSet {
  const match = goldMatcher(question);
  const out: TruthSet = { rows: [], notLabels: 0, unmatchedGold: 0 };
  const stmt = db.prepare(
    `SELECT d.id, d.gold_label AS gold FROM documents d WHERE ${goldCondition('d')} AND ${isUnit('d')} ORDER BY d.id`,
  );
  const empty = { emptyGoldImports: JSON.stringify(emptyGoldImports(db, question)) };
  for (const r of stmt.iterate(empty) as Iterable<{ id: number; gold: string | null }>) {
    // An empty gold cell that means "none of these labels" ([Note: empty gold]): the empty set.
    if (r.gold === null) {
      out.rows.push({ documentId: r.id, labelIds: [], goldShown: false, coder: null });
      continue;
    }
    const m = match(r.gold);
    // Single-label: the value must name a label; multi-label: every part must.
    if (!m || !m.complete || m.labelIds.length === 0) out.unmatchedGold++;
    else out.rows.push({ documentId: r.id, labelIds: m.labelIds, goldShown: false, coder: null });
  }
  return out;
}

export function readTruth(
  db: Db,
  question: CodebookQuestion,
  against: EvaluationAgainst,
  sampleId: string | null,
  coderId: string | null = null,
): TruthSet {
  if (against === 'gold') return goldTruth(db, question);
  if (against === 'sample') return sampleTruth(db, question, sampleId!, coderId);
  if (coderId !== null) return truthSet(coderDecisions(db, question.id, null, coderId));
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
