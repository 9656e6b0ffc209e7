// Issue 10, bug 1: opening a project while another connection or process imports into it must not
// delete the rows already written, and an import reports success only for rows actually stored.
// (The same through two real CLI processes: main/cli/concurrent-processes.test.ts.)
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectStore } from '../store/project-store';
import { bigCsv, importAndKill, storedRows, untilPendingRows } from '../test-support/child-import';
import { useTempDir } from '../test-support/temp-dir';
import { makeTestCore } from '../test-support/test-core';

const tmp = useTempDir();

describe('bug 1: opening a project while another window imports into it', () => {
  it('bug 1: a second connection opening the project mid-import purges nothing, and is told an import runs elsewhere', async () => {
    const dir = tmp();
    const file = bigCsv(dir, 50_000);
    const path = join(dir, 'p.prelabel');
    const t = makeTestCore(dir);
    await t.call('project.create', { name: 'p', path });
    const started = await t.call('import.start', {
      source: { kind: 'path', path: file },
      options: {},
      mapping: { textColumns: ['text'], idColumn: 'id' },
    });
    await untilPendingRows(path, 10_000);

    const other = ProjectStore.open(path); // what another window (or `prelabel stats`) does
    const pending = other.imports()[0]!;
    expect(pending.status).toBe('pending');
    expect(pending.runningElsewhere).toBe(true);
    expect(other.info().warnings.join(' ')).toMatch(/big\.csv is being imported in another window/);
    other.close();

    const done = await t.waitForJob(started.jobId);
    expect(done).toMatchObject({ kind: 'import', status: 'done', result: { imported: 50_000 } });
    const stats = await t.call('project.stats', {});
    expect(stats.documents).toBe(50_000);
    expect(stats.imports[0]).toMatchObject({ status: 'committed', rowCount: 50_000, searchIndexed: true, runningElsewhere: false });
    await t.core.shutdown();
    expect(storedRows(path)).toBe(50_000);
    expect(existsSync(`${path}-import-${started.importId}.lock`)).toBe(false);
  });

  it('bug 1: an import whose rows were removed by someone else fails and is discarded instead of reporting success', async () => {
    const dir = tmp();
    const file = bigCsv(dir, 50_000);
    const path = join(dir, 'p.prelabel');
    const t = makeTestCore(dir);
    await t.call('project.create', { name: 'p', path });
    const started = await t.call('import.start', { source: { kind: 'path', path: file }, options: {}, mapping: { textColumns: ['text'] } });
    await untilPendingRows(path, 10_000);
    // What an older Prelabel (or any other program) opening the file would do: purge the pending rows.
    const raw = new Database(path);
    raw.pragma('busy_timeout = 5000');
    raw.prepare("DELETE FROM documents WHERE import_id IN (SELECT id FROM imports WHERE status = 'pending')").run();
    raw.close();

    const done = await t.waitForJob(started.jobId);
    expect(done.status).toBe('failed');
    expect(done.error?.message).toMatch(/stored only [\d,]+ of 50,000 rows: another window or program removed rows/);
    const stats = await t.call('project.stats', {});
    expect(stats.documents).toBe(0);
    expect(stats.imports[0]).toMatchObject({ status: 'failed' });
    await t.core.shutdown();
    expect(storedRows(path)).toBe(0);
  });

  it('bug 1: an import killed part of the way (its process is gone) is still purged when the project opens', async () => {
    const dir = tmp();
    const path = await importAndKill(dir, 60_000, 10_000, 'reading');
    expect(storedRows(path)).toBeGreaterThanOrEqual(10_000);
    const reopened = ProjectStore.open(path);
    const [gone] = reopened.imports();
    expect(gone).toMatchObject({ status: 'failed', runningElsewhere: false });
    expect(reopened.info().warnings).toEqual([]);
    reopened.close();
    expect(storedRows(path)).toBe(0);
    expect(existsSync(`${path}-import-${gone!.id}.lock`)).toBe(false);
  });
});
