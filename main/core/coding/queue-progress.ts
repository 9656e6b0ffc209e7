// The progress of the queue being coded when it is not the question's open documents (issue 13): a
// validation sample's, or the skipped or flagged documents' (of a sample, or outside samples). The
// question's progress (queue.ts) counts every document of the project; a coder of a sample of 8
// wants "3 of 8", not "41 of 60".
//
// [Note: queue progress] Members and "done" are read from the decision log, so that they hold
// across reloads and pages without the session's memory:
// - a sample: its (visible) documents; done when it has a decision in the sample (this coder's, when
//   the queue names the coder), a label or a skip;
// - skipped (flagged): every document with a live decision (not undone) that was a skip (flagged),
//   in the sample by this coder or outside samples; done when its decision there now is not a skip
//   (no longer flagged). Coding the skipped documents thus moves the bar to the end.
import type { CodebookQuestion, QueueProgress, SampleInfo } from '../../../common/contract';
import type { Db } from '../store/project-db';
import { isUnit } from '../store/units';
import type { QueueInput } from './queue-sources';
import { LATEST_IN_SAMPLE } from './samples';

interface Current {
  kind: string;
  flagged: number;
  label_ids: string;
}

const LIVE = `a.kind <> 'undo' AND NOT EXISTS (SELECT 1 FROM annotations u WHERE u.undoes_id = a.id)`;
const VISIBLE = `EXISTS (SELECT 1 FROM documents d WHERE d.id = a.document_id AND ${isUnit('d')})`;

function coderId(db: Db, name: string | undefined): string | null {
  if (name === undefined) return null;
  return (db.prepare('SELECT id FROM coders WHERE name = ?').pluck().get(name.trim()) as string | undefined) ?? '';
}

/** Each document's decision in the sample (a label by any of the coders wins over a skip). */
function sampleCurrent(db: Db, questionId: string, sampleId: string, coder: string | null): Map<number, Current> {
  const rows = db
    .prepare(
      `SELECT a.document_id AS id, a.kind, a.flagged, a.label_ids FROM annotations a
       WHERE a.sample_id = ? AND a.question_id = ? ${coder === null ? '' : 'AND a.coder_id = ?'} AND ${LATEST_IN_SAMPLE}
       ORDER BY a.created_at, a.rowid`,
    )
    .all(...[sampleId, questionId, ...(coder === null ? [] : [coder])]) as (Current & { id: number })[];
  const out = new Map<number, Current>();
  for (const r of rows) {
    const had = out.get(r.id);
    if (!had || had.kind === 'skip' || r.kind !== 'skip') out.set(r.id, r);
  }
  return out;
}

/** Each document's current decision outside samples (the coding state). */
function stateCurrent(db: Db, questionId: string): Map<number, Current> {
  const rows = db
    .prepare(
      `SELECT s.document_id AS id, s.kind, s.flagged, s.label_ids FROM coding_state s
       WHERE s.question_id = ? AND s.annotation_id IS NOT NULL`,
    )
    .all(questionId) as (Current & { id: number })[];
  return new Map(rows.map((r) => [r.id, r]));
}

/** The queue's documents ([Note: queue progress]). */
function members(db: Db, input: QueueInput, sample: SampleInfo | null, coder: string | null): number[] {
  if (input.source === 'sample' && sample)
    return db
      .prepare(
        `SELECT sd.document_id FROM sample_documents sd JOIN documents d ON d.id = sd.document_id AND ${isUnit('d')}
         WHERE sd.sample_id = ?`,
      )
      .pluck()
      .all(sample.id) as number[];
  const which = input.source === 'skipped' ? "a.kind = 'skip'" : 'a.flagged = 1';
  const where = sample ? `a.sample_id = @sample ${coder === null ? '' : 'AND a.coder_id = @coder'}` : 'a.sample_id IS NULL';
  return db
    .prepare(
      `SELECT DISTINCT a.document_id FROM annotations a WHERE a.question_id = @q AND ${where} AND ${which} AND ${LIVE} AND ${VISIBLE}`,
    )
    .pluck()
    .all({ q: input.questionId, sample: sample?.id ?? null, coder }) as number[];
}

/** The progress of a sample, skipped or flagged queue; null for the question's open documents. */
export function queueProgress(db: Db, question: CodebookQuestion, input: QueueInput, sample: SampleInfo | null): QueueProgress | null {
  if (input.source === 'queue' || input.documentId !== undefined) return null;
  if (input.source === 'sample' && !sample) return null;
  const coder = coderId(db, input.coder);
  const ids = members(db, input, sample, coder);
  const current = sample ? sampleCurrent(db, question.id, sample.id, coder) : stateCurrent(db, question.id);
  const order = new Map(question.labels.map((l, i) => [l.id, i]));
  const count = new Map<string, number>();
  let done = 0;
  let decided = 0;
  let skipped = 0;
  for (const id of ids) {
    const c = current.get(id);
    if (!c) continue;
    const isDone = input.source === 'sample' || (input.source === 'skipped' ? c.kind !== 'skip' : c.flagged !== 1);
    if (isDone) done++;
    if (c.kind === 'skip') {
      skipped++;
      continue;
    }
    decided++;
    const labels = (JSON.parse(c.label_ids) as string[]).filter((l) => order.has(l));
    // Single-label: the decision's label (its first in codebook order, as the question's tally).
    const counted = question.multiLabel ? labels : labels.sort((a, b) => order.get(a)! - order.get(b)!).slice(0, 1);
    for (const l of counted) count.set(l, (count.get(l) ?? 0) + 1);
  }
  const byLabel = question.labels.filter((l) => count.has(l.id)).map((l) => ({ labelId: l.id, count: count.get(l.id)! }));
  return { total: ids.length, done, decided, skipped, byLabel };
}
