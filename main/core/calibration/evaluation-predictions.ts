// The calibrated classifier's predictions as an evaluation must see them.
//
// [Note: evaluating the calibrated classifier] While the classifier is on, suggestions come from a
// model fitted on every training decision (service.ts). Scoring that model against those same
// decisions measures it in-sample: on AG News with the tiny model, 60 decisions gave 55.0% accuracy
// in-sample against 46.7% cross-validated. An evaluation therefore never scores the classifier on a
// document it was trained on. Of the documents an evaluation compares:
//  - a training decision (readCalibrationData: a current human label decision with current logits,
//    outside every blind sample) gets its held-out cross-validated probabilities: the fold that did
//    not train on it, with the folds, seed and C of the last calibration.evaluate under this model
//    input (else 5 folds, seed 1, the fit's C), so the human-truth figure equals the first repetition
//    of calibration.evaluate (whose estimate is the mean over its repetitions) on the same documents;
//  - any other document (a blind validation sample's, a gold-only one) is never in training, so the
//    fitted model's prediction (the suggestion) is already out-of-sample and stays.
// We chose held-out predictions over evaluating raw scores because the numbers then describe what
// the coders see (the calibrated suggestions), measured the way a methods reviewer accepts. The
// held-out figure belongs to models fitted on about (k-1)/k of the decisions, a slightly pessimistic
// estimate of the model fitted on all of them (the usual reading of cross-validation). The result's
// `scoring` and a line among its warnings say which documents got which.
import type { CodebookQuestion, EvaluationScoring } from '../../../common/contract';
import type { Db } from '../store/project-db';
import { activeCalibration } from './active';
import { crossValidate, type CrossValidated } from './classifier';
import { readCalibrationData } from './dataset';
import { readCalibration } from './model-store';

/** A prediction as evaluation-data.ts's Prediction (labels, top score, every label's score by id). */
export interface HeldOutPrediction {
  labelIds: string[];
  top: number;
  scores: Map<string, number>;
}

export interface EvaluationPredictions {
  /** Held-out predictions of the compared documents that are training decisions. */
  heldOut: Map<number, HeldOutPrediction>;
  /** Compared training decisions that cannot be cross-validated (fewer than 2 training documents): left out. */
  leftOut: Set<number>;
  scoring: EvaluationScoring;
}

/** Multi-label: a calibrated probability gives its label at 0.5 (tuned thresholds apply to raw scores only). */
export const CALIBRATED_THRESHOLD = 0.5;

export const RAW_SCORING: EvaluationScoring = {
  kind: 'raw',
  decisions: null,
  heldOut: 0,
  fitted: 0,
  folds: null,
  seed: null,
  text: 'Predictions: raw zero-shot scores.',
};

/** [Note: held-out cache] Cross-validating 5,000 decisions takes about 4 s (docs/BENCHMARKS.md) and the
 * Validation screen evaluates again on every change of its options: the held-out probabilities are kept
 * while the inputs that determine them (question, model input, folds, seed, C, and the training rows'
 * documents, groups and labels) are the same; the stored logits under one model input never change. */
const heldOutCache = new WeakMap<Db, Map<string, CrossValidated>>();

function cachedCrossValidation(db: Db, inputs: unknown[], compute: () => CrossValidated): CrossValidated {
  const key = JSON.stringify(inputs);
  let cache = heldOutCache.get(db);
  if (!cache) heldOutCache.set(db, (cache = new Map()));
  const hit = cache.get(key);
  if (hit) return hit;
  const cv = compute();
  cache.set(key, cv);
  if (cache.size > 4) cache.delete(cache.keys().next().value!);
  return cv;
}

/**
 * What evaluation.run scores for `documentIds` (the documents with a truth and a current prediction):
 * null while the calibrated classifier is off or stale (raw scores, the suggestions as they are).
 */
export function evaluationPredictions(
  db: Db,
  question: CodebookQuestion,
  hash: string,
  documentIds: readonly number[],
): EvaluationPredictions | null {
  const active = activeCalibration(db, question, hash);
  if (!active) return null;
  const stored = readCalibration(db, question.id);
  const last = stored.evaluation && stored.evaluation.modelInputHash === hash ? stored.evaluation : null;
  const folds = last?.folds ?? 5;
  const seed = last?.seed ?? 1;
  const c = last?.c ?? stored.c ?? 1;
  const data = readCalibrationData(db, question, hash);
  const row = new Map(data.documents.map((d, i) => [d, i]));
  const compared = documentIds.filter((d) => row.has(d));
  const heldOut = new Map<number, HeldOutPrediction>();
  const leftOut = new Set<number>();
  let usedFolds: number | null = null;
  if (compared.length && new Set(data.groups).size < 2) for (const d of compared) leftOut.add(d);
  else if (compared.length) {
    const cv = cachedCrossValidation(db, [question.id, hash, folds, seed, c, data.documents, data.groups, data.truth], () =>
      crossValidate(data, { folds, seed, c }),
    );
    usedFolds = cv.folds;
    const k = data.labelIds.length;
    for (const d of compared) {
      const i = row.get(d)!;
      const p = cv.probabilities.subarray(i * k, (i + 1) * k);
      let best = 0;
      for (let j = 1; j < k; j++) if (p[j]! > p[best]!) best = j;
      heldOut.set(d, {
        labelIds: question.multiLabel ? data.labelIds.filter((_, j) => p[j]! >= CALIBRATED_THRESHOLD) : [data.labelIds[best]!],
        top: p[best]!,
        scores: question.multiLabel ? new Map(data.labelIds.map((id, j) => [id, p[j]!])) : new Map(),
      });
    }
  }
  const fitted = documentIds.length - compared.length;
  const parts = [
    heldOut.size
      ? `held-out fold predictions for ${heldOut.size} training documents (${usedFolds}-fold cross-validation, seed ${seed}, as calibration.evaluate; each from the fold that did not train on it)`
      : null,
    fitted ? `the fitted model for ${fitted} documents it was never trained on` : null,
    leftOut.size ? `${leftOut.size} training documents left out (too few decisions to cross-validate)` : null,
  ].filter((x): x is string => x !== null);
  return {
    heldOut,
    leftOut,
    scoring: {
      kind: 'calibrated',
      decisions: active.decisions,
      heldOut: heldOut.size,
      fitted,
      folds: usedFolds,
      seed: heldOut.size ? seed : null,
      text: `Predictions: the calibrated classifier (calibrated on ${active.decisions} decisions), never scored on a document it was trained on: ${parts.join('; ') || 'no documents'}.${question.multiLabel ? ' A label is given at a calibrated probability of 0.5; tuned thresholds apply to raw scores only.' : ''}`,
    },
  };
}
