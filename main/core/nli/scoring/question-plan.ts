// What scoring one question needs besides the model: the question itself from the open codebook,
// the pair planner with its hypotheses tokenised and its windows sized for the model, and the label
// tree of a hierarchical run. Runs and the int8 agreement check plan their pairs the same way.
import { PrelabelError, type CodebookQuestion } from '../../../../common/contract';
import { findQuestion, readCodebook } from '../../codebook/codebook-read';
import { hypothesisFor, scoredLabels } from '../../codebook/hypotheses';
import type { LoadedModel } from '../../models/model-loader';
import type { Db } from '../../store/project-db';
import { labelHierarchy, type LabelHierarchy } from './label-hierarchy';
import { PairPlanner, type Hypothesis } from './pair-batch';
import type { ScoringMode } from './scoring-mode';

export interface PlannerTuning {
  /** Overrides the model's maximum sequence length (tests use short windows). */
  maxLength?: number;
  /** Premise tokens shared by consecutive windows; default a quarter of a window, at most 64. */
  windowOverlap?: number;
}

/** The label tree of a hierarchical run (indices into the planner's hypotheses). */
export interface RunHierarchy {
  tree: LabelHierarchy;
  topParents: number;
}

export function questionOf(db: Db, questionId: string): { question: CodebookQuestion; revisionId: string | null } {
  const codebook = readCodebook(db);
  const question = findQuestion(codebook, questionId);
  if (!question) throw new PrelabelError('NOT_FOUND', 'This question is not in the codebook (it may have been deleted).');
  return { question, revisionId: codebook.revisionId };
}

export function plannerFor(model: LoadedModel, question: CodebookQuestion, tuning: PlannerTuning): PairPlanner {
  const labels = scoredLabels(question);
  if (labels.length === 0)
    throw new PrelabelError('INVALID_INPUT', `The question "${question.name}" has no labels to score. Add labels in the codebook first.`);
  const hyps: Hypothesis[] = labels.map((l) => ({
    labelId: l.id,
    label: l.name,
    ids: model.tokenizer.tokenize(hypothesisFor(question, l)),
  }));
  const maxLength = tuning.maxLength ?? model.info.maxLength;
  const window = maxLength - model.tokenizer.specialCount - Math.max(...hyps.map((h) => h.ids.length));
  const overlap = tuning.windowOverlap ?? Math.max(0, Math.min(64, Math.floor(window / 4)));
  return new PairPlanner(model.tokenizer, hyps, maxLength, question.longText, overlap);
}

/** The runner's label tree for a hierarchical run; undefined when every label is asked. */
export function hierarchyFor(question: CodebookQuestion, mode: ScoringMode): RunHierarchy | undefined {
  if (!mode.hierarchical) return undefined;
  const tree = labelHierarchy(scoredLabels(question));
  if (tree.below.size === 0) {
    throw new PrelabelError(
      'INVALID_INPUT',
      `The question "${question.name}" has no labels with a parent, so there is nothing to score hierarchically. Give labels a parent in the codebook (e.g. Manifesto codes under their domains) or score all labels.`,
    );
  }
  return { tree, topParents: mode.topParents };
}
