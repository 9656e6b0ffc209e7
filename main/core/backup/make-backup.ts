// Making a backup of an open project and checking a backup file.
//
// [Note: backups] A backup is SQLite's online backup of the project's own connection
// (better-sqlite3's db.backup()), copied a few thousand pages a step between the core's other
// work; writes the same connection makes meanwhile are carried into the copy by SQLite, so the
// backup is one committed state of the project, never a torn file copy. It is written under a
// hidden `.partial` name of its own process (mode 0600), switched to a single-file journal mode
// (no -wal beside it), checked (`PRAGMA quick_check`), flushed to the disk and only then renamed to
// its final name, which is what the list shows: a backup killed midway is never offered, and the
// next backup removes its leftovers (removeDeadLeftovers). The oldest backups beyond the project's
// `keep` are removed after a new one is complete. A restore checks the backup in full first
// (`PRAGMA integrity_check`, restore-backup.ts).
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { PrelabelError, type BackupInfo, type BackupReason } from '../../../common/contract';
import { latestVersion } from '../store/migrations';
import { nativeBindingPath } from '../store/native-binding';
import { APPLICATION_ID, type Db } from '../store/project-db';
import {
  backupPath,
  ensureBackupFolder,
  fsyncPath,
  listBackupFiles,
  newBackupId,
  partialPath,
  removeDeadLeftovers,
  rotateBackups,
} from './backup-files';

/** Pages copied per step of the online backup (4 KiB pages: 4 MiB, about 15 ms), then the event loop runs. */
const PAGES_PER_STEP = 1024;

export interface MakeBackupOptions {
  /** Keep this many backups (the new one included); none removed when absent. */
  keep?: number;
  /** Backups not to remove in this rotation (a restore's source). */
  spare?: readonly string[];
  /** Pages per step (tests make it small to stop a backup midway). */
  pagesPerStep?: number;
  onProgress?(p: { totalPages: number; remainingPages: number }): void;
}

function openFile(path: string, readonly: boolean): Db {
  const binding = nativeBindingPath();
  return new Database(path, { readonly, fileMustExist: true, ...(binding ? { nativeBinding: binding } : {}) });
}

/** Makes a backup of the open project `db` (stored at `projectPath`) and rotates the folder. */
export async function makeBackup(db: Db, projectPath: string, reason: BackupReason, options: MakeBackupOptions = {}): Promise<BackupInfo> {
  const dir = ensureBackupFolder(projectPath);
  removeDeadLeftovers(projectPath);
  const id = newBackupId(dir, reason);
  const partial = partialPath(dir, id);
  // Created empty with the owner's permissions before SQLite writes it: SQLite keeps a file's mode.
  closeSync(openSync(partial, 'wx', 0o600));
  try {
    await db.backup(partial, {
      progress: (p) => {
        options.onProgress?.(p);
        return options.pagesPerStep ?? PAGES_PER_STEP;
      },
    });
    const copy = openFile(partial, false);
    try {
      copy.pragma('journal_mode = DELETE');
      const check = copy.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new PrelabelError('INTERNAL', `The new backup failed its check (${String(check)}); it was removed.`);
    } finally {
      copy.close();
    }
    if (process.platform !== 'win32') chmodSync(partial, 0o600);
    fsyncPath(partial);
    renameSync(partial, backupPath(projectPath, id));
    fsyncPath(dir);
  } catch (err) {
    rmSync(partial, { force: true });
    rmSync(`${partial}-journal`, { force: true });
    throw err;
  }
  if (options.keep !== undefined) rotateBackups(projectPath, options.keep, [id, ...(options.spare ?? [])]);
  const made = listBackupFiles(projectPath).find((b) => b.id === id);
  if (!made) throw new PrelabelError('INTERNAL', `The backup ${id} was removed while it was being made.`);
  const { path: _path, ...info } = made;
  return info;
}

/** Refuses a file that is not a whole, readable Prelabel project: checked before a restore touches
 * the project. Reads the header first (SQLite would open anything), then `PRAGMA integrity_check`. */
export function checkBackupFile(path: string): void {
  const name = basename(path);
  if (!existsSync(path)) throw new PrelabelError('NOT_FOUND', `The backup ${name} does not exist (any more).`);
  const fd = openSync(path, 'r');
  const header = Buffer.alloc(100);
  let n: number;
  try {
    n = readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (n < 100 || header.subarray(0, 16).toString('latin1') !== 'SQLite format 3\0' || header.readUInt32BE(68) !== APPLICATION_ID)
    throw new PrelabelError('NOT_A_PROJECT', `The backup ${name} is damaged: it is not a Prelabel project file. Choose another backup.`);
  const version = header.readUInt32BE(60);
  if (version > latestVersion)
    throw new PrelabelError(
      'NEWER_VERSION',
      `The backup ${name} was made by a newer version of Prelabel (file format ${version}); update Prelabel to restore it.`,
    );
  let problems: string[];
  try {
    const db = openFile(path, true);
    try {
      problems = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    } finally {
      db.close();
    }
  } catch (err) {
    throw new PrelabelError(
      'NOT_A_PROJECT',
      `The backup ${name} is damaged (${err instanceof Error ? err.message : String(err)}). Choose another backup.`,
    );
  }
  if (problems.length !== 1 || problems[0] !== 'ok')
    throw new PrelabelError(
      'NOT_A_PROJECT',
      `The backup ${name} is damaged (${problems[0] ?? 'no answer'}${problems.length > 1 ? ` and ${problems.length - 1} more problems` : ''}). Choose another backup.`,
    );
}
