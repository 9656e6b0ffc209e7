// The agreement statistics against published worked examples and small cases computed by hand (in
// the comments). The comparison with NLTK, statsmodels and scikit-learn on seeded random data is
// agreement-fixtures.test.ts; the edge cases are agreement-edge-cases.test.ts.
import { describe, expect, it } from 'vitest';
import {
  categoryCounts,
  coderMatrix,
  fleissKappa,
  gwetAC1,
  krippendorffAlpha,
  percentAgreement,
  reliabilitySampleSize,
  setDistance,
  singleLabelAgreement,
} from './index';

const _ = null;
/** Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", sec. C: 4 observers, 12 units, missing values. */
const observers = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
];
const units = observers[0]!.map((_v, u) => observers.map((o) => o[u] ?? null));
const scale = [1, 2, 3, 4, 5];

/** Units x raters from a units x categories table of how many raters chose each category. */
function fromDistribution(table: number[][], categories: string[]): string[][] {
  return table.map((row) => row.flatMap((count, k) => new Array<string>(count).fill(categories[k]!)));
}

describe("Krippendorff's alpha: Krippendorff (2011), 4 observers, 12 units, missing values", () => {
  it('nominal 0.743, ordinal 0.815, interval 0.849, ratio 0.797', () => {
    expect(krippendorffAlpha(units, { level: 'nominal' }).alpha).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha(units, { level: 'ordinal', categories: scale }).alpha).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(units, { level: 'interval' }).alpha).toBeCloseTo(0.849, 3);
    expect(krippendorffAlpha(units, { level: 'ratio' }).alpha).toBeCloseTo(0.797, 3);
  });

  it("the paper's coincidence matrix: n_c = 9, 13, 10, 5, 3 (n = 40 pairable values); unit 12, coded once, drops out", () => {
    const r = krippendorffAlpha(units, { level: 'nominal', categories: scale });
    expect(r.marginals).toEqual([9, 13, 10, 5, 3]);
    expect(r.pairableValues).toBe(40);
    expect(r.pairableUnits).toBe(11);
    expect(r.unitsCodedOnce).toBe(1);
    // Row 1 of the paper's matrix: 7, 4/3, 1/3, 1/3, 0; row 5: 0, 0, 0, 0, 3.
    [7, 4 / 3, 1 / 3, 1 / 3, 0].forEach((o, k) => expect(r.coincidences[0]![k]).toBeCloseTo(o, 12));
    expect(r.coincidences[4]).toEqual([0, 0, 0, 0, 3]);
    // alpha = 1 - (n - 1) sum_{c != k} o_ck / sum_{c != k} n_c n_k = 1 - 39 * 8 / 1216 = 0.7434.
    expect(r.alpha).toBeCloseTo(1 - (39 * 8) / 1216, 12);
  });

  // Gwet's irrCAC (R) ships the same data as cac.raw4raters; its overview vignette gives Fleiss' kappa
  // 0.76117 (p_a 0.8181818, p_e 0.2387153), Gwet's AC1 0.77544 (p_e 0.1903212), percent agreement 0.8181818.
  it("Fleiss' kappa, AC1 and percent agreement with missing codings as Gwet's irrCAC computes them", () => {
    const data = units.map((row) => row.map((v) => (v === null ? null : String(v))));
    const counts = categoryCounts(data, ['1', '2', '3', '4', '5']);
    const fleiss = fleissKappa(counts);
    const ac1 = gwetAC1(counts);
    expect(fleiss.observed).toBeCloseTo(0.8181818, 7);
    expect(fleiss.chance).toBeCloseTo(0.2387153, 7);
    expect(fleiss.value).toBeCloseTo(0.76117, 5);
    expect(ac1.chance).toBeCloseTo(0.1903212, 7);
    expect(ac1.value).toBeCloseTo(0.77544, 5);
    expect(percentAgreement(counts).value).toBeCloseTo(0.8181818, 7);
    expect(fleiss.units).toBe(11);
  });
});

