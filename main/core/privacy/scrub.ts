// What makes deleted text unreadable in the project's files: the search index merged without the
// deleted entries, the file rewritten, the WAL truncated, the backups that hold it removed.
//
// [Note: true deletion] SQLite leaves deleted rows in free pages and older page versions in the
// WAL; FTS5 keeps deleted entries in its segments until they are merged. So a deletion (and the
// discard of a failed import) runs, after its transaction, on a connection with secure_delete on
// ([Note: secure delete] in store/project-db.ts): the FTS5 'optimize' command (every segment merged
// into one, the deleted entries dropped), ANALYZE (the planner's samples of index keys, which can
// be external ids, gold labels or coder names, taken again from the rows that remain), VACUUM (the file rebuilt from the live rows only) and
// wal_checkpoint(TRUNCATE) (the WAL emptied to zero bytes). The checkpoint cannot truncate while
// another process reads the project (another window): the result says so, and the WAL is emptied
// when the last connection closes. Backups (`<project>.backups/`) hold the deleted text as it was:
// a deletion removes every one of them inside its transaction, before the rows go (a process killed
// after the commit leaves none behind), and says how many.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';

type Db = Database.Database;
import { backupsFolder } from './file-modes';

/** Empties the WAL into the file and truncates it; false when another process kept it (a reader
 * of an older state, or a writer). Without `wait` it does not wait for them (the discard of a failed
 * import must not stall behind another window's import); the WAL is then emptied by a later
 * checkpoint or when the last connection closes. */
export function truncateWal(db: Db, wait = false): boolean {
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  if (!wait) db.pragma('busy_timeout = 0');
  try {
    const [row] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    return row !== undefined && row.busy === 0;
  } finally {
    if (!wait) db.pragma(`busy_timeout = ${timeout}`);
  }
}

/** Merges the search index into one segment, so deleted entries no longer exist in it. */
export function optimizeSearchIndex(db: Db): void {
  db.prepare("INSERT INTO documents_fts (documents_fts) VALUES ('optimize')").run();
}

export interface ScrubReport {
  searchIndexOptimized: boolean;
  vacuumed: boolean;
  walTruncated: boolean;
}

/** The steps after a deletion's transaction ([Note: true deletion]). */
export function scrubDeleted(db: Db): ScrubReport {
  optimizeSearchIndex(db);
  // The planner's statistics keep sample keys of indexes (sqlite_stat4: external ids, gold labels,
  // coder names): computed again from the rows that remain.
  db.exec('ANALYZE');
  db.exec('VACUUM');
  const walTruncated = truncateWal(db, true);
  return { searchIndexOptimized: true, vacuumed: true, walTruncated };
}

/** The backup files beside a project. */
export function backupFiles(projectPath: string): string[] {
  const dir = backupsFolder(projectPath);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .filter((p) => statSync(p).isFile());
}

/** Removes every backup of the project (they hold the deleted text); returns how many. */
export function removeBackups(projectPath: string): number {
  const files = backupFiles(projectPath);
  for (const f of files) rmSync(f, { force: true });
  return files.length;
}

type StoredOptions = { detection?: { encodingSample?: unknown; suggestedEncodings?: { sample?: string }[] } };

/** An import's stored options without the lines of the file's head that detection kept (text of
 * the documents): the sample lines go, the encodings and their confidence stay. */
export function withoutHeadLines(optionsJson: string): string {
  let options: StoredOptions;
  try {
    options = JSON.parse(optionsJson) as StoredOptions;
  } catch {
    return optionsJson;
  }
  const d = options.detection;
  if (!d) return optionsJson;
  delete d.encodingSample;
  for (const s of d.suggestedEncodings ?? []) s.sample = '';
  return JSON.stringify(options);
}
