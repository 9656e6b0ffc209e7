// Corpus-wide numbers of an evaluation, aggregated in SQL so that the validation screen opens at
// once in a project of a million documents: how many units have a current prediction, how many
// only stale ones, the model's count of each label (the naive prevalence and PPI's corpus side),
// per metadata value when asked, and the histogram of top scores. Single-label questions read the
// coding state's top suggestion and its indexes; multi-label questions score the stored logits of
// every unit (each label's own decision), which reads every prediction row.
import type { CodebookQuestion } from '../../../common/contract';
import { activeCalibration } from '../calibration/active';
import { suggestionLabels } from '../nli/scoring/suggestion-labels';
import { scoreDocument } from '../nli/scoring/suggestions';
import type { PredictionRow } from '../store/prediction-store';
import type { Db } from '../store/project-db';
import { MULTI_LABEL_THRESHOLD } from './evaluation-data';
import { currentThresholds } from '../thresholds/threshold-store';

export interface CorpusCounts {
  /** Units with a current prediction: N. */
  n: number;
  /** How many of them the model gives each label (label id -> count). */
  counts: Map<string, number>;
  /** The top score's bin counts (HISTOGRAM_BINS bins), from the same pass; absent for groups of a
   * single-label question. */
  top?: number[];
}

export const HISTOGRAM_BINS = 20;

/** Units with a current prediction and the model's count of each label, over the whole corpus. */
export function corpusCounts(db: Db, question: CodebookQuestion, hash: string): CorpusCounts {
  if (!hash) return { n: 0, counts: new Map() };
  if (question.multiLabel) return multiLabelCounts(db, question, hash, null).get(null) ?? { n: 0, counts: new Map() };
  return singleLabelCounts(db, question, hash);
}

/**
 * [Note: SQL bins] Single-label counts and the top-score histogram in one pass over the covering
 * index coding_state_suggestion (question, hash, label, score): one count per label (the labels
 * that can be a suggestion) and bin, each a range of the index, so SQLite only steps through the
 * index (a GROUP BY over a computed bin sorted a million rows in a temporary b-tree: 3-4 times
 * slower). A bin is [b/bins, (b+1)/bins), the first open below, the last closed above; a score
 * exactly on an inner edge whose product with `bins` rounds across it may fall one bin away from
 * numpy's floor(score x bins), which softmax scores practically never do.
 */
function singleLabelCounts(db: Db, question: CodebookQuestion, hash: string): CorpusCounts {
  const bins = HISTOGRAM_BINS;
  const inRange = db
    .prepare(
      `SELECT count(*) FROM coding_state WHERE question_id = @q AND suggestion_hash = @h AND suggestion_label_id = @l
       AND suggestion_score >= @lo AND suggestion_score < @hi`,
    )
    .pluck();
  const noScore = db
    .prepare(
      'SELECT count(*) FROM coding_state WHERE question_id = @q AND suggestion_hash = @h AND suggestion_label_id = @l AND suggestion_score IS NULL',
    )
    .pluck();
  const top = new Array<number>(bins).fill(0);
  const counts = new Map<string, number>();
  let n = 0;
  for (const { id } of suggestionLabels(db, question).labels) {
    const params = { q: question.id, h: hash, l: id };
    // A suggestion without a score (never written so) counts for the label, in the first bin.
    let count = noScore.get(params) as number;
    top[0]! += count;
    for (let b = 0; b < bins; b++) {
      const k = inRange.get({ ...params, lo: b === 0 ? -Infinity : b / bins, hi: b === bins - 1 ? Infinity : (b + 1) / bins }) as number;
      top[b]! += k;
      count += k;
    }
    if (count) counts.set(id, count);
    n += count;
  }
  return { n, counts, top };
}

/** The same per value of a metadata column (the parent's value for units of a split; '' where none). */
export function corpusCountsByGroup(
  db: Db,
  question: CodebookQuestion,
  hash: string,
  column: string,
  overall: CorpusCounts,
): Map<string, CorpusCounts> {
  if (!hash) return new Map();
  // [Note: group counts cache] Reading every unit's metadata takes seconds at a million documents,
  // and the screen asks again whenever the truth or the sample changes. A unit's metadata never
  // changes, and under one model-input hash neither does its suggestion, so the per-value counts
  // stay valid while the units (their count and highest id) and the overall counts per label stay
  // the same; pre-labelling, an import or a split changes one of them. Multi-label counts score the
  // logits afresh each time.
  if (question.multiLabel) return countsByGroup(db, question, hash, column);
  const units = db.prepare('SELECT count(*) AS n, max(id) AS last FROM documents').get() as { n: number; last: number | null };
  const key = JSON.stringify([question.id, hash, column, units.n, units.last, overall.n, [...overall.counts].sort()]);
  let cache = groupCache.get(db);
  if (!cache) groupCache.set(db, (cache = new Map()));
  const hit = cache.get(key);
  if (hit) return hit;
  const counts = countsByGroup(db, question, hash, column);
  cache.set(key, counts);
  if (cache.size > 8) cache.delete(cache.keys().next().value!);
  return counts;
}

const groupCache = new WeakMap<Db, Map<string, Map<string, CorpusCounts>>>();

