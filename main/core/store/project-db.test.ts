import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, createProjectDb, migrate, openProjectDb, readMeta } from './project-db';
import { latestVersion } from './migrations';
import { useTempDir } from '../test-support/temp-dir';

const tmp = useTempDir();

function schemaOf(path: string): string {
  const db = new Database(path, { readonly: true });
  const rows = db
    .prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name")
    .all() as { type: string; name: string; sql: string }[];
  db.close();
  return rows.map((r) => `-- ${r.type} ${r.name}\n${r.sql};`).join('\n\n') + '\n';
}

describe('project file', () => {
  it('is marked as a Prelabel file, uses WAL and foreign keys, and records its identity', () => {
    const path = join(tmp(), 'a.prelabel');
    const db = createProjectDb(path, { name: 'Tweets 2024' });
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion);
    const meta = readMeta(db);
    expect(meta.name).toBe('Tweets 2024');
    expect(meta.id).toMatch(/^[0-9a-f-]{36}$/);
    db.close();
  });

  it('keeps its schema as recorded in the snapshot (a schema change needs a new migration)', async () => {
    const path = join(tmp(), 'snap.prelabel');
    createProjectDb(path, { name: 's' }).close();
    await expect(schemaOf(path)).toMatchFileSnapshot('./__snapshots__/schema.sql');
  });

  it('reopens with the same data', () => {
    const path = join(tmp(), 'b.prelabel');
    const db = createProjectDb(path, { name: 'b' });
    const id = readMeta(db).id;
    db.close();
    const again = openProjectDb(path);
    expect(readMeta(again).id).toBe(id);
    again.close();
  });

  it('refuses a file that is not an SQLite database', () => {
    const path = join(tmp(), 'notes.prelabel');
    writeFileSync(path, 'just some text, not a database'.repeat(10));
    expect(() => openProjectDb(path)).toThrow(/not a Prelabel project \(it is not an SQLite database\)/);
    expect(readFileSync(path, 'utf8')).toContain('just some text');
  });

  it('refuses an SQLite database made by another program and leaves it untouched', () => {
    const path = join(tmp(), 'other.sqlite');
    const other = new Database(path);
    other.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
    other.close();
    const before = readFileSync(path);
    expect(() => openProjectDb(path)).toThrow(/made by another program/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses a project saved by a newer version', () => {
    const path = join(tmp(), 'future.prelabel');
    createProjectDb(path, { name: 'f' }).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${latestVersion + 1}`);
    raw.close();
    expect(() => openProjectDb(path)).toThrow(/newer version of Prelabel/);
  });

  it('refuses to overwrite an existing file when creating', () => {
    const path = join(tmp(), 'c.prelabel');
    writeFileSync(path, 'x');
    expect(() => createProjectDb(path, { name: 'c' })).toThrow(/already exists/);
    expect(readFileSync(path, 'utf8')).toBe('x');
  });

  it('runs all pending migrations in one transaction: a failing step leaves the file as it was', () => {
    const path = join(tmp(), 'm.prelabel');
    const db = new Database(path);
    const steps = [
      { version: 1, sql: 'CREATE TABLE a (x INTEGER);' },
      { version: 2, sql: 'CREATE TABLE b (y INTEGER); INSERT INTO no_such_table VALUES (1);' },
    ];
    expect(() => migrate(db, steps)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('a', 'b')").pluck().get()).toBe(0);
    expect(migrate(db, steps.slice(0, 1))).toBe(1);
    db.close();
  });
});

describe('query planner statistics', () => {
  it('are gathered when a project with many rows opens, so the planner knows its indexes', () => {
    {
      const path = join(tmp(), 'stats.prelabel');
      const db = createProjectDb(path, { name: 'stats' });
      const importId = randomUUID();
      db.prepare(
        "INSERT INTO imports (id, status, source_name, format, options, started_at) VALUES (?, 'committed', 'x', 'csv', '{}', ?)",
      ).run(importId, new Date().toISOString());
      const add = db.prepare('INSERT INTO documents (import_id, row_number, external_id, text) VALUES (?, ?, ?, ?)');
      db.transaction(() => {
        for (let i = 1; i <= 5000; i++) add.run(importId, i, String(i), `text ${i}`);
      })();
      db.close();
      const reopened = openProjectDb(path);
      const stats = reopened.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'").pluck().get();
      const rows = stats ? (reopened.prepare("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'documents'").pluck().get() as number) : 0;
      reopened.close();
      expect(rows).toBeGreaterThan(0);
    }
  });
});
