// Every statistic of main/core/stats against an independent computation: scikit-learn 1.2,
// statsmodels, scipy and numpy, from scripts/stats/make_fixtures.py (cases in fixture_cases.py).
// Tolerance: 1e-9 absolute for shares, rates and intervals; 1e-9 relative for sample sizes and
// quantiles far in the tails; counts exactly.
import { describe, expect, it } from 'vitest';
import {
  bootstrapClassification,
  bootstrapMultiLabel,
  classificationReport,
  labelPrevalence,
  multiLabelReport,
  normalQuantile,
  ppiMean,
  binarySummary,
  reliabilityDiagram,
  scoreHistogram,
  validationSampleSize,
  waldInterval,
  wilsonInterval,
  type Averages,
  type BootstrapInterval,
  type LabelMetrics,
} from './index';
import { fixtures, type Avg, type Num, type Prf } from './test-support/sklearn-fixtures';

const TOL = 1e-9;

function close(actual: Num | undefined, expected: Num | undefined, what: string, tol = TOL): void {
  if (expected === null || expected === undefined) {
    expect(actual ?? null, what).toBeNull();
    return;
  }
  expect(actual, what).not.toBeNull();
  expect(Math.abs((actual as number) - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
}

function closeAvg(actual: Averages, expected: Avg, what: string): void {
  close(actual.precision, expected.precision, `${what} precision`);
  close(actual.recall, expected.recall, `${what} recall`);
  close(actual.f1, expected.f1, `${what} f1`);
}

function closePerLabel(actual: LabelMetrics[], expected: Prf): void {
  actual.forEach((m, i) => {
    close(m.precision, expected.precision[i] as number, `${m.label} precision`);
    close(m.recall, expected.recall[i] as number, `${m.label} recall`);
    close(m.f1, expected.f1[i] as number, `${m.label} f1`);
    expect(m.support, `${m.label} support`).toBe(expected.support[i]);
  });
}

describe(`statistics against scikit-learn ${fixtures.versions.sklearn}, statsmodels ${fixtures.versions.statsmodels}, numpy, scipy`, () => {
  it('normal quantiles match scipy.stats.norm.ppf (1e-12 relative)', () => {
    for (const { p, q } of fixtures.normalQuantile) close(normalQuantile(p), q, `ppf(${p})`, 1e-12 * Math.max(1, Math.abs(q)));
  });

  it("Wilson intervals match statsmodels' proportion_confint(method='wilson'); Wald intervals its method='normal'", () => {
    for (const { x, n, confidence, interval } of fixtures.wilson) {
      const w = wilsonInterval(x, n, confidence);
      close(w.lower, interval[0], `wilson ${x}/${n} lower`);
      close(w.upper, interval[1], `wilson ${x}/${n} upper`);
    }
    for (const { x, n, confidence, interval } of fixtures.wald) {
      const w = waldInterval(x, n, confidence);
      close(w.lower, interval[0], `wald ${x}/${n} lower`);
      close(w.upper, interval[1], `wald ${x}/${n} upper`);
    }
  });

  it('validation sample sizes match the formula computed in numpy', () => {
    for (const c of fixtures.sampleSize) {
      const s = validationSampleSize({
        expected: c.expected,
        margin: c.margin,
        confidence: c.confidence,
        population: c.population ?? undefined,
      });
      close(s.z, c.z, 'z');
      close(s.n0, c.n0, 'n0', 1e-9 * c.n0);
      close(s.nCorrected, c.nCorrected, 'n corrected', 1e-9 * c.n0);
      expect(s.n).toBe(c.n);
    }
  });

  for (const c of fixtures.singleLabel) {
    it(`single-label: ${c.name}`, () => {
      const r = classificationReport(c.truth, c.prediction, c.labels, { ordered: c.ordered });
      const e = c.expected;
      expect(r.n).toBe(e.n);
      expect(r.dropped).toEqual(e.dropped);
      expect(r.confusion.counts).toEqual(e.confusion);
      r.confusion.rowShares.forEach((row, i) => row.forEach((v, j) => close(v, e.rowShares[i]![j] as number, `row share ${i},${j}`)));
      close(r.accuracy, e.accuracy, 'accuracy');
      closePerLabel(r.perLabel, e.perLabel);
      closeAvg(r.macro, e.macro, 'macro');
      closeAvg(r.weighted, e.weighted, 'weighted');
      closeAvg(r.micro, e.micro, 'micro');
      close(r.kappa, e.kappa, 'kappa');
      if (c.ordered) {
        close(r.weightedKappa?.linear, e.kappaLinear, 'linear kappa');
        close(r.weightedKappa?.quadratic, e.kappaQuadratic, 'quadratic kappa');
      } else expect(r.weightedKappa).toBeUndefined();
      // The labels sklearn silently reports as 0 are named: never predicted -> precision undefined.
      r.perLabel.forEach((m, i) => expect(m.undefined.includes('precision')).toBe(e.confusion.every((row) => row[i] === 0)));
    });
  }

  for (const c of fixtures.multiLabel) {
    it(`multi-label: ${c.name}`, () => {
      const r = multiLabelReport(c.truth, c.prediction, c.labels);
      const e = c.expected;
      expect(r.n).toBe(e.n);
      closePerLabel(r.perLabel, e.perLabel);
      closeAvg(r.micro, e.micro, 'micro');
      closeAvg(r.macro, e.macro, 'macro');
      closeAvg(r.weighted, e.weighted, 'weighted');
      close(r.micro.f1, e.f1Micro, 'f1_score micro');
      close(r.macro.f1, e.f1Macro, 'f1_score macro');
      close(r.subsetAccuracy, e.subsetAccuracy, 'subset accuracy');
      close(r.hammingLoss, e.hammingLoss, 'Hamming loss');
    });
  }

  for (const c of fixtures.calibration) {
    it(`calibration: ${c.name}`, () => {
      const d = reliabilityDiagram(c.confidence, c.correct, { bins: c.bins });
      const e = c.expected;
      expect(d.bins.map((b) => b.count)).toEqual(e.count);
      d.bins.forEach((b, i) => {
        close(b.meanConfidence, e.meanConfidence[i] ?? null, `bin ${i} confidence`);
        close(b.accuracy, e.accuracy[i] ?? null, `bin ${i} accuracy`);
      });
      close(d.ece, e.ece, 'ECE');
      if (e.sklearnProbTrue && e.sklearnProbPred) {
        // sklearn's calibration_curve returns the non-empty bins only.
        const filled = d.bins.filter((b) => b.count > 0);
        expect(filled.length).toBe(e.sklearnProbTrue.length);
        filled.forEach((b, i) => {
          close(b.accuracy, e.sklearnProbTrue![i] as number, `calibration_curve prob_true ${i}`);
          close(b.meanConfidence, e.sklearnProbPred![i] as number, `calibration_curve prob_pred ${i}`);
        });
      }
      expect(scoreHistogram(c.confidence, { bins: c.histogramBins }).map((b) => b.count)).toEqual(e.histogram);
    });
  }

  for (const c of fixtures.bootstrap) {
    it(`bootstrap percentile intervals on the same resamples as numpy: ${c.name}`, () => {
      const r = bootstrapClassification(c.truth, c.prediction, c.labels, {
        seed: c.seed,
        replicates: c.replicates,
        confidence: c.confidence,
      });
      const check = (actual: BootstrapInterval, key: string) => {
        const e = c.expected[key]!;
        close(actual.estimate, e.estimate, `${key} estimate`);
        close(actual.lower, e.lower, `${key} lower`);
        close(actual.upper, e.upper, `${key} upper`);
        expect(actual.replicates, `${key} replicates`).toBe(e.replicates);
      };
      check(r.accuracy, 'accuracy');
      check(r.macroF1, 'macroF1');
      check(r.weightedF1, 'weightedF1');
      check(r.microF1, 'microF1');
      check(r.kappa, 'kappa');
      r.perLabel.forEach((l, i) => {
        check(l.precision, `p${i}`);
        check(l.recall, `r${i}`);
        check(l.f1, `f${i}`);
      });
    });
  }

  for (const c of fixtures.multiLabelBootstrap) {
    it(`multi-label bootstrap on the same resamples as numpy: ${c.name}`, () => {
      const r = bootstrapMultiLabel(c.truth, c.prediction, c.labels, { seed: c.seed, replicates: c.replicates, confidence: c.confidence });
      const check = (actual: BootstrapInterval, key: string) => {
        const e = c.expected[key]!;
        close(actual.estimate, e.estimate, `${key} estimate`);
        close(actual.lower, e.lower, `${key} lower`);
        close(actual.upper, e.upper, `${key} upper`);
        expect(actual.replicates, `${key} replicates`).toBe(e.replicates);
      };
      for (const key of ['microF1', 'macroF1', 'weightedF1', 'subsetAccuracy', 'hammingLoss'] as const) check(r[key], key);
      r.perLabel.forEach((l, i) => {
        check(l.precision, `p${i}`);
        check(l.recall, `r${i}`);
        check(l.f1, `f${i}`);
      });
    });
  }

  for (const c of fixtures.ppi) {
    it(`prevalence (PPI, naive, human-only) against the paper's formulas in numpy: ${c.name}`, () => {
      const sample = c.sampleModel.map((model, i) => ({ model, human: c.sampleHuman[i]! }));
      const input = { labels: c.labels, corpusN: c.corpusN, corpusCounts: c.corpusCounts, sample };
      const rows = labelPrevalence(input, { confidence: c.confidence });
      const finite = labelPrevalence(input, { confidence: c.confidence, finitePopulation: true });
      const tuned = labelPrevalence(input, { confidence: c.confidence, powerTuning: true });
      rows.forEach((row, i) => {
        const e = c.expected[i]!;
        expect(row.label).toBe(e.label);
        for (const [got, want, name] of [
          [row.ppi!, e.ppi, 'ppi'],
          [finite[i]!.ppi!, e.ppiFinite, 'ppi finite'],
          [tuned[i]!.ppi!, e.ppiTuned, 'ppi++'],
        ] as const) {
          close(got.estimate, want.estimate, `${name} estimate`);
          close(got.standardError, want.se, `${name} SE`);
          close(got.lower, want.lower, `${name} lower`);
          close(got.upper, want.upper, `${name} upper`);
          close(got.width, want.upper - want.lower, `${name} width`);
        }
        for (const [got, want, name] of [
          [row.naive, e.naive, 'naive'],
          [row.human!, e.human, 'human'],
        ] as const) {
          close(got.estimate, want.estimate, `${name} estimate`);
          close(got.lower, want.lower, `${name} lower`);
          close(got.upper, want.upper, `${name} upper`);
        }
        close(tuned[i]!.ppi!.lambda, e.ppiTuned.lambda, 'ppi++ lambda');
        expect(row.ppi!.lambda).toBe(1);
        // ppiMean on the indicator arrays gives the same as labelPrevalence's counts.
        const f = c.sampleModel.map((m) => (m === e.label ? 1 : 0));
        const y = c.sampleHuman.map((h) => (h === e.label ? 1 : 0));
        close(ppiMean(binarySummary(c.corpusCounts[e.label]!, c.corpusN), f, y).estimate, e.ppi.estimate, 'ppiMean');
      });
    });
  }
});
