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
  if (truth.length !== prediction.length)
    throw invalid(`Truth and prediction must have one entry per document (got ${truth.length} and ${prediction.length}).`);
  if (labels.length === 0) throw invalid("A multi-label report needs the question's labels.");
  const index = new Map(labels.map((label, i) => [label, i]));
  const k = labels.length;
  const tp = new Array<number>(k).fill(0);
  const fp = new Array<number>(k).fill(0);
  const fn = new Array<number>(k).fill(0);
  const dropped = { noTruth: 0, noPrediction: 0 };
  let n = 0;
  let exact = 0;
  let mismatches = 0;
  const toSet = (set: readonly string[], doc: number): Set<number> =>
    new Set(
      set.map((label) => {
        const i = index.get(label);
        if (i === undefined) throw invalid(`The label "${label}" (document ${doc}) is not one of this question's labels.`);
        return i;
      }),
    );
  for (let d = 0; d < truth.length; d++) {
    const t = truth[d];
    const p = prediction[d];
    if (!t) {
      dropped.noTruth++;
      continue;
    }
    if (!p) {
      dropped.noPrediction++;
      continue;
    }
    const ts = toSet(t, d);
    const ps = toSet(p, d);
    n++;
    let wrong = 0;
    for (let l = 0; l < k; l++) {
      const inT = ts.has(l);
      const inP = ps.has(l);
      if (inT && inP) tp[l]!++;
      else if (inP) fp[l]!++;
      else if (inT) fn[l]!++;
      if (inT !== inP) wrong++;
    }
    if (wrong === 0) exact++;
    mismatches += wrong;
  }
  if (n === 0) throw invalid('No document has both a label set to compare against and a current prediction.');
  const perLabel = labels.map((label, l) => binaryMetrics(label, tp[l] as number, fp[l] as number, fn[l] as number));
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const { macro, weighted, micro } = averages(perLabel, { tp: sum(tp), fp: sum(fp), fn: sum(fn) });
  const undefinedLabels: Record<UndefinedMetric, string[]> = { precision: [], recall: [], f1: [] };
  for (const m of perLabel) for (const u of m.undefined) undefinedLabels[u].push(m.label);
  return {
    labels: [...labels],
    n,
    dropped,
    perLabel,
    micro,
    macro,
    weighted,
    subsetAccuracy: exact / n,
    hammingLoss: mismatches / (n * k),
    undefinedLabels,
  };
}
