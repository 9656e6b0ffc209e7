// What the calibrated classifier gains over raw zero-shot, measured on the same held-out rows:
// macro-F1 and accuracy of each, and their paired difference, with seeded percentile bootstrap
// intervals over documents (stats/bootstrap.ts: every replicate resamples the rows once and computes
// all six numbers on that one resample, so the difference's interval is paired).
//
// [Note: calibration benefit metrics] Predictions: single-label the most probable label (ties to the
// label first in the codebook), multi-label every label at or above 0.5, for raw scores and calibrated
// probabilities alike. Macro-F1 averages the per-label F1 (sklearn's zero_division=0) over the labels
// that the evaluated documents' human labels name (fixed for all replicates); accuracy is the share of
// documents whose predicted labels equal the human ones exactly (multi-label: subset accuracy).
import { bootstrap, type BootstrapInterval } from '../stats/bootstrap';
import { correctedInterval } from './corrected-cv';

export interface BenefitInterval {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
}

export interface CalibrationBenefit {
  /** Documents evaluated (held out in their fold). */
  n: number;
  replicates: number;
  seed: number;
  confidence: number;
  raw: { macroF1: BenefitInterval; accuracy: BenefitInterval };
  calibrated: { macroF1: BenefitInterval; accuracy: BenefitInterval };
  /** Calibrated minus raw. */
  difference: { macroF1: BenefitInterval; accuracy: BenefitInterval };
}

/** A bootstrap interval as the contract's BenefitInterval (nulls where it has none). */
const pick = (b: BootstrapInterval | undefined): BenefitInterval => ({
  estimate: b?.estimate ?? null,
  lower: b?.lower ?? null,
  upper: b?.upper ?? null,
});

/** 0/1 label matrix (n x K) of the predictions from scores. */
export function predictedLabels(scores: Float64Array, k: number, multiLabel: boolean): Uint8Array {
  const n = scores.length / k;
  const out = new Uint8Array(n * k);
  for (let i = 0; i < n; i++) {
    if (multiLabel) {
      for (let j = 0; j < k; j++) out[i * k + j] = scores[i * k + j]! >= 0.5 ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let j = 1; j < k; j++) if (scores[i * k + j]! > scores[i * k + best]!) best = j;
    out[i * k + best] = 1;
  }
  return out;
}

/** 0/1 label matrix of the human labels. */
export function truthLabels(truth: readonly number[][], k: number): Uint8Array {
  const out = new Uint8Array(truth.length * k);
  truth.forEach((t, i) => t.forEach((j) => (out[i * k + j] = 1)));
  return out;
}

/** Macro-F1 over `labels` and exact-match accuracy of one (re)sample of rows. */
export function macroF1AndAccuracy(
  truth: Uint8Array,
  predicted: Uint8Array,
  k: number,
  labels: readonly number[],
  sample: ArrayLike<number>,
): { macroF1: number; accuracy: number } {
  const tp = new Float64Array(k);
  const fp = new Float64Array(k);
  const fn = new Float64Array(k);
  let exact = 0;
  for (let s = 0; s < sample.length; s++) {
    const i = sample[s]!;
    let same = true;
    for (let j = 0; j < k; j++) {
      const t = truth[i * k + j]!;
      const p = predicted[i * k + j]!;
      if (t !== p) same = false;
      if (t && p) tp[j]!++;
      else if (p) fp[j]!++;
      else if (t) fn[j]!++;
    }
    if (same) exact++;
  }
  let f1 = 0;
  for (const j of labels) {
    const denominator = 2 * tp[j]! + fp[j]! + fn[j]!;
    f1 += denominator === 0 ? 0 : (2 * tp[j]!) / denominator;
  }
  return { macroF1: labels.length ? f1 / labels.length : 0, accuracy: sample.length ? exact / sample.length : 0 };
}

export interface BenefitOptions {
  replicates?: number;
  seed?: number;
  confidence?: number;
}

/** Raw against calibrated on the rows both score (every row of the cross-validation). */
export function calibrationBenefit(
  truth: readonly number[][],
  raw: Float64Array,
  calibrated: Float64Array,
  k: number,
  multiLabel: boolean,
  options: BenefitOptions = {},
): CalibrationBenefit {
  const replicates = options.replicates ?? 2000;
  const seed = options.seed ?? 1;
  const confidence = options.confidence ?? 0.95;
  const t = truthLabels(truth, k);
  const pr = predictedLabels(raw, k, multiLabel);
  const pc = predictedLabels(calibrated, k, multiLabel);
  const labels = [...new Set(truth.flat())].sort((a, b) => a - b);
  const intervals = bootstrap(
    truth.length,
    (sample) => {
      const r = macroF1AndAccuracy(t, pr, k, labels, sample);
      const c = macroF1AndAccuracy(t, pc, k, labels, sample);
      return {
        rawF1: r.macroF1,
        rawAccuracy: r.accuracy,
        calibratedF1: c.macroF1,
        calibratedAccuracy: c.accuracy,
        differenceF1: c.macroF1 - r.macroF1,
        differenceAccuracy: c.accuracy - r.accuracy,
      };
    },
    { replicates, seed, confidence },
  );
  return {
    n: truth.length,
    replicates,
    seed,
    confidence,
    raw: { macroF1: pick(intervals.rawF1), accuracy: pick(intervals.rawAccuracy) },
    calibrated: { macroF1: pick(intervals.calibratedF1), accuracy: pick(intervals.calibratedAccuracy) },
    difference: { macroF1: pick(intervals.differenceF1), accuracy: pick(intervals.differenceAccuracy) },
  };
}

