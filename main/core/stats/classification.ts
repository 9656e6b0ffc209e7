// Single-label classification metrics from (truth, prediction) pairs over a question's label set:
// the confusion matrix, accuracy, per-label precision/recall/F1/support, macro, weighted and micro
// averages, and Cohen's kappa (unweighted, linear and quadratic weights). Conventions follow
// scikit-learn 1.2 (checked against it in sklearn-fixtures.test.ts). Pure: callers pass arrays.
import { invalid } from './numeric';

/** A label given to a document, or null/undefined where there is none (no human decision, no prediction). */
export type MaybeLabel = string | null | undefined;

export interface Pairs {
  truth: string[];
  prediction: string[];
  /** Index in the caller's arrays of each kept pair. */
  kept: number[];
  /** Documents dropped because they had no truth (no human or gold label) or no prediction. */
  dropped: { noTruth: number; noPrediction: number };
}

/**
 * Pairs truth and prediction document by document and drops the incomplete ones.
 * [Note: missing decisions] The statistics module drops them, here, and says how many: a document
 * without a human (or gold) label, or without a current prediction, takes no part in any metric;
 * a document missing both counts as noTruth. Callers show `dropped` beside the numbers. A label
 * outside the label set is refused rather than dropped: it means the caller mixed questions.
 */
export function pairLabels(truth: readonly MaybeLabel[], prediction: readonly MaybeLabel[], labels: readonly string[]): Pairs {
  if (truth.length !== prediction.length)
    throw invalid(`Truth and prediction must have one entry per document (got ${truth.length} and ${prediction.length}).`);
  const known = new Set(labels);
  const out: Pairs = { truth: [], prediction: [], kept: [], dropped: { noTruth: 0, noPrediction: 0 } };
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i];
    const p = prediction[i];
    if (t === null || t === undefined) out.dropped.noTruth++;
    else if (p === null || p === undefined) out.dropped.noPrediction++;
    else {
      for (const label of [t, p])
        if (!known.has(label)) throw invalid(`The label "${label}" (document ${i}) is not one of this question's labels.`);
      out.truth.push(t);
      out.prediction.push(p);
      out.kept.push(i);
    }
  }
  return out;
}

/** Label indices of each pair, for computing on resamples without re-reading strings. */
export function encodeLabels(values: readonly string[], labels: readonly string[]): Int32Array {
  const index = new Map(labels.map((label, i) => [label, i]));
  const out = new Int32Array(values.length);
  values.forEach((v, i) => {
    const k = index.get(v);
    if (k === undefined) throw invalid(`The label "${v}" is not one of this question's labels.`);
    out[i] = k;
  });
  return out;
}

/**
 * Confusion counts C[i][j] = number of documents whose truth is labels[i] and prediction labels[j]
 * (rows truth, columns prediction: sklearn.metrics.confusion_matrix's layout), over the documents
 * `sample` names (every document when omitted; a bootstrap passes its resample).
 */
export function confusionCounts(truth: Int32Array, prediction: Int32Array, k: number, sample?: ArrayLike<number>): number[][] {
  const counts = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const n = sample ? sample.length : truth.length;
  for (let s = 0; s < n; s++) {
    const i = sample ? (sample[s] as number) : s;
    (counts[truth[i] as number] as number[])[prediction[i] as number]! += 1;
  }
  return counts;
}

export interface ConfusionMatrix {
  labels: string[];
  counts: number[][];
  rowTotals: number[];
  /** counts[i][j] / rowTotals[i]; 0 in a row with no documents (sklearn's normalize='true'); rowTotals says which. */
  rowShares: number[][];
}

export function confusionMatrix(counts: number[][], labels: readonly string[]): ConfusionMatrix {
  const rowTotals = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const rowShares = counts.map((row, i) => row.map((c) => (rowTotals[i] ? c / (rowTotals[i] as number) : 0)));
  return { labels: [...labels], counts, rowTotals, rowShares };
}

