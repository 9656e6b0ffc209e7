// English strings of the open project's backups (the Projects screen's Backups card).
export const backupsEn = {
  'backups.title': 'Backups of this project',
  'backups.intro':
    'Prelabel keeps copies of the project beside it, in {folder}: when it is opened (at most every {hours} hours), after each import and merge, and when you ask. The newest {keep} are kept.',
  'backups.off': 'Automatic backups are off for this project: backups are made only when you ask.',
  'backups.none': 'No backup yet.',
  'backups.now': 'Back up now',
  'backups.working': 'Working…',
  'backups.made': 'Backup made: {when}.',
  'backups.reason.open': 'on open',
  'backups.reason.import': 'after an import',
  'backups.reason.merge': 'after a merge',
  'backups.reason.manual': 'made by hand',
  'backups.reason.restore': 'before a restore',
  'backups.size': '{size} MB',
  'backups.restore': 'Restore',
  'backups.restoreLabel': 'Restore the backup of {when}',
  'backups.confirm':
    'Restore the backup of {when}? Decisions made since then are replaced; the project as it is now is kept as a backup first, so this can be undone.',
  'backups.confirmYes': 'Restore this backup',
  'backups.confirmNo': 'Keep the project as it is',
  'backups.restored': 'Restored the backup of {when}. The project as it was is kept as the backup of {kept}.',
  'backups.keep': 'Backups kept',
  'backups.auto': 'Back up automatically',
} as const;
