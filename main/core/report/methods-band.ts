// The methods paragraph's sentence on a single-label question's uncertain band: which documents the
// export left to coders (no model label) and the model's accuracy inside and outside the band, on the
// scale the suggestions use ([Note: one scale for the band] in thresholds/uncertain-band.ts).
import type { CodebookQuestion } from '../../../common/contract';
import type { UncertainBandReport } from '../../../common/contract/thresholds';
import { fmtShare } from '../../../common/evaluation-format';
import type { Db } from '../store/project-db';
import { codedScores } from '../thresholds/tune';
import { bandReport } from '../thresholds/uncertain-band';
import { readUncertainBand } from '../thresholds/threshold-store';

/** The band's report for the methods text: null for a multi-label question or while no band is set. */
export function reportBand(db: Db, question: CodebookQuestion, hash: string): UncertainBandReport | null {
  if (question.multiLabel || readUncertainBand(db, question.id) === null) return null;
  return bandReport(db, question, hash, codedScores(db, question, hash).rows);
}

const docs = (n: number) => `${n} document${n === 1 ? '' : 's'}`;

/** One paragraph, or null when no band is set. */
export function bandMethodsText(b: UncertainBandReport | null | undefined): string | null {
  if (!b || b.margin === null || !b.current) return null;
  const c = b.current;
  const scale =
    b.scale === 'calibrated'
      ? "the calibrated classifier's probabilities (those the suggestions used)"
      : 'the softmax across labels of the zero-shot entailment scores (the probabilities the suggestions used)';
  const head = `Uncertain band: documents whose two most probable labels differed by less than ${b.margin} in ${scale} were left to the coders and were not given the model's label in exports (a human label, where there was one, was kept); ${c.corpus} of the ${b.scored} scored units fell inside the band.`;
  if (b.coded === 0)
    return `${head} No human-coded document outside the validation samples had a current prediction, so the model's accuracy inside and outside the band was not measured.`;
  const outside = b.coded - c.coded;
  const inside =
    c.accuracyInside === null
      ? 'no coded document fell inside the band'
      : `the model's accuracy was ${fmtShare(c.accuracyInside)} inside the band (${docs(c.coded)})`;
  const out =
    c.accuracyOutside === null
      ? 'none fell outside it'
      : `${c.accuracyInside === null ? "the model's accuracy was " : ''}${fmtShare(c.accuracyOutside)} outside it (${docs(outside)})`;
  const caveat =
    b.scale === 'calibrated' ? ' These accuracies are in-sample: the calibrated classifier was trained on these coded documents.' : '';
  return `${head} On the ${docs(b.coded)} coded by humans outside the validation samples, ${inside} and ${out}.${caveat}`;
}
