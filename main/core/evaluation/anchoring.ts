// Anchoring (issue 13, item 10): do coders follow the suggestion too readily? The share of
// suggestions accepted in ordinary coding (shown), from each decision's own record of the suggestion
// on screen when it was made (coding/decision-pairs.ts), against the model's current accuracy on the
// blind validation sample (evaluation-checks.ts, blindAccuracy); and agreement with the recorded
// suggestion when it was hidden outside the blind sample (the CLI).
// [Note: anchoring comparisons] Only suggestions of the current model input are compared: a shown
// decision whose suggestion came from an older codebook or model is left out and counted
// (staleLeftOut; after a hypothesis edit and a re-run every earlier decision is), since what the
// coder saw is not what the current model says. The blind side uses the current predictions, so it
// never goes stale and is the model the accuracy table measures. The two sides are different
// documents: ordinary coding follows the queue order, the blind sample is random; a gap may partly
// come from which documents were coded. Shares have Wilson intervals, except the blind share when it
// is the accuracy table's own number (against that sample), which keeps the table's bootstrap interval.
import type { AnchoringBlind, AnchoringView, CodebookQuestion } from '../../../common/contract';
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

export function anchoring(db: Db, question: CodebookQuestion, hash: string, blind: AnchoringBlind): AnchoringView | null {
  if (!hash) return null;
  const all = decisionPairs(db, question, hash).filter((p) => p.modelLabelIds !== null && !p.blind);
  const current = all.filter((p) => !p.stale);
  const shown = side(current.filter((p) => p.shown));
  const hidden = side(current.filter((p) => !p.shown));
  const notes = [
    'Shown: ordinary coding with the suggestion on screen; the share is how often the human kept exactly the suggested labels (the suggestion recorded at decision time).',
    blind.sameAsTable
      ? "Blind: the model's current accuracy on the blind validation sample, the accuracy table's number on the same documents, with the table's bootstrap interval."
      : "Blind: the model's current predictions against the newest blind validation sample's decisions, made without the suggestion (Wilson interval). The accuracy table compares with another truth, so its number differs.",
    'Hidden: decisions outside the blind sample made without the suggestion on screen (the CLI), against the suggestion recorded then.',
    'The two sides are different documents (the queue order against a random sample), so part of a gap can come from which documents were coded.',
  ];
  const staleLeftOut = all.length - current.length;
  if (staleLeftOut)
    notes.push(
      `${staleLeftOut} decisions were made with a suggestion of an older model input (before the codebook, the hypotheses or the model changed) and are left out: what their coders saw is not what the current model says.`,
    );
  if (shown.share !== null && blind.share !== null && shown.share - blind.share > 0.1 && shown.lower! > blind.upper!)
    notes.push(
      'Coders accepted suggestions clearly more often than the model is right on the blind sample: they may follow the suggestion too readily.',
    );
  return {
    shown,
    hidden,
    blind,
    gap: shown.share !== null && blind.share !== null ? shown.share - blind.share : null,
    staleLeftOut,
    notes,
  };
}
