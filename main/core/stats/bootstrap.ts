// Seeded nonparametric bootstrap over documents with percentile intervals (the classification
// report's own, faster loop is bootstrap-classification.ts).
import { mulberry32 } from '../seeded-random';
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
  const out: Record<string, BootstrapInterval> = {};
  for (const [key, list] of Object.entries(values)) out[key] = percentileInterval(Float64Array.from(list), point[key] ?? null, confidence);
  return out;
}

/** The percentile interval of replicate values (undefined ones already left out); sorts `values` in place. */
export function percentileInterval(values: Float64Array, estimate: number | null, confidence: number): BootstrapInterval {
  const alpha = 1 - confidence;
  values.sort();
  const any = values.length > 0;
  return {
    estimate,
    lower: any ? sortedQuantile(values, alpha / 2) : null,
    upper: any ? sortedQuantile(values, 1 - alpha / 2) : null,
    replicates: values.length,
  };
}
