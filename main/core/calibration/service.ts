// What the calibration methods do with a project: evaluate (cross-validated benefit, stored as the
// last evaluation), switch on (fit on every training decision, store, rebuild the question's
// suggestions from it) or off (rebuild them raw), and the status.
import {
  EVALUATION_BOOTSTRAP,
  PrelabelError,
  type CalibrationEvaluation,
  type CalibrationStatus,
  type CodebookQuestion,
} from '../../../common/contract';
import { rebuildSuggestions } from '../coding/coding-state';
import { suggestionLabels } from '../nli/scoring/suggestion-labels';
import type { Db } from '../store/project-db';
import { repeatedCalibrationBenefit, type Repetition } from './benefit';
import { fitCalibration, fitFold, foldPlan, rawScores } from './classifier';
import { readCalibrationData, type CalibrationData } from './dataset';
import { readCalibration, writeCalibration } from './model-store';
import { cachedDecisionCount } from './status-cache';

export interface EvaluateOptions {
  folds: number;
  seed: number;
  c: number;
  onProgress?: (phase: 'reading' | 'folds' | 'bootstrap', done: number, total: number) => void;
  signal?: AbortSignal;
}

function requireData(db: Db, question: CodebookQuestion, hash: string): CalibrationData {
  if (!hash)
    throw new PrelabelError('INVALID_INPUT', `"${question.name}" has no pre-labels under the current model yet: run Pre-label first.`);
  if (suggestionLabels(db, question).partial)
    throw new PrelabelError(
      'INVALID_INPUT',
      `"${question.name}" is scored hierarchically (only some labels per document): calibration needs every label's logits.`,
    );
  const data = readCalibrationData(db, question, hash);
  const classes = new Set(data.truth.map((t) => t[0]));
  if (data.documents.length < 10 || (!question.multiLabel && classes.size < 2))
    throw new PrelabelError(
      'INVALID_INPUT',
      `Calibrating "${question.name}" needs at least 10 coded documents with current pre-labels and two different labels among them; there are ${data.documents.length}${data.left.blind ? ` (${data.left.blind} of blind samples never count)` : ''}.`,
    );
  return data;
}

/** Repetitions of the K-fold cross-validation in calibration.evaluate ([Note: repeated cross-validated benefit]). */
export const CALIBRATION_REPETITIONS = 5;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Cross-validated benefit; yields to the event loop between folds, so a cancel is heard. */
export async function evaluateCalibration(
  db: Db,
  question: CodebookQuestion,
  hash: string,
  options: EvaluateOptions,
): Promise<CalibrationEvaluation> {
  const cancelled = (): void => {
    if (options.signal?.aborted) throw new PrelabelError('CANCELLED', 'Calibration cancelled: nothing was stored.');
  };
  options.onProgress?.('reading', 0, 1);
  const data = requireData(db, question, hash);
  const k = data.labelIds.length;
  // [Note: repeated cross-validated benefit] in benefit.ts: R repetitions, fold seeds seed, seed + 1, ...
  const repetitions: Repetition[] = [];
  let folds = 0;
  let converged = true;
  for (let r = 0; r < CALIBRATION_REPETITIONS; r++) {
    const plan = foldPlan(data, { folds: options.folds, seed: options.seed + r });
    folds = plan.folds;
    const probabilities = new Float64Array(data.documents.length * k);
    for (let f = 0; f < plan.folds; f++) {
      await nextTurn();
      cancelled();
      converged = fitFold(data, plan.fold, f, probabilities, { c: options.c }) && converged;
      options.onProgress?.('folds', r * plan.folds + f + 1, CALIBRATION_REPETITIONS * plan.folds);
    }
    repetitions.push({ probabilities, fold: plan.fold, folds: plan.folds });
  }
  await nextTurn();
  cancelled();
  const cv = { folds, converged };
  options.onProgress?.('bootstrap', 0, 1);
  const benefit = repeatedCalibrationBenefit(data.truth, rawScores(data.features, data.multiLabel), repetitions, k, data.multiLabel, {
    replicates: EVALUATION_BOOTSTRAP.replicates,
    seed: options.seed,
  });
  const evaluation: CalibrationEvaluation = {
    questionId: question.id,
    multiLabel: question.multiLabel,
    decisions: data.documents.length,
    folds: cv.folds,
    seed: options.seed,
    c: options.c,
    left: data.left,
    raw: benefit.raw,
    calibrated: benefit.calibrated,
    difference: benefit.difference,
    replicates: benefit.replicates,
    repetitions: benefit.repetitions,
    confidence: benefit.confidence,
    converged: cv.converged,
    modelInputHash: hash,
    evaluatedAt: new Date().toISOString(),
  };
  writeCalibration(db, question.id, { ...readCalibration(db, question.id), evaluation });
  return evaluation;
}

/** Switches the classifier on (fitted now on every training decision) or off; suggestions follow at once.
 * The switch and the rebuild of the suggestions are one transaction: a rebuild that fails or is
 * killed midway leaves the switch as it was, never a project whose suggestions are on the other
 * scale than its calibration says (the rebuild marks the hash as done, so nothing would redo it). */
export function setCalibration(db: Db, question: CodebookQuestion, hash: string, revisionId: string | null, on: boolean, c: number): void {
  const stored = readCalibration(db, question.id);
  const next = on ? fitted(db, question, hash, revisionId, c, stored) : { ...stored, on: false };
  db.transaction(() => {
    writeCalibration(db, question.id, next);
    if (hash) rebuildSuggestions(db, question, hash);
  })();
}

function fitted(
  db: Db,
  question: CodebookQuestion,
  hash: string,
  revisionId: string | null,
  c: number,
  stored: ReturnType<typeof readCalibration>,
) {
  const data = requireData(db, question, hash);
  const model = fitCalibration(
    data,
    data.documents.map((_, i) => i),
    { c },
  );
  return {
    ...stored,
    on: true,
    c,
    model,
    decisions: data.documents.length,
    fittedAt: new Date().toISOString(),
    revisionId,
    hash,
  };
}

export function calibrationStatus(db: Db, question: CodebookQuestion, hash: string): CalibrationStatus {
  const stored = readCalibration(db, question.id);
  const current = stored.hash !== null && stored.hash === hash;
  // [Note: calibration status cache] in status-cache.ts.
  const now = hash ? cachedDecisionCount(db, question, hash, () => readCalibrationData(db, question, hash).documents.length) : 0;
  return {
    questionId: question.id,
    active: stored.on && stored.model !== null && current && !suggestionLabels(db, question).partial,
    on: stored.on,
    stale: stored.on && stored.model !== null && !current,
    decisions: stored.decisions,
    decisionsNow: now,
    fittedAt: stored.fittedAt,
    c: stored.c,
    revisionId: stored.revisionId,
    evaluation: stored.evaluation && stored.evaluation.modelInputHash === hash ? stored.evaluation : null,
  };
}
