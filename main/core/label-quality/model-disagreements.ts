// "Check these labels": coded documents where the coder's label and a cross-validated calibrated
// model disagree strongly. The model's probabilities come from calibration's
// crossValidatedProbabilities (main/core/calibration): for every coded document, from the fold
// that did not train on it, so a document's own label never shapes the probability it is judged by.
//
// [Note: strong disagreement] Single-label: the disagreement is 1 - p(the coder's label), listed
// when the model's most probable label is another one. Multi-label: per label, |y - p| with y = 1
// where the coder gave the label, else 0; a document's disagreement is its largest, and the labels
// past the bar are named. A document is listed when its disagreement is at least the bar (default
// 0.9: the model gives the coder's choice a 10% chance or less), the strongest first.
import { PrelabelError, type CodebookQuestion } from '../../../common/contract';
import { crossValidatedProbabilities } from '../calibration';
import type { Db } from '../store/project-db';

export interface DisagreementRow {
  documentId: number;
  disagreement: number;
  /** The labels the model disagrees on, with its held-out probability; the coder's labels as given. */
  labels: Array<{ labelId: string; probability: number; coderGave: boolean }>;
}

export interface Disagreements {
  rows: DisagreementRow[];
  folds: number;
  /** Coded documents the model judged. */
  judged: number;
  /** Why there is no list (too few coded documents, no current pre-labels); null when there is one. */
  reason: string | null;
}

export function strongDisagreements(db: Db, question: CodebookQuestion, hash: string, bar: number): Disagreements {
  if (!hash) return { rows: [], folds: 0, judged: 0, reason: `"${question.name}" has no current pre-labels: pre-label it first.` };
  let cv;
  try {
    cv = crossValidatedProbabilities(db, question, hash);
  } catch (e) {
    if (e instanceof PrelabelError) return { rows: [], folds: 0, judged: 0, reason: e.message };
    throw e;
  }
  const rows: DisagreementRow[] = [];
  for (const r of cv.rows) {
    const truth = new Set(r.truth);
    if (!cv.multiLabel) {
      const k = cv.labelIds.indexOf(r.truth[0]!);
      const top = r.calibrated.indexOf(Math.max(...r.calibrated));
      const d = 1 - r.calibrated[k]!;
      if (top !== k && d >= bar)
        rows.push({
          documentId: r.documentId,
          disagreement: d,
          labels: [
            { labelId: cv.labelIds[k]!, probability: r.calibrated[k]!, coderGave: true },
            { labelId: cv.labelIds[top]!, probability: r.calibrated[top]!, coderGave: false },
          ],
        });
      continue;
    }
    const past = cv.labelIds
      .map((id, j) => ({ labelId: id, probability: r.calibrated[j]!, coderGave: truth.has(id) }))
      .map((l) => ({ ...l, d: l.coderGave ? 1 - l.probability : l.probability }))
      .filter((l) => l.d >= bar);
    if (past.length)
      rows.push({
        documentId: r.documentId,
        disagreement: Math.max(...past.map((l) => l.d)),
        labels: past.map(({ d: _d, ...l }) => l),
      });
  }
  rows.sort((a, b) => b.disagreement - a.disagreement || a.documentId - b.documentId);
  return { rows, folds: cv.folds, judged: cv.rows.length, reason: null };
}
