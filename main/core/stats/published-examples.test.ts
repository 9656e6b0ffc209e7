// The statistics against published worked examples and small cases computed by hand (in the
// comments), and the module's refusals of input it cannot use. The systematic comparison with
// scikit-learn, statsmodels and numpy is sklearn-fixtures.test.ts.
import { describe, expect, it } from 'vitest';
import {
  classificationReport,
  cohenKappa,
  kappaFromCounts,
  labelPrevalence,
  multiLabelReport,
  ppiMean,
  binarySummary,
  reliabilityDiagram,
  validationSampleSize,
  wilsonInterval,
  bootstrap,
  mean,
} from './index';

/** Expands a 2x2 or k x k table of counts into label lists (rows: first rater, columns: second). */
function fromTable(table: number[][], labels: string[]): { a: string[]; b: string[] } {
  const a: string[] = [];
  const b: string[] = [];
  table.forEach((row, i) =>
    row.forEach((count, j) => {
      for (let c = 0; c < count; c++) {
        a.push(labels[i]!);
        b.push(labels[j]!);
      }
    }),
  );
  return { a, b };
}

describe("Cohen's kappa, published examples", () => {
  // Wikipedia, "Cohen's kappa", section "Simple example": 50 grant proposals read by A and B;
  // both yes 20, A yes B no 5, A no B yes 10, both no 15: p_o = 0.70, p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.50, kappa = 0.40.
  it('the grant-proposal example gives kappa = 0.4', () => {
    const { a, b } = fromTable(
      [
        [20, 5],
        [10, 15],
      ],
      ['yes', 'no'],
    );
    expect(cohenKappa(a, b, ['yes', 'no'])).toBeCloseTo(0.4, 12);
  });

  // Same article, "Same percentages but different numbers": both tables agree on 60 of 100, yet
  // kappa is 0.1304 for [[45, 15], [25, 15]] and 0.2593 for [[25, 35], [5, 35]].
  it('equal agreement, different marginals: 0.1304 and 0.2593', () => {
    expect(
      kappaFromCounts([
        [45, 15],
        [25, 15],
      ]),
    ).toBeCloseTo(0.1304, 4);
    expect(
      kappaFromCounts([
        [25, 35],
        [5, 35],
      ]),
    ).toBeCloseTo(0.2593, 4);
  });

  // Weighted kappa by hand, labels low < mid < high, table [[2,1,0],[0,2,1],[1,0,3]] (n = 10):
  // rows 3,3,4; columns 3,3,4. Linear weights |i-j|: observed sum w*O = 1+1+2 = 4, expected
  // sum w*E = (1/10)(3*3*1 + 3*4*2 + 3*3*1 + 3*4*1 + 4*3*2 + 4*3*1) = 9.0, kappa_w = 1 - 4/9 = 5/9.
  it('linear weighted kappa by hand = 5/9', () => {
    expect(
      kappaFromCounts(
        [
          [2, 1, 0],
          [0, 2, 1],
          [1, 0, 3],
        ],
        'linear',
      ),
    ).toBeCloseTo(5 / 9, 12);
  });

  it('kappa is undefined (null), not 0 or 1, when both sides use one label only', () => {
    expect(cohenKappa(['a', 'a', 'a'], ['a', 'a', 'a'], ['a', 'b'])).toBeNull();
  });
});

