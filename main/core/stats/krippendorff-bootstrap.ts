// The bootstrap interval of Krippendorff's alpha: units resampled with replacement, seeded.
import { resamples, percentileInterval, type BootstrapInterval, type BootstrapOptions } from './bootstrap';
import {
  alphaOfSample,
  prepareAlpha,
  type PreparedAlpha,
  type AlphaOptions,
  type AlphaResult,
  type AlphaValue,
  type ReliabilityData,
} from './krippendorff';
import { checkConfidence, invalid } from './numeric';

export interface AlphaWithInterval<V> extends AlphaResult<V> {
  interval: BootstrapInterval;
  /**
   * Share of the replicates in which alpha fell below each threshold (0.667 and 0.8 by default): the
   * probability q of failing to reach alpha_min that KALPHA reports; null when no replicate had an alpha.
   */
  belowThresholds: { threshold: number; share: number | null }[];
  seed: number;
  confidence: number;
}

/**
 * Alpha with a percentile bootstrap interval: B resamples of the units (documents) with replacement,
 * drawn by `resamples` of bootstrap.ts (mulberry32(seed), index = floor(u n)); alpha is recomputed
 * on each resample from the coincidence entries of the units drawn (the ordinal metric from the
 * resample's own frequencies), and the interval is the alpha/2 and 1 - alpha/2 quantiles.
 * [Note: which bootstrap] Hayes & Krippendorff (2007, Communication Methods and Measures 1:77-89;
 * the KALPHA macro) resample pairable values: they draw pairs from the coincidence matrix as if pairs
 * were independent, and hold the expected disagreement fixed. Resampling units instead keeps a unit's
 * values together (values within a document are not independent), lets D_e vary as it does between
 * samples of documents, and is the same resampling unit as every other interval in Prelabel. Its
 * intervals are a little wider when coders disagree on some documents throughout.
 * All units are resampled, also those coded once: they carry no pair, so a resample's number of
 * pairable values varies as a new sample of documents would. A replicate in which alpha is undefined
 * (no pairable values, no variation) is left out and `interval.replicates` says how many entered.
 */
export function alphaBootstrap<V extends AlphaValue>(
  data: ReliabilityData<V>,
  options: AlphaOptions<V>,
  bootstrapOptions: BootstrapOptions & { thresholds?: readonly number[] } = {},
): AlphaWithInterval<V> {
  const replicates = bootstrapOptions.replicates ?? 2000;
  const confidence = checkConfidence(bootstrapOptions.confidence ?? 0.95);
  const seed = bootstrapOptions.seed ?? 1;
  if (!Number.isInteger(replicates) || replicates < 1)
    throw invalid(`The number of bootstrap replicates must be a whole number of at least 1, not ${replicates}.`);
  const prepared = prepareAlpha(data, options);
  const point = alphaOfSample(prepared);
  const thresholds = bootstrapOptions.thresholds ?? [0.667, 0.8];
  if (prepared.units === 0 || point.alpha === null)
    return {
      ...point,
      interval: { estimate: point.alpha, lower: null, upper: null, replicates: 0 },
      belowThresholds: thresholds.map((threshold) => ({ threshold, share: null })),
      seed,
      confidence,
    };
  const values: number[] = [];
  const k = prepared.values.length;
  const scratch = { marginals: new Float64Array(k), coincidences: new Float64Array(prepared.fixedDelta ? 0 : k * k) };
  for (const sample of resamples(prepared.units, replicates, seed)) {
    const a = resampleAlpha(prepared, sample, scratch);
    if (a !== null && Number.isFinite(a)) values.push(a);
  }
  const sorted = Float64Array.from(values);
  const interval = percentileInterval(sorted, point.alpha, confidence);
  const belowThresholds = thresholds.map((threshold) => ({
    threshold,
    share: sorted.length ? sorted.filter((a) => a < threshold).length / sorted.length : null,
  }));
  return { ...point, interval, belowThresholds, seed, confidence };
}

/**
 * Alpha alone of a resample of units, the bootstrap's inner loop: the sums of alphaOfSample without
 * building its result (D_o summed entry by entry where delta is fixed, D_e over the values present).
 * `scratch` holds k and k x k numbers reused between replicates. Null where alpha is undefined.
 */
export function resampleAlpha<V extends AlphaValue>(
  p: PreparedAlpha<V>,
  sample: ArrayLike<number>,
  scratch: { marginals: Float64Array; coincidences: Float64Array },
): number | null {
  const k = p.values.length;
  const { marginals, coincidences: o } = scratch;
  const fixed = p.fixedDelta;
  marginals.fill(0);
  if (!fixed) o.fill(0);
  let observed = 0;
  for (let s = 0; s < sample.length; s++) {
    const u = sample[s] as number;
    for (let e = p.unitStart[u] as number; e < (p.unitStart[u + 1] as number); e++) {
      const cell = (p.entryC[e] as number) * k + (p.entryK[e] as number);
      const w = p.entryW[e] as number;
      marginals[p.entryC[e] as number]! += w;
      if (fixed) observed += w * (fixed[cell] as number);
      else o[cell]! += w;
    }
  }
  let n = 0;
  const present: number[] = [];
  for (let c = 0; c < k; c++)
    if ((marginals[c] as number) > 0) {
      n += marginals[c] as number;
      present.push(c);
    }
  if (n === 0) return null;
  const delta = fixed ?? p.delta(marginals);
  if (!fixed) for (let cell = 0; cell < k * k; cell++) observed += (o[cell] as number) * (delta[cell] as number);
  let expected = 0;
  for (const c of present) {
    let row = 0;
    for (const j of present) row += (marginals[j] as number) * (delta[c * k + j] as number);
    expected += (marginals[c] as number) * row;
  }
  observed /= n;
  expected /= n * (n - 1);
  return expected === 0 ? null : 1 - observed / expected;
}
