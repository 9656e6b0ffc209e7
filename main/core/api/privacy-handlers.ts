// Contract handlers of true deletion ([Note: true deletion] in privacy/scrub.ts): counts first, then
// the confirmed deletion. The project is opened again afterwards, so nothing this core remembers of
// it (counts per import, search matches) outlives the deleted rows; `project:changed` tells every
// screen.
import { resolve } from 'node:path';
import { PrelabelError } from '../../../common/contract';
import type { CoreContext } from '../core-context';
import { removeProjectExports } from '../export/export-owners';
import { runDeletion } from '../privacy/delete';
import { planDeletion } from '../privacy/deletion-plan';
import { confirmedPlan, deleteProjectFiles, planProjectDeletion } from '../privacy/delete-project';
import { refuseOpenElsewhere } from '../backup/restore-backup';
import { RecentProjects } from '../recent-projects';
import { ProjectStore } from '../store/project-store';
import type { Handlers } from './dispatcher';
import { resumeSearchIndex } from './imports-handlers';

type PrivacyHandlers = Pick<Handlers, 'privacy.plan' | 'privacy.delete' | 'privacy.projectPlan' | 'privacy.deleteProject'>;

/** The browser mode's kept exports of the project ([Note: export owners]): they hold the deleted
 * text. The Electron app's exports are files the person chose; they stay. */
function removeExports(ctx: CoreContext, projectPath: string): number {
  const { writes } = ctx.config;
  return writes.chosenBy === 'server' ? removeProjectExports(writes.exportsDir, projectPath) : 0;
}

function refuseWhileBusy(ctx: CoreContext): void {
  const running = ctx.jobs.list();
  if (running.length > 0)
    throw new PrelabelError('BUSY', `Cannot delete while a job is running (${running[0]!.kind}). Cancel it or wait until it has finished.`);
}

function reopen(ctx: CoreContext, path: string): void {
  const reopened = ProjectStore.open(path);
  ctx.project = reopened;
  ctx.emit('project:changed', { project: reopened.info() });
  resumeSearchIndex(ctx, reopened);
}

export function privacyHandlers(ctx: CoreContext): PrivacyHandlers {
  return {
    'privacy.plan': ({ target }) => {
      const store = ctx.requireProject();
      return store.db.transaction(() => planDeletion(store.db, store.path, target))();
    },
    'privacy.delete': async ({ target, expected }) => {
      const store = ctx.requireProject();
      refuseWhileBusy(ctx);
      const deleted = runDeletion(store.db, store.path, target, expected);
      const result = { ...deleted, exportsRemoved: removeExports(ctx, store.path) };
      store.close();
      ctx.project = null;
      try {
        reopen(ctx, store.path);
      } catch (err) {
        // The deletion is done; a project that cannot be opened again is closed, and says why.
        ctx.emit('project:changed', { project: null });
        throw err;
      }
      return result;
    },
    'privacy.projectPlan': ({ path }) => planProjectDeletion(resolve(path)),
    'privacy.deleteProject': async ({ path, confirmName }) => {
      const abs = resolve(path);
      confirmedPlan(abs, confirmName);
      const ours = ctx.project?.path === abs;
      if (ours) {
        await ctx.jobs.stopAll();
        ctx.project!.close();
        ctx.project = null;
      }
      // Another window or command writing to an unlinked file would lose its work: refused as a
      // restore is (the check sees other connections once ours is closed), this window's project
      // opened again.
      try {
        refuseOpenElsewhere(abs, 'delete the project');
      } catch (err) {
        if (ours) reopen(ctx, abs);
        throw err;
      }
      if (ours) ctx.emit('project:changed', { project: null });
      const result = { ...deleteProjectFiles(abs, confirmName), exportsRemoved: removeExports(ctx, abs) };
      new RecentProjects(ctx.config.dataDir).forget(abs);
      return result;
    },
  };
}
