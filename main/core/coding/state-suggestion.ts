// What the coding state keeps of a document's suggestion: its top label, the top score and, for a
// single-label question, the margin between the top two probabilities (migration 10), on the scale
// the suggestion uses: the raw zero-shot softmax, or the calibrated classifier's probabilities while
// it is on ([Note: one scale for the band] in thresholds/uncertain-band.ts). Every writer of the
// state's suggestion columns goes through here, so the margin is always the suggestion's own.
import type { ActiveCalibration } from '../calibration/active';
import { scoreDocument, type ScoredLabel } from '../nli/scoring/suggestions';
import type { PredictionRow } from '../store/prediction-store';
import { marginOf } from '../thresholds/margin';

export interface StateSuggestion {
  labelId: string;
  score: number;
  /** Top minus second probability (single-label); null for a multi-label question. */
  margin: number | null;
}

/**
 * The top label (the first of the largest probabilities, as ActiveCalibration.top picks it), its
 * probability and the margin, from calibrated probabilities `p[offset .. offset + k)` in the order
 * of `labelIds`.
 */
export function calibratedSuggestion(p: ArrayLike<number>, labelIds: readonly string[], multiLabel: boolean, offset = 0): StateSuggestion {
  const k = labelIds.length;
  let best = 0;
  for (let j = 1; j < k; j++) if (p[offset + j]! > p[offset + best]!) best = j;
  let margin: number | null = null;
  if (!multiLabel) {
    const scores: { score: number }[] = [];
    for (let j = 0; j < k; j++) scores.push({ score: p[offset + j]! });
    margin = marginOf(scores);
  }
  return { labelId: labelIds[best]!, score: p[offset + best]!, margin };
}

/** The state's suggestion from one document's stored rows; null unless they make one (scoreDocument). */
export function stateSuggestion(
  rows: readonly PredictionRow[],
  labels: readonly ScoredLabel[],
  multiLabel: boolean,
  partial: boolean,
  calibrated: ActiveCalibration | null,
): StateSuggestion | null {
  if (calibrated) {
    const p = calibrated.probabilities(rows);
    if (p) return calibratedSuggestion(p, calibrated.labelIds, multiLabel);
  }
  const scored = scoreDocument(rows, labels, multiLabel, partial);
  const top = scored?.scores[0];
  if (!scored || !top) return null;
  return { labelId: labels[top.index]!.id, score: top.score, margin: multiLabel ? null : marginOf(scored.scores) };
}