describe('classification metrics, documented examples', () => {
  // scikit-learn's precision_recall_fscore_support docstring: macro (0.22, 0.33, 0.27), micro
  // (0.33, 0.33, 0.33), weighted (0.22, 0.33, 0.27).
  it("sklearn's cat/dog/pig example", () => {
    const r = classificationReport(
      ['cat', 'dog', 'pig', 'cat', 'dog', 'pig'],
      ['cat', 'pig', 'dog', 'cat', 'cat', 'dog'],
      ['cat', 'dog', 'pig'],
    );
    expect(r.macro.precision).toBeCloseTo(2 / 9, 12);
    expect(r.macro.recall).toBeCloseTo(1 / 3, 12);
    expect(r.macro.f1).toBeCloseTo(4 / 15, 12);
    expect(r.micro.f1).toBeCloseTo(1 / 3, 12);
    expect(r.weighted.f1).toBeCloseTo(4 / 15, 12);
    expect(r.accuracy).toBeCloseTo(1 / 3, 12);
    // dog and pig are predicted but never right: precision 0, defined; nothing is undefined.
    expect(r.undefinedLabels).toEqual({ precision: [], recall: [], f1: [] });
  });

  it('a label never predicted has precision 0 reported as undefined, and missing decisions are dropped and counted', () => {
    const r = classificationReport(['a', 'b', null, 'b', 'a'], ['a', 'a', 'a', undefined, 'a'], ['a', 'b']);
    expect(r.n).toBe(3);
    expect(r.dropped).toEqual({ noTruth: 1, noPrediction: 1 });
    const b = r.perLabel.find((m) => m.label === 'b')!;
    expect([b.precision, b.recall, b.f1]).toEqual([0, 0, 0]);
    expect(b.undefined).toEqual(['precision']);
    expect(r.undefinedLabels.precision).toEqual(['b']);
  });

  // scikit-learn's hamming_loss docstring: hamming_loss([[0, 1], [1, 1]], zeros((2, 2))) = 0.75;
  // accuracy_score([[0, 1], [1, 1]], ones((2, 2))) = 0.5 (subset accuracy).
  it("multi-label: sklearn's Hamming loss and subset accuracy examples", () => {
    expect(multiLabelReport([['y'], ['x', 'y']], [[], []], ['x', 'y']).hammingLoss).toBeCloseTo(0.75, 12);
    expect(
      multiLabelReport(
        [['y'], ['x', 'y']],
        [
          ['x', 'y'],
          ['x', 'y'],
        ],
        ['x', 'y'],
      ).subsetAccuracy,
    ).toBeCloseTo(0.5, 12);
  });
});

describe('calibration by hand', () => {
  // Confidences 0.9, 0.9 (one right) fall in (0.8, 0.9]: accuracy 0.5, confidence 0.9, gap 0.4,
  // weight 2/4; 0.6, 0.6 (both right) in (0.5, 0.6]: gap 0.4, weight 2/4. ECE = 0.2 + 0.2 = 0.4.
  it('ECE = 0.4 for a two-bin example', () => {
    const d = reliabilityDiagram([0.9, 0.9, 0.6, 0.6], [true, false, true, true]);
    expect(d.ece).toBeCloseTo(0.4, 12);
    expect(d.bins[8]).toMatchObject({ count: 2, accuracy: 0.5 });
    expect(d.bins[5]).toMatchObject({ count: 2, accuracy: 1 });
    expect(d.bins[0]).toMatchObject({ count: 0, accuracy: null, meanConfidence: null });
  });
});

describe('intervals and sample size, published examples', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion: comparison of seven
  // methods", Stat. Med. 17:857-872, worked examples, method 3 (score interval, no continuity
  // correction), to the 4 decimals published: 81/263 -> 0.2553-0.3662, 15/148 -> 0.0624-0.1605,
  // 0/20 -> 0-0.1611, 1/29 -> 0.0061-0.1718.
  it("Newcombe's Wilson intervals", () => {
    for (const [x, n, lo, hi] of [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ] as const) {
      const w = wilsonInterval(x, n);
      expect(Math.abs(w.lower - lo)).toBeLessThan(5e-5);
      expect(Math.abs(w.upper - hi)).toBeLessThan(5e-5);
    }
  });

  // Cochran's textbook case: p = 0.5, e = 0.05, 95%: n0 = 1.96^2 * 0.25 / 0.0025 = 384.16 (384.15 with
  // z = 1.95996), i.e. 385 documents; from 20,000 documents at expected accuracy 0.8:
  // n0 = 245.86, n = 245.86 / (1 + 244.86 / 20000) = 242.89 -> 243.
  it('sample sizes, with the formula shown with its numbers', () => {
    expect(validationSampleSize().n).toBe(385);
    const s = validationSampleSize({ expected: 0.8, margin: 0.05, population: 20000 });
    expect(s.n0).toBeCloseTo(245.85, 1);
    expect(s.n).toBe(243);
    expect(s.text).toContain('n0 = z^2 * p * (1 - p) / e^2 = 1.960^2 * 0.80 * 0.20 / 0.050^2 = 245.9');
    expect(s.text).toContain('n0 / (1 + (n0 - 1) / N) = 245.9 / (1 + 244.9 / 20000) = 242.9');
    expect(s.text).toContain('sample size 243 documents');
    expect(validationSampleSize({ population: 100 }).n).toBe(80);
  });
});

