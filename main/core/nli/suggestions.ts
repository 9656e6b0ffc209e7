// A document's suggestion from its stored logits: windows aggregated and scores computed with the
// zero-shot semantics of MODEL.md (zero-shot.ts), so the numbers are those of a fresh run.
import type { DocumentRow } from '../../../common/contract';
import type { PredictionRow } from '../store/prediction-store';
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

/** Scores of one document from its rows (any order); null unless every label has a row. */
export function scoreDocument(rows: readonly PredictionRow[], labels: readonly ScoredLabel[], multiLabel: boolean): DocumentScores | null {
  const byLabel = new Map<string, Array<[number, number[]]>>();
  for (const r of rows) {
    const list = byLabel.get(r.labelId) ?? [];
    list.push([r.window, [r.entailment, r.neutral ?? 0, r.contradiction]]);
    byLabel.set(r.labelId, list);
  }
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
  return {
    scores: zeroShotScores(
      logits,
      labels.map((l) => l.name),
      STORED_INDICES,
      multiLabel,
    ),
    windows,
  };
}

/** The top label of every document that has current predictions; others are absent. */
export function suggestionsFrom(rows: readonly PredictionRow[], labels: readonly ScoredLabel[], multiLabel: boolean): Map<number, Suggestion> {
  const out = new Map<number, Suggestion>();
  let start = 0;
  // Rows come ordered by document.
  for (let i = 1; i <= rows.length; i++) {
    if (i < rows.length && rows[i]!.documentId === rows[start]!.documentId) continue;
    const scored = scoreDocument(rows.slice(start, i), labels, multiLabel);
    const top = scored?.scores[0];
    if (top) out.set(rows[start]!.documentId, { labelId: labels[top.index]!.id, label: top.label, score: top.score });
    start = i;
  }
  return out;
}
