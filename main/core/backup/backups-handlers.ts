// Contract handlers of the open project's backups: list, make one, restore one, settings.
import { PrelabelError, type BackupList } from '../../../common/contract';
import type { Handlers } from '../api/dispatcher';
import { resumeSearchIndex } from '../api/imports-handlers';
import type { CoreContext } from '../core-context';
import { resolveAgain } from '../coding/coding-state';
import { ProjectStore } from '../store/project-store';
import { backupFolder, listBackupFiles, rotateBackups } from './backup-files';
import type { BackupScheduler } from './backup-scheduler';
import { readBackupSettings, writeBackupSettings } from './backup-settings';
import { checkBackupFile } from './make-backup';
import { replaceProjectFile } from './restore-backup';

type BackupHandlers = Pick<Handlers, 'backups.list' | 'backups.create' | 'backups.restore' | 'backups.settings'>;

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
      // The project as it is now becomes a backup first; the one being restored is never rotated out.
      const keptAs = await scheduler.backupNow('restore', [id]);
      const path = store.path;
      store.close();
      ctx.project = null;
      try {
        replaceProjectFile(path, backup.path);
      } finally {
        // Restored or not (a refusal leaves the file as it was), the project is open again.
        const reopened = ProjectStore.open(path);
        resolveAgain(reopened.db, true);
        ctx.project = reopened;
        ctx.emit('project:changed', { project: reopened.info() });
        resumeSearchIndex(ctx, reopened);
      }
      rotateBackups(path, readBackupSettings(ctx.project.db).keep, [keptAs.id]);
      const { path: _p, ...restored } = backup;
      return { restored, keptAs };
    },
  };
}
