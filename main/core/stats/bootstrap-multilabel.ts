// Bootstrap intervals for the multi-label report: micro, macro and weighted F1, subset accuracy,
// Hamming loss and per-label precision, recall and F1, all from the same document resamples.
import { mulberry32 } from '../seeded-random';
import { percentileInterval, type BootstrapInterval, type BootstrapOptions } from './bootstrap';
import { encodeMultiLabel, tallyMultiLabel, type MaybeLabelSet } from './multilabel';
import { checkConfidence, invalid } from './numeric';

export interface MultiLabelIntervals {
  /** Documents resampled: those with both a truth set and a predicted set. */
  n: number;
  microF1: BootstrapInterval;
  macroF1: BootstrapInterval;
  weightedF1: BootstrapInterval;
  subsetAccuracy: BootstrapInterval;
  hammingLoss: BootstrapInterval;
  perLabel: { label: string; precision: BootstrapInterval; recall: BootstrapInterval; f1: BootstrapInterval }[];
}

const HEAD = 5; // microF1, macroF1, weightedF1, subsetAccuracy, hammingLoss; then precision, recall, F1 per label

function statsOf(t: ReturnType<typeof tallyMultiLabel>, k: number, out: Float64Array): void {
  let tpAll = 0;
  let fpAll = 0;
  let fnAll = 0;
  let macro = 0;
  let weighted = 0;
  let support = 0;
  for (let l = 0; l < k; l++) {
    const tp = t.tp[l] as number;
    const fp = t.fp[l] as number;
    const fn = t.fn[l] as number;
    const f1 = 2 * tp + fp + fn ? (2 * tp) / (2 * tp + fp + fn) : NaN;
    out[HEAD + 3 * l] = tp + fp ? tp / (tp + fp) : NaN;
    out[HEAD + 3 * l + 1] = tp + fn ? tp / (tp + fn) : NaN;
    out[HEAD + 3 * l + 2] = f1;
    if (!Number.isNaN(f1)) {
      macro += f1;
      weighted += (tp + fn) * f1;
    }
    support += tp + fn;
    tpAll += tp;
    fpAll += fp;
    fnAll += fn;
  }
  // Averages take undefined per-label values as 0 (sklearn's zero_division=0), as multiLabelReport does.
  out[0] = 2 * tpAll + fpAll + fnAll ? (2 * tpAll) / (2 * tpAll + fpAll + fnAll) : 0;
  out[1] = macro / k;
  out[2] = support ? weighted / support : 0;
  out[3] = t.exact / t.n;
  out[4] = t.mismatches / (t.n * k);
}

/**
 * Percentile bootstrap intervals (bootstrap.ts: B = 2000, 95%, seed 1 by default) for the
 * multi-label report, over the documents with both sets (encodeMultiLabel drops the others), the
 * resamples drawn as `resamples` draws them. A per-label metric undefined in a resample is left out
 * of its interval, as in bootstrapClassification ([Note: undefined per-label replicates] there).
 */
export function bootstrapMultiLabel(
  truth: readonly MaybeLabelSet[],
  prediction: readonly MaybeLabelSet[],
  labels: readonly string[],
  options: BootstrapOptions = {},
): MultiLabelIntervals {
  const B = options.replicates ?? 2000;
  const confidence = checkConfidence(options.confidence ?? 0.95);
  if (!Number.isInteger(B) || B < 1) throw invalid(`The number of bootstrap replicates must be a whole number of at least 1, not ${B}.`);
  const enc = encodeMultiLabel(truth, prediction, labels);
  const { n, k } = enc;
  if (n === 0) throw invalid('No document has both a label set to compare against and a current prediction.');
  const width = HEAD + 3 * k;
  const out = new Float64Array(width);
  statsOf(tallyMultiLabel(enc), k, out);
  const point = Array.from(out, (v) => (Number.isNaN(v) ? null : v));
  const columns = Array.from({ length: width }, () => new Float64Array(B));
  const used = new Int32Array(width);
  const rng = mulberry32(options.seed ?? 1);
  const sample = new Int32Array(n);
  for (let b = 0; b < B; b++) {
    for (let s = 0; s < n; s++) sample[s] = Math.floor(rng() * n);
    statsOf(tallyMultiLabel(enc, sample), k, out);
    for (let j = 0; j < width; j++) {
      const v = out[j] as number;
      if (!Number.isNaN(v)) columns[j]![used[j]!++] = v;
    }
  }
  const interval = (j: number) => percentileInterval(columns[j]!.subarray(0, used[j]), point[j] ?? null, confidence);
  return {
    n,
    microF1: interval(0),
    macroF1: interval(1),
    weightedF1: interval(2),
    subsetAccuracy: interval(3),
    hammingLoss: interval(4),
    perLabel: labels.map((label, l) => ({
      label,
      precision: interval(HEAD + 3 * l),
      recall: interval(HEAD + 3 * l + 1),
      f1: interval(HEAD + 3 * l + 2),
    })),
  };
}
