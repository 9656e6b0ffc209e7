// Opens a coder's copy for a merge without ever writing to it: the file is checked (a Prelabel
// project, not the project itself, not of a newer file format) and opened read-only; a copy of an
// older file format is migrated in a temporary copy (VACUUM INTO), never in place.
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { PrelabelError } from '../../../common/contract';
import { latestVersion } from '../store/migrations';
import { nativeBindingPath } from '../store/native-binding';
import { APPLICATION_ID, migrate, type Db } from '../store/project-db';

export interface OpenedCopy {
  db: Db;
  path: string;
  /** The copy's file format when it was older than this version's (migrated in a temporary copy). */
  migratedFrom: number | null;
  close(): void;
}

function connect(path: string, readonly: boolean): Db {
  const binding = nativeBindingPath();
  return new Database(path, { readonly, fileMustExist: true, ...(binding ? { nativeBinding: binding } : {}) });
}

/** The file format (user_version) of a Prelabel file; refuses anything else with a one-line reason. */
export function copyFormat(path: string): number {
  const name = basename(path);
  if (!existsSync(path)) throw new PrelabelError('NOT_FOUND', `The copy ${path} does not exist.`);
  if (!statSync(path).isFile()) throw new PrelabelError('NOT_A_PROJECT', `${name} is a folder, not a Prelabel project file.`);
  const buf = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  let n: number;
  try {
    n = readSync(fd, buf, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (n < 100 || buf.subarray(0, 16).toString('latin1') !== 'SQLite format 3\0')
    throw new PrelabelError('NOT_A_PROJECT', `${name} is not a Prelabel project (it is not an SQLite database).`);
  if (buf.readUInt32BE(68) !== APPLICATION_ID)
    throw new PrelabelError('NOT_A_PROJECT', `${name} is an SQLite database made by another program, not a Prelabel project.`);
  const version = buf.readUInt32BE(60);
  if (version > latestVersion)
    throw new PrelabelError(
      'NEWER_VERSION',
      `${name} was saved by a newer version of Prelabel (file format ${version}, this version reads up to ${latestVersion}); update Prelabel to merge it.`,
    );
  return version;
}

export function openCopy(path: string, projectPath: string): OpenedCopy {
  const full = resolve(path);
  if (full === resolve(projectPath)) throw new PrelabelError('INVALID_INPUT', `${basename(path)} is the open project itself, not a copy.`);
  const version = copyFormat(full);
  const source = connect(full, true);
  if (version === latestVersion) return { db: source, path: full, migratedFrom: null, close: () => source.close() };
  const temp = join(tmpdir(), `prelabel-merge-${randomUUID()}.prelabel`);
  try {
    source.prepare('VACUUM INTO ?').run(temp);
  } finally {
    source.close();
  }
  const db = connect(temp, false);
  try {
    migrate(db);
  } catch (err) {
    db.close();
    rmSync(temp, { force: true });
    throw err;
  }
  return {
    db,
    path: full,
    migratedFrom: version,
    close: () => {
      db.close();
      rmSync(temp, { force: true });
    },
  };
}
