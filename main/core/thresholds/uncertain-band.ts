// A single-label question's uncertain band: documents whose top two labels' probabilities differ by
// less than a margin. Such documents are not taken as the model's label: the export leaves their
// final label to a coder, and the queue's "uncertain first" order brings them to the coder first.
// Here: how many fall in the band, and the model's accuracy inside and outside it on the coded
// documents, at the set margin and at a few others to choose from.
//
// [Note: one scale for the band] The band, its report, the export and the queue measure the margin
// on one scale: the probabilities the suggestions use, the softmax across labels of the raw
// zero-shot scores, or the calibrated classifier's probabilities while it is on and current. The
// coding state keeps each document's margin with its suggestion (migration 10, coding/
// state-suggestion.ts); the report counts through it, the queue orders by it, and the export
// computes the same number from the same logits (export/model-labels.ts), so the documents the
// report counts inside the band are those the export leaves to a coder and those "uncertain first"
// brings first. While the classifier is on, the accuracy on the coded documents is in-sample (it was
// trained on them), and the report says so.
import type { CodebookQuestion } from '../../../common/contract';
import type { UncertainBandAt, UncertainBandReport } from '../../../common/contract/thresholds';
import { activeCalibration } from '../calibration/active';
import { ensureSuggestions } from '../coding/coding-state';
import type { Db } from '../store/project-db';
import { marginOf } from './margin';
import { readUncertainBand } from './threshold-store';

export { marginOf };

export const BAND_CANDIDATES = [0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5] as const;

export interface MarginRow {
  margin: number;
  correct: boolean;
}

/** The band's numbers at one margin, from the coded documents' margins and the corpus's count inside it. */
export function bandAt(margin: number, coded: readonly MarginRow[], corpusInside: number): UncertainBandAt {
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
    corpus: corpusInside,
  };
}

interface StateMargin {
  labelId: string;
  margin: number;
}

const CHUNK = 5000;

/** The current suggestion's label and margin of `ids` (those with one), from the coding state. */
function stateMargins(db: Db, questionId: string, hash: string, ids: readonly number[]): Map<number, StateMargin> {
  const read = db.prepare(
    `SELECT document_id AS id, suggestion_label_id AS labelId, suggestion_margin AS margin FROM coding_state
     WHERE question_id = ? AND suggestion_hash = ? AND suggestion_margin IS NOT NULL AND document_id IN (SELECT value FROM json_each(?))`,
  );
  const out = new Map<number, StateMargin>();
  for (let i = 0; i < ids.length; i += CHUNK)
    for (const r of read.all(questionId, hash, JSON.stringify(ids.slice(i, i + CHUNK))) as Array<StateMargin & { id: number }>)
      out.set(r.id, { labelId: r.labelId, margin: r.margin });
  return out;
}

/**
 * The band's report. `codedRows`: the coded documents it is measured on (current human label
 * decisions outside the blind validation samples: thresholds/tune.ts) with their labels; their
 * margins and the model's labels, and the corpus counts, come from the coding state, on the
 * suggestions' scale ([Note: one scale for the band]).
 */
export function bandReport(
  db: Db,
  question: CodebookQuestion,
  hash: string,
  codedRows: ReadonlyArray<{ documentId: number; labelIds: readonly string[] }>,
): UncertainBandReport {
  const margin = readUncertainBand(db, question.id);
  if (hash) ensureSuggestions(db, question, hash);
  const state = hash
    ? stateMargins(
        db,
        question.id,
        hash,
        codedRows.map((r) => r.documentId),
      )
    : new Map<number, StateMargin>();
  const coded = codedRows.flatMap((r) => {
    const s = state.get(r.documentId);
    return s ? [{ margin: s.margin, correct: r.labelIds.length === 1 && s.labelId === r.labelIds[0] }] : [];
  });
  const where = 'FROM coding_state WHERE question_id = ? AND suggestion_hash = ? AND suggestion_margin IS NOT NULL';
  const count = db.prepare(`SELECT count(*) ${where} AND suggestion_margin < ?`).pluck();
  const inside = (m: number) => (hash ? (count.get(question.id, hash, m) as number) : 0);
  const scored = hash ? (db.prepare(`SELECT count(*) ${where}`).pluck().get(question.id, hash) as number) : 0;
  const calibrated = activeCalibration(db, question, hash);
  return {
    margin,
    current: margin === null ? null : bandAt(margin, coded, inside(margin)),
    candidates: BAND_CANDIDATES.map((m) => bandAt(m, coded, inside(m))),
    scored,
    coded: coded.length,
    scale: calibrated ? 'calibrated' : 'raw',
  };
}
