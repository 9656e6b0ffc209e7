// Small files that unpack to a lot of text ([Note: text expansion]): a 2.4 KB workbook whose rows all
// point to one 1 MB shared string. Its size is known when it is opened (preview, analysis, import:
// refused past the cap before a row is written, unless the person confirms), exact after an
// analysis, with a warning under the cap.
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support/temp-dir';
import { makeTestCore } from '../test-support/test-core';
import { openSource } from './open-source';
import type { TableSource } from './table-source';
import { countedSource } from './text-size';
import { contentXml, row, table, textCell, writeOds } from './test-support/ods-files';
import { bombXlsx, sharedXml, sheetXml } from './test-support/zip-bombs';

const tmp = useTempDir();
const BIG = 'a'.repeat(1_000_000); // under 1 MiB: the ZIP ratio limit does not look at it

/** A workbook: a header "text", then `rows` rows all pointing to the 1 MB shared string. */
function workbook(name: string, rows: number): { path: string; name: string; textBytes: number } {
  const cells = ['<row r="1"><c r="A1" t="s"><v>0</v></c></row>'];
  for (let r = 2; r <= rows + 1; r++) cells.push(`<row r="${r}"><c r="A${r}" t="s"><v>1</v></c></row>`);
  const path = join(tmp(), name);
  writeFileSync(path, bombXlsx({ sheet: sheetXml(cells.join('')), sharedStrings: sharedXml(['text', BIG]) }));
  // Independently: what the rows hold, header included (the detection counts every cell read).
  return { path, name, textBytes: Buffer.byteLength('text') + rows * Buffer.byteLength(BIG) };
}

