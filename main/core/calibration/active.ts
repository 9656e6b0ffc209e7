// The calibrated classifier where suggestions are made: coding-state.ts (the top label and score that
// the queue's orders and filters use: least confident first is then active learning) and
// page-suggestions.ts (every label's probability on screen) ask for the question's active model
// under the current model-input hash; null means raw zero-shot scores ([Note: calibration goes stale]
// in model-store.ts). Hierarchical questions (only some labels scored per document) stay raw.
import type { CodebookQuestion } from '../../../common/contract';
import { suggestionLabels } from '../nli/scoring/suggestion-labels';
import type { PredictionRow } from '../store/prediction-store';
import type { Db } from '../store/project-db';
import { predictCalibration } from './classifier';
import { documentFeatures, featuresInto } from './features';
import { readCalibration } from './model-store';

export interface ActiveCalibration {
  /** Decisions it was trained on ("calibrated on N decisions"). */
  decisions: number;
  fittedAt: string;
  labelIds: string[];
  /** Every label's probability (labelIds order) from a document's stored rows; null when a label has no row. */
  probabilities(rows: readonly PredictionRow[]): number[] | null;
  /** The top label and its probability. */
  top(rows: readonly PredictionRow[]): { labelId: string; score: number } | null;
  /**
   * [Note: batched calibrated scoring] Every label's probability for many documents at once (n x K,
   * row-major; `scored[i]` 0 where a label has no row, that row then meaningless): the features of
   * the whole batch first, then one prediction over it. Each row's arithmetic is the one-document
   * path's, so the numbers equal probabilities() bit for bit (coding/suggestion-batch.test.ts).
   */
  probabilitiesMany(documents: ReadonlyArray<readonly PredictionRow[]>): { probabilities: Float64Array; scored: Uint8Array };
}

export function activeCalibration(db: Db, question: CodebookQuestion, hash: string): ActiveCalibration | null {
  if (!hash) return null;
  const stored = readCalibration(db, question.id);
  if (!stored.on || !stored.model || stored.hash !== hash) return null;
  if (suggestionLabels(db, question).partial) return null;
  const model = stored.model;
  const d = model.labelIds.length * 2;
  const probabilities = (rows: readonly PredictionRow[]): number[] | null => {
    const f = documentFeatures(rows, model.labelIds);
    if (!f) return null;
    return Array.from(predictCalibration(model, { x: Float64Array.from(f), n: 1, d }));
  };
  const index = new Map(model.labelIds.map((id, j) => [id, j]));
  const seen = new Int32Array(d);
  const probabilitiesMany = (documents: ReadonlyArray<readonly PredictionRow[]>) => {
    const x = new Float64Array(documents.length * d);
    const scored = new Uint8Array(documents.length);
    documents.forEach((rows, i) => (scored[i] = featuresInto(rows, index, model.labelIds, x, i * d, seen) ? 1 : 0));
    return { probabilities: predictCalibration(model, { x, n: documents.length, d }), scored };
  };
  return {
    decisions: stored.decisions ?? model.n,
    fittedAt: stored.fittedAt ?? '',
    labelIds: model.labelIds,
    probabilities,
    probabilitiesMany,
    top(rows) {
      const p = probabilities(rows);
      if (!p) return null;
      let best = 0;
      for (let j = 1; j < p.length; j++) if (p[j]! > p[best]!) best = j;
      return { labelId: model.labelIds[best]!, score: p[best]! };
    },
  };
}
