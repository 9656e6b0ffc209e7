// Contract handlers for projects: create, open, close, the recent list, statistics.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PrelabelError } from '../../../common/contract';
import type { CoreContext } from '../core-context';
import { RecentProjects } from '../recent-projects';
import { ProjectStore } from '../store/project-store';
import { resolveAgain } from '../coding/coding-state';
import { PROJECT_EXTENSION } from '../store/project-db';
import type { Handlers } from './dispatcher';
import { resumeSearchIndex } from './imports-handlers';

/** A file name from a project name: letters of every script kept, path characters removed. */
export function projectFileName(name: string): string {
  const safe = name
    .normalize('NFC')
    .replace(/[\\/:*?"<>|\u0000-\u001f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 120);
  return (safe || 'project') + PROJECT_EXTENSION;
}

type ProjectHandlers = Pick<
  Handlers,
  | 'app.info'
  | 'projects.recent'
  | 'projects.forget'
  | 'project.create'
  | 'project.open'
  | 'project.close'
  | 'project.current'
  | 'project.stats'
  | 'project.searchState'
>;

export function projectHandlers(ctx: CoreContext): ProjectHandlers {
  const recent = new RecentProjects(ctx.config.dataDir);

  const switchTo = async (store: ProjectStore) => {
    await ctx.jobs.stopAll();
    ctx.project?.close();
    ctx.project = store;
    const info = store.info();
    recent.touch(store.path, info.name);
    ctx.emit('project:changed', { project: info });
    resumeSearchIndex(ctx, store);
    return info;
  };

  return {
    'app.info': () => ({ version: ctx.config.version, face: ctx.config.face, projectsDir: ctx.config.projectsDir }),
    'projects.recent': () => recent.list(),
    'projects.forget': ({ path }) => recent.forget(path),
    'project.create': async ({ name, path }) => {
      let target = path ? resolve(path) : join(ctx.config.projectsDir, projectFileName(name));
      if (!target.endsWith(PROJECT_EXTENSION)) target += PROJECT_EXTENSION;
      // A folder made for it is readable by the owner only ([Note: owner-only files]).
      mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
      return switchTo(ProjectStore.create(target, name));
    },
    'project.open': async ({ path }) => {
      const abs = resolve(path);
      if (ctx.project && ctx.project.path === abs) return ctx.project.info();
      const store = ProjectStore.open(abs);
      try {
        // Decisions of several coders from before version 8 are resolved by the project's rule now.
        resolveAgain(store.db, true);
      } catch (err) {
        store.close(); // the open project stays open; this one is not left half-open
        throw err;
      }
      return switchTo(store);
    },
    'project.close': async () => {
      await ctx.jobs.stopAll();
      ctx.project?.close();
      ctx.project = null;
      ctx.emit('project:changed', { project: null });
      return null;
    },
    'project.current': () => ctx.project?.info() ?? null,
    'project.stats': () => ctx.requireProject().stats(),
    'project.searchState': () => {
      const store = ctx.requireProject();
      const state = store.searchState();
      // An index another window was building and gave up (it closed or died) is taken over here.
      if (!state.complete && !state.building && resumeSearchIndex(ctx, store)) return store.searchState();
      return state;
    },
  };
}

export function assertProject(ctx: CoreContext): ProjectStore {
  if (!ctx.project) throw new PrelabelError('NO_PROJECT', 'No project is open. Create or open a project first.');
  return ctx.project;
}
