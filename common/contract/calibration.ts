// The calibration domain (issue 16, item 3): a classifier per question learned from the coders'
// decisions over the stored NLI outputs ([Note: calibrated classifier] in main/core/calibration).
// calibration.evaluate measures its benefit by cross-validation against raw zero-shot (a job of kind
// 'calibration'); calibration.set fits it on every training decision and switches suggestions to it,
// or back to raw scores; calibration.status says which is used, on how many decisions, and whether
// the codebook or the model changed since (stale: raw scores are used until it is fitted again).
import { uuid, z } from './zod';

export const calibrationEvaluateInput = z
  .object({
    questionId: uuid,
    /** Folds of the cross-validation (5). */
    folds: z.number().int().min(2).max(20).default(5),
    /** Seed of the folds and of the bootstrap (1). */
    seed: z.number().int().min(0).max(2_147_483_647).default(1),
    /** Inverse regularisation strength, as scikit-learn's C (1). */
    c: z.number().gt(0).max(1e6).default(1),
  })
  .strict();

export const calibrationSetInput = z
  .object({
    questionId: uuid,
    /** true: fit on every training decision now and use it; false: back to raw zero-shot scores. */
    on: z.boolean(),
    c: z.number().gt(0).max(1e6).default(1),
  })
  .strict();

export const calibrationStatusInput = z.object({ questionId: uuid }).strict();

export interface CalibrationInterval {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
}

export interface CalibrationMetrics {
  macroF1: CalibrationInterval;
  accuracy: CalibrationInterval;
}

/** The cross-validated benefit: raw and calibrated on the same held-out documents. */
export interface CalibrationEvaluation {
  questionId: string;
  multiLabel: boolean;
  /** Training decisions (coded documents with current pre-labels, blind samples left out). */
  decisions: number;
  folds: number;
  seed: number;
  c: number;
  /** Decisions left out: in a blind validation sample, without current pre-labels, naming an archived label. */
  left: { blind: number; unscored: number; archived: number };
  raw: CalibrationMetrics;
  calibrated: CalibrationMetrics;
  /** Calibrated minus raw. Raw's intervals: bootstrap over documents; calibrated and difference: the
   * corrected repeated k-fold t interval over `repetitions` cross-validations (main/core/calibration/benefit.ts). */
  difference: CalibrationMetrics;
  replicates: number;
  /** Repetitions of the K-fold cross-validation (fold seeds seed, seed + 1, ...); absent in evaluations stored before: one, bootstrap intervals. */
  repetitions?: number;
  confidence: number;
  /** Every fit reached the solver's tolerance. */
  converged: boolean;
  /** The model-input hash it was measured under. */
  modelInputHash: string;
  evaluatedAt: string;
}

export interface CalibrationStatus {
  questionId: string;
  /** Suggestions come from the calibrated classifier now (on, fitted under the current model input). */
  active: boolean;
  /** The user's switch. */
  on: boolean;
  /** On, but the hypotheses or the model changed since the fit: raw scores are used until a refit. */
  stale: boolean;
  /** Decisions the fitted classifier was trained on (null: never fitted). */
  decisions: number | null;
  /** Training decisions there are now (coded, scored, no blind sample). */
  decisionsNow: number;
  fittedAt: string | null;
  c: number | null;
  /** The codebook revision of the fit. */
  revisionId: string | null;
  /** The last cross-validated benefit under the current model input, if any. */
  evaluation: CalibrationEvaluation | null;
}

export interface CalibrationStarted {
  jobId: string;
}
