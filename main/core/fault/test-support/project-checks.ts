// What must hold in a project after any kill, read with a connection of its own: SQLite's own
// integrity check, every acknowledged decision exactly as acknowledged, every import complete or
// absent, the search index complete, and no temporary file left beside the project or its outputs.
import Database from 'better-sqlite3';
import { copyFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type Db = Database.Database;

/** The source name of the import the write-transaction driver writes and never commits. */
export const TXN_MARKER = 'kill-harness-uncommitted';

/** Runs `fn` on a read-only connection of its own (a WAL file left by the killed writer is replayed). */
export function readProject<T>(path: string, fn: (db: Db) => T): T {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** `PRAGMA integrity_check` and `foreign_key_check`, as one list of problems (empty: sound). */
export function integrityProblems(db: Db): string[] {
  const integrity = db.prepare('PRAGMA integrity_check').pluck().all() as string[];
  const problems = integrity.length === 1 && integrity[0] === 'ok' ? [] : integrity.map((m) => `integrity: ${m}`);
  const fk = db.prepare('PRAGMA foreign_key_check').all() as { table: string; rowid: number; parent: string }[];
  for (const f of fk.slice(0, 5)) problems.push(`foreign key: ${f.table} row ${f.rowid} points to a missing ${f.parent}`);
  return problems;
}

/** A decision the coding driver reported as saved: the call had returned before it wrote the line. */
export type Ack =
  | { kind: 'label' | 'skip'; id: string; documentId: number; questionId: string; coder: string; labelIds: string[] }
  | { kind: 'undo'; undoes: string; questionId: string; coder: string };

/** Acknowledged decisions not in the log exactly as acknowledged. */
export function missingAcks(db: Db, acks: readonly Ack[]): string[] {
  const decision = db.prepare(
    `SELECT a.kind, a.document_id AS documentId, a.question_id AS questionId, c.name AS coder, a.label_ids AS labelIds
     FROM annotations a JOIN coders c ON c.id = a.coder_id WHERE a.id = ?`,
  );
  const undo = db.prepare(
    `SELECT count(*) FROM annotations a JOIN coders c ON c.id = a.coder_id
     WHERE a.kind = 'undo' AND a.undoes_id = ? AND a.question_id = ? AND c.name = ?`,
  );
  const problems: string[] = [];
  for (const a of acks) {
    if (a.kind === 'undo') {
      if (undo.pluck().get(a.undoes, a.questionId, a.coder) !== 1) problems.push(`the acknowledged undo of ${a.undoes} is missing`);
      continue;
    }
    const row = decision.get(a.id) as { kind: string; documentId: number; questionId: string; coder: string; labelIds: string } | undefined;
    const want = JSON.stringify([a.kind, a.documentId, a.questionId, a.coder, [...a.labelIds].sort()]);
    const got = row && JSON.stringify([row.kind, row.documentId, row.questionId, row.coder, (JSON.parse(row.labelIds) as string[]).sort()]);
    if (got !== want) problems.push(`acknowledged decision ${a.id} ${row ? `differs: ${got} for ${want}` : 'is missing'}`);
  }
  return problems;
}

/** Rows in the decision log (decisions and undos). */
export function logRows(db: Db): number {
  return db.prepare('SELECT count(*) FROM annotations').pluck().get() as number;
}

/** Each import committed with exactly the rows of its file (by source name), every other one empty. */
export function importProblems(db: Db, expectedRows: Record<string, number>): string[] {
  const rows = db
    .prepare(
      'SELECT i.id, i.status, i.source_name AS name, (SELECT count(*) FROM documents d WHERE d.import_id = i.id) AS n FROM imports i',
    )
    .all() as { id: string; status: string; name: string; n: number }[];
  const problems: string[] = [];
  for (const r of rows) {
    const want = expectedRows[r.name];
    if (r.status === 'committed' && want !== undefined && r.n !== want)
      problems.push(`committed import of ${r.name} holds ${r.n} of ${want} rows`);
    if (r.status !== 'committed' && r.n !== 0) problems.push(`${r.status} import of ${r.name} left ${r.n} rows`);
  }
  return problems;
}

/** Documents and rows of the search index (contentless FTS5: one docsize row per indexed document). */
export function searchCounts(db: Db): { documents: number; indexed: number } {
  return {
    documents: db.prepare('SELECT count(*) FROM documents').pluck().get() as number,
    indexed: db.prepare('SELECT count(*) FROM documents_fts_docsize').pluck().get() as number,
  };
}

/** Document ids the search index finds for one word (the query the app's search runs on). */
export function searchIds(db: Db, word: string): number[] {
  return db.prepare('SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rowid').pluck().all(`"${word}"`) as number[];
}

/** Names that only a write cut short leaves: temporary files (an export's, of either naming
 * scheme), partial backups and rollback journals. */
export const TEMPORARY = /(\.tmp|\.prelabel-tmp|\.part|\.partial|-journal)$|^\.prelabel-tmp-/;

/** A partial backup (and its journal) of a killed process: the next open of the project removes it
 * (ProjectStore.open, tested in main/core/backup/backups.test.ts), and the check runs right after the
 * kill, before any next open. A live process's partial, or any other temporary file, still counts. */
function deadBackupPartial(dir: string, name: string): boolean {
  const m = /^\..+\.(\d+)\.partial(-journal)?$/.exec(name);
  if (!m || !dir.endsWith('.backups')) return false;
  try {
    process.kill(Number(m[1]), 0);
    return false;
  } catch {
    return true;
  }
}

/** Temporary files under the given folders (recursively), by path. */
export function leftoverTemporaries(...dirs: string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) walk(path);
      else if (TEMPORARY.test(name) && !deadBackupPartial(dir, name)) found.push(path);
    }
  };
  for (const d of dirs) walk(d);
  return found;
}

/** Removes a project file with its WAL and shared-memory files (a copy put in its place must not
 * meet the WAL of the file it replaces). */
export function removeProject(path: string): void {
  for (const p of [path, `${path}-wal`, `${path}-shm`]) rmSync(p, { force: true });
}

/** Puts a copy of `from` at `to`, replacing what was there. */
export function replaceProject(from: string, to: string): void {
  removeProject(to);
  copyFileSync(from, to);
}
