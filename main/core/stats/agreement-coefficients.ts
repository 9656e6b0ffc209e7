// Multi-coder agreement coefficients on nominal values with missing codings: percent agreement,
// Fleiss' kappa and Gwet's AC1, from the distribution of coders over categories per unit; and the
// coder-by-coder matrix of Cohen's kappa and percent agreement. Pure: callers pass arrays.
import { kappaFromCounts, type KappaWeights } from './classification';
import type { Cell, ReliabilityData } from './krippendorff';
import { invalid } from './numeric';

/** Why a coefficient has no value. */
export type AgreementUndefined = 'no unit coded twice' | 'chance agreement is 1' | 'one category only';

export interface Coefficient {
  /** The coefficient; null when undefined (undefinedReason says why). */
  value: number | null;
  undefinedReason: AgreementUndefined | null;
  /** Observed agreement p_a (the mean share of agreeing coder pairs per unit); null without a unit coded twice. */
  observed: number | null;
  /** Chance agreement p_e of the coefficient (0 for percent agreement). */
  chance: number | null;
  /** Units coded by at least two coders (p_a is their mean). */
  units: number;
  /** Values in those units: the pairable values the coefficient rests on. */
  pairableValues: number;
}

/**
 * r[i][k]: how many coders gave unit i the category k (rows units, columns `categories`). A value
 * outside the categories is refused (the caller mixed questions).
 */
export function categoryCounts(data: ReliabilityData<string>, categories: readonly string[]): number[][] {
  const index = new Map(categories.map((c, i) => [c, i]));
  return data.map((row, u) => {
    const counts = new Array<number>(categories.length).fill(0);
    for (const v of row as readonly Cell<string>[]) {
      if (v === null || v === undefined) continue;
      const k = index.get(v);
      if (k === undefined) throw invalid(`The label "${v}" (unit ${u}) is not one of this question's labels.`);
      counts[k]! += 1;
    }
    return counts;
  });
}

/** p_a over the units coded at least twice, and pi_k (the mean share of category k per coded unit). */
function observedAndShares(counts: readonly (readonly number[])[]) {
  const q = counts[0]?.length ?? 0;
  let sum = 0;
  let units = 0;
  let pairableValues = 0;
  let coded = 0;
  const pi = new Array<number>(q).fill(0);
  for (const row of counts) {
    const r = row.reduce((a, b) => a + b, 0);
    if (r === 0) continue;
    coded++;
    for (let k = 0; k < q; k++) pi[k]! += (row[k] as number) / r;
    if (r < 2) continue;
    units++;
    pairableValues += r;
    sum += row.reduce((a, x) => a + x * (x - 1), 0) / (r * (r - 1));
  }
  return { observed: units ? sum / units : null, units, pairableValues, pi: pi.map((p) => (coded ? p / coded : 0)) };
}

function chanceCorrected(
  counts: readonly (readonly number[])[],
  chance: (pi: number[], q: number) => number | 'one category only',
): Coefficient {
  const { observed, units, pairableValues, pi } = observedAndShares(counts);
  const base = { units, pairableValues };
  if (observed === null) return { ...base, value: null, undefinedReason: 'no unit coded twice', observed: null, chance: null };
  const pe = chance(pi, pi.length);
  if (pe === 'one category only') return { ...base, value: null, undefinedReason: pe, observed, chance: null };
  if (Math.abs(1 - pe) < 1e-15) return { ...base, value: null, undefinedReason: 'chance agreement is 1', observed, chance: pe };
  return { ...base, value: (observed - pe) / (1 - pe), undefinedReason: null, observed, chance: pe };
}

/**
 * Percent agreement: p_a = (1/n') sum over the n' units coded at least twice of
 * sum_k r_ik (r_ik - 1) / (r_i (r_i - 1)), the share of agreeing coder pairs in a unit, averaged over
 * units (Fleiss 1971's P-bar; with two coders the share of units coded alike).
 */
export function percentAgreement(counts: readonly (readonly number[])[]): Coefficient {
  const { observed, units, pairableValues } = observedAndShares(counts);
  if (observed === null)
    return { value: null, undefinedReason: 'no unit coded twice', observed: null, chance: null, units, pairableValues };
  return { value: observed, undefinedReason: null, observed, chance: 0, units, pairableValues };
}

/**
 * Fleiss' kappa (Fleiss 1971, Psychol. Bull. 76:378-382): (p_a - p_e) / (1 - p_e), p_e = sum_k pi_k^2.
 * [Note: missing codings] Fleiss assumed every unit coded by the same number of coders. With missing
 * codings Prelabel follows Gwet (2014, Handbook of Inter-Rater Reliability, 4th ed., ch. 2; R irrCAC
 * fleiss.kappa.raw): p_a over the units coded at least twice, pi_k = mean over the units coded at
 * least once of r_ik / r_i. With complete data both are Fleiss' own (statsmodels fleiss_kappa).
 * Undefined when every coding is the same category (p_e = 1).
 */
