// Anchoring (issue 13, item 10): do coders follow the suggestion too readily? Two comparisons, from
// each decision's own record of the suggestion current when it was made (coding/decision-pairs.ts):
// the share of suggestions accepted in ordinary coding (shown) against the model's accuracy on the
// blind validation sample (hidden, so the human label is independent of it), and agreement with the
// model when the suggestion was shown against when it was hidden (blind sample and CLI decisions).
// [Note: anchoring comparisons] Only suggestions of the current model input are compared (a decision
// whose suggestion came from an older codebook or model is left out and counted), so both sides
// measure the same model. The two sides are different documents: ordinary coding follows the queue
// order, the blind sample is random; a gap may partly come from which documents were coded. Each
// share has its Wilson interval.
import type { AnchoringView, CodebookQuestion } from '../../../common/contract';
import { decisionPairs, type DecisionPair } from '../coding/decision-pairs';
import type { Db } from '../store/project-db';
import { wilsonInterval } from '../stats';

type Side = AnchoringView['shown'];

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

function side(pairs: readonly DecisionPair[]): Side {
  const agreed = pairs.filter((p) => sameSet(p.humanLabelIds, p.modelLabelIds!)).length;
  if (pairs.length === 0) return { decisions: 0, agreed: 0, share: null, lower: null, upper: null };
  const w = wilsonInterval(agreed, pairs.length);
  return { decisions: pairs.length, agreed, share: w.estimate, lower: w.lower, upper: w.upper };
}

export function anchoring(db: Db, question: CodebookQuestion, hash: string): AnchoringView | null {
  if (!hash) return null;
  const all = decisionPairs(db, question, hash).filter((p) => p.modelLabelIds !== null);
  const current = all.filter((p) => !p.stale);
  const shown = side(current.filter((p) => p.shown && !p.blind));
  const hidden = side(current.filter((p) => !p.shown));
  const blind = side(current.filter((p) => p.blind));
  const notes = [
    'Shown: ordinary coding with the suggestion on screen; the share is how often the human kept exactly the suggested labels.',
    "Blind: validation-sample decisions, made without the suggestion; the share is the model's accuracy there (the suggestion recorded hidden at decision time).",
    'The two sides are different documents (the queue order against a random sample), so part of a gap can come from which documents were coded.',
  ];
  if (shown.share !== null && blind.share !== null && shown.share - blind.share > 0.1 && shown.lower! > blind.upper!)
    notes.push(
      'Coders accepted suggestions clearly more often than the model is right on the blind sample: they may follow the suggestion too readily.',
    );
  return {
    shown,
    hidden,
    blind,
    gap: shown.share !== null && blind.share !== null ? shown.share - blind.share : null,
    staleLeftOut: all.length - current.length,
    notes,
  };
}
