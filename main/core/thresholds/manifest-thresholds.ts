// What an export's manifest says of the cut behind its model labels: a multi-label question's
// per-label thresholds (tuned and current, or 0.5), a single-label question's uncertain band.
import type { CodebookQuestion } from '../../../common/contract';
import { suggestionLabels } from '../nli/scoring/suggestion-labels';
import type { Db } from '../store/project-db';
import { activeCalibration } from '../calibration/active';
import { readStoredThresholds, readUncertainBand } from './threshold-store';

export function manifestThresholds(db: Db, question: CodebookQuestion, hash: string): Record<string, unknown> {
  if (!question.multiLabel) {
    const margin = readUncertainBand(db, question.id);
    // [Note: one scale for the band] in uncertain-band.ts: the suggestions' probabilities.
    const calibrated = activeCalibration(db, question, hash) !== null;
    const scale = calibrated ? "the calibrated classifier's probabilities" : 'the raw zero-shot probabilities (softmax across labels)';
    return {
      uncertainBand: margin,
      ...(margin === null ? {} : { uncertainBandScale: calibrated ? 'calibrated' : 'raw' }),
      description:
        margin === null
          ? 'No uncertain band: every unit with a current pre-label has the model label.'
          : `Uncertain band ${margin}: a unit whose top two label probabilities (${scale}, as the suggestions) differ by less than ${margin} has no model final_label (left to a coder).`,
    };
  }
  const stored = readStoredThresholds(db, question.id);
  const current = stored !== null && hash !== '' && stored.hash === hash;
  return {
    tuned: current,
    ...(stored
      ? { rule: stored.rule, tunedAt: stored.tunedAt, tunedOnDocuments: stored.documents, tunedForModelInputHash: stored.hash }
      : {}),
    perLabel: suggestionLabels(db, question).labels.map((l) => ({
      label: l.name,
      threshold: (current ? stored.thresholds[l.id] : undefined) ?? 0.5,
    })),
    description: current
      ? "A label is the model's when its score is at least its threshold, tuned on the coded documents (validation samples left out) under the current model input."
      : stored
        ? 'Thresholds were tuned under another model input (stale): every label is cut at 0.5.'
        : 'Every label is cut at 0.5.',
  };
}
