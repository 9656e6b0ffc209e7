// The top suggestion of many documents at once, for the rebuild of a question's suggestion columns
// (coding-state.ts rebuildSuggestions): a million documents are re-scored when the calibrated
// classifier is switched on or off, or the model-input hash changes back.
//
// [Note: batched suggestions] The one-document path (topSuggestion, or the calibrated classifier's
// top()) builds maps, sorted window lists and small arrays for every document. Here the features of a
// whole page of documents go into one typed array (calibration/features.ts featuresInto: the same
// window choice) and the scores are computed over the page: the calibrated classifier's probabilities
// in one prediction (active.ts probabilitiesMany), raw scores with the arithmetic of zero-shot.ts in
// the same order (single-label: the softmax of the entailment logits, shifted by their maximum and
// summed left to right; multi-label or one label: sigmoid(entailment - contradiction)). The top is the
// first label with the largest score, as the stable sort of zero-shot.ts gives it. Hierarchical
// questions (only some labels per document), documents with a non-finite logit and documents the
// classifier's labels do not all cover (raw scores, as before) keep the one-document path.
// suggestion-batch.test.ts checks both ways against it bit for bit.
import { featuresInto } from '../calibration/features';
import type { ActiveCalibration } from '../calibration/active';
import type { ScoredLabel } from '../nli/scoring/suggestions';
import { stateSuggestion } from './state-suggestion';
import type { PredictionRow } from '../store/prediction-store';

export interface BatchSuggestion {
  labelId: string;
  score: number;
  /** Single-label: top minus second score, the margin of the uncertain band (migration 10); else null. */
  margin: number | null;
}

/** Top minus second of `scores[offset .. offset + k)` (1 with one label); null for multi-label. */
function marginAt(scores: Float64Array, offset: number, k: number, multiLabel: boolean): number | null {
  if (multiLabel) return null;
  let a = -Infinity;
  let b = -Infinity;
  for (let j = 0; j < k; j++) {
    const v = scores[offset + j]!;
    if (v > a) {
      b = a;
      a = v;
    } else if (v > b) b = v;
  }
  return k < 2 ? 1 : a - b;
}

/** The index of the first largest of `scores[offset .. offset + k)`. */
function firstMax(scores: Float64Array, offset: number, k: number): number {
  let best = 0;
  for (let j = 1; j < k; j++) if (scores[offset + j]! > scores[offset + best]!) best = j;
  return best;
}

/** The one-document raw path (the coding state writer's: state-suggestion.ts). */
function oneRaw(
  rows: readonly PredictionRow[],
  labels: readonly ScoredLabel[],
  multiLabel: boolean,
  partial: boolean,
): BatchSuggestion | null {
  return stateSuggestion(rows, labels, multiLabel, partial, null);
}

/**
 * The top suggestion of every document of `documents` (each its own rows, any order within the
 * store's window order); null where it has none (a label without a row).
 */
export function batchSuggestions(
  documents: ReadonlyArray<readonly PredictionRow[]>,
  labels: readonly ScoredLabel[],
  multiLabel: boolean,
  partial: boolean,
  calibrated: ActiveCalibration | null,
): Array<BatchSuggestion | null> {
  const n = documents.length;
  const out = new Array<BatchSuggestion | null>(n).fill(null);
  if (calibrated) {
    const k = calibrated.labelIds.length;
    const { probabilities, scored } = calibrated.probabilitiesMany(documents);
    for (let i = 0; i < n; i++) {
      // As the one-document path: raw scores where the classifier's labels lack a row.
      if (!scored[i]) {
        out[i] = oneRaw(documents[i]!, labels, multiLabel, partial);
        continue;
      }
      const best = firstMax(probabilities, i * k, k);
      out[i] = {
        labelId: calibrated.labelIds[best]!,
        score: probabilities[i * k + best]!,
        margin: marginAt(probabilities, i * k, k, multiLabel),
      };
    }
    return out;
  }
  if (partial) return documents.map((rows) => oneRaw(rows, labels, multiLabel, partial));
  const k = labels.length;
  const ids = labels.map((l) => l.id);
  const index = new Map(ids.map((id, j) => [id, j]));
  const seen = new Int32Array(2 * k);
  const x = new Float64Array(2 * k);
  const scores = new Float64Array(k);
  const sigmoid = multiLabel || k === 1;
  for (let i = 0; i < n; i++) {
    const rows = documents[i]!;
    if (!featuresInto(rows, index, ids, x, 0, seen)) continue;
    let finite = true;
    for (let f = 0; f < 2 * k; f++) if (!Number.isFinite(x[f]!)) finite = false;
    if (!finite) {
      out[i] = oneRaw(rows, labels, multiLabel, partial);
      continue;
    }
    if (sigmoid) {
      for (let j = 0; j < k; j++) scores[j] = 1 / (1 + Math.exp(x[2 * j + 1]! - x[2 * j]!));
    } else {
      let top = -Infinity;
      for (let j = 0; j < k; j++) top = Math.max(top, x[2 * j]!);
      let z = 0;
      for (let j = 0; j < k; j++) z += scores[j] = Math.exp(x[2 * j]! - top);
      for (let j = 0; j < k; j++) scores[j] = scores[j]! / z;
    }
    const best = firstMax(scores, 0, k);
    out[i] = { labelId: ids[best]!, score: scores[best]!, margin: marginAt(scores, 0, k, multiLabel) };
  }
  return out;
}