describe('prevalence by hand', () => {
  // N = 10 documents, the model gives the label to 4: mean_N(f) = 0.4, var_N(f) = 10 * 0.24 / 9.
  // Sample (f, Y): (1,1), (1,0), (0,0), (0,1): rectifier 0, 1, 0, -1, mean 0, variance 2/3.
  // theta_PP = 0.4 - 0 = 0.4; SE = sqrt((2.4 / 9) / 10 + (2/3) / 4) = sqrt(0.19333...) = 0.43970.
  it('the PPI estimate and its standard error', () => {
    const e = ppiMean(binarySummary(4, 10), [1, 1, 0, 0], [1, 0, 0, 1]);
    expect(e.estimate).toBeCloseTo(0.4, 12);
    expect(e.standardError).toBeCloseTo(Math.sqrt(2.4 / 90 + 1 / 6), 12);
    expect(e.lower).toBe(0); // clipped
    // For the corpus itself: SE = sqrt((1 - 4/10) * (2/3) / 4) = sqrt(0.1).
    expect(ppiMean(binarySummary(4, 10), [1, 1, 0, 0], [1, 0, 0, 1], { finitePopulation: true }).standardError).toBeCloseTo(
      Math.sqrt(0.1),
      12,
    );
  });

  // PPI++ with a model that never gives the label (var_N(f) = 0): lambda = 0, the estimate is the
  // human-only mean 1/3, its SE the sample's sqrt(var(Y) / n) = sqrt((1/3) / 3).
  it('PPI++ falls back to the human-only mean when the model carries no information', () => {
    const e = ppiMean(binarySummary(0, 10), [0, 0, 0], [1, 0, 0], { powerTuning: true });
    expect(e.lambda).toBe(0);
    expect(e.estimate).toBeCloseTo(1 / 3, 12);
    expect(e.standardError).toBeCloseTo(Math.sqrt(1 / 9), 12);
  });

  it('per label: naive, human-only and PPI side by side; no PPI from fewer than 2 sample documents', () => {
    const rows = labelPrevalence({
      labels: ['a', 'b'],
      corpusN: 100,
      corpusCounts: { a: 60, b: 40 },
      sample: [{ model: 'a', human: 'b' }],
    });
    expect(rows[0]!.naive.estimate).toBe(0.6);
    expect(rows[0]!.human!.estimate).toBe(0);
    expect(rows[0]!.ppi).toBeNull();
  });
});

describe('refusals', () => {
  it('a label outside the question, unequal lengths and empty input are refused with a sentence', () => {
    expect(() => classificationReport(['a'], ['c'], ['a', 'b'])).toThrow(/"c" \(document 0\) is not one of this question's labels/);
    expect(() => classificationReport(['a'], [], ['a'])).toThrow(/one entry per document/);
    expect(() => classificationReport([null], ['a'], ['a'])).toThrow(/No document has both/);
    expect(() => reliabilityDiagram([1.2], [true])).toThrow(/between 0 and 1/);
    expect(() => wilsonInterval(3, 2)).toThrow(/between 0 and n = 2/);
    expect(() => validationSampleSize({ margin: 5 })).toThrow(/0.05 for \+-5 points/);
    expect(() => ppiMean(binarySummary(1, 3), [1, 0, 1, 0], [1, 0, 1, 0])).toThrow(/cannot be larger than the corpus/);
  });

  it('the bootstrap is seeded: the same seed gives the same interval, another seed another', () => {
    const values = Array.from({ length: 50 }, (_, i) => (i * 37) % 11);
    const stat = (s: Int32Array) => ({ mean: mean(Array.from(s, (i) => values[i]!)) });
    const a = bootstrap(50, stat, { seed: 3, replicates: 500 });
    expect(bootstrap(50, stat, { seed: 3, replicates: 500 })).toEqual(a);
    expect(bootstrap(50, stat, { seed: 4, replicates: 500 }).mean!.lower).not.toBe(a.mean!.lower);
    expect(a.mean!.estimate).toBeCloseTo(mean(values), 12);
  });
});
