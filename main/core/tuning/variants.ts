// A wording variant of a question (a new template, new hypotheses for some labels) applied to the
// codebook's question, and which labels it changes. [Note: reused logits] A label whose hypothesis
// is the same under the variant keeps its stored logits: the model sees exactly the same pairs,
// since a document's premise windows depend only on the premise budget. In truncate mode each label
// has its own budget (maxLength - its hypothesis - specials), so other labels' pairs never change;
// in window mode every label of a document shares the budget of the longest hypothesis
// ([Note: windows share one budget] in nli/scoring/pair-batch.ts), so a variant that changes the
// longest hypothesis's length moves every window and every label is scored anew.
import { PrelabelError, type CodebookQuestion, type TuningVariant } from '../../../common/contract';
import { hypothesisFor, scoredLabels } from '../codebook/hypotheses';
import type { NliTokenizer } from '../nli/scoring/tokenizer';

/** The question as the variant words it (ids, names and everything else unchanged). */
export function applyVariant(question: CodebookQuestion, variant: TuningVariant): CodebookQuestion {
  const known = new Set(question.labels.map((l) => l.id));
  for (const id of Object.keys(variant.hypotheses ?? {}))
    if (!known.has(id)) throw new PrelabelError('NOT_FOUND', `The variant names a label (${id}) that is not in "${question.name}".`);
  const template = variant.template ?? question.template;
  if (!template.includes('{}') && scoredLabels(question).some((l) => !(variant.hypotheses?.[l.id] ?? l.hypothesis)))
    throw new PrelabelError('INVALID_INPUT', `The template "${template}" has no {} where the label goes.`);
  return {
    ...question,
    template,
    labels: question.labels.map((l) => {
      if (!variant.hypotheses || !(l.id in variant.hypotheses)) return l;
      const h = variant.hypotheses[l.id];
      return { ...l, hypothesis: h && h.trim() !== '' ? h.trim() : null };
    }),
  };
}

export interface VariantPlan {
  question: CodebookQuestion;
  /** Every scored label with its hypothesis under the variant, and whether it differs from now. */
  hypotheses: Array<{ labelId: string; label: string; hypothesis: string; changed: boolean }>;
  /** Indices (into the scored labels) of the labels whose pairs go through the model. */
  rescore: number[];
}

/** Which labels a variant needs scored anew ([Note: reused logits]). */
export function planVariant(current: CodebookQuestion, variant: TuningVariant, tokenizer: Pick<NliTokenizer, 'tokenize'>): VariantPlan {
  const question = applyVariant(current, variant);
  const before = scoredLabels(current);
  const after = scoredLabels(question);
  const hypotheses = after.map((l, i) => {
    const hypothesis = hypothesisFor(question, l);
    return { labelId: l.id, label: l.name, hypothesis, changed: hypothesis !== hypothesisFor(current, before[i]!) };
  });
  let rescore = hypotheses.flatMap((h, i) => (h.changed ? [i] : []));
  if (current.longText === 'windows' && rescore.length > 0) {
    const longest = (q: CodebookQuestion, ls: typeof before) => Math.max(...ls.map((l) => tokenizer.tokenize(hypothesisFor(q, l)).length));
    if (longest(current, before) !== longest(question, after)) rescore = hypotheses.map((_, i) => i);
  }
  return { question, hypotheses, rescore };
}

/** A variant's name: its own, else "Variant N" (1-based). */
export function variantName(variant: TuningVariant, index: number): string {
  return variant.name ?? `Variant ${index + 1}`;
}
