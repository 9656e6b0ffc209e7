// Opens, creates and migrates a project file: one SQLite database per project.
import Database from 'better-sqlite3';
import { existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { createOwnerOnlyFile, tightenProjectFiles } from '../privacy/file-modes';
import { truncateWal, withoutHeadLines } from '../privacy/scrub';
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { PrelabelError } from '../../../common/contract';
import { importAlive, removeLockFile, removeStaleLockFiles, type PendingImportRow } from './import-lock';
import { latestVersion, migrations, type Migration } from './migrations';
import { nativeBindingPath } from './native-binding';

/** PRAGMA application_id of Prelabel files: the bytes "PRLB". */
export const APPLICATION_ID = 0x50524c42;
export const PROJECT_EXTENSION = '.prelabel';

export type Db = Database.Database;

const SQLITE_MAGIC = 'SQLite format 3\0';

function readHeader(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(100);
    const n = readSync(fd, buf, 0, 100, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Refuses files that are not Prelabel projects before SQLite touches them (it would happily
 * open any SQLite file, or create an empty one). */
function checkExistingFile(path: string): void {
  const stat = statSync(path);
  if (!stat.isFile()) throw new PrelabelError('NOT_A_PROJECT', `${basename(path)} is a folder, not a Prelabel project file.`);
  const header = readHeader(path);
  if (header.length < 100 || header.subarray(0, 16).toString('latin1') !== SQLITE_MAGIC) {
    throw new PrelabelError('NOT_A_PROJECT', `${basename(path)} is not a Prelabel project (it is not an SQLite database).`);
  }
  const appId = header.readUInt32BE(68);
  if (appId !== APPLICATION_ID) {
    throw new PrelabelError('NOT_A_PROJECT', `${basename(path)} is an SQLite database made by another program, not a Prelabel project.`);
  }
  const userVersion = header.readUInt32BE(60);
  if (userVersion > latestVersion) {
    throw new PrelabelError(
      'NEWER_VERSION',
      `${basename(path)} was saved by a newer version of Prelabel (file format ${userVersion}, this version reads up to ${latestVersion}). Update Prelabel to open it.`,
    );
  }
}

function openConnection(path: string, fileMustExist: boolean): Db {
  const binding = nativeBindingPath();
  return new Database(path, { fileMustExist, ...(binding ? { nativeBinding: binding } : {}) });
}

/**
 * [Note: secure delete] Every connection that writes a project overwrites what it deletes with
 * zeros (`secure_delete`), so a deleted document, a failed import's rows or a deleted coder's notes
 * never linger in the file's free pages; the WAL still holds the older frames until a checkpoint
 * truncates it, which the deletions and the discard of a failed import do (privacy/scrub.ts).
 */
function configure(db: Db): void {
  db.pragma('secure_delete = ON');
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
}

/**
 * [Note: query planner statistics] Browse and the queue pick among several partial indexes; without
 * statistics SQLite can pick one that reads most of a million rows (measured: 0.6–0.9 s instead of
 * a few ms). So statistics are kept as SQLite recommends: `PRAGMA optimize` with a bounded analysis
 * when a project opens (after its migrations) and after work that changes many rows (an import, a
 * pre-label run); it only analyses tables whose contents changed enough, so it is cheap when
 * nothing did.
 */
export function refreshStatistics(db: Db, opening = false): void {
  if (db.open) db.pragma(opening ? 'optimize = 0x10002' : 'optimize');
}

/** Runs every pending migration in one transaction, so a failure leaves the file as it was. */
export function migrate(db: Db, list: readonly Migration[] = migrations): number {
  const target = list[list.length - 1]?.version ?? 0;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > target) {
    throw new PrelabelError('NEWER_VERSION', `This project was saved by a newer version of Prelabel (file format ${current}).`);
  }
  const pending = list.filter((m) => m.version > current);
  if (pending.length === 0) return current;
  db.transaction(() => {
    for (const m of pending) {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
  })();
  return target;
}

export interface CreateOptions {
  name: string;
}

export function createProjectDb(path: string, options: CreateOptions): Db {
  if (existsSync(path)) {
    throw new PrelabelError('ALREADY_EXISTS', `A file named ${basename(path)} already exists there. Choose another name or open it.`);
  }
  // Readable by the owner only: SQLite gives the -wal and -shm files the mode of the database file.
  createOwnerOnlyFile(path);
  const db = openConnection(path, false);
  try {
    db.pragma(`application_id = ${APPLICATION_ID}`);
    configure(db);
    migrate(db);
    const now = new Date().toISOString();
    const put = db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?)');
    db.transaction(() => {
      put.run('id', randomUUID());
      put.run('name', options.name);
      put.run('created_at', now);
    })();
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export function openProjectDb(path: string): Db {
  if (!existsSync(path)) throw new PrelabelError('NOT_FOUND', `The project file ${path} does not exist.`);
  checkExistingFile(path);
  // A project made before files were created owner-only (0644) is tightened now, with its -wal,
  // -shm and backups (privacy/file-modes.ts).
  tightenProjectFiles(path);
  const db = openConnection(path, true);
  try {
    configure(db);
    migrate(db);
    // Pending rows of an import whose writer is gone (crash, kill) are purged on open; those of an
    // import another process is still writing are left alone ([Note: import liveness]).
    purgeUnfinishedImports(db);
    removeStaleLockFiles(db);
    refreshStatistics(db, true);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Removes the rows of pending imports whose writer is provably gone; returns how many. */
export function purgeUnfinishedImports(db: Db): number {
  const pending = db
    .prepare("SELECT id, owner, coalesce(heartbeat_at, started_at) AS heartbeat_at FROM imports WHERE status = 'pending'")
    .all() as PendingImportRow[];
  const stale = pending.filter((row) => !importAlive(db, row)).map((row) => row.id);
  if (stale.length === 0) return 0;
  const delDocs = db.prepare('DELETE FROM documents WHERE import_id = ?');
  const options = db.prepare('SELECT options FROM imports WHERE id = ?').pluck();
  const mark = db.prepare("UPDATE imports SET status = 'failed', finished_at = ?, options = ? WHERE id = ? AND status = 'pending'");
  db.transaction(() => {
    for (const id of stale) {
      delDocs.run(id);
      mark.run(new Date().toISOString(), withoutHeadLines((options.get(id) as string | undefined) ?? '{}'), id);
    }
  }).immediate();
  for (const id of stale) removeLockFile(db, id);
  // The purged rows were overwritten ([Note: secure delete]); the WAL frames that held them go too.
  truncateWal(db);
  return stale.length;
}

export function readMeta(db: Db): Record<string, string> {
  const rows = db.prepare('SELECT key, value FROM project_meta').all() as { key: string; value: string }[];
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}
