// What the model is asked for each label, and the hash of everything that makes predictions stale.
import { createHash } from 'node:crypto';
import type { CodebookLabel, CodebookQuestion } from '../../../common/contract';

/** The label's own full hypothesis, or the question's template with `{}` replaced by the label
 * (as the Hugging Face zero-shot pipeline does: only the first `{}`). */
export function hypothesisFor(question: Pick<CodebookQuestion, 'template'>, label: Pick<CodebookLabel, 'name' | 'hypothesis'>): string {
  if (label.hypothesis && label.hypothesis.trim() !== '') return label.hypothesis.trim();
  return question.template.includes('{}') ? question.template.replace('{}', label.name) : `${question.template} ${label.name}`;
}

/** The labels that are scored: archived labels are kept for history but not asked. */
export function scoredLabels(question: CodebookQuestion): CodebookLabel[] {
  return question.labels.filter((l) => !l.archived);
}

/** Hash of the model input of a question: its hypotheses in order, the long-text mode and the
 * model file. A prediction made under another hash is stale. (A codebook revision is different:
 * any change, e.g. a description, makes a revision; only these make predictions stale.) */
export function modelInputHash(question: CodebookQuestion, modelSha256: string): string {
  const input = {
    hypotheses: scoredLabels(question).map((l) => [l.id, hypothesisFor(question, l)]),
    longText: question.longText,
    model: modelSha256,
  };
  return createHash('sha256').update(JSON.stringify(input)).digest('hex');
}
