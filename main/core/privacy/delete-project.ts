// Deleting a whole project: the file, its -wal, -shm and -journal, its import locks and its backups.
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readdirSync, readSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PrelabelError, type ProjectDeletionPlan, type ProjectDeletionResult } from '../../../common/contract';
import { nativeBindingPath } from '../store/native-binding';
import { APPLICATION_ID } from '../store/project-db';
import { backupsFolder } from './file-modes';
import { backupFiles } from './scrub';

/** Only a Prelabel project file is ever deleted (its header says so), never another file. */
function checkProjectFile(path: string): void {
  if (!existsSync(path)) throw new PrelabelError('NOT_FOUND', `The project file ${path} does not exist.`);
  if (!statSync(path).isFile()) throw new PrelabelError('NOT_A_PROJECT', `${basename(path)} is not a file.`);
  const fd = openSync(path, 'r');
  const head = Buffer.alloc(100);
  const got = readSync(fd, head, 0, 100, 0);
  closeSync(fd);
  if (got < 100 || head.subarray(0, 16).toString('latin1') !== 'SQLite format 3\0' || head.readUInt32BE(68) !== APPLICATION_ID)
    throw new PrelabelError('NOT_A_PROJECT', `${basename(path)} is not a Prelabel project; nothing was deleted.`);
}

function projectFiles(path: string): string[] {
  const siblings = [`${path}-wal`, `${path}-shm`, `${path}-journal`].filter((p) => existsSync(p));
  const prefix = `${basename(path)}-import-`;
  const locks = readdirSync(dirname(path))
    .filter((n) => n.startsWith(prefix) && n.endsWith('.lock'))
    .map((n) => join(dirname(path), n));
  return [path, ...siblings, ...locks, ...backupFiles(path)];
}

export function planProjectDeletion(path: string): ProjectDeletionPlan {
  checkProjectFile(path);
  const binding = nativeBindingPath();
  const db = new Database(path, { readonly: true, fileMustExist: true, ...(binding ? { nativeBinding: binding } : {}) });
  try {
    const name = (db.prepare("SELECT value FROM project_meta WHERE key = 'name'").pluck().get() as string | undefined) ?? basename(path);
    const documents = db.prepare('SELECT count(*) FROM documents').pluck().get() as number;
    const decisions = db.prepare('SELECT count(*) FROM annotations').pluck().get() as number;
    const files = projectFiles(path);
    const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
    return { path, name, documents, decisions, files, bytes };
  } finally {
    db.close();
  }
}

/** The plan, once the typed name is the project's. */
export function confirmedPlan(path: string, confirmName: string): ProjectDeletionPlan {
  const plan = planProjectDeletion(path);
  if (confirmName.trim() !== plan.name)
    throw new PrelabelError('INVALID_INPUT', `Type the project's name, ${plan.name}, to delete it; nothing was deleted.`);
  return plan;
}

/** Removes the project's files once the typed name matches (the caller has closed it). */
export function deleteProjectFiles(path: string, confirmName: string): Omit<ProjectDeletionResult, 'exportsRemoved'> {
  const plan = confirmedPlan(path, confirmName);
  const backupsRemoved = backupFiles(path).length;
  const files = projectFiles(path);
  // The database last: until it goes, the project can still be opened.
  for (const f of files.slice(1)) rmSync(f, { force: true });
  rmSync(path, { force: true });
  const folder = backupsFolder(path);
  if (existsSync(folder)) {
    for (const n of readdirSync(folder)) rmSync(join(folder, n), { recursive: true, force: true });
    rmdirSync(folder);
  }
  return { path, filesRemoved: files.length, bytes: plan.bytes, backupsRemoved };
}
