// A refused restore changes nothing (no backup made, none rotated out), and a restore never
// removes the backup it restored, the oldest included.
import Database from 'better-sqlite3';
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { codingProject } from '../coding/test-support/coding-fixture';
import { useTempDir } from '../test-support/temp-dir';
import type { TestCore } from '../test-support/test-core';
import { backupFolder } from './backup-files';

const tmp = useTempDir();
const QUESTION = [{ name: 'Stance', labels: [{ name: 'favour' }, { name: 'against' }] }];

/** The backups once the automatic one after the import is there, newest first. */
async function backupIds(t: TestCore, atLeast = 0): Promise<string[]> {
  for (let i = 0; i < 500; i++) {
    const ids = (await t.call('backups.list', {})).backups.map((b) => b.id);
    if (ids.length >= atLeast) return ids;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no ${atLeast} backups came`);
}

describe('restoring a backup', () => {
  it('refused six times while another connection has the project open: no backup made, none removed', async () => {
    const p = await codingProject(tmp(), 3, QUESTION);
    await backupIds(p.t, 1);
    await p.t.call('backups.settings', { keep: 3 });
    await p.t.call('backups.create', {});
    await p.t.call('backups.create', {});
    const before = await backupIds(p.t);
    expect(before).toHaveLength(3);
    const files = readdirSync(backupFolder(p.path)).sort();
    const other = new Database(p.path, { fileMustExist: true });
    other.pragma('journal_mode = WAL');
    other.prepare('SELECT count(*) FROM documents').get();
    try {
      for (let i = 0; i < 6; i++) {
        const refused = await p.t.raw('backups.restore', { id: before[2]! });
        expect(refused.ok ? null : [refused.error.code, refused.error.message]).toEqual([
          'BUSY',
          'coding.prelabel is open in another window or prelabel command. Close it there, then restore the backup.',
        ]);
      }
      expect(await backupIds(p.t)).toEqual(before);
      expect(readdirSync(backupFolder(p.path)).sort()).toEqual(files);
      expect((await p.t.call('project.current', {}))?.path).toBe(p.path);
    } finally {
      other.close();
    }
    // Once the other connection is gone, the same restore goes through.
    expect((await p.t.call('backups.restore', { id: before[2]! })).restored.id).toBe(before[2]);
    await p.t.core.shutdown();
  });

  it('the oldest backup, with the project at its number of backups, stays after it was restored', async () => {
    const p = await codingProject(tmp(), 3, QUESTION);
    await backupIds(p.t, 1);
    await p.t.call('backups.settings', { keep: 3 });
    // Every backup kept holds keep = 3, so the restored project does too.
    for (let n = 0; n < 3; n++) await p.t.call('backups.create', {});
    const before = await backupIds(p.t);
    expect(before).toHaveLength(3);
    const oldest = before[2]!;
    const { keptAs } = await p.t.call('backups.restore', { id: oldest });
    const after = await backupIds(p.t);
    expect(after).toEqual([keptAs.id, ...before]);
    expect(existsSync(`${backupFolder(p.path)}/${oldest}.prelabel`)).toBe(true);
    expect((await p.t.call('backups.list', {})).settings.keep).toBe(3);
    await p.t.core.shutdown();
  });
});
