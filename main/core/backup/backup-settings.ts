// A project's backup settings, kept in the project file (project_meta), so they travel with it and
// every face and process that opens it makes backups the same way.
import { DEFAULT_BACKUP_SETTINGS, type BackupSettings, type BackupSettingsInput } from '../../../common/contract';
import type { Db } from '../store/project-db';

const KEYS = { auto: 'backup_auto', keep: 'backup_keep', periodHours: 'backup_period_hours' } as const;

export function readBackupSettings(db: Db): BackupSettings {
  const rows = db
    .prepare(`SELECT key, value FROM project_meta WHERE key IN ('${KEYS.auto}', '${KEYS.keep}', '${KEYS.periodHours}')`)
    .all() as { key: string; value: string }[];
  const get = (k: string) => rows.find((r) => r.key === k)?.value;
  const keep = Number(get(KEYS.keep));
  const period = Number(get(KEYS.periodHours));
  return {
    auto: get(KEYS.auto) === undefined ? DEFAULT_BACKUP_SETTINGS.auto : get(KEYS.auto) === '1',
    keep: Number.isInteger(keep) && keep >= 1 ? keep : DEFAULT_BACKUP_SETTINGS.keep,
    periodHours:
      Number.isFinite(period) && period >= 0 && get(KEYS.periodHours) !== undefined ? period : DEFAULT_BACKUP_SETTINGS.periodHours,
  };
}

export function writeBackupSettings(db: Db, input: BackupSettingsInput): BackupSettings {
  const put = db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  db.transaction(() => {
    if (input.auto !== undefined) put.run(KEYS.auto, input.auto ? '1' : '0');
    if (input.keep !== undefined) put.run(KEYS.keep, String(input.keep));
    if (input.periodHours !== undefined) put.run(KEYS.periodHours, String(input.periodHours));
  })();
  return readBackupSettings(db);
}