describe('text size against file size', () => {
  it('a workbook of under 5 KB, 300 rows of one 1 MB string: refused when opened, with both sizes', async () => {
    const file = workbook('amplified.xlsx', 300);
    const fileBytes = statSync(file.path).size;
    expect(fileBytes).toBeLessThan(5000);
    await expect(openSource(file, {})).rejects.toThrow(
      `amplified.xlsx unpacks to more than 300 MB of text from a file of ${(fileBytes / 1e3).toFixed(1)} KB (${Math.floor(file.textBytes / fileBytes).toLocaleString('en-US')} times its size: its cells repeat the same texts), past the 200 MB and 100 times Prelabel imports unasked. To import it anyway, confirm the size (the Import screen's check, or prelabel import --allow-large-text).`,
    );
  });

  it('past the cap, the preview still shows its rows and the warning, so the person can confirm', async () => {
    const file = workbook('amplified.xlsx', 300);
    const t = makeTestCore(tmp());
    await t.call('project.create', { name: 'p', path: join(tmp(), 'p.prelabel') });
    const preview = await t.call('import.preview', { source: { kind: 'path', path: file.path }, options: {} });
    expect(preview.rows.length).toBeGreaterThan(0);
    expect(preview.detection.textSize).toMatchObject({ textBytes: file.textBytes, exact: false, needsConfirmation: true });
    expect(preview.detection.textSize?.warning).toMatch(/Prelabel imports it only when you confirm the size\.$/);
    expect((await t.call('project.stats', {})).imports).toEqual([]);
  });

  it('confirmed, its size is estimated when opened and exact when read, with the warning', async () => {
    const file = workbook('amplified.xlsx', 300);
    const fileBytes = statSync(file.path).size;
    const source = await openSource(file, { allowLargeText: true, hasHeader: false });
    expect(source.detection.textSize).toMatchObject({ fileBytes, textBytes: file.textBytes, exact: false, needsConfirmation: true });
    expect(source.detection.textSize?.warning).toMatch(
      /^amplified\.xlsx holds at least 300 MB of text in a file of [\d.]+ KB \(\d{2},\d{3} times its size/,
    );
    let rows = 0;
    for await (const r of source.rows()) rows += r.values.length;
    expect(rows).toBe(301);
    expect(source.detection.textSize).toMatchObject({ textBytes: file.textBytes, exact: true });
    expect(source.detection.textSize?.warning).toMatch(/^amplified\.xlsx holds 300 MB of text/);
  });

  it('under the cap: the preview and the analysis warn with the total, through the core, and the import goes ahead', async () => {
    const file = workbook('thirty.xlsx', 30);
    const fileBytes = statSync(file.path).size;
    const t = makeTestCore(tmp());
    await t.call('project.create', { name: 'p', path: join(tmp(), 'p.prelabel') });
    const source = { kind: 'path' as const, path: file.path };
    const preview = await t.call('import.preview', { source, options: {} });
    expect(preview.detection.textSize).toMatchObject({ textBytes: file.textBytes, exact: false, needsConfirmation: false });
    const analysis = await t.call('import.analyze', {
      jobId: crypto.randomUUID(),
      source,
      options: {},
      mapping: { textColumns: ['text'] },
    });
    expect(analysis.detection.textSize).toEqual({
      fileBytes,
      textBytes: 30 * Buffer.byteLength(BIG), // the header row is no row
      exact: true,
      needsConfirmation: false,
      warning: `thirty.xlsx holds 30 MB of text in a file of ${(fileBytes / 1e3).toFixed(1)} KB (${Math.floor(30e6 / fileBytes).toLocaleString('en-US')} times its size: its cells repeat the same texts); the import adds about that much to the project.`,
    });
    const started = await t.call('import.start', { source, options: {}, mapping: { textColumns: ['text'] } });
    expect((await t.waitForJob(started.jobId)).status).toBe('done');
    expect((await t.call('project.stats', {})).documents).toBe(30);
  });

  it('past the cap, the import is refused before anything is written, and the project stays empty', async () => {
    const file = workbook('amplified.xlsx', 300);
    const t = makeTestCore(tmp());
    await t.call('project.create', { name: 'p', path: join(tmp(), 'p.prelabel') });
    const started = await t.call('import.start', {
      source: { kind: 'path', path: file.path },
      options: {},
      mapping: { textColumns: ['text'] },
    });
    const done = await t.waitForJob(started.jobId);
    expect(done.status).toBe('failed');
    expect(done.error?.message).toMatch(/^amplified\.xlsx unpacks to more than 300 MB of text/);
    const stats = await t.call('project.stats', {});
    expect(stats.documents).toBe(0);
    expect(stats.imports).toEqual([]); // refused when opened: not even a pending import was written
  });

  it('an ODS row of one 1 MB text repeated 1,000 times: read until the cap, then refused in one line', async () => {
    const big = 'b'.repeat(999_000); // content.xml stays under 1 MiB: no ZIP ratio check applies
    const path = writeOds(join(tmp(), 'repeated.ods'), contentXml(table('S', [row([textCell(big)], 'table:number-rows-repeated="1000"')])));
    const fileBytes = statSync(path).size;
    expect(fileBytes).toBeLessThan(10_000);
    const source = await openSource({ path, name: 'repeated.ods' }, { hasHeader: false });
    let rows = 0;
    await expect(
      (async () => {
        for await (const _ of source.rows()) rows++;
      })(),
    ).rejects.toThrow(/^repeated\.ods unpacks to more than 201 MB of text from a file of [\d.]+ KB \([\d,]+ times its size/);
    expect(rows).toBe(Math.floor(200e6 / 999_000)); // the row that passes the cap is not handed out
  });

  it('rows counted as they are read stop at the cap where no estimate came first', async () => {
    let yielded = 0;
    const plain: TableSource = {
      format: 'parquet',
      detection: {
        format: 'parquet',
        encoding: null,
        bom: false,
        delimiter: null,
        quote: null,
        hasHeader: true,
        lineEndings: null,
        sheets: [],
        sheet: null,
        arrayKey: null,
      },
      columns: ['text'],
      fixedWidth: false,
      async *rows() {
        for (let row = 1; row <= 1000; row++) yield { row, line: null, values: [BIG] };
      },
    };
    const file = { path: '/nowhere', name: 'dict.parquet' };
    const counted = countedSource(plain, file, 2000, {});
    await expect(
      (async () => {
        for await (const _ of counted.rows()) yielded++;
      })(),
    ).rejects.toThrow(/^dict\.parquet unpacks to more than 201 MB of text from a file of 2 KB \(100,500 times its size/);
    expect(yielded).toBe(200);
    const allowed = countedSource(plain, file, 2000, { allowLargeText: true });
    for await (const _ of allowed.rows()) yielded++;
    expect(yielded).toBe(1200);
    expect(plain.detection.textSize).toMatchObject({ textBytes: 1e9, exact: true, needsConfirmation: true });
  });
});
