// Intervals for a proportion (Wilson score, Wald) and the size of a validation sample (Cochran's
// formula with the finite population correction), with a helper that shows the formula with its numbers.
import { invalid, zForConfidence } from './numeric';

export interface ProportionInterval {
  estimate: number;
  lower: number;
  upper: number;
  /** upper - lower */
  width: number;
  n: number;
}

function checkCounts(successes: number, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw invalid(`A proportion needs at least one observation (n = ${n}).`);
  if (!Number.isInteger(successes) || successes < 0 || successes > n)
    throw invalid(`The count ${successes} must be a whole number between 0 and n = ${n}.`);
}

/**
 * The Wilson score interval for a proportion x/n (Wilson 1927, JASA 22:209-212), without continuity
 * correction: centre (x + z^2/2) / (n + z^2), half-width z / (n + z^2) * sqrt(x (n - x) / n + z^2 / 4).
 * [Note: Wilson, not Wald] It keeps close to nominal coverage for small n and for shares near 0 or 1,
 * where the Wald interval fails (Newcombe 1998, Stat. Med. 17:857-872; Brown, Cai & DasGupta 2001,
 * Stat. Sci. 16:101-133). Equals statsmodels' proportion_confint(method='wilson').
 */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): ProportionInterval {
  checkCounts(successes, n);
  const z = zForConfidence(confidence);
  const z2 = z * z;
  const centre = (successes + z2 / 2) / (n + z2);
  const half = (z / (n + z2)) * Math.sqrt((successes * (n - successes)) / n + z2 / 4);
  const lower = Math.max(0, centre - half);
  const upper = Math.min(1, centre + half);
  return { estimate: successes / n, lower, upper, width: upper - lower, n };
}

/**
 * The Wald (normal approximation) interval p +- z sqrt(p (1 - p) / n). Used only for the naive model
 * count, which is what a researcher who counts model labels would report; bounds clipped to [0, 1].
 */
export function waldInterval(successes: number, n: number, confidence = 0.95): ProportionInterval {
  checkCounts(successes, n);
  const p = successes / n;
  const half = zForConfidence(confidence) * Math.sqrt((p * (1 - p)) / n);
  const lower = Math.max(0, p - half);
  const upper = Math.min(1, p + half);
  return { estimate: p, lower, upper, width: upper - lower, n };
}

export interface SampleSizeInput {
  /** The share expected (e.g. the expected accuracy); 0.5 is the most cautious. */
  expected?: number;
  /** Half-width wanted for the interval, as a share (0.05 for +-5 points). */
  margin?: number;
  confidence?: number;
  /** The number of documents the sample is drawn from (no correction when omitted). */
  population?: number;
}

export interface SampleSize {
  z: number;
  expected: number;
  margin: number;
  confidence: number;
  population: number | null;
  /** z^2 p (1 - p) / e^2, unrounded. */
  n0: number;
  /** n0 / (1 + (n0 - 1) / N), unrounded (n0 when no population is given). */
  nCorrected: number;
  /** The sample size to draw: nCorrected rounded up, at most the population. */
  n: number;
  /** The formula with the numbers filled in, for the screen and the report. */
  text: string;
}

/**
 * The validation sample size for estimating a proportion p (e.g. accuracy) to within +-e:
 * n0 = z^2 p (1 - p) / e^2, and with the finite population correction n = n0 / (1 + (n0 - 1) / N)
 * (Cochran 1977, Sampling Techniques, 3rd ed., eqs. 4.2 and 4.3; the correction for sampling without
 * replacement from N documents). [Note: rounding] The correction is applied to the unrounded n0 and
 * the result rounded up, so the margin is met, as Cochran does. The formula assumes the Wald interval;
 * the Wilson interval reported afterwards has about the same width at these sizes.
 */
export function validationSampleSize(input: SampleSizeInput = {}): SampleSize {
  const p = input.expected ?? 0.5;
  const e = input.margin ?? 0.05;
  const confidence = input.confidence ?? 0.95;
  const population = input.population ?? null;
  if (!(p > 0 && p < 1)) throw invalid(`The expected share must lie strictly between 0 and 1, not ${p}.`);
  if (!(e > 0 && e < 1)) throw invalid(`The margin must lie strictly between 0 and 1 (0.05 for +-5 points), not ${e}.`);
  if (population !== null && (!Number.isInteger(population) || population < 1))
    throw invalid(`The population must be a whole number of documents, not ${population}.`);
  const z = zForConfidence(confidence);
  const n0 = (z * z * p * (1 - p)) / (e * e);
  const nCorrected = population === null ? n0 : n0 / (1 + (n0 - 1) / population);
  const n = Math.min(population ?? Infinity, Math.ceil(nCorrected - 1e-9));
  const f = (x: number, digits: number) => x.toFixed(digits);
  const pct = Math.round(confidence * 1000) / 10;
  let text =
    `n0 = z^2 * p * (1 - p) / e^2 = ${f(z, 3)}^2 * ${f(p, 2)} * ${f(1 - p, 2)} / ${f(e, 3)}^2 = ${f(n0, 1)}` +
    ` (z for ${pct}% confidence, expected share p = ${f(p, 2)}, margin e = +-${f(e * 100, 1)} points)`;
  if (population !== null)
    text += `; with the finite population correction n = n0 / (1 + (n0 - 1) / N) = ${f(n0, 1)} / (1 + ${f(n0 - 1, 1)} / ${population}) = ${f(nCorrected, 1)}`;
  text += `; sample size ${n} documents.`;
  return { z, expected: p, margin: e, confidence, population, n0, nCorrected, n, text };
}
