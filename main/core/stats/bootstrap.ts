// Seeded nonparametric bootstrap over documents with percentile intervals, and its use for the
// classification report (accuracy, F1s, kappa, per-label metrics, all from the same resamples).
import { mulberry32 } from '../seeded-random';
import { confusionCounts, encodeLabels, metricsFromCounts, pairLabels, type MaybeLabel } from './classification';
import { checkConfidence, invalid, sortedQuantile } from './numeric';

export interface BootstrapOptions {
  /** Number of resamples B (2000 by default). */
  replicates?: number;
  /** 0.95 by default. */
  confidence?: number;
  /** Seed of the resampling stream (1 by default); callers pass the project's seed and report it. */
  seed?: number;
}

export interface BootstrapInterval {
  /** The statistic on the documents themselves (not a bootstrap mean). */
  estimate: number | null;
  /** Percentile interval; null when no replicate defined the statistic. */
  lower: number | null;
  upper: number | null;
  /** Replicates in which the statistic was defined (those that entered the interval). */
  replicates: number;
}

/** Statistics of one (re)sample of the document indices; null where a statistic is undefined. */
export type Statistic = (sample: Int32Array) => Readonly<Record<string, number | null>>;

/**
 * The resamples: each replicate draws n indices with replacement, index = floor(u * n) with u the
 * next number of mulberry32(seed) (main/core/seeded-random.ts), replicate after replicate. The
 * reference script re-implements this stream, so its numpy intervals use the same resamples.
 */
export function* resamples(n: number, replicates: number, seed: number): Generator<Int32Array> {
  const rng = mulberry32(seed);
  for (let b = 0; b < replicates; b++) {
    const sample = new Int32Array(n);
    for (let i = 0; i < n; i++) sample[i] = Math.floor(rng() * n);
    yield sample;
  }
}

/**
 * The percentile bootstrap (Efron & Tibshirani 1993, An Introduction to the Bootstrap, ch. 13):
 * B resamples of the n documents with replacement; each statistic's interval is the alpha/2 and
 * 1 - alpha/2 quantiles (numpy's linear definition, sortedQuantile) of its B replicate values.
 * [Note: resampling unit] The unit is the document: every statistic of one replicate is computed on
 * the same resample, so intervals of related metrics are consistent with each other.
 * [Note: undefined replicates] A replicate in which a statistic is undefined (kappa when a resample
 * holds one label only) is left out of that statistic's interval, and `replicates` says how many
 * entered; callers should show a warning when it is well below B.
 */
export function bootstrap(n: number, statistic: Statistic, options: BootstrapOptions = {}): Record<string, BootstrapInterval> {
  const replicates = options.replicates ?? 2000;
  const confidence = checkConfidence(options.confidence ?? 0.95);
  if (!Number.isInteger(n) || n < 1) throw invalid(`A bootstrap needs at least one document (n = ${n}).`);
  if (!Number.isInteger(replicates) || replicates < 1)
    throw invalid(`The number of bootstrap replicates must be a whole number of at least 1, not ${replicates}.`);
  const identity = new Int32Array(n);
  for (let i = 0; i < n; i++) identity[i] = i;
  const point = statistic(identity);
  const values: Record<string, number[]> = {};
  for (const key of Object.keys(point)) values[key] = [];
  for (const sample of resamples(n, replicates, options.seed ?? 1)) {
    const stats = statistic(sample);
    for (const key of Object.keys(values)) {
      const v = stats[key];
      if (v !== null && v !== undefined && Number.isFinite(v)) values[key]!.push(v);
    }
  }
  const alpha = 1 - confidence;
  const out: Record<string, BootstrapInterval> = {};
  for (const [key, list] of Object.entries(values)) {
    const sorted = Float64Array.from(list).sort();
    out[key] = {
      estimate: point[key] ?? null,
      lower: sorted.length ? sortedQuantile(sorted, alpha / 2) : null,
      upper: sorted.length ? sortedQuantile(sorted, 1 - alpha / 2) : null,
      replicates: sorted.length,
    };
  }
  return out;
}

export interface ClassificationIntervals {
  n: number;
  accuracy: BootstrapInterval;
  macroF1: BootstrapInterval;
  weightedF1: BootstrapInterval;
  microF1: BootstrapInterval;
  kappa: BootstrapInterval;
  perLabel: { label: string; precision: BootstrapInterval; recall: BootstrapInterval; f1: BootstrapInterval }[];
}

/**
 * Bootstrap intervals for the classification report's headline numbers and per-label metrics, over
 * the documents that have both a truth and a prediction (pairLabels drops the others first).
 * [Note: undefined per-label replicates] In a resample where a label is never predicted (precision)
 * or never true (recall) the metric is undefined: those replicates are left out (not counted as 0),
 * so an interval describes the metric where it exists; `replicates` says how many were used.
 */
export function bootstrapClassification(
  truth: readonly MaybeLabel[],
  prediction: readonly MaybeLabel[],
  labels: readonly string[],
  options: BootstrapOptions = {},
): ClassificationIntervals {
  const pairs = pairLabels(truth, prediction, labels);
  const t = encodeLabels(pairs.truth, labels);
  const p = encodeLabels(pairs.prediction, labels);
  const result = bootstrap(
    pairs.truth.length,
    (sample) => {
      const m = metricsFromCounts(confusionCounts(t, p, labels.length, sample), labels);
      const stats: Record<string, number | null> = {
        accuracy: m.accuracy,
        macroF1: m.macro.f1,
        weightedF1: m.weighted.f1,
        microF1: m.micro.f1,
        kappa: m.kappa,
      };
      m.perLabel.forEach((l, i) => {
        stats[`p${i}`] = l.undefined.includes('precision') ? null : l.precision;
        stats[`r${i}`] = l.undefined.includes('recall') ? null : l.recall;
        stats[`f${i}`] = l.undefined.includes('f1') ? null : l.f1;
      });
      return stats;
    },
    options,
  );
  const get = (key: string) => result[key] as BootstrapInterval;
  return {
    n: pairs.truth.length,
    accuracy: get('accuracy'),
    macroF1: get('macroF1'),
    weightedF1: get('weightedF1'),
    microF1: get('microF1'),
    kappa: get('kappa'),
    perLabel: labels.map((label, i) => ({ label, precision: get(`p${i}`), recall: get(`r${i}`), f1: get(`f${i}`) })),
  };
}
