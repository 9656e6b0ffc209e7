// Project files readable by the owner only.
//
// [Note: owner-only files] A project holds the documents' text and the coders' decisions, so its
// file is created with mode 0600 (SQLite gives the -wal and -shm files the mode of the database
// file), and a project made before (0644) is tightened when it opens: the file, its -wal and -shm,
// and the backups folder beside it (0700) with its files. Folders Prelabel creates for projects,
// uploads and exports are 0700. On Windows the modes mean little (access is by ACL); chmod is then
// a no-op that never fails the open.
import { chmodSync, closeSync, existsSync, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const OWNER_FILE_MODE = 0o600;
export const OWNER_DIR_MODE = 0o700;

/** The folder of rotating backups beside a project file. */
export const backupsFolder = (projectPath: string): string => `${projectPath}.backups`;

/** Creates an empty file readable by the owner only; fails when it exists. */
export function createOwnerOnlyFile(path: string): void {
  closeSync(openSync(path, 'wx', OWNER_FILE_MODE));
  tighten(path, OWNER_FILE_MODE);
}

/** Sets `mode` where the file grants more; returns whether it changed anything. A path that is
 * gone by now (another process's backup journal, removed between listing and here) or that is not
 * of the kind asked for is left alone. */
function tighten(path: string, mode: number, kind: 'file' | 'folder' = 'file'): boolean {
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st || (kind === 'file' ? !st.isFile() : !st.isDirectory())) return false;
    if ((st.mode & 0o777 & ~mode) === 0) return false;
    chmodSync(path, mode);
    return true;
  } catch {
    return false;
  }
}

/** Projects whose files this process tightened when it opened them, for the project's warnings. */
const tightenedProjects = new Set<string>();

/** The warning a project opened with tightened files shows (while this process keeps it open). */
export function tightenedWarning(projectPath: string): string[] {
  return tightenedProjects.has(projectPath)
    ? ['Other users of this computer could read this project’s files; Prelabel made them readable by you only.']
    : [];
}

/** Tightens a project's files to owner-only; returns the paths it changed. */
export function tightenProjectFiles(projectPath: string): string[] {
  const changed: string[] = [];
  for (const p of [projectPath, `${projectPath}-wal`, `${projectPath}-shm`]) {
    if (existsSync(p) && tighten(p, OWNER_FILE_MODE)) changed.push(p);
  }
  const backups = backupsFolder(projectPath);
  if (statSync(backups, { throwIfNoEntry: false })?.isDirectory()) {
    if (tighten(backups, OWNER_DIR_MODE, 'folder')) changed.push(backups);
    let names: string[] = [];
    try {
      names = readdirSync(backups);
    } catch {
      // Removed meanwhile (a project deleted by another process): nothing left to tighten.
    }
    // Other processes write and remove files here at any moment (a backup's `.partial-journal`).
    for (const name of names) {
      const p = join(backups, name);
      if (tighten(p, OWNER_FILE_MODE)) changed.push(p);
    }
  }
  if (changed.length > 0) tightenedProjects.add(projectPath);
  return changed;
}
