// The open project's backups on the Projects screen: the list and settings (backups.list), a backup
// now, a restore after a confirmation, and how many are kept. A restore replaces the project's
// content under the same path, so every per-project store starts afresh afterwards.
import { create } from 'zustand';
import type { BackupInfo, BackupList, BackupSettingsInput } from '../../../common/contract';
import { formatDateTime, t } from '../i18n/t';
import { errorMessage } from '../platform/error-message';
import { api } from '../platform/platform';
import { resetProjectStores, resetsWithProject } from './project-scope';

interface BackupsState {
  list: BackupList | null;
  busy: boolean;
  /** The backup whose restore waits for a confirmation. */
  confirming: BackupInfo | null;
  error: string | null;
  notice: string | null;
  load(): Promise<void>;
  backupNow(): Promise<void>;
  askRestore(b: BackupInfo | null): void;
  restore(): Promise<void>;
  settings(change: BackupSettingsInput): Promise<void>;
  dismiss(): void;
  reset(): void;
}

const initial = { list: null, busy: false, confirming: null, error: null, notice: null } satisfies Partial<BackupsState>;

export const useBackups = create<BackupsState>()((set, get) => {
  const run = async (work: () => Promise<void>) => {
    if (get().busy) return;
    set({ busy: true, error: null, notice: null });
    try {
      await work();
    } catch (err) {
      set({ error: errorMessage(err) });
    } finally {
      set({ busy: false });
    }
  };
  return {
    ...initial,
    async load() {
      try {
        set({ list: await api().call('backups.list', {}) });
      } catch (err) {
        set({ error: errorMessage(err) });
      }
    },
    backupNow: () =>
      run(async () => {
        const made = await api().call('backups.create', {});
        set({ list: await api().call('backups.list', {}), notice: t('backups.made', { when: formatDateTime(made.createdAt) }) });
      }),
    askRestore(b) {
      set(b ? { confirming: b, error: null, notice: null } : { confirming: null });
    },
    restore: () =>
      run(async () => {
        const chosen = get().confirming;
        if (!chosen) return;
        const done = await api().call('backups.restore', { id: chosen.id });
        // The project's content changed under the same path: what every screen holds of it is stale.
        resetProjectStores();
        set({
          confirming: null,
          list: await api().call('backups.list', {}),
          notice: t('backups.restored', { when: formatDateTime(done.restored.createdAt), kept: formatDateTime(done.keptAs.createdAt) }),
        });
      }),
    settings: (change) =>
      run(async () => {
        set({ list: await api().call('backups.settings', change) });
      }),
    dismiss() {
      set({ error: null, notice: null });
    },
    reset() {
      set(initial);
    },
  };
});

resetsWithProject('backups', () => useBackups.getState().reset());
