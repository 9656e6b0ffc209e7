// The full suggestion (every label's score) of the few documents a page shows, from their current
// stored logits: the coding state holds only the top label, which is what sorts and filters use.
import type { CodebookQuestion, Suggestion } from '../../../common/contract';
import { suggestionLabels } from '../nli/scoring/suggestion-labels';
import { scoreDocument } from '../nli/scoring/suggestions';
import type { PredictionRow } from '../store/prediction-store';
import type { Db } from '../store/project-db';
import { currentThresholds } from '../thresholds/threshold-store';
import { activeCalibration } from '../calibration/active';

/** `raw`: the zero-shot scores even while the calibrated classifier is on (thresholds are tuned on them). */
export function pageSuggestions(
  db: Db,
  question: CodebookQuestion,
  hash: string,
  documentIds: readonly number[],
  options: { raw?: boolean } = {},
): Map<number, Suggestion> {
  const out = new Map<number, Suggestion>();
  const { labels, partial } = suggestionLabels(db, question);
  if (!hash || labels.length === 0 || documentIds.length === 0) return out;
  const rows = db
    .prepare(
      `SELECT p.run_id AS runId, p.document_id AS documentId, p.label_id AS labelId, p.window, p.entailment, p.neutral, p.contradiction
       FROM predictions p
       WHERE p.run_id IN (SELECT id FROM prelabel_runs WHERE question_id = ? AND model_input_hash = ?)
         AND p.document_id IN (SELECT value FROM json_each(?))
       ORDER BY p.document_id`,
    )
    .all(question.id, hash, JSON.stringify(documentIds)) as Array<PredictionRow & { runId: string }>;
  // Multi-label: a label is suggested at or above its tuned threshold while current, else 0.5
  // ([Note: thresholds go stale] in thresholds/threshold-store.ts).
  const calibrated = options.raw ? null : activeCalibration(db, question, hash);
  // Calibrated probabilities are cut at 0.5: thresholds were tuned on raw scores.
  const cuts = question.multiLabel && !calibrated ? currentThresholds(db, question.id, hash) : null;
  const byDoc = new Map<number, Array<PredictionRow & { runId: string }>>();
  for (const r of rows) {
    const list = byDoc.get(r.documentId) ?? [];
    list.push(r);
    byDoc.set(r.documentId, list);
  }
  for (const [id, list] of byDoc) {
    const p = calibrated?.probabilities(list);
    if (calibrated && p) {
      const scores = calibrated.labelIds.map((labelId, j) => ({ labelId, score: p[j]! }));
      const best = scores.reduce((a, b) => (b.score > a.score ? b : a));
      const labelIds = question.multiLabel ? scores.filter((x) => x.score >= 0.5).map((x) => x.labelId) : [best.labelId];
      out.set(id, {
        labelIds,
        scores,
        score: best.score,
        runId: list[0]!.runId,
        calibrated: { decisions: calibrated.decisions, fittedAt: calibrated.fittedAt },
      });
      continue;
    }
    const scored = scoreDocument(list, labels, question.multiLabel, partial);
    if (!scored) continue;
    const byIndex = new Map(scored.scores.map((s) => [s.index, s.score]));
    // After a hierarchical run the labels under other parents were not asked: they score 0.
    const scores = labels.map((l, i) => ({ labelId: l.id, score: byIndex.get(i) ?? 0 }));
    const top = scored.scores[0]!;
    const labelIds = question.multiLabel
      ? scores.filter((s) => s.score >= (cuts?.get(s.labelId) ?? 0.5)).map((s) => s.labelId)
      : [labels[top.index]!.id];
    out.set(id, { labelIds, scores, score: top.score, runId: list[0]!.runId, ...(cuts ? { thresholds: Object.fromEntries(cuts) } : {}) });
  }
  return out;
}
