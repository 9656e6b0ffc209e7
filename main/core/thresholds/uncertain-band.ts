// A single-label question's uncertain band: documents whose top two labels' probabilities (the
// softmax across labels that suggestions use) differ by less than a margin. Such documents are not
// taken as the model's label: the export leaves their final label to a coder, and the queue's
// "uncertain first" order brings them to the coder first. Here: how many fall in the band, and the
// model's accuracy inside and outside it on the coded documents, at the set margin and at a few
// others to choose from.
import type { CodebookQuestion, Suggestion } from '../../../common/contract';
import type { UncertainBandAt, UncertainBandReport } from '../../../common/contract/thresholds';
import type { Db } from '../store/project-db';
import { readUncertainBand } from './threshold-store';
import { scoredDocumentIds, scoresOf } from './scores';

export const BAND_CANDIDATES = [0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5] as const;

/** Top minus second probability; 1 with a single label. */
export function marginOf(scores: ReadonlyArray<{ score: number }>): number {
  if (scores.length < 2) return 1;
  let a = -Infinity;
  let b = -Infinity;
  for (const { score } of scores) {
    if (score > a) {
      b = a;
      a = score;
    } else if (score > b) b = score;
  }
  return a - b;
}

export interface MarginRow {
  margin: number;
  correct: boolean;
}

/** The band's numbers at one margin, from the coded documents' margins and the corpus's. */
export function bandAt(margin: number, coded: readonly MarginRow[], corpusMargins: readonly number[]): UncertainBandAt {
  let inside = 0;
  let insideRight = 0;
  let outsideRight = 0;
  for (const r of coded) {
    if (r.margin < margin) {
      inside++;
      if (r.correct) insideRight++;
    } else if (r.correct) outsideRight++;
  }
  const outside = coded.length - inside;
  return {
    margin,
    coded: inside,
    accuracyInside: inside === 0 ? null : insideRight / inside,
    accuracyOutside: outside === 0 ? null : outsideRight / outside,
    corpus: corpusMargins.filter((m) => m < margin).length,
  };
}

export function bandReport(
  db: Db,
  question: CodebookQuestion,
  hash: string,
  codedRows: ReadonlyArray<{ labelIds: string[]; suggestion: Suggestion }>,
): UncertainBandReport {
  const margin = readUncertainBand(db, question.id);
  const coded = codedRows.map((r) => ({
    margin: marginOf(r.suggestion.scores),
    correct: r.labelIds.length === 1 && r.suggestion.labelIds[0] === r.labelIds[0],
  }));
  const corpusMargins = hash
    ? [...scoresOf(db, question, hash, scoredDocumentIds(db, question.id, hash)).values()].map((s) => marginOf(s.scores))
    : [];
  return {
    margin,
    current: margin === null ? null : bandAt(margin, coded, corpusMargins),
    candidates: BAND_CANDIDATES.map((m) => bandAt(m, coded, corpusMargins)),
    scored: corpusMargins.length,
    coded: coded.length,
  };
}
