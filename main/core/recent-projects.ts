// The list of recently opened projects, kept as JSON in the user's app data folder.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { RecentProject } from '../../common/contract';

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
      const parsed: unknown = JSON.parse(readFileSync(this.file, 'utf8'));
      if (!Array.isArray(parsed)) return [];
      return parsed.filter(
        (p): p is Stored => typeof p?.path === 'string' && typeof p?.name === 'string' && typeof p?.openedAt === 'string',
      );
    } catch {
      return []; // missing or damaged: start a new list rather than block the app
    }
  }

  private write(list: Stored[]): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(list, null, 2));
    renameSync(tmp, this.file);
  }

  list(): RecentProject[] {
    return this.read().map((p) => ({ ...p, exists: existsSync(p.path) }));
  }

  touch(path: string, name: string): void {
    const abs = resolve(path);
    const rest = this.read().filter((p) => p.path !== abs);
    this.write([{ path: abs, name, openedAt: new Date().toISOString() }, ...rest].slice(0, MAX_RECENT));
  }

  forget(path: string): RecentProject[] {
    const abs = resolve(path);
    this.write(this.read().filter((p) => p.path !== abs));
    return this.list();
  }
}
