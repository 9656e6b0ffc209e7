// Who writes or indexes an import, and whether they still do: a lock per running import that the
// operating system releases when its process dies, and the owner recorded in the import's row.
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, openSync, readdirSync, realpathSync, statSync, unlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { PrelabelError } from '../../../common/contract';
import { OWNER_FILE_MODE } from '../privacy/file-modes';
import { processAlive } from '../process-alive';
import { nativeBindingPath } from './native-binding';

type Db = Database.Database;

/**
 * [Note: import liveness] Opening a project used to purge every pending import, also one that
 * another process (a second window, `prelabel import`) was still writing: its rows vanished and it
 * still reported success (issue 10, bug 1). Now a pending import is purged only when its writer is
 * provably gone:
 *
 * - The proof is a lock the operating system holds for the writer: an SQLite file beside the
 *   project (`<project>-import-<id>.lock`) that the writer keeps open with an exclusive lock
 *   (`locking_mode = EXCLUSIVE`) from before its pending row exists until after the row is
 *   committed, discarded and indexed. The OS drops the lock when the process ends in any way (a
 *   crash, `kill -9`, a power cut), so there is no timeout to tune, a sleeping laptop is not taken
 *   for dead, and a reused process id proves nothing either way. SQLite's locks (POSIX locks,
 *   LockFileEx on Windows) also separate two connections of one process, so another window in the
 *   same process is told apart too. It asks nothing of the file system that WAL does not already.
 * - A free lock alone is not enough where locks may not work (some network file systems): the
 *   writer also records its owner (process id and host) and a heartbeat per chunk. With a free
 *   lock, an import of this host is gone when its process is; one of another host when its
 *   heartbeat is older than HEARTBEAT_STALE_MS; one without an owner (written by Prelabel before
 *   file format 4, or by hand) at once, as before.
 * - Whatever still removes the rows (an older Prelabel, another program), the writer notices:
 *   every chunk checks that its import is still pending, and the commit counts the stored rows
 *   (imports/import-job.ts), so a short import fails loudly instead of claiming rows it lost.
 */
export const HEARTBEAT_STALE_MS = 10 * 60_000;

/** The lock file of an import, beside the project file as the operating system names it. */
function lockFile(db: Db, importId: string): string | null {
  if (db.memory || !db.name) return null;
  let project = db.name;
  try {
    project = realpathSync(project);
  } catch {
    // The file name as given: the lock then only works for processes that name it the same way.
  }
  return `${project}-import-${importId}.lock`;
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/** A lock file left 0644 by an older Prelabel is made owner-only; one that is not ours is left alone. */
function tightenQuietly(path: string): void {
  try {
    chmodSync(path, OWNER_FILE_MODE);
  } catch {
    // another user's file: SQLite's open says whether it can be used
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone, or still open in another process (Windows): removed by a later open.
  }
}

/** The locks this process holds, by import id, with the project connection that took each. */
const heldHere = new Map<string, Db>();

export class ImportLock {
  private constructor(
    private readonly importId: string,
    private readonly path: string | null,
    private conn: Db | null,
  ) {}

  /** Takes the import's lock, or returns null when another process or connection holds it. */
  static tryAcquire(db: Db, importId: string): ImportLock | null {
    if (heldHere.has(importId)) return null;
    const path = lockFile(db, importId);
    let conn: Db | null = null;
    if (path) {
      try {
        // Owner-only like the project beside it ([Note: owner-only files]): SQLite would create it 0644.
        closeSync(openSync(path, 'a', OWNER_FILE_MODE));
        if (process.platform !== 'win32') tightenQuietly(path);
        const binding = nativeBindingPath();
        conn = new Database(path, { timeout: 0, ...(binding ? { nativeBinding: binding } : {}) });
        conn.pragma('journal_mode = MEMORY');
        conn.pragma('locking_mode = EXCLUSIVE');
        // In exclusive locking mode the lock a write takes is kept until the connection closes.
        conn.exec('BEGIN EXCLUSIVE; COMMIT');
      } catch (err) {
        conn?.close();
        if (isBusy(err)) return null;
        throw new PrelabelError(
          'BUSY',
          `Prelabel could not create ${basename(path)} beside the project to mark the import as running: ${(err as Error).message}`,
        );
      }
    }
    heldHere.set(importId, db);
    return new ImportLock(importId, path, conn);
  }

  /** Takes the lock of a new import (nobody else knows its id yet). */
  static acquire(db: Db, importId: string): ImportLock {
    const lock = ImportLock.tryAcquire(db, importId);
    if (!lock) throw new PrelabelError('BUSY', 'This import is already running.');
    return lock;
  }

  /** Gives the lock up and removes its file. Call only once the import is no longer pending. */
  release(): void {
    if (!heldHere.has(this.importId)) return;
    heldHere.delete(this.importId);
    this.conn?.close();
    this.conn = null;
    if (this.path) removeQuietly(this.path);
  }
}

/** 'here': held through this connection; 'elsewhere': by another process or connection; 'free'. */
export type LockState = 'here' | 'elsewhere' | 'free';

export function lockState(db: Db, importId: string): LockState {
  const holder = heldHere.get(importId);
  if (holder) return holder === db ? 'here' : 'elsewhere';
  const path = lockFile(db, importId);
  return path && probe(path) === 'held' ? 'elsewhere' : 'free';
}

function probe(path: string): 'held' | 'free' {
  if (!existsSync(path)) return 'free';
  let conn: Db | null = null;
  try {
    const binding = nativeBindingPath();
    conn = new Database(path, { fileMustExist: true, timeout: 0, ...(binding ? { nativeBinding: binding } : {}) });
    conn.exec('BEGIN EXCLUSIVE');
    conn.exec('ROLLBACK');
    return 'free';
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'SQLITE_CANTOPEN' && !existsSync(path)) return 'free'; // released meanwhile
    return 'held'; // busy, or unreadable (another user's file): never taken for proof of death
  } finally {
    conn?.close();
  }
}

