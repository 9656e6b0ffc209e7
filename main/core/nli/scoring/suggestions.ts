// A document's suggestion from its stored logits: windows aggregated and scores computed with the
// zero-shot semantics of MODEL.md (zero-shot.ts), so the numbers are those of a fresh run.
import type { DocumentRow } from '../../../../common/contract';
import type { PredictionRow } from '../../store/prediction-store';
import { aggregateWindows, zeroShotScores, type LabelIndices, type LabelScore } from './zero-shot';

export type Suggestion = NonNullable<DocumentRow['suggestion']>;

/** Stored rows hold [entailment, neutral, contradiction] by name, whatever the model's order was. */
export const STORED_INDICES: LabelIndices = { entailment: 0, neutral: 1, contradiction: 2 };

export interface ScoredLabel {
  id: string;
  name: string;
}

export interface DocumentScores {
  scores: LabelScore[];
  /** The winning window per label, in the labels' order. */
  windows: number[];
}

/**
 * Scores of one document from its rows (any order); null unless every label has a row. With
 * `partial` (hierarchical runs) only the labels that have rows are scored and the others left out:
 * the single-label softmax is then over the labels asked for this document (see [Note:
 * hierarchical scoring] in runs/group-scorer.ts); `scores[i].index` still points into `labels`.
 */
export function scoreDocument(
  rows: readonly PredictionRow[],
  allLabels: readonly ScoredLabel[],
  multiLabel: boolean,
  partial = false,
): DocumentScores | null {
  const byLabel = new Map<string, Array<[number, number[]]>>();
  for (const r of rows) {
    const list = byLabel.get(r.labelId) ?? [];
    list.push([r.window, [r.entailment, r.neutral ?? 0, r.contradiction]]);
    byLabel.set(r.labelId, list);
  }
  const positions = allLabels.map((_, i) => i).filter((i) => !partial || byLabel.has(allLabels[i]!.id));
  if (positions.length === 0) return null;
  const labels = positions.map((i) => allLabels[i]!);
  const logits: number[][] = [];
  const windows: number[] = [];
  for (const label of labels) {
    const list = byLabel.get(label.id);
    if (!list) return null;
    list.sort((a, b) => a[0] - b[0]);
    const choice = aggregateWindows(
      list.map((w) => w[1]),
      STORED_INDICES,
    );
    logits.push(choice.logits);
    windows.push(list[choice.window]![0]);
  }
  const scores = zeroShotScores(
    logits,
    labels.map((l) => l.name),
    STORED_INDICES,
    multiLabel,
  ).map((s) => ({ ...s, index: positions[s.index]! }));
  return { scores, windows };
}

/** The top label of every document that has current predictions; others are absent. `partial` as
 * in scoreDocument: the suggestion is among the labels scored for the document. */
export function suggestionsFrom(
  rows: readonly PredictionRow[],
  labels: readonly ScoredLabel[],
  multiLabel: boolean,
  partial = false,
): Map<number, Suggestion> {
  const out = new Map<number, Suggestion>();
  let start = 0;
  // Rows come ordered by document.
  for (let i = 1; i <= rows.length; i++) {
    if (i < rows.length && rows[i]!.documentId === rows[start]!.documentId) continue;
    const scored = scoreDocument(rows.slice(start, i), labels, multiLabel, partial);
    const top = scored?.scores[0];
    if (top) out.set(rows[start]!.documentId, { labelId: labels[top.index]!.id, label: top.label, score: top.score });
    start = i;
  }
  return out;
}
