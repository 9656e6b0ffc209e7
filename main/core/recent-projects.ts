// The list of recently opened projects, kept as JSON in the user's app data folder. Several
// processes (parallel CLI commands, the app) update it at once: see [Note: atomic settings writes].
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RecentProject } from '../../common/contract';
import { updateFile } from './fs/atomic-write';
import { OWNER_FILE_MODE } from './privacy/file-modes';

const MAX_RECENT = 20;

interface Stored {
  path: string;
  name: string;
  openedAt: string;
}

export class RecentProjects {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'recent-projects.json');
  }

  private read(): Stored[] {
    try {
      return parse(readFileSync(this.file, 'utf8'));
    } catch {
      return []; // missing or unreadable: start a new list rather than block the app
    }
  }

  /** Read, change and write the list under the file's lock, so parallel commands lose nothing. */
  private update(change: (list: Stored[]) => Stored[]): void {
    // Owner-only, as the project files ([Note: owner-only files]): it names the user's projects.
    updateFile(this.file, (text) => JSON.stringify(change(text === null ? [] : parse(text)), null, 2), { mode: OWNER_FILE_MODE });
  }

  list(): RecentProject[] {
    return this.read().map((p) => ({ ...p, exists: existsSync(p.path) }));
  }

  touch(path: string, name: string): void {
    const abs = resolve(path);
    try {
      this.update((list) =>
        [{ path: abs, name, openedAt: new Date().toISOString() }, ...list.filter((p) => p.path !== abs)].slice(0, MAX_RECENT),
      );
    } catch {
      // [Note: recent list is a convenience] A list that cannot be saved (a read-only or full data
      // folder) must not stop a project from opening; the project is simply not remembered.
    }
  }

  forget(path: string): RecentProject[] {
    const abs = resolve(path);
    this.update((list) => list.filter((p) => p.path !== abs));
    return this.list();
  }
}

/** The stored list; a damaged file gives an empty list rather than blocking the app. */
function parse(text: string): Stored[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.filter((p): p is Stored => typeof p?.path === 'string' && typeof p?.name === 'string' && typeof p?.openedAt === 'string');
}
