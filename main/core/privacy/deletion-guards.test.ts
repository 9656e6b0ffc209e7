// Deletion's guards: the backups go before the rows (a deletion killed after its commit leaves no
// backup with the deleted text), a whole project open in another window or command is not deleted,
// and a coder package never carries the project's export pseudonym key.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensurePseudonymKey } from '../export/pseudonym';
import { useTempDir } from '../test-support/temp-dir';
import { countBytes, markerProject, writeBackup } from './test-support/marker-project';
import { backupFiles } from './scrub';

const tmp = useTempDir();

describe('a deletion of documents', () => {
  it('removes the backups inside its transaction before the rows: a failure after that leaves no backup, the rows rolled back', async () => {
    const p = await markerProject(tmp(), 20, 5);
    writeBackup(p.db(), p.path);
    const backups = backupFiles(p.path).length;
    expect(backups).toBeGreaterThanOrEqual(1);
    const ids = p.db().prepare("SELECT id FROM documents WHERE text LIKE 'Secret %' ORDER BY id").pluck().all() as number[];
    expect(ids).toHaveLength(4);
    const target = { kind: 'documents' as const, ids };
    const plan = await p.t.call('privacy.plan', { target });
    const expected = { documents: plan.documents, units: plan.units, decisions: plan.decisions };
    // The process dies at the rows' deletion (here: a trigger aborts it, inside the same transaction).
    p.db().exec("CREATE TEMP TRIGGER die BEFORE DELETE ON main.documents BEGIN SELECT RAISE(ABORT, 'killed at the rows'); END");
    await expect(p.t.call('privacy.delete', { target, expected })).rejects.toThrow(/killed at the rows/);
    expect(backupFiles(p.path)).toEqual([]);
    expect(
      p
        .db()
        .prepare(`SELECT count(*) FROM documents WHERE id IN (${ids.join(',')})`)
        .pluck()
        .get(),
    ).toBe(4);
    p.db().exec('DROP TRIGGER temp.die');
    // Run again, it deletes them (no backups left to remove).
    expect(await p.t.call('privacy.delete', { target, expected })).toMatchObject({ documents: 4, backupsRemoved: 0, integrity: 'ok' });
    await p.t.core.shutdown();
  });
});

describe('deleting a whole project', () => {
  it('is refused in one line while another connection has it open; this window keeps it open, nothing is deleted', async () => {
    const p = await markerProject(tmp(), 10, 5);
    const other = new Database(p.path, { fileMustExist: true });
    other.pragma('journal_mode = WAL');
    other.prepare('SELECT count(*) FROM documents').get();
    try {
      const refused = await p.t.raw('privacy.deleteProject', { path: p.path, confirmName: 'markers' });
      expect(refused.ok ? null : [refused.error.code, refused.error.message]).toEqual([
        'BUSY',
        'markers.prelabel is open in another window or prelabel command. Close it there, then delete the project.',
      ]);
      expect(existsSync(p.path)).toBe(true);
      expect((await p.t.call('project.current', {}))?.path).toBe(p.path);
      expect(await p.t.call('documents.list', { offset: 0, limit: 1 })).toMatchObject({ total: 10 });
    } finally {
      other.close();
    }
    await p.t.call('privacy.deleteProject', { path: p.path, confirmName: 'markers' });
    expect(existsSync(p.path)).toBe(false);
    await p.t.core.shutdown();
  });
});

describe('a coder package', () => {
  it('holds no export pseudonym key: not in its project_meta, not in a byte of the file', async () => {
    const p = await markerProject(tmp(), 10, 5);
    ensurePseudonymKey(p.db());
    const key = p.db().prepare("SELECT value FROM project_meta WHERE key = 'pseudonym_key'").pluck().get() as string;
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const pkg = await p.t.call('project.package', { coder: 'Ana', path: join(p.dir, 'ana'), documents: 'all' });
    const db = new Database(pkg.path, { readonly: true, fileMustExist: true });
    try {
      expect(db.prepare("SELECT count(*) FROM project_meta WHERE key = 'pseudonym_key'").pluck().get()).toBe(0);
    } finally {
      db.close();
    }
    expect(countBytes([pkg.path], key)).toBe(0);
    expect(countBytes([pkg.path], 'pseudonym_key')).toBe(0);
    // The project keeps it.
    expect(p.db().prepare("SELECT value FROM project_meta WHERE key = 'pseudonym_key'").pluck().get()).toBe(key);
    await p.t.core.shutdown();
  });
});