describe("Fleiss' kappa, published examples", () => {
  // Fleiss (1971), Table 1: 30 patients, 6 psychiatrists each, 5 diagnoses (statsmodels' and R irr's
  // `diagnoses`): kappa = 0.430.
  const diagnoses = [
    [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5], [2, 2, 2, 4, 4, 4],
    [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4], [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5],
    [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4], [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5],
    [3, 3, 3, 3, 3, 5], [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
    [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4], [1, 4, 4, 4, 4, 5],
    [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4], [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
  ]; // prettier-ignore
  const labels = ['depression', 'personality disorder', 'schizophrenia', 'neurosis', 'other'];

  it('Fleiss (1971): 30 patients, 6 psychiatrists, kappa = 0.430', () => {
    const data = diagnoses.map((row) => row.map((d) => labels[d - 1]!));
    const fleiss = fleissKappa(categoryCounts(data, labels));
    expect(fleiss.value).toBeCloseTo(0.43, 3);
    expect(fleiss.pairableValues).toBe(180);
  });

  // Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories;
  // P-bar = 0.378, P-bar_e = 0.213, kappa = 0.210.
  it('the Wikipedia example: P = 0.378, P_e = 0.213, kappa = 0.210', () => {
    const table = [
      [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ]; // prettier-ignore
    const cats = ['1', '2', '3', '4', '5'];
    const fleiss = fleissKappa(categoryCounts(fromDistribution(table, cats), cats));
    expect(fleiss.observed).toBeCloseTo(0.378, 3);
    expect(fleiss.chance).toBeCloseTo(0.213, 3);
    expect(fleiss.value).toBeCloseTo(0.21, 3);
  });
});

describe("Cohen's kappa for every pair of coders", () => {
  // SAS's PROC FREQ example as checked in statsmodels' tests: table [[0, 4, 1], [0, 8, 0], [0, 1, 5]],
  // kappa 0.4842 and weighted kappa (linear, Cicchetti-Allison weights) 0.4701.
  it('the SAS example: kappa 0.4842, linear weighted kappa 0.4701, n = 19', () => {
    const table = [
      [0, 4, 1],
      [0, 8, 0],
      [0, 1, 5],
    ];
    const cats = ['low', 'mid', 'high'];
    const data: string[][] = [];
    table.forEach((row, i) => row.forEach((count, j) => data.push(...new Array<string[]>(count).fill([cats[i]!, cats[j]!]))));
    const m = coderMatrix(data, ['A', 'B'], cats, { ordered: true });
    expect(m.pairs[0]!.n).toBe(19);
    expect(m.pairs[0]!.kappa).toBeCloseTo(0.4842, 4);
    expect(m.pairs[0]!.weightedKappa!.linear).toBeCloseTo(0.4701, 4);
    expect(m.meanKappa).toBeCloseTo(0.4842, 4);
  });

  // Wikipedia, "Cohen's kappa", simple example: 50 proposals, yes/yes 20, yes/no 5, no/yes 10, no/no 15: kappa 0.4.
  it('the grant-proposal example: kappa 0.4, agreement 0.7', () => {
    const data = [
      ...new Array<string[]>(20).fill(['yes', 'yes']),
      ...new Array<string[]>(5).fill(['yes', 'no']),
      ...new Array<string[]>(10).fill(['no', 'yes']),
      ...new Array<string[]>(15).fill(['no', 'no']),
    ];
    const m = coderMatrix(data, ['A', 'B'], ['yes', 'no']);
    expect(m.kappa[0]![1]).toBeCloseTo(0.4, 12);
    expect(m.agreement[1]![0]).toBeCloseTo(0.7, 12);
    expect(m.n).toEqual([
      [50, 50],
      [50, 50],
    ]);
  });
});

describe('every coefficient on one small case, by hand', () => {
  // 2 coders, 10 units: yes/yes 6, no/no 2, yes/no 1, no/yes 1. p_a = 0.8; pi = (0.7, 0.3).
  // Fleiss: p_e = 0.49 + 0.09 = 0.58, kappa = 0.22 / 0.42 = 0.5238 (= Cohen's: equal marginals).
  // AC1: p_e = 2 * 0.7 * 0.3 / (2 - 1) = 0.42, AC1 = 0.38 / 0.58 = 0.6552.
  // Alpha: n = 20, n_yes = 14, n_no = 6, o_yes,no = o_no,yes = 2: 1 - 19 * 4 / (2 * 14 * 6) = 0.5476.
  it('Fleiss 0.5238, Cohen 0.5238, AC1 0.6552, alpha 0.5476, agreement 0.8', () => {
    const data = [
      ...new Array<string[]>(6).fill(['yes', 'yes']),
      ...new Array<string[]>(2).fill(['no', 'no']),
      ['yes', 'no'],
      ['no', 'yes'],
    ];
    const r = singleLabelAgreement(data, ['A', 'B'], ['yes', 'no'], { bootstrap: { replicates: 50 } });
    expect(r.fleiss.value).toBeCloseTo(0.22 / 0.42, 12);
    expect(r.matrix.kappa[0]![1]).toBeCloseTo(0.22 / 0.42, 12);
    expect(r.ac1.value).toBeCloseTo(0.38 / 0.58, 12);
    expect(r.alpha.alpha).toBeCloseTo(1 - 76 / 168, 12);
    expect(r.percent.value).toBeCloseTo(0.8, 12);
    // Per label of a two-label question: each label against the other is the question itself.
    expect(r.perLabel[0]!.alpha.alpha).toBeCloseTo(1 - 76 / 168, 12);
    // ... and from the same resamples (one seed for the report): the same interval.
    expect(r.perLabel[0]!.alpha.interval).toEqual(r.alpha.interval);
  });
});

describe('MASI and Jaccard distances (Passonneau 2006)', () => {
  it('equal 0, subset 1 - J * 2/3, overlap 1 - J * 1/3, disjoint 1, two empty sets 0', () => {
    expect(setDistance(['a', 'b'], ['b', 'a'], 'masi')).toBe(0);
    expect(setDistance(['a', 'b'], ['a', 'b', 'c', 'd'], 'masi')).toBeCloseTo(1 - 0.5 * (2 / 3), 12);
    // NLTK's docstring: masi_distance({1, 2}, {1, 2, 3, 4}) = 0.665 with its rounded weight 0.67.
    expect(setDistance(['a', 'b'], ['a', 'b', 'c', 'd'], 'masi', [0.67, 0.33])).toBeCloseTo(0.665, 12);
    expect(setDistance(['a', 'b'], ['b', 'c'], 'masi')).toBeCloseTo(1 - 1 / 9, 12);
    expect(setDistance(['a'], ['b'], 'masi')).toBe(1);
    expect(setDistance([], [], 'masi')).toBe(0);
    expect(setDistance([], ['a'], 'masi')).toBe(1);
    expect(setDistance(['a', 'b'], ['b', 'c'], 'jaccard')).toBeCloseTo(2 / 3, 12);
  });
});

describe("Krippendorff's minimum reliability sample size", () => {
  // Krippendorff's table as quoted in the ATLAS.ti 8 inter-coder agreement manual (2019): four equally
  // common codes (P_c = 1/4), p = 0.05: 139 units for alpha_min = 0.800, 81 for 0.667.
  it('P_c = 1/4, p = 0.05: 139 for alpha_min 0.800, 81 for 0.667', () => {
    expect(reliabilitySampleSize({ alphaMin: 0.8, significance: 0.05, categories: 4 }).n).toBe(139);
    expect(reliabilitySampleSize({ alphaMin: 0.667, significance: 0.05, smallestShare: 0.25 }).n).toBe(81);
  });

  it('says the formula with its numbers and refuses what it cannot use', () => {
    const s = reliabilitySampleSize({ alphaMin: 0.667, smallestShare: 0.5 });
    expect(s.n).toBe(60);
    expect(s.text).toContain('60 documents');
    expect(() => reliabilitySampleSize({ alphaMin: 1.2, categories: 3 })).toThrow(/smallest acceptable alpha/);
    expect(() => reliabilitySampleSize({ alphaMin: 0.8 })).toThrow(/rarest label/);
    expect(() => reliabilitySampleSize({ smallestShare: 0.7 })).toThrow(/\(0, 0.5\]/);
  });
});
