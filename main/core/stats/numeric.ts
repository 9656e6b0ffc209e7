// Numeric building blocks of the statistics module: the standard normal quantile, sample quantiles,
// means and variances, and the one input check every statistic uses. Pure functions, no I/O.
import { PrelabelError } from '../../../common/contract/errors';

/** Refuses input a statistic cannot use, with a sentence naming what is wrong. */
export function invalid(message: string): PrelabelError {
  return new PrelabelError('INVALID_INPUT', message);
}

/** Checks a confidence level: a number strictly between 0 and 1 (0.95 for a 95% interval). */
export function checkConfidence(confidence: number): number {
  if (!(confidence > 0 && confidence < 1))
    throw invalid(`The confidence level must lie strictly between 0 and 1 (0.95 for 95%), not ${confidence}.`);
  return confidence;
}

/**
 * The quantile function of the standard normal distribution, Phi^-1(p).
 *
 * Algorithm AS 241 (PPND16), Wichura, M. J. (1988), "The percentage points of the normal distribution",
 * Applied Statistics 37(3), 477-484: rational approximations in three ranges of p, accurate to about
 * 1e-16 relative (the algorithm R's qnorm uses). Checked against scipy.stats.norm.ppf in the fixtures.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw invalid(`A normal quantile needs a probability strictly between 0 and 1, not ${p}.`);
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r +
          13731.693765509461125) *
          r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r +
        5394.1960214247511077) *
        r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1)
    );
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value =
      (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r +
        0.68976733498510000455) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    value =
      (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r +
        0.29656057182850489123) *
        r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r +
        0.0148753612908506148525) *
        r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1);
  }
  return q < 0 ? -value : value;
}

/** The two-sided critical value z = Phi^-1(1 - (1 - confidence)/2): 1.959963984540054 for 0.95. */
export function zForConfidence(confidence = 0.95): number {
  return normalQuantile(1 - (1 - checkConfidence(confidence)) / 2);
}

/**
 * The q-quantile of values already sorted ascending, by linear interpolation between order statistics:
 * h = (n - 1) q, x[floor(h)] + (h - floor(h)) (x[floor(h) + 1] - x[floor(h)]).
 * [Note: quantile definition] This is Hyndman & Fan (1996) definition 7, the default of numpy.quantile
 * and R's quantile(); the bootstrap's percentile intervals use it, so they match numpy's.
 */
export function sortedQuantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw invalid('A quantile of no values is undefined.');
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const below = sorted[lo] as number;
  if (lo >= n - 1) return sorted[n - 1] as number;
  return below + (h - lo) * ((sorted[lo + 1] as number) - below);
}

/** The arithmetic mean. */
export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) throw invalid('The mean of no values is undefined.');
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  return sum / values.length;
}

/** The sample variance with denominator n - 1 (numpy's var(ddof=1)); two passes for accuracy. */
export function sampleVariance(values: ArrayLike<number>): number {
  if (values.length < 2) throw invalid('A sample variance needs at least two values.');
  const m = mean(values);
  let ss = 0;
  for (let i = 0; i < values.length; i++) ss += ((values[i] as number) - m) ** 2;
  return ss / (values.length - 1);
}
