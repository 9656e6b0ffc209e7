// Dates and times in Excel cells come out as ISO 8601 text, chosen by the cell's number format;
// other numbers stay exactly as stored.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { xlsxEntries, zipBuffer } from '../../test-support/zip-writer';
import { openSource } from '../open-source';
import { formatKind, serialToText } from './xlsx-dates';

describe('number formats', () => {
  it.each([
    ['yyyy-mm-dd', 'date'],
    ['d/m/yy', 'date'],
    ['mmm yyyy', 'date'],
    ['mmmm', 'date'],
    ['[$-407]dddd, d. mmmm yyyy', 'date'],
    ['dd/mm/yyyy hh:mm', 'datetime'],
    ['m/d/yy h:mm AM/PM', 'datetime'],
    ['h:mm', 'time'],
    ['mm:ss', 'time'],
    ['h:mm AM/PM', 'time'],
  ] as const)('%s shows a %s', (code, kind) => {
    expect(formatKind(code)).toBe(kind);
  });

  it.each(['General', '0.00', '#,##0', '0%', '0.00E+00', '"days" 0', '[h]:mm:ss', '#,##0 "dm";[Red]-#,##0', '[$€-407] #,##0.00', '\\d0'])(
    '%s shows a number',
    (code) => {
      expect(formatKind(code)).toBeNull();
    },
  );
});

describe('serial numbers', () => {
  it.each([
    [1, 'date', '1900-01-01'],
    [59, 'date', '1900-02-28'],
    [60, 'date', '1900-02-29'], // Excel's phantom day, as Excel shows it
    [61, 'date', '1900-03-01'],
    [43906, 'date', '2020-03-16'],
    [44197.75, 'datetime', '2021-01-01 18:00:00'],
    [44197.75, 'date', '2021-01-01 18:00:00'], // a time in a date-only cell is not dropped
    [0.5, 'time', '12:00:00'],
    [0.99998, 'time', '23:59:58'],
    [0.999999, 'time', '00:00:00'], // 86,399.9 s rounds to the next midnight
    [43906.0000001, 'date', '2020-03-16'], // rounded to the second
  ] as const)('%s as a %s is %s', (serial, kind, text) => {
    expect(serialToText(serial, kind, false)).toBe(text);
  });

  it('counts from 1904 in workbooks that say so', () => {
    expect(serialToText(0, 'date', true)).toBe('1904-01-01');
    expect(serialToText(42444, 'date', true)).toBe('2020-03-16');
  });

  it('leaves numbers that are no date alone', () => {
    expect(serialToText(-1, 'date', false)).toBeNull();
    expect(serialToText(3e6, 'date', false)).toBeNull();
    expect(serialToText(Number.NaN, 'date', false)).toBeNull();
  });
});

describe('reading a workbook', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prelabel-xlsx-dates-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A workbook whose B column is styled: xf 1 = built-in 14 (date), xf 2 = custom 164 (date and
   * time), xf 3 = built-in 20 (h:mm), xf 4 = custom 165 (a number with text), xf 5 = 2 (0.00). */
  function workbook(name: string, date1904: boolean): string {
    const entries = xlsxEntries([
      {
        name: 'S',
        rows: [
          ['text', 'when'],
          ['a', { n: '43906' }],
          ['b', { n: '44197.75' }],
          ['c', { n: '0.5' }],
          ['d', { n: '43906' }],
          ['e', { n: '12345678901234567890' }],
          ['f', { n: '43906' }],
        ],
      },
    ]);
    const styles = [0, 1, 2, 3, 4, 5, 0];
    const sheet = entries.find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
    sheet.data = String(sheet.data).replace(/<c r="B(\d+)">/g, (_, row: string) => `<c r="B${row}" s="${styles[Number(row) - 1]}">`);
    const book = entries.find((e) => e.name === 'xl/workbook.xml')!;
    if (date1904) book.data = String(book.data).replace('<sheets>', '<workbookPr date1904="1"/><sheets>');
    entries.push({
      name: 'xl/styles.xml',
      data:
        '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
        '<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ hh:mm"/><numFmt numFmtId="165" formatCode="0&quot; days&quot;"/></numFmts>' +
        '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>' +
        '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/><xf numFmtId="20"/><xf numFmtId="165"/><xf numFmtId="2"/></cellXfs>' +
        '</styleSheet>',
    });
    const path = join(dir, name);
    writeFileSync(path, zipBuffer(entries));
    return path;
  }

  async function cells(path: string): Promise<string[]> {
    const source = await openSource({ path, name: 'dates.xlsx' }, {});
    const out: string[] = [];
    for await (const row of source.rows()) out.push(row.values[1] ?? '');
    return out;
  }

  it('turns cells in date and time formats into ISO text and keeps other numbers as stored', async () => {
    expect(await cells(workbook('dates.xlsx', false))).toEqual([
      '2020-03-16',
      '2021-01-01 18:00:00',
      '12:00:00',
      '43906',
      '12345678901234567890',
      '43906',
    ]);
  });

  it('uses the 1904 date system where the workbook declares it', async () => {
    expect((await cells(workbook('mac.xlsx', true)))[0]).toBe('2024-03-17');
  });
});
