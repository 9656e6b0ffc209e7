// The corrected repeated k-fold interval ([Note: corrected repeated cross-validation]) and the
// repeated cross-validated benefit ([Note: repeated cross-validated benefit]) against independent
// computations: t quantiles from scipy.stats.t.ppf, and the estimates and intervals recomputed here
// from plain counts of correct documents per fold.
import { describe, expect, it } from 'vitest';
import { repeatedCalibrationBenefit, type Repetition } from './benefit';
import { crossValidate, rawScores } from './classifier';
import { correctedInterval, studentQuantile } from './corrected-cv';
import { plantedSet } from './test-support/planted';

describe('Student t quantiles', () => {
  it('equal scipy.stats.t.ppf', () => {
    // /usr/bin/python3 -c "from scipy.stats import t; print([t.ppf(q, df) for ...])" (scipy 1.10.1)
    const scipy: Array<[number, number, number]> = [
      [0.95, 1, 12.706204736432095],
      [0.95, 2, 4.302652729911275],
      [0.95, 4, 2.7764451051977987],
      [0.95, 9, 2.2621571627409915],
      [0.95, 24, 2.0638985616280205],
      [0.95, 49, 2.009575234489209],
      [0.9, 7, 1.894578605061305],
      [0.99, 19, 2.860934606449914],
    ];
    // To 5e-9: scipy's ppf is itself off by up to 3e-9 (df 49: its own CDF, scipy.special.stdtr, gives
    // 0.975 exactly at our 2.0095752371292397 and 0.97499999986 at its 2.009575234489209).
    for (const [confidence, df, want] of scipy) expect(studentQuantile(confidence, df)).toBeCloseTo(want, 8);
  });

  it('widens the plain interval by the test/train ratio', () => {
    const values = [0.1, 0.3, 0.2, 0.25, 0.15, 0.05];
    const m = values.reduce((a, b) => a + b, 0) / values.length;
    const s2 = values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length - 1);
    const c = correctedInterval(0.2, values, 0.25, 0.95, { min: -1, max: 1 });
    const se = Math.sqrt((1 / 6 + 0.25) * s2);
    expect(c.se).toBeCloseTo(se, 14);
    expect(c.df).toBe(5);
    expect(c.lower).toBeCloseTo(0.2 - 2.5705818366147395 * se, 9);
    expect(c.upper).toBeCloseTo(0.2 + 2.5705818366147395 * se, 9);
  });
});

describe('repeated cross-validated benefit', () => {
  it('averages the repetitions and widens by the corrected fold variance (accuracy recomputed from counts)', () => {
    const set = plantedSet({ n: 150, kinds: ['biased', 'swapped', 'swapped', 'informative'], seed: 4, signal: 1.5 });
    const k = 4;
    const reps: Repetition[] = [0, 1, 2].map((r) => {
      const cv = crossValidate(set, { folds: 5, seed: 10 + r });
      return { probabilities: cv.probabilities, fold: cv.fold, folds: cv.folds };
    });
    const raw = rawScores(set.features, false);
    const b = repeatedCalibrationBenefit(set.truth, raw, reps, k, false, { replicates: 200, seed: 1 });
    const argmax = (p: Float64Array, i: number) => {
      let best = 0;
      for (let j = 1; j < k; j++) if (p[i * k + j]! > p[i * k + best]!) best = j;
      return best;
    };
    const correct = (p: Float64Array, i: number) => (argmax(p, i) === set.truth[i]![0] ? 1 : 0);
    let calibrated = 0;
    const diffs: number[] = [];
    let ratio = 0;
    for (const rep of reps) {
      let hits = 0;
      for (let i = 0; i < 150; i++) hits += correct(rep.probabilities, i);
      calibrated += hits / 150 / reps.length;
      for (let f = 0; f < 5; f++) {
        let size = 0;
        let d = 0;
        for (let i = 0; i < 150; i++)
          if (rep.fold[i] === f) {
            size++;
            d += correct(rep.probabilities, i) - correct(raw, i);
          }
        diffs.push(d / size);
        ratio += size / (150 - size) / 15;
      }
    }
    let rawHits = 0;
    for (let i = 0; i < 150; i++) rawHits += correct(raw, i);
    expect(b.repetitions).toBe(3);
    expect(b.foldEstimates).toBe(15);
    expect(b.calibrated.accuracy.estimate).toBeCloseTo(calibrated, 12);
    expect(b.raw.accuracy.estimate).toBeCloseTo(rawHits / 150, 12);
    const estimate = calibrated - rawHits / 150;
    expect(b.difference.accuracy.estimate).toBeCloseTo(estimate, 12);
    const m = diffs.reduce((a, x) => a + x, 0) / diffs.length;
    const s2 = diffs.reduce((a, x) => a + (x - m) ** 2, 0) / (diffs.length - 1);
    // scipy.stats.t.ppf(0.975, 14)
    const half = 2.1447866879169273 * Math.sqrt((1 / 15 + ratio) * s2);
    expect(b.difference.accuracy.lower).toBeCloseTo(estimate - half, 9);
    expect(b.difference.accuracy.upper).toBeCloseTo(estimate + half, 9);
    // The calibration is worth it here, and the interval says so.
    expect(b.difference.accuracy.lower!).toBeGreaterThan(0);
  });
});
