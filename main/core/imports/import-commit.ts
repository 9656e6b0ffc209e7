// The end of an import: the commit that makes it visible at once, after counting what was stored,
// and the discard of an import that did not finish.
import { PrelabelError, type ProblemSummary } from '../../../common/contract';
import type { Db } from '../store/project-db';
import { truncateWal, withoutHeadLines } from '../privacy/scrub';

const count = (n: number) => n.toLocaleString('en-US');

/** Removes the rows of an import that did not finish and records how it ended. Its text is gone
 * from the file too: the rows are overwritten as they are deleted ([Note: secure delete]), the
 * lines of the file's head that detection kept are dropped from the import's options, and the WAL
 * frames that still held the rows are truncated away ([Note: true deletion]). */
export function discardImport(db: Db, importId: string, status: 'cancelled' | 'failed'): void {
  db.transaction(() => {
    db.prepare('DELETE FROM documents WHERE import_id = ?').run(importId);
    const options = db.prepare('SELECT options FROM imports WHERE id = ?').pluck().get(importId) as string | undefined;
    db.prepare('UPDATE imports SET status = ?, finished_at = ?, options = ? WHERE id = ?').run(
      status,
      new Date().toISOString(),
      withoutHeadLines(options ?? '{}'),
      importId,
    );
  })();
  truncateWal(db);
}

/** The error of an import whose pending row someone else marked failed or removed meanwhile. */
export function removedElsewhere(name: string): PrelabelError {
  return new PrelabelError(
    'BUSY',
    `Another window or program removed the unfinished import of ${name} while it was being written (an older version of Prelabel does that when it opens the project). Nothing was imported; import the file again.`,
  );
}

export interface ImportCounts {
  imported: number;
  skipped: number;
  problems: ProblemSummary[];
}

/** The checks and the update of the commit, inside the caller's transaction: the number of rows
 * stored, which is `counts.imported` when the import is committed now; null when its pending row
 * was removed meanwhile (a segmentation asked for with the import commits in the same transaction:
 * segments/segment-job.ts). */
export function tryCommitImport(db: Db, importId: string, counts: ImportCounts): number | null {
  const n = db.prepare('SELECT count(*) FROM documents WHERE import_id = ?').pluck().get(importId) as number;
  if (n !== counts.imported) return n;
  const committed = db
    .prepare(
      `UPDATE imports SET status = 'committed', row_count = ?, skipped_count = ?, problems = ?, finished_at = ? WHERE id = ? AND status = 'pending'`,
    )
    .run(counts.imported, counts.skipped, JSON.stringify(counts.problems), new Date().toISOString(), importId).changes;
  return committed === 1 ? n : null;
}

/** Why an import was not committed, from tryCommitImport's answer. */
export function commitFailure(name: string, stored: number | null, expected: number): PrelabelError {
  if (stored === null) return removedElsewhere(name);
  return new PrelabelError(
    'BUSY',
    `The import of ${name} stored only ${count(stored)} of ${count(expected)} rows: another window or program removed rows while it ran. Nothing was imported; import the file again.`,
  );
}

/** One final update makes the whole import visible at once, in a transaction that first counts the
 * rows actually stored (issue 10, bug 1): an import that lost rows to another process is discarded
 * and fails with a message saying so, never committed short. IMMEDIATE, so no other writer can
 * slip in between the count and the update. */
export function commitImport(db: Db, importId: string, name: string, counts: ImportCounts): void {
  const stored = db.transaction(() => tryCommitImport(db, importId, counts)).immediate();
  if (stored === counts.imported) return;
  discardImport(db, importId, 'failed');
  throw commitFailure(name, stored, counts.imported);
}
