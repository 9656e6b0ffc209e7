// The calibrated classifier: learning from the coders' corrections (issue 16, item 3).
//
// [Note: calibrated classifier] Per question, an L2-regularised logistic regression (C = 1 by default)
// over the stored NLI outputs: for every label the entailment and the contradiction logit of the window
// its suggestion takes (features.ts), standardised on the training rows. Single-label questions get a
// multinomial model, multi-label questions one binary model per label (logistic.ts; coefficients and
// probabilities equal scikit-learn 1.2.1's to 1e-4, logistic.sklearn.test.ts). It is trained on the
// project's human label decisions, never on a blind validation sample's documents (dataset.ts), and
// its benefit is measured by cross-validation with folds by document, stratified and seeded (folds.ts),
// against raw zero-shot on the same held-out documents, with bootstrap intervals (benefit.ts).
//
//   lbfgs.ts        the deterministic minimiser
//   logistic.ts     the two models, fit and predict
//   features.ts     features from stored rows, StandardScaler
//   folds.ts        stratified group folds, the leak guard
//   classifier.ts   fit/predict/cross-validate a CalibrationSet (no I/O)
//   benefit.ts      raw vs calibrated, macro-F1 and accuracy with intervals
//   dataset.ts      a CalibrationSet from a project
//   evaluation-predictions.ts  what evaluation.run scores while it is on: held-out fold predictions
//                   for its training decisions ([Note: evaluating the calibrated classifier])
import type { CodebookQuestion } from '../../../common/contract';
import type { Db } from '../store/project-db';
import { crossValidate, rawScores, type CrossValidationOptions } from './classifier';
import { readCalibrationData, type CalibrationData } from './dataset';

export { crossValidate, fitCalibration, predictCalibration, rawScores, type CalibrationSet, type FittedCalibration } from './classifier';
export { calibrationBenefit, type CalibrationBenefit } from './benefit';
export { readCalibrationData, blindDocuments, calibrationLabels, type CalibrationData } from './dataset';

export interface CrossValidatedProbabilities {
  /** The question's labels (not archived), codebook order: the columns of every probability row. */
  labelIds: string[];
  multiLabel: boolean;
  /** Per coded document (training decisions only; no blind-sample document), in document order. */
  rows: Array<{
    documentId: number;
    /** Label ids of the human decision. */
    truth: string[];
    /** Held-out calibrated probability of every label (from the fold that did not train on it). */
    calibrated: number[];
    /** Raw zero-shot score of every label (the suggestion's numbers). */
    raw: number[];
    fold: number;
  }>;
  folds: number;
  /** Decisions left out and why (blind sample, unscored, archived label). */
  left: CalibrationData['left'];
}

/**
 * Every coded document's cross-validated probabilities: what the calibrated classifier says about a
 * document it was not trained on. Lane L3's "check these labels" reads these. Needs at least
 * `folds` (5) coded and scored documents; fewer folds when there are fewer documents (at least 2).
 * `hash` is the question's current model-input hash (engine.currentHash).
 */
export function crossValidatedProbabilities(
  db: Db,
  question: CodebookQuestion,
  hash: string,
  options: CrossValidationOptions = {},
): CrossValidatedProbabilities {
  const data = readCalibrationData(db, question, hash);
  const k = data.labelIds.length;
  const cv = crossValidate(data, options);
  const raw = rawScores(data.features, data.multiLabel);
  return {
    labelIds: data.labelIds,
    multiLabel: data.multiLabel,
    rows: data.documents.map((documentId, i) => ({
      documentId,
      truth: data.truth[i]!.map((j) => data.labelIds[j]!),
      calibrated: Array.from(cv.probabilities.subarray(i * k, (i + 1) * k)),
      raw: Array.from(raw.subarray(i * k, (i + 1) * k)),
      fold: cv.fold[i]!,
    })),
    folds: cv.folds,
    left: data.left,
  };
}