function countsByGroup(db: Db, question: CodebookQuestion, hash: string, column: string): Map<string, CorpusCounts> {
  const out = new Map<string, CorpusCounts>();
  if (question.multiLabel) {
    for (const [g, c] of multiLabelCounts(db, question, hash, column)) out.set(g ?? '', c);
    return out;
  }
  // The documents in rowid order drive the join (CROSS JOIN keeps that order): read through the
  // suggestion index, the documents were visited in label-and-score order, a random read of the
  // whole file (4.4-4.8 s against 1.9-2.1 s at 1M documents).
  const rows = db
    .prepare(
      `SELECT coalesce(json_extract(coalesce(p.metadata, d.metadata), @path), '') AS g, s.suggestion_label_id AS label, count(*) AS n
       FROM documents d CROSS JOIN coding_state s ON s.question_id = @q AND s.document_id = d.id LEFT JOIN documents p ON p.id = d.parent_id
       WHERE s.suggestion_hash = @h AND s.suggestion_label_id IS NOT NULL
       GROUP BY g, label`,
    )
    .all({ q: question.id, h: hash, path: jsonPath(column) }) as Array<{ g: unknown; label: string; n: number }>;
  for (const r of rows) {
    const g = String(r.g);
    let c = out.get(g);
    if (!c) out.set(g, (c = { n: 0, counts: new Map() }));
    c.n += r.n;
    c.counts.set(r.label, (c.counts.get(r.label) ?? 0) + r.n);
  }
  return out;
}

/** A JSON path naming one key of the metadata object, quoted so that any column name is one key. */
export function jsonPath(column: string): string {
  return `$."${column.replaceAll('"', '\\"')}"`;
}

/**
 * Multi-label counts by scoring every unit's current logits (scoreDocument, as Annotate does): each
 * label the model gives at or above the threshold. Grouped by a metadata column when one is named.
 */
function multiLabelCounts(db: Db, question: CodebookQuestion, hash: string, column: string | null): Map<string | null, CorpusCounts> {
  const out = new Map<string | null, CorpusCounts>();
  const { labels, partial } = suggestionLabels(db, question);
  if (labels.length === 0) return out;
  // While the calibrated classifier is on, its probabilities cut at 0.5 (as the suggestions and the
  // exports: thresholds apply to raw scores only); else the raw scores at the tuned thresholds.
  const calibrated = activeCalibration(db, question, hash);
  const cuts = calibrated ? null : currentThresholds(db, question.id, hash);
  const stmt = db.prepare(
    `SELECT p.document_id AS documentId, p.label_id AS labelId, p.window, p.entailment, p.neutral, p.contradiction
       ${column === null ? '' : ", (SELECT coalesce(json_extract(coalesce(pa.metadata, d.metadata), @path), '') FROM documents d LEFT JOIN documents pa ON pa.id = d.parent_id WHERE d.id = p.document_id) AS g"}
     FROM predictions p JOIN coding_state s ON s.question_id = @q AND s.document_id = p.document_id
     WHERE p.run_id IN (SELECT id FROM prelabel_runs WHERE question_id = @q AND model_input_hash = @h)
     ORDER BY p.document_id`,
  );
  let doc = -1;
  let group: string | null = null;
  let rows: PredictionRow[] = [];
  const flush = () => {
    if (rows.length === 0) return;
    const p = calibrated?.probabilities(rows);
    const scored = p
      ? calibrated!.labelIds.map((labelId, j) => ({ labelId, score: p[j]! })).sort((a, b) => b.score - a.score)
      : scoreDocument(rows, labels, true, partial)?.scores.map((s) => ({ labelId: labels[s.index]!.id, score: s.score }));
    rows = [];
    if (!scored) return;
    let c = out.get(group);
    if (!c) out.set(group, (c = { n: 0, counts: new Map(), top: new Array<number>(HISTOGRAM_BINS).fill(0) }));
    c.n++;
    c.top![Math.min(HISTOGRAM_BINS - 1, Math.floor(scored[0]!.score * HISTOGRAM_BINS))]!++;
    for (const s of scored)
      if (s.score >= (cuts?.get(s.labelId) ?? MULTI_LABEL_THRESHOLD)) c.counts.set(s.labelId, (c.counts.get(s.labelId) ?? 0) + 1);
  };
  const params = column === null ? { q: question.id, h: hash } : { q: question.id, h: hash, path: jsonPath(column) };
  for (const r of stmt.iterate(params) as Iterable<PredictionRow & { g?: unknown }>) {
    if (r.documentId !== doc) {
      flush();
      doc = r.documentId;
      group = column === null ? null : String(r.g);
    }
    rows.push(r);
  }
  flush();
  return out;
}

/** Units without a current prediction that have predictions under another model input (stale only). */
export function corpusStaleOnly(db: Db, questionId: string, hash: string): number {
  return db
    .prepare(
      `SELECT count(DISTINCT pd.document_id) FROM prediction_documents pd JOIN coding_state s ON s.question_id = @q AND s.document_id = pd.document_id
       WHERE pd.run_id IN (SELECT id FROM prelabel_runs WHERE question_id = @q AND model_input_hash <> @h)
         AND (s.suggestion_hash IS NOT @h OR s.suggestion_label_id IS NULL)`,
    )
    .pluck()
    .get({ q: questionId, h: hash }) as number;
}

/** Histogram of the top-label score of every unit with a current prediction: HISTOGRAM_BINS equal-width
 * bins over [0, 1], counted with the corpus counts ([Note: SQL bins]; multi-label: from the scored logits). */
export function corpusScoreHistogram(corpus: CorpusCounts): Array<{ lower: number; upper: number; count: number }> {
  const bins = HISTOGRAM_BINS;
  const counts = corpus.top ?? new Array<number>(bins).fill(0);
  return counts.map((count, b) => ({ lower: b / bins, upper: (b + 1) / bins, count }));
}
