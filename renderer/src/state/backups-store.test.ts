// The Projects screen's backups: the list, a backup now, a restore only after it is confirmed (then
// every per-project store starts afresh, since the project's content changed under its path).
import { beforeEach, describe, expect, it } from 'vitest';
import type { BackupInfo, BackupList } from '../../../common/contract';
import { setPlatform } from '../platform/platform';
import { fakeApi } from '../test-support/fake-api';
import { useBackups } from './backups-store';
import { resetsWithProject } from './project-scope';

const b = (id: string, reason: BackupInfo['reason']): BackupInfo => ({
  id,
  createdAt: '2026-12-07T18:50:12.345Z',
  reason,
  bytes: 2_097_152,
});
const list = (backups: BackupInfo[]): BackupList => ({
  folder: '/p/x.prelabel.backups',
  backups,
  settings: { auto: true, keep: 7, periodHours: 24 },
});

beforeEach(() => useBackups.getState().reset());

describe('backups on the Projects screen', () => {
  it('lists, backs up now and restores only the confirmed backup, then resets the per-project stores', async () => {
    const older = b('2026-12-07T18-50-12-345Z-open', 'open');
    const kept = b('2026-12-07T19-00-00-000Z-restore', 'restore');
    let backups = [older];
    const api = fakeApi({
      'backups.list': () => list(backups),
      'backups.create': () => {
        const made = b('2026-12-07T18-55-00-000Z-manual', 'manual');
        backups = [made, ...backups];
        return made;
      },
      'backups.restore': ({ id }) => {
        backups = [kept, ...backups];
        return { restored: backups.find((x) => x.id === id)!, keptAs: kept };
      },
    });
    setPlatform({ face: 'browser', api });
    let resets = 0;
    resetsWithProject('backups-test-probe', () => resets++);
    await useBackups.getState().load();
    expect(useBackups.getState().list!.backups.map((x) => x.id)).toEqual([older.id]);
    await useBackups.getState().backupNow();
    expect(useBackups.getState().list!.backups).toHaveLength(2);
    expect(useBackups.getState().notice).toMatch(/^Backup made: /);

    // Nothing is restored before a backup is confirmed.
    await useBackups.getState().restore();
    expect(api.calls.filter((c) => c.method === 'backups.restore')).toHaveLength(0);
    useBackups.getState().askRestore(older);
    await useBackups.getState().restore();
    expect(api.calls.filter((c) => c.method === 'backups.restore').map((c) => c.input)).toEqual([{ id: older.id }]);
    expect(resets).toBe(1);
    expect(useBackups.getState().list!.backups[0]!.id).toBe(kept.id);
    expect(useBackups.getState().notice).toMatch(/^Restored the backup of .+\. The project as it was is kept as the backup of .+\.$/);
  });

  it('shows a refused restore as one line and keeps the list', async () => {
    const older = b('2026-12-07T18-50-12-345Z-open', 'open');
    const api = fakeApi({
      'backups.list': () => list([older]),
      'backups.restore': () => {
        throw Object.assign(new Error('The backup x is damaged (malformed). Choose another backup.'), { code: 'NOT_A_PROJECT' });
      },
    });
    setPlatform({ face: 'browser', api });
    await useBackups.getState().load();
    useBackups.getState().askRestore(older);
    await useBackups.getState().restore();
    expect(useBackups.getState().error).toContain('is damaged');
    expect(useBackups.getState().list!.backups).toHaveLength(1);
  });
});
