// Putting a backup in place of a closed project file, so that a kill at any moment leaves either
// the project as it was or the whole backup, never a mix: the backup is copied to a hidden file
// beside the project, flushed, and renamed over the project (a rename is atomic), then the folder
// is flushed. [Note: backups] in make-backup.ts.
import Database from 'better-sqlite3';
import { chmodSync, copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { PrelabelError } from '../../../common/contract';
import { nativeBindingPath } from '../store/native-binding';
import { fsyncPath, restoreTempPath } from './backup-files';

/** Whether another connection (a second window, a `prelabel` command) has the project open. The
 * last connection to close a WAL database checkpoints it and deletes its -wal file, so after our
 * own connection closed, a -wal that a probe connection's open and close cannot remove belongs to
 * someone else. */
export function openElsewhere(projectPath: string): boolean {
  if (!existsSync(`${projectPath}-wal`)) return false;
  const binding = nativeBindingPath();
  const probe = new Database(projectPath, { fileMustExist: true, ...(binding ? { nativeBinding: binding } : {}) });
  // SQLite opens the WAL at the first read; a connection closed without one leaves a stale -wal (a
  // crash's, or a read-only viewer's) where it is.
  probe.prepare('SELECT count(*) FROM sqlite_master').get();
  probe.close();
  return existsSync(`${projectPath}-wal`);
}

/** The one-line refusal of changing a project that another window or command has open. */
export function refuseOpenElsewhere(projectPath: string, then: string): void {
  if (openElsewhere(projectPath))
    throw new PrelabelError(
      'BUSY',
      `${basename(projectPath)} is open in another window or prelabel command. Close it there, then ${then}.`,
    );
}

/** Replaces the (closed) project file by a copy of `backupFile`, which the caller has checked.
 * `beforeRename` lets a test stop the process at the one moment a copy exists beside the project. */
export function replaceProjectFile(projectPath: string, backupFile: string, beforeRename?: () => void): void {
  refuseOpenElsewhere(projectPath, 'restore the backup');
  const temp = restoreTempPath(projectPath);
  try {
    copyFileSync(backupFile, temp);
    if (process.platform !== 'win32') chmodSync(temp, 0o600);
    fsyncPath(temp);
    // The project was closed by its last connection: no -wal (checked above) and its -shm unused.
    rmSync(`${projectPath}-shm`, { force: true });
    beforeRename?.();
    renameSync(temp, projectPath);
    fsyncPath(dirname(projectPath));
  } catch (err) {
    rmSync(temp, { force: true });
    if (err instanceof PrelabelError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new PrelabelError('INTERNAL', `The backup could not be put in place (${code}); the project was left as it was.`);
  }
}
