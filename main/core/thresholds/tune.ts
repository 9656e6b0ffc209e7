// thresholds.get / thresholds.tune: each label's precision-recall curve on the coded documents and
// the threshold a rule picks (multi-label), or the uncertain band's numbers (single-label).
//
// [Note: what thresholds are tuned on] The current human label decisions of the question
// (coding_state, resolved among coders), with the scores of the current model input: the same
// per-label probabilities suggestions use (sigmoid of entailment - contradiction of the winning
// window). Documents of a blind validation sample are left out, so that evaluating against the
// sample stays an honest, out-of-sample check of the tuned thresholds; evaluating against all
// coded documents after tuning is optimistic (the thresholds were fitted on them), and the
// Validation screen says so. Skips and "not codable" are no truth.
import { PrelabelError, type CodebookQuestion, type Suggestion } from '../../../common/contract';
import type { LabelThreshold, ThresholdRuleInput, ThresholdsResult } from '../../../common/contract/thresholds';
import { activeCalibration } from '../calibration/active';
import { readTruth } from '../evaluation/evaluation-data';
import { suggestionLabels } from '../nli/scoring/suggestion-labels';
import type { Db } from '../store/project-db';
import { scoresOf } from './scores';
import { bandReport } from './uncertain-band';
import { atThreshold, chooseThreshold, precisionRecallCurve } from './pr-curve';
import { currentThresholds, readStoredThresholds, writeStoredThresholds } from './threshold-store';

/** Documents of the question's blind validation samples. */
export function validationDocuments(db: Db, questionId: string): Set<number> {
  const ids = db
    .prepare(
      `SELECT DISTINCT sd.document_id FROM sample_documents sd JOIN samples s ON s.id = sd.sample_id
       WHERE s.question_id = ? AND s.kind = 'validation'`,
    )
    .pluck()
    .all(questionId) as number[];
  return new Set(ids);
}

export interface CodedScores {
  rows: Array<{ documentId: number; labelIds: string[]; suggestion: Suggestion }>;
  excludedValidation: number;
  unscored: number;
}

/** The coded documents outside validation samples with their truth and current scores. */
export function codedScores(db: Db, question: CodebookQuestion, hash: string): CodedScores {
  const truth = readTruth(db, question, 'human', null).rows;
  const held = validationDocuments(db, question.id);
  const kept = truth.filter((r) => !held.has(r.documentId));
  const scores = hash
    ? scoresOf(
        db,
        question,
        hash,
        kept.map((r) => r.documentId),
      )
    : new Map<number, Suggestion>();
  const rows = kept.flatMap((r) => {
    const s = scores.get(r.documentId);
    return s ? [{ documentId: r.documentId, labelIds: r.labelIds, suggestion: s }] : [];
  });
  return { rows, excludedValidation: truth.length - kept.length, unscored: kept.length - rows.length };
}

