// Issue 10, bug 1: when a pending import counts as abandoned ([Note: import liveness]): its lock is
// free and its owner is gone (process ended on this host, or no heartbeat for long elsewhere).
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEARTBEAT_STALE_MS, ImportLock, lockState } from './import-lock';
import { ProjectStore } from './project-store';
import { useTempDir } from '../test-support/temp-dir';

const tmp = useTempDir();

function projectWithPending(owner: object | null, heartbeatAgoMs: number): string {
  const path = join(tmp(), `p${Math.random().toString(36).slice(2)}.prelabel`);
  const store = ProjectStore.create(path, 'p');
  const beat = new Date(Date.now() - heartbeatAgoMs).toISOString();
  store.db
    .prepare(
      "INSERT INTO imports (id, status, source_name, format, options, started_at, owner, heartbeat_at) VALUES ('i1', 'pending', 'f.csv', 'csv', '{}', ?, ?, ?)",
    )
    .run(beat, owner ? JSON.stringify(owner) : null, beat);
  store.db.prepare("INSERT INTO documents (import_id, row_number, external_id, text) VALUES ('i1', 1, '1', 'half-written')").run();
  store.close();
  return path;
}

function statusAfterOpen(path: string): string {
  const store = ProjectStore.open(path);
  const status = store.imports()[0]!.status;
  store.close();
  return status;
}

const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;
const fresh = 1000;
const stale = HEARTBEAT_STALE_MS + 60_000;

describe('bug 1: which unfinished imports opening a project purges', () => {
  it('bug 1: keeps one whose process on this host is alive and wrote lately, although its lock is missing', () => {
    expect(statusAfterOpen(projectWithPending({ pid: process.pid, host: hostname() }, fresh))).toBe('pending');
  });

  it('bug 1: purges one whose process on this host has ended, however recent its heartbeat', () => {
    expect(statusAfterOpen(projectWithPending({ pid: deadPid, host: hostname() }, fresh))).toBe('failed');
  });

  it('bug 1: purges one whose heartbeat stopped long ago, and one without an owner (older versions)', () => {
    expect(statusAfterOpen(projectWithPending({ pid: process.pid, host: hostname() }, stale))).toBe('failed');
    expect(statusAfterOpen(projectWithPending(null, fresh))).toBe('failed');
  });

  it('bug 1: judges another host by its heartbeat alone', () => {
    expect(statusAfterOpen(projectWithPending({ pid: deadPid, host: `not-${hostname()}` }, fresh))).toBe('pending');
    expect(statusAfterOpen(projectWithPending({ pid: deadPid, host: `not-${hostname()}` }, stale))).toBe('failed');
  });

  it('bug 1: keeps one whose lock is held, even with a dead owner, and tells the holder from others', () => {
    const path = projectWithPending({ pid: deadPid, host: hostname() }, stale);
    const holder = new Database(path);
    const lock = ImportLock.acquire(holder, 'i1');
    expect(lockState(holder, 'i1')).toBe('here');
    expect(statusAfterOpen(path)).toBe('pending');
    const other = ProjectStore.open(path);
    expect(lockState(other.db, 'i1')).toBe('elsewhere');
    expect(ImportLock.tryAcquire(other.db, 'i1')).toBeNull();
    other.close();
    lock.release();
    holder.close();
    expect(existsSync(`${path}-import-i1.lock`)).toBe(false);
    expect(statusAfterOpen(path)).toBe('failed');
  });

  it('removes lock files that a process left behind after its import was finished', () => {
    const path = join(tmp(), 'left.prelabel');
    const store = ProjectStore.create(path, 'p');
    store.db
      .prepare(
        "INSERT INTO imports (id, status, source_name, format, options, started_at, search_indexed) VALUES ('done1', 'committed', 'f.csv', 'csv', '{}', 'then', 1)",
      )
      .run();
    store.close();
    writeFileSync(`${path}-import-done1.lock`, '');
    ProjectStore.open(path).close();
    expect(existsSync(`${path}-import-done1.lock`)).toBe(false);
  });
});