export interface ImportOwner {
  pid: number;
  host: string;
}

/** This process as the owner of an import, as stored in imports.owner. */
export function currentOwner(): string {
  return JSON.stringify({ pid: process.pid, host: hostname() } satisfies ImportOwner);
}

export function parseOwner(owner: string | null): ImportOwner | null {
  if (!owner) return null;
  try {
    const o = JSON.parse(owner) as Partial<ImportOwner>;
    return typeof o.pid === 'number' && typeof o.host === 'string' ? { pid: o.pid, host: o.host } : null;
  } catch {
    return null;
  }
}

export interface PendingImportRow {
  id: string;
  owner: string | null;
  heartbeat_at: string | null;
}

/** Whether a pending import may still be written by someone ([Note: import liveness]). */
export function importAlive(db: Db, row: PendingImportRow, now = Date.now()): boolean {
  if (lockState(db, row.id) !== 'free') return true;
  const owner = parseOwner(row.owner);
  if (!owner) return false;
  const fresh = row.heartbeat_at !== null && now - Date.parse(row.heartbeat_at) <= HEARTBEAT_STALE_MS;
  if (owner.host === hostname()) return processAlive(owner.pid) && fresh;
  return fresh;
}

/** Removes the lock file of an import found dead (it is free: nobody holds it). */
export function removeLockFile(db: Db, importId: string): void {
  const path = lockFile(db, importId);
  if (path && !heldHere.has(importId) && probe(path) === 'free') removeQuietly(path);
}

/** Removes lock files left by processes that died after their import was finished (committed and
 * indexed, or discarded). Files of unknown imports are left alone for a minute: their writer may be
 * between creating the file and inserting the row. */
export function removeStaleLockFiles(db: Db): void {
  const sample = lockFile(db, 'x');
  if (!sample) return;
  const folder = dirname(sample);
  const prefix = basename(sample).slice(0, -'x.lock'.length);
  let names: string[];
  try {
    names = readdirSync(folder).filter((n) => n.startsWith(prefix) && n.endsWith('.lock'));
  } catch {
    return;
  }
  const statusOf = db.prepare('SELECT status, search_indexed FROM imports WHERE id = ?');
  for (const name of names) {
    const id = name.slice(prefix.length, -'.lock'.length);
    const path = join(folder, name);
    const row = statusOf.get(id) as { status: string; search_indexed: number } | undefined;
    let finished: boolean;
    try {
      finished = row
        ? row.status !== 'pending' && (row.status !== 'committed' || row.search_indexed === 1)
        : Date.now() - statSync(path).mtimeMs > 60_000;
    } catch {
      continue;
    }
    if (finished && !heldHere.has(id) && probe(path) === 'free') removeQuietly(path);
  }
}
