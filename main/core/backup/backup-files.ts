// The backups folder beside a project, `<project file>.backups/`: names, listing, rotation, and the
// leftovers of backups and restores whose process died ([Note: backups] in make-backup.ts).
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, rmSync, statSync, chmodSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { backupReasons, type BackupInfo, type BackupReason } from '../../../common/contract';
import { processAlive } from '../process-alive';

export const BACKUPS_SUFFIX = '.backups';
const EXT = '.prelabel';
const NAME = /^(\d{4}-\d\d-\d\d)T(\d\d)-(\d\d)-(\d\d)-(\d{3})Z-([a-z]+)\.prelabel$/;
/** A backup being written: `.<id>.<pid>.partial` (and SQLite's `-journal` beside it). */
const PARTIAL = /^\.(.+)\.(\d+)\.partial(-journal)?$/;

export function backupFolder(projectPath: string): string {
  return projectPath + BACKUPS_SUFFIX;
}

/** The folder, created readable by the owner only. */
export function ensureBackupFolder(projectPath: string): string {
  const dir = backupFolder(projectPath);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') chmodSync(dir, 0o700);
  return dir;
}

/** A new backup id: the time, sortable as text, and the reason; never one that exists already. */
export function newBackupId(dir: string, reason: BackupReason, now = Date.now()): string {
  for (let t = now; ; t++) {
    const id = `${new Date(t).toISOString().replace(/[:.]/g, '-')}-${reason}`;
    if (!existsSync(join(dir, id + EXT))) return id;
  }
}

export function backupPath(projectPath: string, id: string): string {
  return join(backupFolder(projectPath), id + EXT);
}

export function partialPath(dir: string, id: string): string {
  return join(dir, `.${id}.${process.pid}.partial`);
}

function parse(name: string, dir: string): (BackupInfo & { path: string }) | null {
  const m = NAME.exec(name);
  if (!m || !(backupReasons as readonly string[]).includes(m[6]!)) return null;
  const path = join(dir, name);
  let bytes: number;
  try {
    const s = statSync(path);
    if (!s.isFile()) return null;
    bytes = s.size;
  } catch {
    return null;
  }
  return {
    id: name.slice(0, -EXT.length),
    createdAt: `${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`,
    reason: m[6] as BackupReason,
    bytes,
    path,
  };
}

/** The complete backups of a project, newest first. A backup still being written (or left by a
 * killed process) has a `.partial` name and is never listed. */
export function listBackupFiles(projectPath: string): Array<BackupInfo & { path: string }> {
  const dir = backupFolder(projectPath);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((n) => parse(n, dir))
    .filter((b): b is BackupInfo & { path: string } => b !== null)
    .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/** Removes the backups beyond the newest `keep`, except those named in `spare`. */
export function rotateBackups(projectPath: string, keep: number, spare: readonly string[] = []): string[] {
  const removed: string[] = [];
  for (const b of listBackupFiles(projectPath).slice(Math.max(keep, 0))) {
    if (spare.includes(b.id)) continue;
    rmSync(b.path, { force: true });
    removed.push(b.id);
  }
  return removed;
}

/** Removes what backups and restores of dead processes left: partial backups in the folder, and
 * restore copies beside the project (restoreTempPath). A live process's files are left alone. */
export function removeDeadLeftovers(projectPath: string): number {
  let n = 0;
  const dir = backupFolder(projectPath);
  const dead = (pid: string) => Number(pid) !== process.pid && !processAlive(Number(pid));
  if (existsSync(dir)) {
    for (const name of readdirSync(dir)) {
      const m = PARTIAL.exec(name);
      if (m && dead(m[2]!)) {
        rmSync(join(dir, name), { force: true });
        n++;
      }
    }
  }
  const prefix = `.${basename(projectPath)}.restore.`;
  const parent = dirname(projectPath);
  if (existsSync(parent)) {
    for (const name of readdirSync(parent)) {
      if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
      const pid = name.slice(prefix.length, -'.tmp'.length);
      if (/^\d+$/.test(pid) && dead(pid)) {
        rmSync(join(parent, name), { force: true });
        n++;
      }
    }
  }
  return n;
}

/** The copy a restore writes beside the project before renaming it over the project. */
export function restoreTempPath(projectPath: string): string {
  return join(dirname(projectPath), `.${basename(projectPath)}.restore.${process.pid}.tmp`);
}

/** Flushes a file, or a folder's entries (a rename in it), to the disk. */
export function fsyncPath(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    // Windows cannot open a folder to flush it; its renames are durable through NTFS's journal.
    if (process.platform === 'win32') return;
    throw err;
  }
  try {
    fsyncSync(fd);
  } catch (err) {
    if (process.platform !== 'win32') throw err;
  } finally {
    closeSync(fd);
  }
}