export type UndefinedMetric = 'precision' | 'recall' | 'f1';

export interface LabelMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Documents whose truth is this label. */
  support: number;
  /** Documents predicted as this label. */
  predicted: number;
  /** Metrics whose denominator was 0: reported as 0 (sklearn's zero_division=0), shown as "undefined". */
  undefined: UndefinedMetric[];
}

export interface Averages {
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Precision tp/(tp+fp), recall tp/(tp+fn), F1 2tp/(2tp+fp+fn) for one label.
 * [Note: zero division] When a denominator is 0 (a label never predicted: precision; never true:
 * recall; neither: F1) the value is 0, scikit-learn's default zero_division=0 (Pedregosa et al. 2011,
 * precision_recall_fscore_support), and the metric is listed in `undefined` so a screen can say
 * "undefined" instead of 0. Such zeros still enter the macro average, as in sklearn.
 */
export function binaryMetrics(label: string, tp: number, fp: number, fn: number): LabelMetrics {
  const undef: UndefinedMetric[] = [];
  if (tp + fp === 0) undef.push('precision');
  if (tp + fn === 0) undef.push('recall');
  if (2 * tp + fp + fn === 0) undef.push('f1');
  return {
    label,
    precision: tp + fp ? tp / (tp + fp) : 0,
    recall: tp + fn ? tp / (tp + fn) : 0,
    f1: 2 * tp + fp + fn ? (2 * tp) / (2 * tp + fp + fn) : 0,
    support: tp + fn,
    predicted: tp + fp,
    undefined: undef,
  };
}

/**
 * Macro (unweighted mean over the labels given, absent labels included as in sklearn when `labels`
 * is passed), weighted (mean weighted by support; 0 when no label has support) and micro
 * (precision, recall and F1 of the summed tp, fp, fn) averages.
 */
export function averages(perLabel: readonly LabelMetrics[], totals: { tp: number; fp: number; fn: number }) {
  const k = perLabel.length;
  const support = perLabel.reduce((a, m) => a + m.support, 0);
  const avg = (weight: (m: LabelMetrics) => number, denominator: number): Averages =>
    denominator === 0
      ? { precision: 0, recall: 0, f1: 0 }
      : {
          precision: perLabel.reduce((a, m) => a + weight(m) * m.precision, 0) / denominator,
          recall: perLabel.reduce((a, m) => a + weight(m) * m.recall, 0) / denominator,
          f1: perLabel.reduce((a, m) => a + weight(m) * m.f1, 0) / denominator,
        };
  const micro = binaryMetrics('micro', totals.tp, totals.fp, totals.fn);
  return {
    macro: avg(() => 1, k),
    weighted: avg((m) => m.support, support),
    micro: { precision: micro.precision, recall: micro.recall, f1: micro.f1 },
  };
}

export type KappaWeights = 'none' | 'linear' | 'quadratic';

/**
 * Cohen's kappa from a confusion matrix: kappa = 1 - sum(w * O) / sum(w * E), with O the observed
 * counts, E[i][j] = row_i * col_j / n the counts expected by chance, and disagreement weights w
 * (none: 1 off the diagonal; linear: |i - j|; quadratic: (i - j)^2, by the order of `labels`).
 * Unweighted this is (p_o - p_e) / (1 - p_e) (Cohen 1960, Educ. Psychol. Meas. 20:37-46); weighted,
 * Cohen 1968 (Psychol. Bull. 70:213-220). sklearn.metrics.cohen_kappa_score computes the same.
 * [Note: undefined kappa] When chance disagreement is 0 (both sides use one and the same label only)
 * kappa is 0/0: null here (sklearn returns nan).
 */
