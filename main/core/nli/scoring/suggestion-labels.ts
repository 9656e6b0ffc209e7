// Which labels of a question can be its suggestion, and whether a document's stored rows may cover
// only some of them: every scored label after a full run; the leaves after a hierarchical run,
// where each document was asked only the labels under its top parents ([Note: hierarchical
// scoring] in runs/group-scorer.ts). The engine's suggester, the coding state and the Annotate
// screen's per-label scores all read suggestions through this, so they always agree.
import type { CodebookQuestion } from '../../../../common/contract';
import { scoredLabels } from '../../codebook/hypotheses';
import type { Db } from '../../store/project-db';
import { labelHierarchy } from './label-hierarchy';
import { readScoringMode } from './scoring-mode';
import type { ScoredLabel } from './suggestions';

export interface SuggestionLabels {
  labels: ScoredLabel[];
  /** Rows may be missing for some labels (hierarchical scoring): a document is scored on those it has. */
  partial: boolean;
}

export function suggestionLabels(db: Db, question: CodebookQuestion): SuggestionLabels {
  const all = scoredLabels(question);
  const partial = readScoringMode(db, question.id).hierarchical;
  const chosen = partial ? labelHierarchy(all).leaves.map((i) => all[i]!) : all;
  return { labels: chosen.map((l) => ({ id: l.id, name: l.name })), partial };
}
