// Automatic rotating backups of the open project (issue 15): SQLite online backups in
// `<project file>.backups/` beside it, made on open when the newest is older than the period, after
// an import and a merge, and on demand; restored only after an integrity check, the current file
// kept as a backup first ([Note: backups] in main/core/backup/make-backup.ts).
import { z } from './zod';

/** Why a backup was made: the project was opened (and the newest backup was older than the
 * period), an import committed, a merge added decisions, someone asked, or a restore kept the
 * project as it was before. */
export const backupReasons = ['open', 'import', 'merge', 'manual', 'restore'] as const;
export type BackupReason = (typeof backupReasons)[number];

export interface BackupInfo {
  /** The backup's id: its file name without `.prelabel` (`2026-12-07T18-50-12-345Z-open`). */
  id: string;
  createdAt: string;
  reason: BackupReason;
  bytes: number;
}

export interface BackupSettings {
  /** Backups are made automatically (on open, after imports and merges). */
  auto: boolean;
  /** How many backups are kept; older ones are removed after a new one is complete. */
  keep: number;
  /** On open, a backup is made when the newest one is older than this. */
  periodHours: number;
}

export const DEFAULT_BACKUP_SETTINGS: BackupSettings = { auto: true, keep: 7, periodHours: 24 };

export interface BackupList {
  /** The folder the backups are in (on the core's machine). */
  folder: string;
  /** Newest first. */
  backups: BackupInfo[];
  settings: BackupSettings;
}

export const backupSettingsInput = z
  .object({
    auto: z.boolean().optional(),
    keep: z.number().int().min(1).max(100).optional(),
    periodHours: z
      .number()
      .min(0)
      .max(24 * 365)
      .optional(),
  })
  .strict();
export type BackupSettingsInput = z.input<typeof backupSettingsInput>;

export const backupRestoreInput = z
  .object({
    id: z.string().regex(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z-[a-z]+$/, 'A backup id looks like 2026-12-07T18-50-12-345Z-open.'),
  })
  .strict();

export interface BackupRestored {
  /** The backup that was restored. */
  restored: BackupInfo;
  /** The backup of the project as it was just before (reason 'restore'). */
  keptAs: BackupInfo;
}
