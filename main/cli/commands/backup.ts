// `prelabel backup`: a backup of a project now, the list of its backups, a restore, and the
// project's backup settings ([Note: backups] in main/core/backup/make-backup.ts).
import { PrelabelError, type BackupInfo, type BackupList, type BackupSettingsInput } from '../../../common/contract';
import { openProject, positional, stringFlag, type Command, type CommandArgs } from '../command';

function settingsFlags(args: CommandArgs): BackupSettingsInput {
  const change: BackupSettingsInput = {};
  const auto = stringFlag(args, 'auto');
  if (auto !== undefined) {
    if (auto !== 'on' && auto !== 'off') throw new PrelabelError('INVALID_INPUT', `--auto takes on or off, not "${auto}".`);
    change.auto = auto === 'on';
  }
  const keep = stringFlag(args, 'keep');
  if (keep !== undefined) {
    if (!/^\d+$/.test(keep) || Number(keep) < 1 || Number(keep) > 100)
      throw new PrelabelError('INVALID_INPUT', `--keep takes a whole number from 1 to 100, not "${keep}".`);
    change.keep = Number(keep);
  }
  const period = stringFlag(args, 'period');
  if (period !== undefined) {
    if (!/^\d+(\.\d+)?$/.test(period) || Number(period) > 24 * 365)
      throw new PrelabelError('INVALID_INPUT', `--period takes hours (0 to 8760), not "${period}".`);
    change.periodHours = Number(period);
  }
  return change;
}

const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);
const line = (b: BackupInfo) => `${b.id}  ${b.createdAt}  ${b.reason.padEnd(7)}  ${size(b.bytes)}`;

function printList(args: CommandArgs, list: BackupList): void {
  const s = list.settings;
  args.io.out(
    `Backups in ${list.folder} (${s.auto ? `automatic: on open after ${s.periodHours} h, after imports and merges` : 'automatic backups off'}; the newest ${s.keep} kept):`,
  );
  if (list.backups.length === 0) args.io.out('  none yet');
  for (const b of list.backups) args.io.out(`  ${line(b)}`);
}

export const backupCommand: Command = {
  usage: 'backup <project> [--list | --restore ID] [--keep N] [--period HOURS] [--auto on|off]',
  summary: 'a backup of the project now (SQLite online backup), its backups listed, one restored, the backup settings',
  options: {
    list: { type: 'boolean' },
    restore: { type: 'string' },
    keep: { type: 'string' },
    period: { type: 'string' },
    auto: { type: 'string' },
  },
  async run(args) {
    const path = positional(args, 0, 'the project file (prelabel backup <project>)');
    const restore = stringFlag(args, 'restore');
    const listOnly = args.values.list === true;
    if (restore !== undefined && listOnly) throw new PrelabelError('INVALID_INPUT', '--list and --restore go separately.');
    const change = settingsFlags(args);
    await openProject(args, path);
    if (Object.keys(change).length) await args.call('backups.settings', change);
    if (restore !== undefined) {
      const done = await args.call('backups.restore', { id: restore });
      if (args.json) args.io.out(JSON.stringify({ ok: true, ...done }));
      else {
        args.io.out(`Restored ${done.restored.id} (${done.restored.reason}, ${done.restored.createdAt}).`);
        args.io.out(`The project as it was before is kept as backup ${done.keptAs.id}.`);
      }
      return 0;
    }
    const made = listOnly || Object.keys(change).length ? null : await args.call('backups.create', {});
    const list = await args.call('backups.list', {});
    if (args.json) {
      args.io.out(JSON.stringify({ ok: true, made, ...list }));
      return 0;
    }
    if (made) args.io.out(`Backup made: ${line(made)}`);
    printList(args, list);
    return 0;
  },
};
