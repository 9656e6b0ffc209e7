// tuning.keep: a tried variant becomes the codebook's wording through the one codebook write path
// (codebook/codebook-write.ts), as a new revision with a summary that says so; the question's
// predictions made under the old wording become stale there, as after any edit of a hypothesis.
import { codebookToJson, type Codebook, type ParsedInput } from '../../../common/contract';
import { readCodebook } from '../codebook/codebook-read';
import { describeChanges } from '../codebook/codebook-changes';
import { setCodebook } from '../codebook/codebook-write';
import { requireQuestion } from '../coding/decisions';
import type { Db } from '../store/project-db';
import { applyVariant, variantName } from './variants';

export function keepVariant(db: Db, input: ParsedInput<'tuning.keep'>): Codebook {
  const codebook = readCodebook(db);
  const question = requireQuestion(codebook, input.questionId);
  const kept = applyVariant(question, input.variant);
  const after = { ...codebook, questions: codebook.questions.map((q) => (q.id === kept.id ? kept : q)) };
  const summary = `Kept the tried wording "${variantName(input.variant, 0)}": ${describeChanges(codebook, after)}`.slice(0, 500);
  return setCodebook(db, { questions: codebookToJson(after).questions }, { summary });
}
