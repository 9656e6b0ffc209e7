// The queues besides a question's open documents (issue 13): a validation sample's documents, coded
// blind; the documents whose current decision is a skip or is flagged (outside samples, or within
// one); and what every queue keeps from a coder: documents reserved for a sample, and the gold label.
//
// [Note: reserved for a sample] A document drawn into a validation sample of a question is coded in
// the sample's blind queue, never in the question's ordinary queue, where its suggestion would show
// and the blind label would no longer be independent of the model. So the ordinary open queue leaves
// out every document of the question's samples (those already coded there are decided anyway), but
// those of training rounds: a training decision is never a label of the project.
import type { CodebookQuestion, ParsedInput, QueueItem, SampleInfo } from '../../../common/contract';
import type { Db } from '../store/project-db';
import { isUnit } from '../store/units';
import type { AnnotationRow } from './coding-state';
import { withoutGold } from './gold';
import { LATEST_IN_SAMPLE } from './samples';

export type QueueInput = ParsedInput<'annotate.queue'>;

export interface Candidate {
  phase: number;
  score: number;
  id: number;
}

/** SQL (with {id} for the document id and @q the question) that leaves out documents reserved for a
 * sample of the question ([Note: reserved for a sample]); '' while the question has no sample. */
export function reservedClause(db: Db, questionId: string): string {
  const any = db.prepare("SELECT 1 FROM samples WHERE question_id = ? AND kind <> 'training' LIMIT 1").get(questionId);
  return any
    ? "AND NOT EXISTS (SELECT 1 FROM sample_documents sd JOIN samples sm ON sm.id = sd.sample_id WHERE sd.document_id = {id} AND sm.question_id = @q AND sm.kind <> 'training')"
    : '';
}

/** Documents of the question's samples that have no current decision (not in the ordinary queue). */
export function reservedOpen(db: Db, questionId: string): number {
  return db
    .prepare(
      `SELECT count(DISTINCT sd.document_id) FROM sample_documents sd JOIN samples sm ON sm.id = sd.sample_id
       JOIN documents d ON d.id = sd.document_id AND ${isUnit('d')}
       LEFT JOIN coding_state s ON s.question_id = sm.question_id AND s.document_id = sd.document_id
       WHERE sm.question_id = ? AND sm.kind <> 'training' AND s.annotation_id IS NULL`,
    )
    .pluck()
    .get(questionId) as number;
}

/**
 * Documents of the question whose current decision is a skip made outside a sample: the tally's
 * skips ([Note: coding tally]) less those made in a sample, which are few and found through the
 * sample decisions' index. (Joining every skipped document's decision to the log cost 17 ms a queue
 * page at a million documents with 50,000 decisions.)
 */
export function skippedOutsideSamples(db: Db, questionId: string): number {
  const skips =
    (db.prepare("SELECT n FROM coding_tally WHERE question_id = ? AND bucket = 'kind:skip'").pluck().get(questionId) as
      number | undefined) ?? 0;
  if (skips === 0) return 0;
  const inSamples = db
    .prepare(
      `SELECT count(*) FROM annotations a JOIN coding_state s ON s.question_id = a.question_id AND s.document_id = a.document_id AND s.annotation_id = a.id
       WHERE a.sample_id IS NOT NULL AND a.question_id = ? AND s.kind = 'skip'`,
    )
    .pluck()
    .get(questionId) as number;
  return skips - inSamples;
}

/** A queue's coder: their id ('' for a name that has made no decision yet), or null without one. */
export function coderId(db: Db, name: string | undefined): string | null {
  if (name === undefined) return null;
  return (db.prepare('SELECT id FROM coders WHERE name = ?').pluck().get(name.trim()) as string | undefined) ?? '';
}

/** The WHERE of a source: sample documents (with sd) or decided documents (with s, a). */
function sourceWhere(db: Db, input: QueueInput, sample: SampleInfo | null): { sql: string; params: Record<string, unknown> } {
  const coder = coderId(db, input.coder);
  const params: Record<string, unknown> = { q: input.questionId, coder };
  if (sample) {
    params.sample = sample.id;
    const mine = `a.sample_id = @sample AND a.question_id = @q AND a.document_id = sd.document_id ${coder === null ? '' : 'AND a.coder_id = @coder'}`;
    const visible = `EXISTS (SELECT 1 FROM documents d WHERE d.id = sd.document_id AND ${isUnit('d')})`;
    const sql =
      input.source === 'sample'
        ? input.scope === 'open'
          ? `NOT EXISTS (SELECT 1 FROM annotations a WHERE ${mine} AND a.kind <> 'undo' AND NOT EXISTS (SELECT 1 FROM annotations u WHERE u.undoes_id = a.id))`
          : '1'
        : `EXISTS (SELECT 1 FROM annotations a WHERE ${mine} AND ${input.source === 'skipped' ? "a.kind = 'skip'" : 'a.flagged = 1'} AND ${LATEST_IN_SAMPLE})`;
    return { sql: `sd.sample_id = @sample AND ${visible} AND ${sql}`, params };
  }
  const which = input.source === 'skipped' ? "s.kind = 'skip'" : 's.flagged = 1';
  return { sql: `s.question_id = @q AND s.annotation_id IS NOT NULL AND ${which} AND a.sample_id IS NULL`, params };
}