/** One repetition of the cross-validation: every row's held-out probabilities and its fold. */
export interface Repetition {
  probabilities: Float64Array;
  fold: Int32Array;
  folds: number;
}

export interface RepeatedBenefit extends CalibrationBenefit {
  /** Repetitions R of the K-fold cross-validation (fold seeds seed, seed + 1, ...). */
  repetitions: number;
  /** Every fold of every repetition: J = R x K fold estimates entered the corrected intervals. */
  foldEstimates: number;
}

/**
 * [Note: repeated cross-validated benefit] Raw against calibrated over R repetitions of the K-fold
 * cross-validation. Raw zero-shot is not fitted: its estimates are the metrics on every row and its
 * intervals the paired percentile bootstrap over documents (as calibrationBenefit). The calibrated
 * classifier's estimate is the mean over the repetitions of its metric on all rows' held-out
 * predictions, the difference's that mean less raw's; their intervals are the corrected repeated
 * k-fold t intervals (corrected-cv.ts) from the metric of each fold's held-out rows (macro-F1 over
 * the labels those rows' human labels name), which add the variation of refitting to that of the
 * documents. Coverage on planted data against the benefit of the fit on all rows, measured on a large
 * independent held-out set: __fixtures__/calibration-coverage-n*.json, written by
 * test-support/calibration-coverage.ts (docs/STATISTICS.md has the table).
 */
export function repeatedCalibrationBenefit(
  truth: readonly number[][],
  raw: Float64Array,
  repetitions: readonly Repetition[],
  k: number,
  multiLabel: boolean,
  options: BenefitOptions = {},
): RepeatedBenefit {
  if (repetitions.length === 0) throw new Error('repeatedCalibrationBenefit: no repetition');
  const replicates = options.replicates ?? 2000;
  const seed = options.seed ?? 1;
  const confidence = options.confidence ?? 0.95;
  const t = truthLabels(truth, k);
  const pr = predictedLabels(raw, k, multiLabel);
  const labels = [...new Set(truth.flat())].sort((a, b) => a - b);
  const rawIntervals = bootstrap(
    truth.length,
    (sample) => {
      const r = macroF1AndAccuracy(t, pr, k, labels, sample);
      return { rawF1: r.macroF1, rawAccuracy: r.accuracy };
    },
    { replicates, seed, confidence },
  );
  const all = Int32Array.from(truth, (_, i) => i);
  const rawAll = macroF1AndAccuracy(t, pr, k, labels, all);
  let calibratedF1 = 0;
  let calibratedAccuracy = 0;
  const foldF1: number[] = [];
  const foldAccuracy: number[] = [];
  const diffF1: number[] = [];
  const diffAccuracy: number[] = [];
  let ratio = 0;
  for (const rep of repetitions) {
    const pc = predictedLabels(rep.probabilities, k, multiLabel);
    const c = macroF1AndAccuracy(t, pc, k, labels, all);
    calibratedF1 += c.macroF1 / repetitions.length;
    calibratedAccuracy += c.accuracy / repetitions.length;
    for (let f = 0; f < rep.folds; f++) {
      const rows: number[] = [];
      for (let i = 0; i < truth.length; i++) if (rep.fold[i] === f) rows.push(i);
      if (rows.length === 0) continue;
      const named = [...new Set(rows.flatMap((i) => truth[i]!))].sort((a, b) => a - b);
      const cf = macroF1AndAccuracy(t, pc, k, named, rows);
      const rf = macroF1AndAccuracy(t, pr, k, named, rows);
      foldF1.push(cf.macroF1);
      foldAccuracy.push(cf.accuracy);
      diffF1.push(cf.macroF1 - rf.macroF1);
      diffAccuracy.push(cf.accuracy - rf.accuracy);
      ratio += rows.length / (truth.length - rows.length);
    }
  }
  ratio /= foldF1.length;
  const interval = (estimate: number, values: number[], min: number): BenefitInterval => {
    if (values.length < 2) return { estimate, lower: null, upper: null };
    const c = correctedInterval(estimate, values, ratio, confidence, { min, max: 1 });
    return { estimate: c.estimate, lower: c.lower, upper: c.upper };
  };
  return {
    n: truth.length,
    replicates,
    seed,
    confidence,
    repetitions: repetitions.length,
    foldEstimates: foldF1.length,
    raw: { macroF1: pick(rawIntervals.rawF1), accuracy: pick(rawIntervals.rawAccuracy) },
    calibrated: { macroF1: interval(calibratedF1, foldF1, 0), accuracy: interval(calibratedAccuracy, foldAccuracy, 0) },
    difference: {
      macroF1: interval(calibratedF1 - rawAll.macroF1, diffF1, -1),
      accuracy: interval(calibratedAccuracy - rawAll.accuracy, diffAccuracy, -1),
    },
  };
}
