// The interval of a repeated cross-validation that counts the refitting: the corrected repeated
// k-fold t interval (Nadeau & Bengio 2003, "Inference for the generalization error", Machine
// Learning 52, 239-281; Bouckaert & Frank 2004, "Evaluating the replicability of significance tests
// for comparing learning algorithms", PAKDD). [Note: corrected repeated cross-validation]
//
// R repetitions of K-fold cross-validation give J = R x K fold estimates v_j, each computed on the
// documents its fit did not see. Their mean estimates the performance, but the v_j are correlated
// (the training sets overlap, and within a repetition every document is evaluated once), so their
// plain variance / J understates the estimate's variance. Nadeau and Bengio's correction replaces
// 1/J with 1/J + n_test/n_train:
//
//   variance = (1/J + n_test/n_train) x sampleVariance(v),   interval = estimate ± t(J - 1) x sqrt(variance)
//
// with n_test/n_train the mean ratio over the folds. The training-set variation that a bootstrap of
// fixed held-out predictions leaves out is what the n_test/n_train term adds back.
import { checkConfidence, sampleVariance } from '../stats/numeric';

/**
 * P(|T| < t) for Student's t with integer `df` degrees of freedom, from the closed forms of
 * Abramowitz & Stegun 26.7.3 and 26.7.4 (theta = atan(t / sqrt(df))).
 */
export function studentTwoSided(t: number, df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new Error(`studentTwoSided: degrees of freedom must be a positive integer, not ${df}`);
  const theta = Math.atan(Math.abs(t) / Math.sqrt(df));
  const s = Math.sin(theta);
  const c2 = Math.cos(theta) ** 2;
  if (df % 2 === 1) {
    if (df === 1) return (2 / Math.PI) * theta;
    let term = 1;
    let sum = 1;
    for (let k = 3; k <= df - 2; k += 2) {
      term *= ((k - 1) / k) * c2;
      sum += term;
    }
    return (2 / Math.PI) * (theta + s * Math.cos(theta) * sum);
  }
  let term = 1;
  let sum = 1;
  for (let k = 2; k <= df - 2; k += 2) {
    term *= ((k - 1) / k) * c2;
    sum += term;
  }
  return s * sum;
}

/** The t quantile with P(|T| < t) = confidence (two-sided), by bisection to rounding error. */
export function studentQuantile(confidence: number, df: number): number {
  checkConfidence(confidence);
  let lo = 0;
  let hi = 1;
  while (studentTwoSided(hi, df) < confidence) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTwoSided(mid, df) < confidence) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface CorrectedInterval {
  estimate: number;
  lower: number;
  upper: number;
  /** The corrected standard error. */
  se: number;
  /** Degrees of freedom of the t quantile (J - 1). */
  df: number;
}

/**
 * The corrected repeated k-fold interval around `estimate` from the fold estimates `values` (J of
 * them) and the mean test/train size ratio of the folds; clipped to [min, max].
 */
export function correctedInterval(
  estimate: number,
  values: ArrayLike<number>,
  testTrainRatio: number,
  confidence: number,
  bounds: { min: number; max: number },
): CorrectedInterval {
  const j = values.length;
  const se = Math.sqrt((1 / j + testTrainRatio) * sampleVariance(values));
  const half = studentQuantile(confidence, j - 1) * se;
  return {
    estimate,
    lower: Math.max(bounds.min, estimate - half),
    upper: Math.min(bounds.max, estimate + half),
    se,
    df: j - 1,
  };
}
