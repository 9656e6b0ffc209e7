// The one check every export target passes (CLI, Electron save dialog, browser mode; before the job
// starts and again just before its files are renamed into place): a target must never be, or
// replace, the open project's database: the project file, its SQLite companions (-wal, -shm,
// -journal) and other files that belong to it, however the path is spelled.
//
// [Note: project guard] Comparing path strings is not enough: a symlinked folder, a symlink or a hard
// link to the project, or another letter case on a disk that folds case (macOS, Windows) all name
// the same file with another string. So the guard compares
//  - file identity (device and inode) of an existing target with the project and its companions,
//  - the real folder (realpath of the parts that exist, then device and inode of that folder) and
//    the file name, folded the way the project's own folder folds names (probed: the project file
//    is looked up under its name with the letter case flipped), so that a companion that does not
//    exist at the moment (the -journal, or the -wal after a checkpoint) is refused too,
//  - for a folder export, whether the existing target folder holds the project.
// Names are compared in Unicode NFC, so a decomposed spelling of the same name is refused as well.
import { realpathSync, statSync, type BigIntStats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { PrelabelError } from '../../../common/contract';

/** SQLite's companion files of a database, with what they are. */
const COMPANIONS: ReadonlyArray<readonly [suffix: string, what: string]> = [
  ['', ''],
  ['-wal', ' (its write-ahead log)'],
  ['-shm', ' (its shared-memory index)'],
  ['-journal', ' (its rollback journal)'],
];

/** The extension Prelabel gives project files. */
const PROJECT_EXTENSION = '.prelabel';

export interface GuardOptions {
  /** Whether the project's folder folds letter case; probed when not given (tests inject it). */
  foldsCase?: boolean;
  /** The target is a folder the export creates (the hf dataset, a browser-mode export folder). */
  folder?: boolean;
}

function identity(path: string): BigIntStats | null {
  try {
    return statSync(path, { bigint: true });
  } catch {
    return null;
  }
}

/** Same file: same device and inode. An inode of 0 (some Windows file systems) proves nothing. */
function sameFile(a: BigIntStats | null, b: BigIntStats | null): boolean {
  return a !== null && b !== null && a.ino !== 0n && a.dev === b.dev && a.ino === b.ino;
}

/** The real path of the longest part of `path` that exists, with the rest of the path appended. */
export function realTarget(path: string): string {
  let head = resolve(path);
  const rest: string[] = [];
  for (;;) {
    try {
      return join(realpathSync.native(head), ...rest);
    } catch {
      const parent = dirname(head);
      if (parent === head) return resolve(path);
      rest.unshift(basename(head));
      head = parent;
    }
  }
}

function flipCase(name: string): string {
  return [...name]
    .map((c) => {
      const upper = c.toUpperCase();
      return upper !== c ? upper : c.toLowerCase();
    })
    .join('');
}

/**
 * Whether the folder of an existing file folds letter case: the file is looked up under its name
 * with every letter's case flipped, and is the same file there. A name without letters is probed
 * through its folder's name; with no letters anywhere the answer is yes (refusing one spelling too
 * many is harmless, writing over the project is not).
 */
export function probeFoldsCase(existing: string): boolean {
  const name = basename(existing);
  const flipped = flipCase(name);
  if (flipped === name) {
    const parent = dirname(existing);
    return parent === existing ? true : probeFoldsCase(parent);
  }
  return sameFile(identity(join(dirname(existing), flipped)), identity(existing));
}

function fold(name: string, foldsCase: boolean): string {
  const nfc = name.normalize('NFC');
  return foldsCase ? nfc.toLowerCase() : nfc;
}

function refuse(target: string, what: string): never {
  throw new PrelabelError('INVALID_INPUT', `${target} is this project's database file${what}; choose another name for the export.`);
}

/**
 * What a file name is to the project named `project` in the same folder: one of its companions, a
 * file that belongs to it (a backup, a lock: `<name>.prelabel` followed by `.`, `-` or `~`), or
 * nothing (null).
 */
function belongsTo(name: string, project: string): string | null {
  for (const [suffix, what] of COMPANIONS) if (name === project + suffix) return what;
  if (project.endsWith(PROJECT_EXTENSION) && name.startsWith(project) && /^[-.~]/.test(name.slice(project.length))) {
    return ' (a file that belongs to it)';
  }
  return null;
}

/** Throws a PrelabelError naming the target when writing it would replace the project's database. */
export function assertNotProjectFile(target: string, projectPath: string, options: GuardOptions = {}): void {
  const opened = resolve(projectPath);
  const real = realTarget(opened);
  // The project as it was opened and as it really is: SQLite may keep its companions beside either.
  const projects = real === opened ? [real] : [real, opened];
  const targetReal = realTarget(target);
  const targetId = identity(targetReal);

  if (targetId) {
    for (const project of projects) {
      for (const [suffix, what] of COMPANIONS) {
        if (sameFile(targetId, identity(project + suffix)))
          refuse(target, suffix === '' && targetReal !== real ? ` (a link to ${real})` : what);
      }
    }
    if (options.folder && targetId.isDirectory()) {
      for (let dir = dirname(real); ; dir = dirname(dir)) {
        if (sameFile(targetId, identity(dir))) {
          throw new PrelabelError(
            'INVALID_INPUT',
            `${target} holds this project's database file (${real}); choose another folder for the export.`,
          );
        }
        if (dirname(dir) === dir) break;
      }
    }
  }

  const targetDir = dirname(targetReal);
  const targetDirId = identity(targetDir);
  let foldsCase = options.foldsCase;
  for (const project of projects) {
    const projectDir = dirname(project);
    const sameDir = targetDirId ? sameFile(targetDirId, identity(projectDir)) : fold(targetDir, true) === fold(projectDir, true);
    if (!sameDir) continue;
    foldsCase ??= probeFoldsCase(real);
    const what = belongsTo(fold(basename(targetReal), foldsCase), fold(basename(project), foldsCase));
    if (what !== null) refuse(target, what);
  }
}
