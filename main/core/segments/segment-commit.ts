// The end of a segmentation: the commit that swaps parents and units in one transaction, the
// discard of one that did not finish, the check for decisions, and removal (undo).
//
// [Note: segmentation commit] A segmentation's units are written under a pending import, invisible
// like any import's rows. One IMMEDIATE transaction then counts the stored units, checks that the
// parents are still committed, unsplit and without decisions (a coder may have decided one while
// the units were written), marks the segmentation committed, sets `segmented_by` on its sources
// and clears the parents' suggestion rows in the coding state (units have their own; parents are
// no coding units any more: [Note: coding units] in store/units.ts). So a kill at any point leaves
// either the project as it was (the pending rows are purged when it opens next, like an
// unfinished import's) or the whole segmentation.
import { PrelabelError } from '../../../common/contract';
import type { Db } from '../store/project-db';

const count = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

/** Documents of these imports that have a current decision on any question. */
export function decidedDocuments(db: Db, importIds: readonly string[]): number {
  return db
    .prepare(
      `SELECT count(DISTINCT s.document_id) FROM coding_state s
       WHERE s.annotation_id IS NOT NULL AND s.document_id IN (SELECT id FROM documents WHERE import_id IN (SELECT value FROM json_each(?)))`,
    )
    .pluck()
    .get(JSON.stringify(importIds)) as number;
}

export function decisionsRefusal(decided: number, names: string): PrelabelError {
  return new PrelabelError(
    'INVALID_INPUT',
    `${plural(decided, 'document')} of ${names} ${decided === 1 ? 'has' : 'have'} decisions, made on whole documents. ` +
      'Splitting them would leave those decisions on documents nobody codes any more, so nothing was split. ' +
      'Export the decisions first if you need them, then split the texts in a new project (import them with the split), ' +
      'or keep coding whole documents here.',
  );
}

/** Removes the rows of a segmentation that did not finish and records how it ended. */
export function discardSegments(db: Db, segmentationId: string, status: 'cancelled' | 'failed'): void {
  db.transaction(() => {
    db.prepare('DELETE FROM documents WHERE import_id = ?').run(segmentationId);
    db.prepare("UPDATE imports SET status = ?, finished_at = ? WHERE id = ? AND status = 'pending'").run(
      status,
      new Date().toISOString(),
      segmentationId,
    );
  })();
}

/** The checks and updates of the commit, for use inside a transaction (the import's commit runs
 * them together with its own). Returns null when committed, else why not. */
export function commitSegmentsIn(db: Db, segmentationId: string, sources: readonly string[], segments: number): string | null {
  const stored = db.prepare('SELECT count(*) FROM documents WHERE import_id = ?').pluck().get(segmentationId) as number;
  if (stored !== segments) {
    return `the split stored only ${count(stored)} of ${count(segments)} units: another window or program removed rows while it ran`;
  }
  const src = JSON.stringify(sources);
  const ready = db
    .prepare(`SELECT count(*) FROM imports WHERE id IN (SELECT value FROM json_each(?)) AND segmented_by IS NULL AND status = 'committed'`)
    .pluck()
    .get(src) as number;
  if (ready !== sources.length) return 'another window split or removed these documents meanwhile';
  const decided = decidedDocuments(db, sources);
  if (decided > 0) return `${plural(decided, 'document')} received decisions while the split ran`;
  const committed = db
    .prepare(`UPDATE imports SET status = 'committed', row_count = ?, finished_at = ? WHERE id = ? AND status = 'pending'`)
    .run(segments, new Date().toISOString(), segmentationId).changes;
  if (committed !== 1) return 'another window or program removed the unfinished split';
  db.prepare('UPDATE imports SET segmented_by = ? WHERE id IN (SELECT value FROM json_each(?))').run(segmentationId, src);
  const clear = db.prepare(
    'DELETE FROM coding_state WHERE question_id = ? AND document_id IN (SELECT id FROM documents WHERE import_id IN (SELECT value FROM json_each(?)))',
  );
  for (const q of db.prepare('SELECT DISTINCT question_id FROM coding_state').pluck().all() as string[]) clear.run(q, src);
  return null;
}

/** Commits a written segmentation ([Note: segmentation commit]); on failure discards it and throws. */
export function commitSegments(db: Db, segmentationId: string, sources: readonly string[], segments: number): void {
  const why = db.transaction(() => commitSegmentsIn(db, segmentationId, sources, segments)).immediate();
  if (why === null) return;
  discardSegments(db, segmentationId, 'failed');
  throw new PrelabelError('BUSY', `Nothing was split: ${why}. Split again.`);
}
