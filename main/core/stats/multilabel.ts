// Multi-label classification metrics: each document has a set of labels (the human's, and the
// model's after its thresholds). Per-label binary precision/recall/F1/support, micro, macro and
// weighted averages, subset accuracy and Hamming loss, with scikit-learn 1.2's conventions on
// indicator matrices (checked in sklearn-fixtures.test.ts).
import { averages, binaryMetrics, type Averages, type LabelMetrics, type UndefinedMetric } from './classification';
import { invalid } from './numeric';

/** A document's label set, or null/undefined where there is none (no human decision, no prediction). */
export type MaybeLabelSet = readonly string[] | null | undefined;

export interface MultiLabelReport {
  labels: string[];
  /** Documents with both a truth set and a predicted set (an empty set is a set: "no label applies"). */
  n: number;
  dropped: { noTruth: number; noPrediction: number };
  perLabel: LabelMetrics[];
  micro: Averages;
  macro: Averages;
  weighted: Averages;
  /** Share of documents whose predicted set equals the truth set exactly (sklearn accuracy_score on indicators). */
  subsetAccuracy: number;
  /** Share of (document, label) cells predicted wrongly: mismatches / (n * number of labels). */
  hammingLoss: number;
  undefinedLabels: Record<UndefinedMetric, string[]>;
}

/**
 * The multi-label report over `labels`.
 * Per label l: tp = documents with l in both sets, fp = predicted only, fn = true only; precision,
 * recall and F1 as in binaryMetrics, 0 where undefined (sklearn zero_division=0, listed in
 * `undefinedLabels`). Micro: the same from the summed tp, fp, fn over labels. Macro: the mean over
 * labels. Weighted: by support. Subset accuracy and Hamming loss as in sklearn (Tsoumakas &
 * Katakis 2007, "Multi-label classification: an overview", Int. J. Data Warehousing and Mining 3(3)).
 * [Note: missing decisions] As for single-label (pairLabels): documents without a truth set or
 * without a prediction are dropped here and counted in `dropped`; a label outside `labels` is refused.
 */
export function multiLabelReport(
  truth: readonly MaybeLabelSet[],
  prediction: readonly MaybeLabelSet[],
  labels: readonly string[],
): MultiLabelReport {
  const enc = encodeMultiLabel(truth, prediction, labels);
  if (enc.n === 0) throw invalid('No document has both a label set to compare against and a current prediction.');
  const t = tallyMultiLabel(enc);
  const k = labels.length;
  const perLabel = labels.map((label, l) => binaryMetrics(label, t.tp[l] as number, t.fp[l] as number, t.fn[l] as number));
  const sum = (xs: Float64Array) => xs.reduce((a, b) => a + b, 0);
  const { macro, weighted, micro } = averages(perLabel, { tp: sum(t.tp), fp: sum(t.fp), fn: sum(t.fn) });
  const undefinedLabels: Record<UndefinedMetric, string[]> = { precision: [], recall: [], f1: [] };
  for (const m of perLabel) for (const u of m.undefined) undefinedLabels[u].push(m.label);
  return {
    labels: [...labels],
    n: enc.n,
    dropped: enc.dropped,
    perLabel,
    micro,
    macro,
    weighted,
    subsetAccuracy: t.exact / enc.n,
    hammingLoss: t.mismatches / (enc.n * k),
    undefinedLabels,
  };
}

/** The kept documents as an n x k matrix of cells: bit 1 = the label is true, bit 0 = it is predicted. */
export interface EncodedMultiLabel {
  n: number;
  k: number;
  dropped: { noTruth: number; noPrediction: number };
  cells: Uint8Array;
}

/** Drops incomplete documents (see [Note: missing decisions] above) and encodes the rest. */
export function encodeMultiLabel(
  truth: readonly MaybeLabelSet[],
  prediction: readonly MaybeLabelSet[],
  labels: readonly string[],
): EncodedMultiLabel {
  if (truth.length !== prediction.length)
    throw invalid(`Truth and prediction must have one entry per document (got ${truth.length} and ${prediction.length}).`);
  if (labels.length === 0) throw invalid("A multi-label report needs the question's labels.");
  const index = new Map(labels.map((label, i) => [label, i]));
  const k = labels.length;
  const dropped = { noTruth: 0, noPrediction: 0 };
  const rows: Uint8Array[] = [];
  const mark = (row: Uint8Array, set: readonly string[], bit: number, doc: number) => {
    for (const label of set) {
      const i = index.get(label);
      if (i === undefined) throw invalid(`The label "${label}" (document ${doc}) is not one of this question's labels.`);
      row[i]! |= bit;
    }
  };
  for (let d = 0; d < truth.length; d++) {
    const t = truth[d];
    const p = prediction[d];
    if (!t) dropped.noTruth++;
    else if (!p) dropped.noPrediction++;
    else {
      const row = new Uint8Array(k);
      mark(row, t, 2, d);
      mark(row, p, 1, d);
      rows.push(row);
    }
  }
  const cells = new Uint8Array(rows.length * k);
  rows.forEach((row, d) => cells.set(row, d * k));
  return { n: rows.length, k, dropped, cells };
}

/** tp, fp, fn per label, exact matches and mismatched cells over the documents `sample` names (all when omitted). */
export function tallyMultiLabel(enc: EncodedMultiLabel, sample?: ArrayLike<number>) {
  const { k, cells } = enc;
  const tp = new Float64Array(k);
  const fp = new Float64Array(k);
  const fn = new Float64Array(k);
  let exact = 0;
  let mismatches = 0;
  const n = sample ? sample.length : enc.n;
  for (let s = 0; s < n; s++) {
    const base = (sample ? (sample[s] as number) : s) * k;
    let wrong = 0;
    for (let l = 0; l < k; l++) {
      const c = cells[base + l] as number;
      if (c === 3) tp[l]!++;
      else if (c === 1) fp[l]!++;
      else if (c === 2) fn[l]!++;
      if (c === 1 || c === 2) wrong++;
    }
    if (wrong === 0) exact++;
    mismatches += wrong;
  }
  return { tp, fp, fn, exact, mismatches, n };
}
