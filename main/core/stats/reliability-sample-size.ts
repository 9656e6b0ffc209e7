// How many documents a reliability sample needs (issue 14, item 2): Krippendorff's minimum sample size.
import { invalid, normalQuantile } from './numeric';

export interface ReliabilitySampleSizeInput {
  /** The smallest alpha that would still be accepted (0.667 for tentative conclusions, 0.8 by default). */
  alphaMin?: number;
  /** Significance level p: the risk of accepting data whose alpha is below alphaMin (0.05 by default). */
  significance?: number;
  /**
   * P_c, the expected share of the least common category (0 < P_c <= 0.5). Without it, 1 / (number
   * of categories), i.e. equally common labels; pass the smallest expected share when labels are rare.
   */
  smallestShare?: number;
  categories?: number;
}

export interface ReliabilitySampleSize {
  alphaMin: number;
  significance: number;
  smallestShare: number;
  /** The one-sided z for the significance level. */
  z: number;
  /** The formula's value, unrounded. */
  exact: number;
  /** Units to be coded by every coder (at least two): `exact` rounded up. */
  n: number;
  /** The formula with the numbers filled in. */
  text: string;
}

/**
 * Krippendorff's minimum number of units for a reliability sample (Content Analysis, 2nd ed. 2004,
 * ch. 11, and later editions: the table of minimum sample sizes by alpha_min, p and P_c), which uses Bloch &
 * Kraemer's (1989, Biometrics 45:269-287, eq. 3.7) sample size for testing that agreement exceeds a
 * minimum:
 *   N = 2 z^2 ( (1 + alpha_min)(3 - alpha_min) / (4 (1 - alpha_min) P_c (1 - P_c)) - alpha_min ),
 * z the one-sided standard normal quantile for the significance level p, P_c the probability of the
 * least frequent category. It reproduces the published table values (as quoted in the ATLAS.ti 8
 * inter-coder agreement manual, 2019: P_c = 1/4, p = 0.05: 139 units for alpha_min = 0.800, 81 for
 * 0.667). [Note: two coders] The table is for two coders per unit; with
 * more coders every unit yields more pairable values, so N units is then on the safe side.
 */
export function reliabilitySampleSize(input: ReliabilitySampleSizeInput = {}): ReliabilitySampleSize {
  const alphaMin = input.alphaMin ?? 0.8;
  const significance = input.significance ?? 0.05;
  if (!(alphaMin > 0 && alphaMin < 1)) throw invalid(`The smallest acceptable alpha must lie strictly between 0 and 1, not ${alphaMin}.`);
  if (!(significance > 0 && significance < 0.5))
    throw invalid(`The significance level must lie strictly between 0 and 0.5 (0.05), not ${significance}.`);
  let pc = input.smallestShare;
  if (pc === undefined) {
    const k = input.categories;
    if (k === undefined || !Number.isInteger(k) || k < 2)
      throw invalid('The sample size needs the expected share of the rarest label, or the number of labels (at least 2).');
    pc = 1 / k;
  }
  if (!(pc > 0 && pc <= 0.5)) throw invalid(`The share of the rarest label must lie in (0, 0.5], not ${pc}.`);
  const z = normalQuantile(1 - significance);
  const bracket = ((1 + alphaMin) * (3 - alphaMin)) / (4 * (1 - alphaMin) * pc * (1 - pc)) - alphaMin;
  const exact = 2 * z * z * bracket;
  const n = Math.ceil(exact - 1e-9);
  const f = (x: number, d = 3) => x.toFixed(d);
  const text =
    `N = 2 z^2 ((1 + a)(3 - a) / (4 (1 - a) Pc (1 - Pc)) - a) = 2 * ${f(z)}^2 * ((1 + ${f(alphaMin)})(3 - ${f(alphaMin)})` +
    ` / (4 * ${f(1 - alphaMin)} * ${f(pc)} * ${f(1 - pc)}) - ${f(alphaMin)}) = ${f(exact, 1)}` +
    ` (a = smallest acceptable alpha, z one-sided for p = ${significance}, Pc = share of the rarest label);` +
    ` ${n} documents coded by every coder (Krippendorff 2004, Bloch & Kraemer 1989).`;
  return { alphaMin, significance, smallestShare: pc, z, exact, n, text };
}
