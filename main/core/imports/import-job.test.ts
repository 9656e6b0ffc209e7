import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../test-support/corpora';
import { useTempDir } from '../test-support/temp-dir';
import { makeTestCore } from '../test-support/test-core';
import { ProjectStore } from '../store/project-store';

const tmp = useTempDir();

async function projectWith(dir: string) {
  const t = makeTestCore(dir);
  await t.call('project.create', { name: 'p', path: join(dir, 'p.prelabel') });
  return t;
}

async function importFile(t: ReturnType<typeof makeTestCore>, path: string, mapping: object, options: object = {}) {
  const started = await t.call('import.start', { source: { kind: 'path', path }, options, mapping: mapping as never });
  return t.waitForJob(started.jobId);
}

describe('CSV import', () => {
  it('imports the BBC News training file: 1,490 documents, other columns kept as metadata', async () => {
    const t = await projectWith(tmp());
    const file = corpusFile('bbc_news', 'BBC News Train.csv');
    const preview = await t.call('import.preview', { source: { kind: 'path', path: file }, options: {} });
    expect(preview.columns).toEqual(['Text', 'Category']);
    expect(preview.suggestedTextColumns).toEqual(['Text']);
    expect(preview.rows.length).toBe(20);
    const done = await importFile(t, file, { textColumns: ['Text'] });
    expect(done).toMatchObject({ kind: 'import', status: 'done', result: { imported: 1490, skipped: 0 } });
    const page = await t.call('documents.list', { offset: 1489, limit: 10 });
    expect(page.total).toBe(1490);
    expect(page.rows).toHaveLength(1);
    expect(page.rows[0]!.externalId).toBe('1490');
    expect(page.rows[0]!.metadata).toEqual({ Category: expect.any(String) });
    await t.core.shutdown();
  });

  it('joins repeated text columns of a file without a header (AG News: 7,600 rows)', async () => {
    const t = await projectWith(tmp());
    const done = await importFile(t, corpusFile('ag_news', 'test.csv'), { textColumns: [2, 3], joinWith: '\n\n' }, { hasHeader: false });
    expect(done.result).toEqual({ imported: 7600, skipped: 0, flagged: 0 });
    const first = (await t.call('documents.list', { offset: 0, limit: 1 })).rows[0]!;
    expect(first.text).toBe(
      "Fears for T N pension after talks\n\nUnions representing workers at Turner   Newall say they are 'disappointed' after talks with stricken parent firm Federal Mogul.",
    );
    expect(first.metadata).toEqual({ 'Column 1': '3' });
    const stats = await t.call('project.stats', {});
    expect(stats.imports).toHaveLength(1);
    expect(stats.imports[0]).toMatchObject({ status: 'committed', rowCount: 7600, sourceName: 'test.csv' });
    await t.core.shutdown();
  });

  it('keeps ids as text exactly as written and finds the searchable text', async () => {
    const dir = tmp();
    const file = join(dir, 'ids.csv');
    writeFileSync(file, 'id;text;lang\n1234567890123456789;Hola, ¿qué tal?;es\n007;日本語のテキスト;ja\n');
    const t = await projectWith(dir);
    const done = await importFile(t, file, { textColumns: ['text'], idColumn: 'id' });
    expect(done.status).toBe('done');
    const rows = (await t.call('documents.list', { offset: 0, limit: 10 })).rows;
    expect(rows.map((r) => r.externalId)).toEqual(['1234567890123456789', '007']);
    expect(rows[1]!.metadata).toEqual({ lang: 'ja' });
    expect((await t.call('documents.list', { offset: 0, limit: 10, search: '本語の' })).rows.map((r) => r.id)).toEqual([rows[1]!.id]);
    expect((await t.call('documents.list', { offset: 0, limit: 10, search: 'que' })).rows.map((r) => r.id)).toEqual([rows[0]!.id]);
    await t.core.shutdown();
  });

  it('skips rows whose text is empty and reports them by row number', async () => {
    const dir = tmp();
    const file = join(dir, 'gaps.csv');
    writeFileSync(file, 'text,x\nfirst,1\n   ,2\nthird,3\n');
    const t = await projectWith(dir);
    const done = await importFile(t, file, { textColumns: ['text'] });
    expect(done.result).toEqual({ imported: 2, skipped: 1, flagged: 0 });
    const problems = t.core.context.project!.db.prepare('SELECT problems FROM imports').pluck().get() as string;
    expect(JSON.parse(problems)).toEqual([
      expect.objectContaining({
        code: 'empty_text',
        count: 1,
        rows: [2],
        examples: [{ row: 2, message: 'Row 2: the text column is empty.' }],
      }),
    ]);
    await t.core.shutdown();
  });

  it.each([
    ['an empty file', '', {}, /is empty/],
    ['binary data named .csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0x14, 0, 0, 0]), {}, /does not look like a text file/],
    [
      'an unclosed quote (quoting forced on)',
      'text,id\n"never closed,1\nmore,2\n',
      { quote: 'double' },
      /line 2: a quoted field starts here and is never closed/,
    ],
  ])('refuses %s with a clear message and leaves the project unchanged', async (_name, content, options, message) => {
    const dir = tmp();
    const t = await projectWith(dir);
    const good = join(dir, 'good.csv');
    writeFileSync(good, 'text\nalready here\n');
    await importFile(t, good, { textColumns: ['text'] });
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, content);
    const preview = await t.raw('import.preview', { source: { kind: 'path', path: bad }, options });
    if (!preview.ok) expect(preview.error.message).toMatch(message);
    const done = await importFile(t, bad, { textColumns: [1] }, options);
    expect(done.status).toBe('failed');
    expect(done.error?.message).toMatch(message);
    const stats = await t.call('project.stats', {});
    expect(stats.documents).toBe(1);
    const docs = t.core.context.project!.db.prepare('SELECT count(*) FROM documents').pluck().get();
    expect(docs).toBe(1);
    await t.core.shutdown();
  });

  it('refuses a text column that is not in the file, naming the columns it has', async () => {
    const dir = tmp();
    const file = join(dir, 'a.csv');
    writeFileSync(file, 'title,body\nx,y\n');
    const t = await projectWith(dir);
    const done = await importFile(t, file, { textColumns: ['text'] });
    expect(done.error?.message).toBe('The text column "text" is not in the file. Its columns are: title, body.');
    expect((await t.call('project.stats', {})).imports).toHaveLength(0);
    await t.core.shutdown();
  });

  it('cancelled: nothing of the import remains', async () => {
    const dir = tmp();
    const file = join(dir, 'big.csv');
    const lines = ['id,text'];
    for (let i = 0; i < 60_000; i++) lines.push(`${i},document number ${i} with some words in it`);
    writeFileSync(file, lines.join('\n'));
    const t = await projectWith(dir);
    const started = await t.call('import.start', { source: { kind: 'path', path: file }, options: {}, mapping: { textColumns: ['text'] } });
    // Wait until some chunks are written, then cancel.
    const db = t.core.context.project!.db;
    while ((db.prepare('SELECT count(*) FROM documents').pluck().get() as number) < 10_000) {
      await new Promise((r) => setTimeout(r, 5));
    }
    expect((await t.call('documents.list', { offset: 0, limit: 5 })).total).toBe(0); // pending rows are invisible
    expect(await t.call('job.cancel', { jobId: started.jobId })).toEqual({ cancelled: true });
    const done = await t.waitForJob(started.jobId);
    expect(done.status).toBe('cancelled');
    expect(db.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(0);
    expect((await t.call('project.stats', {})).imports[0]!.status).toBe('cancelled');
    await t.core.shutdown();
  });

  it('purges the pending rows of an interrupted import when the project is opened again', () => {
    const dir = tmp();
    const path = join(dir, 'crash.prelabel');
    const store = ProjectStore.create(path, 'c');
    store.db
      .prepare(
        "INSERT INTO imports (id, status, source_name, format, options, started_at) VALUES ('i1', 'pending', 'f.csv', 'csv', '{}', 'now')",
      )
      .run();
    store.db.prepare("INSERT INTO documents (import_id, row_number, external_id, text) VALUES ('i1', 1, '1', 'half-written')").run();
    store.close(); // as if the app had been killed mid-import
    const reopened = ProjectStore.open(path);
    expect(reopened.db.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(0);
    expect(reopened.imports()[0]!.status).toBe('failed');
    reopened.close();
  });
});
