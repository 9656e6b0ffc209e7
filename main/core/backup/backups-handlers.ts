// Contract handlers of the open project's backups: list, make one, restore one, settings.
import { PrelabelError, type BackupInfo, type BackupList } from '../../../common/contract';
import type { Handlers } from '../api/dispatcher';
import { resumeSearchIndex } from '../api/imports-handlers';
import type { CoreContext } from '../core-context';
import { resolveAgain } from '../coding/coding-state';
import { ProjectStore } from '../store/project-store';
import { backupFolder, listBackupFiles, rotateBackups } from './backup-files';
import type { BackupScheduler } from './backup-scheduler';
import { readBackupSettings, writeBackupSettings } from './backup-settings';
import { checkBackupFile } from './make-backup';
import { refuseOpenElsewhere, replaceProjectFile } from './restore-backup';

type BackupHandlers = Pick<Handlers, 'backups.list' | 'backups.create' | 'backups.restore' | 'backups.settings'>;

function closeProject(ctx: CoreContext): void {
  ctx.project?.close();
  ctx.project = null;
}

/** Opens the project again (restored or as it was) and tells every screen. */
function reopen(ctx: CoreContext, path: string): void {
  const store = ProjectStore.open(path);
  resolveAgain(store.db, true);
  ctx.project = store;
  ctx.emit('project:changed', { project: store.info() });
  resumeSearchIndex(ctx, store);
}

export function backupsHandlers(ctx: CoreContext, scheduler: BackupScheduler): BackupHandlers {
  const list = (): BackupList => {
    const store = ctx.requireProject();
    return {
      folder: backupFolder(store.path),
      backups: listBackupFiles(store.path).map(({ path: _path, ...b }) => b),
      settings: readBackupSettings(store.db),
    };
  };

  return {
    'backups.list': () => list(),
    'backups.create': () => {
      ctx.requireProject();
      return scheduler.backupNow('manual');
    },
    'backups.settings': (input) => {
      const store = ctx.requireProject();
      const settings = writeBackupSettings(store.db, input);
      if (input.keep !== undefined) rotateBackups(store.path, settings.keep);
      return list();
    },
    'backups.restore': async ({ id }) => {
      const store = ctx.requireProject();
      const backup = listBackupFiles(store.path).find((b) => b.id === id);
      if (!backup) throw new PrelabelError('NOT_FOUND', `This project has no backup ${id}; choose one of its backups listed.`);
      checkBackupFile(backup.path);
      await ctx.jobs.stopAll();
      const path = store.path;
      // A project open in another window or command refuses the restore before anything changes:
      // no backup made, none rotated out. The check sees other connections only once ours is closed.
      closeProject(ctx);
      try {
        refuseOpenElsewhere(path, 'restore the backup');
      } catch (err) {
        reopen(ctx, path);
        throw err;
      }
      ctx.project = ProjectStore.open(path);
      // The project as it is now becomes a backup first; nothing is rotated out until the restore is done.
      let keptAs: BackupInfo;
      try {
        keptAs = await scheduler.backupNow('restore', false);
      } catch (err) {
        closeProject(ctx);
        reopen(ctx, path);
        throw err;
      }
      closeProject(ctx);
      try {
        replaceProjectFile(path, backup.path);
      } catch (err) {
        // Refused (another process opened the project meanwhile) or failed: the file is as it was.
        reopen(ctx, path);
        throw err;
      }
      reopen(ctx, path);
      // Neither the state kept before the restore nor the restored backup (the oldest, at times) goes.
      rotateBackups(path, readBackupSettings(ctx.project!.db).keep, [keptAs.id, id]);
      const { path: _p, ...restored } = backup;
      return { restored, keptAs };
    },
  };
}