export function thresholdsReport(db: Db, question: CodebookQuestion, hash: string, rule?: ThresholdRuleInput): ThresholdsResult {
  const stored = readStoredThresholds(db, question.id);
  const useRule = rule ?? stored?.rule ?? { kind: 'maxF1' };
  const coded = codedScores(db, question, hash);
  const base = {
    questionId: question.id,
    multiLabel: question.multiLabel,
    rule: useRule,
    documents: coded.rows.length,
    excludedValidation: coded.excludedValidation,
    unscored: coded.unscored,
    stored: stored
      ? { rule: stored.rule, tunedAt: stored.tunedAt, documents: stored.documents, current: hash !== '' && stored.hash === hash }
      : null,
  };
  const appliesTo = thresholdScores(db, question, hash);
  if (!question.multiLabel) return { ...base, labels: [], band: bandReport(db, question, hash, coded.rows), appliesTo };
  // [Note: thresholds apply to raw scores only] While the calibrated classifier is on, none is in use.
  const inUse = appliesTo.calibrated ? null : currentThresholds(db, question.id, hash);
  const labels: LabelThreshold[] = suggestionLabels(db, question).labels.map((l) => {
    const scores = coded.rows.map((r) => r.suggestion.scores.find((s) => s.labelId === l.id)?.score ?? 0);
    const truth = coded.rows.map((r) => r.labelIds.includes(l.id));
    const curve = precisionRecallCurve(scores, truth);
    const choice = chooseThreshold(curve, useRule);
    const given = (t: number) => scores.filter((s) => s >= t).length;
    const d = atThreshold(scores, truth, 0.5);
    return {
      labelId: l.id,
      label: l.name,
      positives: curve.positives,
      negatives: curve.negatives,
      curve: curve.points.map((p) => ({ threshold: p.threshold, precision: p.precision, recall: p.recall })),
      averagePrecision: curve.averagePrecision,
      chosen: choice.point
        ? {
            threshold: choice.point.threshold,
            precision: choice.point.precision,
            recall: choice.point.recall,
            f1: choice.point.f1,
            given: given(choice.point.threshold),
          }
        : null,
      reason: choice.reason,
      atDefault: { threshold: 0.5, precision: d.precision, recall: d.recall, f1: d.f1, given: given(0.5) },
      inUse: inUse?.get(l.id) ?? null,
    };
  });
  return { ...base, labels, band: null, appliesTo };
}

/**
 * [Note: thresholds apply to raw scores only] Thresholds are tuned on, and cut, the raw zero-shot
 * scores. The calibrated classifier's probabilities are another scale: while it is on, suggestions,
 * evaluation, corpus counts and exports cut them at 0.5 and no tuned threshold is applied (combining
 * them would apply a cut tuned on one scale to another); switching it off brings the thresholds back.
 */
function thresholdScores(db: Db, question: CodebookQuestion, hash: string): NonNullable<ThresholdsResult['appliesTo']> {
  const calibrated = activeCalibration(db, question, hash);
  if (!calibrated)
    return {
      calibrated: false,
      text: question.multiLabel
        ? 'Thresholds are of the raw zero-shot scores and apply to them.'
        : 'Margins are of the raw zero-shot probabilities (softmax across labels), as the suggestions: the band\'s numbers, the export and the "Uncertain first" queue all use them.',
    };
  return {
    calibrated: true,
    text: question.multiLabel
      ? `The calibrated classifier is on (calibrated on ${calibrated.decisions} decisions): these curves and thresholds are of the raw zero-shot scores and apply to raw scores only; while it is on, its probabilities are cut at 0.5 and no tuned threshold is in use.`
      : `The calibrated classifier is on (calibrated on ${calibrated.decisions} decisions): margins are of its probabilities, as the suggestions: the band's numbers, the export and the "Uncertain first" queue all use them. Its accuracy on the coded documents is in-sample (it was trained on them).`,
  };
}

/** Tunes and stores the thresholds of a multi-label question under the current model input. */
export function tuneThresholds(
  db: Db,
  question: CodebookQuestion,
  hash: string,
  rule: ThresholdRuleInput,
  now = new Date(),
): ThresholdsResult {
  if (!question.multiLabel)
    throw new PrelabelError(
      'INVALID_INPUT',
      `"${question.name}" is a single-label question: thresholds are per label of multi-label questions; use the uncertain band.`,
    );
  if (!hash)
    throw new PrelabelError('INVALID_INPUT', `"${question.name}" has no current pre-labels: pre-label it before tuning thresholds.`);
  const report = thresholdsReport(db, question, hash, rule);
  if (report.documents === 0)
    throw new PrelabelError(
      'INVALID_INPUT',
      `"${question.name}" has no coded document with a current pre-label outside the validation samples: code some documents before tuning thresholds.`,
    );
  const thresholds: Record<string, number> = {};
  for (const l of report.labels) if (l.chosen) thresholds[l.labelId] = l.chosen.threshold;
  writeStoredThresholds(db, question.id, { hash, rule, tunedAt: now.toISOString(), documents: report.documents, thresholds });
  return thresholdsReport(db, question, hash, rule);
}
