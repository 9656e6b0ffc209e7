// Issue 10, bug 4: a kill during the search-index step must not leave documents out of search for
// good. The index state is recorded per import; opening the project resumes an unfinished index.
// (`prelabel stats` on such a project: main/cli/concurrent-processes.test.ts.)
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browseInput, type JobDone } from '../../../common/contract';
import { browsePage } from '../coding/browse';
import { insertDocuments } from '../export/test-support/export-project';
import { migrations } from './migrations';
import { APPLICATION_ID, migrate } from './project-db';
import { ProjectStore } from './project-store';
import { indexImportNow } from './search-index';
import { searchText } from './search-text';
import { importAndKill } from '../test-support/child-import';
import { writeBackupSettings } from '../backup/backup-settings';
import { useTempDir } from '../test-support/temp-dir';
import { makeTestCore, type TestCore } from '../test-support/test-core';

const tmp = useTempDir();
const ROWS = 30_000;

async function indexJobDone(t: TestCore): Promise<JobDone> {
  for (let i = 0; i < 6000; i++) {
    const done = t.events.find((e) => e.event === 'job:done' && (e.payload as JobDone).kind === 'index');
    if (done) return done.payload as JobDone;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the search index job did not finish');
}

describe('bug 4: a kill during the search-index step', () => {
  it('bug 4: records the index as incomplete, and opening the project completes it with progress', async () => {
    const dir = tmp();
    const path = await importAndKill(dir, ROWS, 10_000, 'indexing');

    // As the kill left it: every document committed and visible, a third of them searchable.
    const left = ProjectStore.open(path);
    expect(left.documentCount()).toBe(ROWS);
    expect(left.listDocuments(0, 1, undefined, 'budget').total).toBe(10_000);
    expect(left.searchState()).toEqual({ complete: false, pending: ROWS - 10_000, total: ROWS, building: false });
    expect(left.imports()[0]).toMatchObject({ status: 'committed', searchIndexed: false });
    left.close();

    const t = makeTestCore(dir);
    await t.call('project.open', { path });
    expect(await t.call('project.searchState', {})).toMatchObject({ complete: false, building: true });
    const done = await indexJobDone(t);
    expect(done.status).toBe('done');
    const progress = t.events.filter((e) => e.event === 'job:progress' && (e.payload as { kind: string }).kind === 'index');
    expect(progress.at(-1)?.payload).toMatchObject({ done: ROWS - 10_000, total: ROWS - 10_000, unit: 'rows' });
    expect(await t.call('project.searchState', {})).toEqual({ complete: true, pending: 0, total: ROWS, building: false });
    expect((await t.call('documents.list', { search: 'budget', limit: 1 })).total).toBe(ROWS);
    for (const i of [0, 9_999, 10_000, ROWS - 1]) {
      expect((await t.call('documents.list', { search: `number${i}`, limit: 1 })).total).toBe(1);
    }
    const stats = await t.call('project.stats', {});
    expect(stats.search.complete).toBe(true);
    expect(stats.imports[0]).toMatchObject({ status: 'committed', rowCount: ROWS, searchIndexed: true });
    await t.core.shutdown();
    expect(existsSync(`${path}-import-${stats.imports[0]!.id}.lock`)).toBe(false);
  });

  it('bug 4: closing the project stops the resumed index between chunks, and the next open goes on from there', async () => {
    const dir = tmp();
    const path = await importAndKill(dir, ROWS, 5_000, 'indexing');
    // No backup on open: project.close waits for a running backup, and the index would finish meanwhile.
    const settings = ProjectStore.open(path);
    writeBackupSettings(settings.db, { auto: false });
    settings.close();
    const t = makeTestCore(dir);
    await t.call('project.open', { path });
    await t.call('project.close', {});
    const cut = ProjectStore.open(path);
    const pending = cut.searchState().pending;
    expect(pending).toBeGreaterThan(0);
    cut.close();
    await t.call('project.open', { path });
    expect((await indexJobDone(t)).status).toBe('cancelled');
    for (let i = 0; i < 600 && !(await t.call('project.searchState', {})).complete; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await t.call('documents.list', { search: 'budget', limit: 1 })).total).toBe(ROWS);
    await t.core.shutdown();
  });

  it('bug 4: a project from before the index state was recorded gets its unindexed documents indexed', async () => {
    const dir = tmp();
    const path = join(dir, 'old.prelabel');
    const old = new Database(path);
    old.pragma(`application_id = ${APPLICATION_ID}`);
    old.pragma('journal_mode = WAL');
    migrate(old, migrations.slice(0, 3)); // the file format before the index state existed
    old.prepare("INSERT INTO project_meta (key, value) VALUES ('id', ?), ('name', 'old'), ('created_at', 'then')").run(randomUUID());
    const importId = randomUUID();
    old
      .prepare(
        "INSERT INTO imports (id, status, source_name, format, options, row_count, started_at) VALUES (?, 'committed', 'old.csv', 'csv', '{}', 12000, 'then')",
      )
      .run(importId);
    const addDoc = old.prepare('INSERT INTO documents (import_id, row_number, external_id, text) VALUES (?, ?, ?, ?)');
    const addFts = old.prepare('INSERT INTO documents_fts (rowid, text) VALUES (?, ?)');
    old.transaction(() => {
      for (let i = 1; i <= 12_000; i++) {
        const text = `Regierung und Haushalt ${i}`;
        const id = addDoc.run(importId, i, String(i), text).lastInsertRowid;
        if (i % 3 === 0) addFts.run(id, searchText(text)); // a third made it into the index before the kill
      }
    })();
    old.close();

    const t = makeTestCore(dir);
    await t.call('project.open', { path });
    expect((await indexJobDone(t)).status).toBe('done');
    expect((await t.call('documents.list', { search: 'regierung', limit: 1 })).total).toBe(12_000);
    expect((await t.call('documents.list', { search: 'haushalt 12000', limit: 5 })).total).toBe(1);
    expect((await t.call('project.searchState', {})).complete).toBe(true);
    await t.core.shutdown();
  });

  it('bug 4: Browse finds the documents a resumed index adds below the largest indexed one (no stale search hits)', () => {
    const store = ProjectStore.create(join(tmp(), 'b.prelabel'), 'b');
    const docs = (tag: string, n: number) => Array.from({ length: n }, (_, i) => ({ id: `${tag}${i}`, text: `zeppelin ${tag}` }));
    const first = insertDocuments(store.db, docs('a', 6_000));
    insertDocuments(store.db, docs('b', 10)); // a later import, indexed in full: the largest indexed id
    // As a kill left the first import: its last 4,000 documents not indexed, the state saying so.
    const cut = store.db.prepare('DELETE FROM documents_fts WHERE rowid = ?');
    for (const id of first.slice(2_000)) cut.run(id);
    const importOf = store.db.prepare('SELECT import_id FROM documents WHERE id = ?').pluck().get(first[0]) as string;
    store.db.prepare('UPDATE imports SET search_indexed = 0, search_indexed_through = ? WHERE id = ?').run(first[1_999], importOf);
    const search = browseInput.parse({ search: 'zeppelin' });
    expect(browsePage(store.db, null, '', search).total).toBe(2_010);
    indexImportNow(store.db, importOf);
    expect(browsePage(store.db, null, '', search).total).toBe(6_010);
    store.close();
  });
});