/** The next candidates of a sample, skipped or flagged queue after `after` (a position or an id). */
export function sourceCandidates(db: Db, input: QueueInput, sample: SampleInfo | null, after: number): Candidate[] {
  const { sql, params } = sourceWhere(db, input, sample);
  if (sample) {
    const rows = db
      .prepare(
        `SELECT sd.document_id AS id, sd.position FROM sample_documents sd WHERE ${sql} AND sd.position > @after ORDER BY sd.position LIMIT @limit`,
      )
      .all({ ...params, after, limit: input.limit }) as { id: number; position: number }[];
    return rows.map((r) => ({ phase: 0, score: r.position, id: r.id }));
  }
  const ids = db
    .prepare(
      `SELECT s.document_id FROM coding_state s JOIN annotations a ON a.id = s.annotation_id WHERE ${sql} AND s.document_id > @after
       ORDER BY s.document_id LIMIT @limit`,
    )
    .pluck()
    .all({ ...params, after, limit: input.limit }) as number[];
  return ids.map((id) => ({ phase: 0, score: id, id }));
}

/** How many documents of such a queue come after `after`. */
export function sourceRemaining(db: Db, input: QueueInput, sample: SampleInfo | null, after: number): number {
  const { sql, params } = sourceWhere(db, input, sample);
  return (
    sample
      ? db.prepare(`SELECT count(*) FROM sample_documents sd WHERE ${sql} AND sd.position > @after`)
      : db.prepare(
          `SELECT count(*) FROM coding_state s JOIN annotations a ON a.id = s.annotation_id WHERE ${sql} AND s.document_id > @after`,
        )
  )
    .pluck()
    .get({ ...params, after }) as number;
}

/** Whether the document is one of the sample's. */
export function inSample(db: Db, sampleId: string, documentId: number): boolean {
  return db.prepare('SELECT 1 FROM sample_documents WHERE sample_id = ? AND document_id = ?').get(sampleId, documentId) !== undefined;
}

/** The latest live decision in the sample of each document (the coder's, or any coder's). */
export function sampleDecisions(db: Db, question: CodebookQuestion, sampleId: string, coder: string | undefined, ids: readonly number[]) {
  const id = coderId(db, coder);
  const rows = db
    .prepare(
      `SELECT a.* FROM annotations a WHERE a.sample_id = ? AND a.question_id = ? AND a.document_id IN (SELECT value FROM json_each(?))
         ${id === null ? '' : 'AND a.coder_id = ?'} AND ${LATEST_IN_SAMPLE} ORDER BY a.created_at, a.rowid`,
    )
    .all(...[sampleId, question.id, JSON.stringify(ids), ...(id === null ? [] : [id])]) as AnnotationRow[];
  return new Map(rows.map((a) => [a.document_id, a]));
}

/**
 * [Note: gold kept from the coder] Unless the project shows gold labels while coding, and never in a
 * blind sample, a queue item carries no gold label, and the import's gold column is left out of its
 * metadata (and of a unit's parent's), so no part of the page shows it.
 */
export function keepGoldFromCoder(db: Db, items: QueueItem[], documents: Map<number, { import_id: string }>): void {
  const parents = new Map(
    (
      db
        .prepare('SELECT id, import_id, gold_label FROM documents WHERE id IN (SELECT value FROM json_each(?))')
        .all(JSON.stringify(items.filter((i) => i.context).map((i) => i.context!.parentId))) as {
        id: number;
        import_id: string;
        gold_label: string | null;
      }[]
    ).map((p) => [p.id, p]),
  );
  for (const item of items) {
    const importId = documents.get(item.document.id)?.import_id;
    if (importId !== undefined) item.document.metadata = withoutGold(db, importId, item.document.metadata, item.document.gold);
    item.document.gold = null;
    const parent = item.context ? parents.get(item.context.parentId) : undefined;
    if (item.context && parent)
      item.context.parentMetadata = withoutGold(db, parent.import_id, item.context.parentMetadata, parent.gold_label);
  }
}
