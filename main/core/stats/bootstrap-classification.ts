// Bootstrap intervals for the classification report: accuracy, macro/weighted/micro F1, Cohen's
// kappa and per-label precision, recall and F1, all from the same document resamples. Its own loop
// over flat typed arrays (no objects per replicate): 2,000 replicates of 2,000 decisions in well
// under the validation screen's budget.
import { mulberry32 } from '../seeded-random';
import { encodeLabels, pairLabels, type MaybeLabel } from './classification';
import { percentileInterval, type BootstrapInterval, type BootstrapOptions } from './bootstrap';
import { checkConfidence, invalid } from './numeric';

export interface ClassificationIntervals {
  /** Documents resampled: those with both a truth and a prediction. */
  n: number;
  accuracy: BootstrapInterval;
  macroF1: BootstrapInterval;
  weightedF1: BootstrapInterval;
  microF1: BootstrapInterval;
  kappa: BootstrapInterval;
  perLabel: { label: string; precision: BootstrapInterval; recall: BootstrapInterval; f1: BootstrapInterval }[];
}

const HEAD = 5; // accuracy, macroF1, weightedF1, microF1, kappa; then precision, recall, F1 per label

/**
 * Every statistic of one flat k x k confusion matrix into `out`, NaN where undefined; the same
 * definitions as metricsFromCounts (classification.ts): per-label metrics 0 where undefined inside
 * the macro and weighted averages (sklearn's zero_division=0), NaN in their own slots.
 */
function statsOf(counts: Float64Array, k: number, out: Float64Array): void {
  let n = 0;
  let tpAll = 0;
  let chance = 0;
  let macro = 0;
  let weighted = 0;
  for (let i = 0; i < k; i++) {
    let row = 0;
    let col = 0;
    for (let j = 0; j < k; j++) {
      row += counts[i * k + j] as number;
      col += counts[j * k + i] as number;
    }
    const tp = counts[i * k + i] as number;
    const f1 = row + col ? (2 * tp) / (row + col) : NaN;
    out[HEAD + 3 * i] = col ? tp / col : NaN;
    out[HEAD + 3 * i + 1] = row ? tp / row : NaN;
    out[HEAD + 3 * i + 2] = f1;
    n += row;
    tpAll += tp;
    chance += row * col;
    if (row + col) {
      macro += f1;
      weighted += row * f1;
    }
  }
  out[0] = tpAll / n;
  out[1] = macro / k;
  out[2] = weighted / n;
  out[3] = tpAll / n; // micro F1 of a single-label question: 2 tp / (2 tp + fp + fn) with fp = fn = n - tp
  // Unweighted kappa as 1 - observed disagreement / chance disagreement (kappaFromCounts, weights 'none').
  const expected = n - chance / n;
  out[4] = expected === 0 ? NaN : 1 - (n - tpAll) / expected;
}

/**
 * Percentile bootstrap intervals (bootstrap.ts: B = 2000, 95%, seed 1 by default) over the documents
 * with both a truth and a prediction (pairLabels drops the others first). Resamples are drawn as
 * `resamples` draws them (index = floor(u n), u from mulberry32(seed)), so the reference script's
 * numpy intervals use the same ones.
 * [Note: undefined per-label replicates] In a resample where a label is never predicted (precision),
 * never true (recall), or neither (F1), that metric is undefined there: the replicate is left out of
 * its interval (not counted as 0), so the interval describes the metric where it exists;
 * `replicates` says how many entered. Kappa likewise when a resample holds one label only.
 */
export function bootstrapClassification(
  truth: readonly MaybeLabel[],
  prediction: readonly MaybeLabel[],
  labels: readonly string[],
  options: BootstrapOptions = {},
): ClassificationIntervals {
  const B = options.replicates ?? 2000;
  const confidence = checkConfidence(options.confidence ?? 0.95);
  if (!Number.isInteger(B) || B < 1) throw invalid(`The number of bootstrap replicates must be a whole number of at least 1, not ${B}.`);
  const pairs = pairLabels(truth, prediction, labels);
  const n = pairs.truth.length;
  if (n === 0) throw invalid('No document has both a label to compare against and a current prediction.');
  const k = labels.length;
  const t = encodeLabels(pairs.truth, labels);
  const p = encodeLabels(pairs.prediction, labels);
  const cell = new Int32Array(n);
  for (let i = 0; i < n; i++) cell[i] = (t[i] as number) * k + (p[i] as number);
  const width = HEAD + 3 * k;
  const counts = new Float64Array(k * k);
  const out = new Float64Array(width);
  for (let i = 0; i < n; i++) counts[cell[i] as number]!++;
  statsOf(counts, k, out);
  const point = Array.from(out, (v) => (Number.isNaN(v) ? null : v));
  const columns = Array.from({ length: width }, () => new Float64Array(B));
  const used = new Int32Array(width);
  const rng = mulberry32(options.seed ?? 1);
  for (let b = 0; b < B; b++) {
    counts.fill(0);
    for (let s = 0; s < n; s++) counts[cell[Math.floor(rng() * n)] as number]!++;
    statsOf(counts, k, out);
    for (let j = 0; j < width; j++) {
      const v = out[j] as number;
      if (!Number.isNaN(v)) columns[j]![used[j]!++] = v;
    }
  }
  const interval = (j: number) => percentileInterval(columns[j]!.subarray(0, used[j]), point[j] ?? null, confidence);
  return {
    n,
    accuracy: interval(0),
    macroF1: interval(1),
    weightedF1: interval(2),
    microF1: interval(3),
    kappa: interval(4),
    perLabel: labels.map((label, i) => ({
      label,
      precision: interval(HEAD + 3 * i),
      recall: interval(HEAD + 3 * i + 1),
      f1: interval(HEAD + 3 * i + 2),
    })),
  };
}