export function kappaFromCounts(counts: readonly (readonly number[])[], weights: KappaWeights = 'none'): number | null {
  const k = counts.length;
  const rows = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const cols = Array.from({ length: k }, (_, j) => counts.reduce((a, row) => a + (row[j] as number), 0));
  const n = rows.reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      const w = weights === 'none' ? (i === j ? 0 : 1) : weights === 'linear' ? Math.abs(i - j) : (i - j) ** 2;
      observed += w * (counts[i]![j] as number);
      expected += (w * (rows[i] as number) * (cols[j] as number)) / n;
    }
  return expected === 0 ? null : 1 - observed / expected;
}

/** Cohen's kappa between two label lists over `labels` (their order matters for weighted kappa). */
export function cohenKappa(
  a: readonly string[],
  b: readonly string[],
  labels: readonly string[],
  weights: KappaWeights = 'none',
): number | null {
  return kappaFromCounts(confusionCounts(encodeLabels(a, labels), encodeLabels(b, labels), labels.length), weights);
}

export interface ClassificationReport {
  labels: string[];
  /** Documents with both a truth and a prediction. */
  n: number;
  dropped: { noTruth: number; noPrediction: number };
  confusion: ConfusionMatrix;
  /** Share of documents whose prediction equals the truth. */
  accuracy: number;
  perLabel: LabelMetrics[];
  macro: Averages;
  weighted: Averages;
  micro: Averages;
  /** Unweighted Cohen's kappa between truth and prediction; null when undefined. */
  kappa: number | null;
  /** Linear and quadratic weighted kappa, only for ordered labels (options.ordered). */
  weightedKappa?: { linear: number | null; quadratic: number | null };
  /** Labels whose precision, recall or F1 was undefined (reported as 0). */
  undefinedLabels: Record<UndefinedMetric, string[]>;
}

/** Every metric of one confusion matrix (used by classificationReport and by each bootstrap replicate). */
export function metricsFromCounts(counts: number[][], labels: readonly string[], ordered = false) {
  let tpAll = 0;
  let n = 0;
  const perLabel = labels.map((label, i) => {
    const tp = counts[i]![i] as number;
    const rowTotal = (counts[i] as number[]).reduce((a, b) => a + b, 0);
    const colTotal = counts.reduce((a, row) => a + (row[i] as number), 0);
    tpAll += tp;
    n += rowTotal;
    return binaryMetrics(label, tp, colTotal - tp, rowTotal - tp);
  });
  const { macro, weighted, micro } = averages(perLabel, { tp: tpAll, fp: n - tpAll, fn: n - tpAll });
  const undefinedLabels: Record<UndefinedMetric, string[]> = { precision: [], recall: [], f1: [] };
  for (const m of perLabel) for (const u of m.undefined) undefinedLabels[u].push(m.label);
  return {
    accuracy: n ? tpAll / n : 0,
    perLabel,
    macro,
    weighted,
    micro,
    kappa: kappaFromCounts(counts),
    ...(ordered ? { weightedKappa: { linear: kappaFromCounts(counts, 'linear'), quadratic: kappaFromCounts(counts, 'quadratic') } } : {}),
    undefinedLabels,
  };
}

/**
 * The whole single-label report for truth against prediction over `labels` (a question's labels,
 * in the codebook's order; pass `ordered: true` for an ordinal scale to get weighted kappa).
 * Incomplete pairs are dropped (pairLabels). Refuses when no pair is left.
 */
export function classificationReport(
  truth: readonly MaybeLabel[],
  prediction: readonly MaybeLabel[],
  labels: readonly string[],
  options: { ordered?: boolean } = {},
): ClassificationReport {
  if (labels.length === 0) throw invalid("A classification report needs the question's labels.");
  const pairs = pairLabels(truth, prediction, labels);
  if (pairs.truth.length === 0) throw invalid('No document has both a label to compare against and a current prediction.');
  const counts = confusionCounts(encodeLabels(pairs.truth, labels), encodeLabels(pairs.prediction, labels), labels.length);
  return {
    labels: [...labels],
    n: pairs.truth.length,
    dropped: pairs.dropped,
    confusion: confusionMatrix(counts, labels),
    ...metricsFromCounts(counts, labels, options.ordered ?? false),
  };
}
