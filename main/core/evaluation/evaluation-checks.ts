// The parts of an evaluation that check its input and say what its truth is: a breakdown column must
// exist, gold must exist to compare against it, whose decisions are the truth (coders with counts,
// documents decided by several coders), a breakdown by a many-valued column is capped, and the
// model's accuracy on the blind sample that anchoring compares with (the table's own number when the
// table is that sample).
import {
  PrelabelError,
  type AnchoringBlind,
  type CodebookQuestion,
  type EvaluationResult,
  type ParsedInput,
  type TruthCoders,
} from '../../../common/contract';
import { listSamples, metadataColumns } from '../coding/samples';
import type { Db } from '../store/project-db';
import { isUnit } from '../store/units';
import { wilsonInterval } from '../stats';
import { jsonPath, type CorpusCounts } from './corpus-counts';
import { multiCoderDocuments, readPredictions, readTruth, type TruthRow } from './evaluation-data';
import type { UsedDocument } from './metrics';

/** A breakdown column must be a metadata column of the units: else a one-line error naming those that are. */
export function requireColumn(db: Db, column: string): void {
  // SQLite's JSON paths have no escape for a double quote or a backslash inside a quoted key (found by the contract fuzz).
  if (column.includes('"') || column.includes('\\'))
    throw new PrelabelError(
      'INVALID_INPUT',
      `The numbers cannot be broken down by a column whose name holds a double quote or a backslash (${column}): rename the column when importing.`,
    );
  const columns = metadataColumns(db).map((c) => c.name);
  if (columns.includes(column)) return;
  // The column list reads the first units only; a column that appears later still counts.
  const later = db
    .prepare(`SELECT 1 FROM documents d WHERE ${isUnit('d')} AND json_type(d.metadata, ?) IS NOT NULL LIMIT 1`)
    .pluck()
    .get(jsonPath(column));
  if (later) return;
  throw new PrelabelError(
    'INVALID_INPUT',
    `There is no metadata column "${column}" to break the numbers down by.${columns.length ? ` The columns: ${columns.map((c) => `"${c}"`).join(', ')}.` : ' The documents have no metadata columns.'}`,
  );
}

/** Comparing against gold needs gold labels that name the question's labels: else a one-line error. */
export function requireGold(db: Db, question: CodebookQuestion, rows: number, unmatched: number): void {
  if (rows > 0) return;
  if (unmatched === 0)
    throw new PrelabelError(
      'INVALID_INPUT',
      `"${question.name}" has no gold labels: no document was imported with a gold value. Import a gold column, or compare against human decisions or a validation sample.`,
    );
  throw new PrelabelError(
    'INVALID_INPUT',
    `"${question.name}" has no gold labels: none of the ${unmatched} gold values names one of its labels (by name or code).`,
  );
}

/** Whose decisions are the truth: each coder with the documents whose truth they gave; documents decided by several. */
export function coderSummary(
  db: Db,
  question: CodebookQuestion,
  rows: readonly TruthRow[],
  coder: string | null,
  sampleId: string | null,
): TruthCoders {
  const counts = new Map<string, number>();
  for (const r of rows) if (r.coder !== null) counts.set(r.coder, (counts.get(r.coder) ?? 0) + 1);
  return {
    coder,
    coders: [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name, documents]) => ({ name, documents })),
    multiCoder: coder === null ? multiCoderDocuments(db, question.id, sampleId, rows) : 0,
  };
}

/** [Note: breakdown cap] At most this many values of a breakdown column have their own row. */
export const MAX_GROUPS = 20;
export const OTHER_VALUES = '(other values)';

export interface GroupCap {
  /** A document's group: its value, or OTHER_VALUES when that value is not among the kept ones. */
  group: (value: string | null) => string | null;
  counts: Map<string, CorpusCounts> | null;
  note: string | null;
}

/**
 * A breakdown by a column with more than MAX_GROUPS values keeps the values with the most units
 * (with a current prediction; ties by value) and folds the rest into one row, OTHER_VALUES: a
 * thousand-value column would give a thousand tables, mostly of n = 0.
 */
export function capGroups(byGroup: Map<string, CorpusCounts> | null, column: string): GroupCap {
  if (!byGroup || byGroup.size <= MAX_GROUPS) return { group: (v) => v, counts: byGroup, note: null };
  const ranked = [...byGroup].sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const kept = new Map(ranked.slice(0, MAX_GROUPS));
  const other: CorpusCounts = { n: 0, counts: new Map() };
  for (const [, c] of ranked.slice(MAX_GROUPS)) {
    other.n += c.n;
    for (const [label, k] of c.counts) other.counts.set(label, (other.counts.get(label) ?? 0) + k);
  }
  kept.set(OTHER_VALUES, other);
  const folded = ranked.length - MAX_GROUPS;
  return {
    group: (v) => (kept.has(v ?? '') && v !== OTHER_VALUES ? v : OTHER_VALUES),
    counts: kept,
    note: `"${column}" has ${ranked.length} values: the breakdown shows the ${MAX_GROUPS} with the most units and one row "${OTHER_VALUES}" for the other ${folded} (${other.n} units).`,
  };
}

/**
 * The model's current accuracy on the blind validation sample, for anchoring ([Note: anchoring
 * comparisons]). Against that sample it is the table's own accuracy (subset accuracy) on the same
 * documents with the table's bootstrap interval; otherwise it is computed on the question's newest
 * sample (the same coder when one is named) with a Wilson interval, and says which sample.
 */
export function blindAccuracy(
  db: Db,
  question: CodebookQuestion,
  hash: string,
  input: ParsedInput<'evaluation.run'>,
  sampleId: string | null,
  coderId: string | null,
  used: readonly UsedDocument[],
  metrics: EvaluationResult['metrics'],
): AnchoringBlind {
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
  if (input.against === 'sample' && metrics) {
    const agreed = used.filter((d) => same(d.truth, d.model)).length;
    const iv = metrics.kind === 'single' ? metrics.intervals.accuracy : metrics.intervals.subsetAccuracy;
    return {
      decisions: used.length,
      agreed,
      share: iv.estimate,
      lower: iv.lower,
      upper: iv.upper,
      sampleId,
      sameAsTable: true,
      interval: 'bootstrap',
    };
  }
  const newest = sampleId ?? listSamples(db, question.id).find((s) => s.kind !== 'training')?.id ?? null;
  const empty = {
    decisions: 0,
    agreed: 0,
    share: null,
    lower: null,
    upper: null,
    sampleId: newest,
    sameAsTable: false,
    interval: 'wilson' as const,
  };
  if (newest === null || !hash) return empty;
  const truth = readTruth(db, question, 'sample', newest, coderId);
  const predictions = readPredictions(
    db,
    question,
    hash,
    truth.rows.map((r) => r.documentId),
  );
  let n = 0;
  let agreed = 0;
  for (const r of truth.rows) {
    const p = predictions.get(r.documentId);
    if (!p) continue;
    n++;
    if (same(r.labelIds, p.labelIds)) agreed++;
  }
  if (n === 0) return empty;
  const w = wilsonInterval(agreed, n);
  return { ...empty, decisions: n, agreed, share: w.estimate, lower: w.lower, upper: w.upper };
}