export function fleissKappa(counts: readonly (readonly number[])[]): Coefficient {
  return chanceCorrected(counts, (pi) => pi.reduce((a, p) => a + p * p, 0));
}

/**
 * Gwet's AC1 (Gwet 2008, Br. J. Math. Stat. Psychol. 61:29-48; with missing codings Gwet 2014,
 * irrCAC gwet.ac1.raw): (p_a - p_e) / (1 - p_e), p_e = sum_k pi_k (1 - pi_k) / (q - 1), with q the
 * number of categories of the question (all of them, used or not: q changes p_e) and p_a, pi_k as for
 * Fleiss' kappa. Undefined for a question with one category (q - 1 = 0).
 */
export function gwetAC1(counts: readonly (readonly number[])[]): Coefficient {
  return chanceCorrected(counts, (pi, q) => (q < 2 ? 'one category only' : pi.reduce((a, p) => a + p * (1 - p), 0) / (q - 1)));
}

export interface CoderPair {
  a: string;
  b: string;
  /** Units both coders coded. */
  n: number;
  /** Share of those units they coded alike; null when n = 0. */
  agreement: number | null;
  /** Cohen's kappa on those units; null when n = 0 or undefined (both used one and the same label only). */
  kappa: number | null;
  /** Linear and quadratic weighted kappa (ordered questions only). */
  weightedKappa?: { linear: number | null; quadratic: number | null };
}

export interface CoderMatrix {
  coders: string[];
  /** Every pair of coders, in coder order (a before b). */
  pairs: CoderPair[];
  /** kappa[i][j] and agreement[i][j] (symmetric; null on the diagonal and where undefined); n[i][j] units both coded (diagonal: units coded). */
  kappa: (number | null)[][];
  agreement: (number | null)[][];
  n: number[][];
  /** Light's kappa (Light 1971): the mean of the defined pairwise kappas; null when none is defined. */
  meanKappa: number | null;
}

/**
 * Cohen's kappa (Cohen 1960; kappaFromCounts of classification.ts) and percent agreement for every
 * pair of coders on the units both coded, as a coder-by-coder matrix with the n of each pair.
 */
export function coderMatrix(
  data: ReliabilityData<string>,
  coders: readonly string[],
  categories: readonly string[],
  options: { ordered?: boolean } = {},
): CoderMatrix {
  const index = new Map(categories.map((c, i) => [c, i]));
  const m = coders.length;
  data.forEach((row, u) => {
    if (row.length !== m) throw invalid(`Unit ${u} has ${row.length} values for ${m} coders.`);
  });
  const q = categories.length;
  const grid = <T>(fill: T) => Array.from({ length: m }, () => new Array<T>(m).fill(fill));
  const kappa = grid<number | null>(null);
  const agreement = grid<number | null>(null);
  const n = grid(0);
  const pairs: CoderPair[] = [];
  for (let i = 0; i < m; i++) n[i]![i] = data.filter((row) => row[i] !== null && row[i] !== undefined).length;
  for (let i = 0; i < m; i++)
    for (let j = i + 1; j < m; j++) {
      const table = Array.from({ length: q }, () => new Array<number>(q).fill(0));
      let both = 0;
      let same = 0;
      data.forEach((row, u) => {
        const x = row[i];
        const y = row[j];
        if (x === null || x === undefined || y === null || y === undefined) return;
        const a = index.get(x);
        const b = index.get(y);
        if (a === undefined || b === undefined)
          throw invalid(`The label "${a === undefined ? x : y}" (unit ${u}) is not one of this question's labels.`);
        table[a]![b]! += 1;
        both++;
        if (a === b) same++;
      });
      const k = both ? kappaFromCounts(table) : null;
      const pair: CoderPair = { a: coders[i]!, b: coders[j]!, n: both, agreement: both ? same / both : null, kappa: k };
      if (options.ordered) {
        const w = (weights: KappaWeights) => (both ? kappaFromCounts(table, weights) : null);
        pair.weightedKappa = { linear: w('linear'), quadratic: w('quadratic') };
      }
      pairs.push(pair);
      kappa[i]![j] = kappa[j]![i] = k;
      agreement[i]![j] = agreement[j]![i] = pair.agreement;
      n[i]![j] = n[j]![i] = both;
    }
  const defined = pairs.map((p) => p.kappa).filter((k): k is number => k !== null);
  return {
    coders: [...coders],
    pairs,
    kappa,
    agreement,
    n,
    meanKappa: defined.length ? defined.reduce((a, b) => a + b, 0) / defined.length : null,
  };
}
