// When backups are made without anyone asking: after a project opens (when its newest backup is
// older than the project's period), after an import commits and after a merge that added
// decisions. The scheduler watches the core's calls and events from outside the handlers
// (createCore wraps the dispatcher and the event channel with it), so no domain's handler has to
// remember backups. Backups run one at a time, in order; a project is not closed, switched or
// shut down under a running backup (those calls wait for it).
import type { BackupInfo, BackupReason, Emit, EventName, Events, JobDone, MergeReport } from '../../../common/contract';
import type { Dispatch } from '../api/dispatcher';
import type { ProjectStore } from '../store/project-store';
import { listBackupFiles } from './backup-files';
import { readBackupSettings } from './backup-settings';
import { makeBackup } from './make-backup';

// A deletion closes and reopens the project and removes every backup: a backup running beside it
// would fail on the closed connection, or keep the deleted text.
const SWITCHING = new Set([
  'project.open',
  'project.create',
  'project.close',
  'backups.restore',
  'privacy.delete',
  'privacy.deleteProject',
]);

export class BackupScheduler {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly project: () => ProjectStore | null) {}

  /** Runs `task` after every backup queued before it; its result or error goes to the caller. */
  queue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task, task);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Resolves when no backup is running or queued. */
  async idle(): Promise<void> {
    let seen: Promise<unknown>;
    do {
      seen = this.chain;
      await seen;
    } while (seen !== this.chain);
  }

  /** A backup of the open project now, kept within the project's number of backups; with
   * `rotate` false none is removed (a restore rotates only once it has succeeded). */
  backupNow(reason: BackupReason, rotate = true): Promise<BackupInfo> {
    const store = this.project();
    if (!store) return Promise.reject(new Error('no project is open'));
    return this.queue(() => makeBackup(store.db, store.path, reason, rotate ? { keep: readBackupSettings(store.db).keep } : {}));
  }

  /** An automatic backup, when the project's settings want one; failures are logged, never thrown
   * at the call or job that caused it (the backup is a safeguard, not part of the work). */
  automatic(reason: Exclude<BackupReason, 'manual' | 'restore'>): void {
    const store = this.project();
    if (!store || !store.db.open) return;
    const settings = readBackupSettings(store.db);
    if (!settings.auto) return;
    if (reason === 'open') {
      const newest = listBackupFiles(store.path)[0];
      if (newest && Date.now() - Date.parse(newest.createdAt) < settings.periodHours * 3_600_000) return;
    }
    void this.queue(async () => {
      // The project may have closed or changed while earlier backups ran.
      if (this.project() !== store || !store.db.open) return;
      await makeBackup(store.db, store.path, reason, { keep: settings.keep });
    }).catch((err: unknown) => {
      console.error(`[backup] an automatic backup (${reason}) failed: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  /** The dispatcher with backups after the calls that want one, and calls that close a project
   * held until the running backup is done. */
  wrap(dispatch: Dispatch): Dispatch {
    return async (method, input) => {
      if (typeof method === 'string' && SWITCHING.has(method)) await this.idle();
      const result = await dispatch(method, input);
      // What killed backups and restores left beside the project went when it opened (ProjectStore.open).
      if (result.ok && method === 'project.open') this.automatic('open');
      if (result.ok && method === 'project.merge' && (result.value as MergeReport).decisionsNew > 0) this.automatic('merge');
      return result;
    };
  }

  /** The event channel with a backup after every import that committed. */
  watch(emit: Emit): Emit {
    return (<E extends EventName>(event: E, payload: Events[E]) => {
      emit(event, payload);
      if (event !== 'job:done') return;
      const done = payload as JobDone;
      if (done.kind === 'import' && done.status === 'done') this.automatic('import');
    }) as Emit;
  }
}
