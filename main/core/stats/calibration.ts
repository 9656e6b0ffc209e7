// Calibration of the model's scores: reliability-diagram bins with the expected calibration error
// (ECE) of the top label, and the histogram of scores. Pure: callers pass the confidences.
import { invalid } from './numeric';

export interface ReliabilityBin {
  /** The bin is (lower, upper]; the first bin also holds 0. */
  lower: number;
  upper: number;
  count: number;
  /** Mean confidence of the bin's documents; null for an empty bin. */
  meanConfidence: number | null;
  /** Share of the bin's documents whose top label was right; null for an empty bin. */
  accuracy: number | null;
}

export interface ReliabilityDiagram {
  bins: ReliabilityBin[];
  n: number;
  /** Expected calibration error: sum over bins of (count / n) * |accuracy - meanConfidence|. */
  ece: number;
}

function checkUnit(value: number, what: string, i: number): number {
  if (!(value >= 0 && value <= 1)) throw invalid(`The ${what} of document ${i} must lie between 0 and 1, not ${value}.`);
  return value;
}

/**
 * The edges of m equal-width bins over [lo, hi]: lo + b * ((hi - lo) / m), the last one hi exactly.
 * [Note: bin edges] These are numpy.linspace's edges, which numpy.histogram and
 * sklearn.calibration.calibration_curve use, so a value near an edge falls in the same bin here and
 * there (b * (1/m) is not always b / m in floating point: 17 * (1/20) = 0.8500000000000001).
 */
export function binEdges(m: number, lo = 0, hi = 1): number[] {
  const step = (hi - lo) / m;
  return Array.from({ length: m + 1 }, (_, b) => (b === m ? hi : lo + b * step));
}

/**
 * The reliability bin of x: bins are closed on the right, (edge[b], edge[b+1]], and the first bin also
 * holds its lower edge, as in Guo et al. (2017) and as calibration_curve assigns them (searchsorted on
 * the inner edges): a confidence of exactly 0.5 with 10 bins falls in (0.4, 0.5].
 */
export function binIndex(x: number, edges: readonly number[]): number {
  const m = edges.length - 1;
  let b = Math.min(m - 1, Math.max(0, Math.ceil(((x - edges[0]!) / (edges[m]! - edges[0]!)) * m) - 1));
  while (b > 0 && x <= edges[b]!) b--;
  while (b < m - 1 && x > edges[b + 1]!) b++;
  return b;
}

/**
 * Reliability-diagram bins and the expected calibration error.
 *
 * `confidence[i]` is the model's top-label confidence for document i (the score of the label it
 * suggests; for multi-label, pass one label's score with correct = whether that label's decision was
 * right), `correct[i]` whether that top label matches the truth. With B_m the documents in bin m:
 * acc(B_m) = (1/|B_m|) sum correct, conf(B_m) = (1/|B_m|) sum confidence,
 * ECE = sum_m (|B_m| / n) |acc(B_m) - conf(B_m)|
 * (Naeini, Cooper & Hauskrecht 2015, AAAI; Guo, Pleiss, Sun & Weinberger 2017, "On calibration of
 * modern neural networks", ICML, eq. 3). [Note: ECE definition] Top-label confidence, equal-width
 * bins (10 by default), each bin weighted by its share of documents; empty bins contribute nothing.
 */
export function reliabilityDiagram(
  confidence: readonly number[],
  correct: readonly boolean[],
  options: { bins?: number } = {},
): ReliabilityDiagram {
  const m = options.bins ?? 10;
  if (!Number.isInteger(m) || m < 1) throw invalid(`The number of bins must be a whole number of at least 1, not ${m}.`);
  if (confidence.length !== correct.length)
    throw invalid(`Confidence and correctness must have one entry per document (got ${confidence.length} and ${correct.length}).`);
  const n = confidence.length;
  if (n === 0) throw invalid('A reliability diagram needs at least one document.');
  const edges = binEdges(m);
  const count = new Array<number>(m).fill(0);
  const confSum = new Array<number>(m).fill(0);
  const rightSum = new Array<number>(m).fill(0);
  for (let i = 0; i < n; i++) {
    const c = checkUnit(confidence[i] as number, 'confidence', i);
    const b = binIndex(c, edges);
    count[b]!++;
    confSum[b]! += c;
    if (correct[i]) rightSum[b]!++;
  }
  let ece = 0;
  const bins: ReliabilityBin[] = count.map((c, b) => {
    const meanConfidence = c ? (confSum[b] as number) / c : null;
    const accuracy = c ? (rightSum[b] as number) / c : null;
    if (c) ece += (c / n) * Math.abs((accuracy as number) - (meanConfidence as number));
    return { lower: edges[b] as number, upper: edges[b + 1] as number, count: c, meanConfidence, accuracy };
  });
  return { bins, n, ece };
}

export interface HistogramBin {
  /** The bin is [lower, upper); the last bin is [lower, upper] (numpy.histogram's convention). */
  lower: number;
  upper: number;
  count: number;
}

/**
 * The distribution of scores: equal-width bins over [min, max] (20 over [0, 1] by default), each
 * [lower, upper) with the last one closed, as numpy.histogram counts them. Values outside [min, max]
 * are refused, so no score silently falls off the plot.
 */
export function scoreHistogram(values: readonly number[], options: { bins?: number; min?: number; max?: number } = {}): HistogramBin[] {
  const m = options.bins ?? 20;
  const lo = options.min ?? 0;
  const hi = options.max ?? 1;
  if (!Number.isInteger(m) || m < 1) throw invalid(`The number of bins must be a whole number of at least 1, not ${m}.`);
  if (!(hi > lo)) throw invalid(`A histogram needs max > min (got ${lo} and ${hi}).`);
  const edges = binEdges(m, lo, hi);
  const count = new Array<number>(m).fill(0);
  values.forEach((v, i) => {
    if (!(v >= lo && v <= hi)) throw invalid(`The score of document ${i} (${v}) lies outside [${lo}, ${hi}].`);
    let b = Math.min(m - 1, Math.floor(((v - lo) / (hi - lo)) * m));
    while (b > 0 && v < edges[b]!) b--;
    while (b < m - 1 && v >= edges[b + 1]!) b++;
    count[b]!++;
  });
  return count.map((c, b) => ({ lower: edges[b] as number, upper: edges[b + 1] as number, count: c }));
}
