// Each detection, with files the test writes itself: encodings, BOMs, delimiters, line endings,
// quoting, headers, quoted newlines, a 10 MB field, and a 19-digit id in CSV, JSON and XLSX.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportOptions } from '../../../common/contract';
import { importMapping } from '../../../common/contract';
import { useTempDir } from '../test-support/temp-dir';
import { writeXlsx } from '../test-support/zip-writer';
import { analyzeImport, previewImport } from './import-job';
import { openSource } from './open-source';

const tmp = useTempDir();

function file(name: string, content: string | Buffer) {
  const path = join(tmp(), name);
  writeFileSync(path, content);
  return { path, name };
}

async function rowsOf(f: { path: string; name: string }, options: ImportOptions = {}) {
  const source = await openSource(f, options);
  const rows: string[][] = [];
  for await (const r of source.rows()) rows.push(r.values);
  return { source, rows };
}

const SAMPLE = 'id,text\n1,Grüße aus Köln – “quoted”\n2,Ελληνικά και русский\n';

function utf16(text: string, be: boolean, bom: boolean): Buffer {
  const le = Buffer.from(text, 'utf16le');
  const body = be ? Buffer.from(le).swap16() : le;
  return bom ? Buffer.concat([Buffer.from(be ? [0xfe, 0xff] : [0xff, 0xfe]), body]) : body;
}

describe('encoding detection', () => {
  it.each([
    ['UTF-8', Buffer.from(SAMPLE, 'utf8'), 'utf-8', false],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE, 'utf8')]), 'utf-8', true],
    ['UTF-16 LE with BOM', utf16(SAMPLE, false, true), 'utf-16le', true],
    ['UTF-16 BE with BOM', utf16(SAMPLE, true, true), 'utf-16be', true],
    ['UTF-16 LE without BOM', utf16(SAMPLE, false, false), 'utf-16le', false],
  ])('%s', async (_name, bytes, encoding, bom) => {
    const { source, rows } = await rowsOf(file('a.csv', bytes));
    expect(source.detection).toMatchObject({ encoding, bom });
    expect(source.columns).toEqual(['id', 'text']);
    expect(rows).toEqual([
      ['1', 'Grüße aus Köln – “quoted”'],
      ['2', 'Ελληνικά και русский'],
    ]);
  });

  it('reads Windows-1252 when the bytes are not UTF-8, with the characters of 0x80-0x9F right', async () => {
    // "café – ’quoted’ €5" in Windows-1252.
    const bytes = Buffer.from([...Buffer.from('id,text\n1,caf'), 0xe9, 0x20, 0x96, 0x20, 0x92, 0x71, 0x92, 0x20, 0x80, 0x35, 0x0a]);
    const { source, rows } = await rowsOf(file('w.csv', bytes));
    expect(source.detection.encoding).toBe('windows-1252');
    expect(rows).toEqual([['1', 'café – ’q’ €5']]);
  });

  it('switches to Windows-1252 when the bytes stop being UTF-8 after the sampled head', async () => {
    const head = 'id,text\n' + Array.from({ length: 30_000 }, (_, i) => `${i},plain ascii text`).join('\n');
    const f = file('late.csv', Buffer.concat([Buffer.from(head + '\n30000,na'), Buffer.from([0xef, 0x76, 0x65, 0x0a])]));
    const analysis = await analyzeImport(f, {}, importMapping.parse({ textColumns: ['text'] }), new AbortController().signal, () => {});
    expect(analysis.rows).toBe(30_001);
    expect(analysis.detection.encoding).toBe('windows-1252');
  });

  it('lets the user force an encoding', async () => {
    const { rows } = await rowsOf(file('f.csv', Buffer.from('text\nnaïve\n', 'utf8')), { encoding: 'windows-1252' });
    expect(rows).toEqual([['naÃ¯ve']]);
  });
});

describe('delimiter, quoting and header detection', () => {
  it.each([
    [',', 'a,b,c\n1,"x, y",3\n4,5,6\n'],
    [';', 'a;b;c\n1;"x; y";3\n4;5;6\n'],
    ['\t', 'a\tb\tc\n1\tx, y, z\t3\n4\t5\t6\n'],
    ['|', 'a|b|c\n1|x, y|3\n4|5|6\n'],
  ])('finds the delimiter %j', async (delimiter, text) => {
    const { source, rows } = await rowsOf(file('d.csv', text));
    expect(source.detection.delimiter).toBe(delimiter);
    expect(source.columns).toEqual(['a', 'b', 'c']);
    expect(rows[0]).toHaveLength(3);
  });

  it('reads a tab-separated file named .csv as tabs', async () => {
    const { source } = await rowsOf(file('tabs.csv', 'id_str\tTWEET\tLABEL\n1\tHola, qué tal, amigos\tFAVOR\n2\tAdiós, adiós\tAGAINST\n'));
    expect(source.detection.delimiter).toBe('\t');
  });

  it('turns quoting off for a TSV whose quotes are part of the text', async () => {
    const text =
      '"Das ist doch Unsinn, was die Regierung da wieder beschlossen hat\tOFFENSE\tINSULT\nGanz normal\tOTHER\tOTHER\n"Noch einer\tOTHER\tOTHER\nUnd "so" weiter\tOTHER\tOTHER\n';
    const { source, rows } = await rowsOf(file('g.tsv', text));
    expect(source.detection.quote).toBe('none');
    expect(rows).toHaveLength(4);
    expect(rows[0]![0]).toBe('"Das ist doch Unsinn, was die Regierung da wieder beschlossen hat');
  });

  it.each([
    ['LF', 'text,n\nfirst,1\nsecond,2\n'],
    ['CRLF', 'text,n\r\nfirst,1\r\nsecond,2\r\n'],
    ['CR', 'text,n\rfirst,1\rsecond,2\r'],
    ['mixed', 'text,n\r\nfirst,1\nsecond,2\r'],
  ])('reads %s line endings', async (endings, text) => {
    const { source, rows } = await rowsOf(file('e.csv', text));
    expect(source.detection.lineEndings).toBe(endings);
    expect(rows).toEqual([
      ['first', '1'],
      ['second', '2'],
    ]);
  });

  it('keeps quoted newlines inside a field', async () => {
    const { rows } = await rowsOf(file('q.csv', 'id,text\n1,"line one\nline two\r\nline three"\n2,single\n'));
    expect(rows).toEqual([
      ['1', 'line one\nline two\r\nline three'],
      ['2', 'single'],
    ]);
  });

  it.each([
    ['a header of names', 'id,text,label\n1,Some longer text here,pos\n2,Another text here,neg\n3,More,pos\n', true],
    ['no header: numbers first', '1,Some longer text here,pos\n2,Another text here,neg\n3,More text,pos\n', false],
    [
      'no header: a sentence first',
      'The minister said that the reform will pass,entailment\nA short one,neutral\nAnother sentence of text,entailment\n',
      false,
    ],
  ])('detects %s', async (_name, text, hasHeader) => {
    const { source } = await rowsOf(file('h.csv', text));
    expect(source.detection.hasHeader).toBe(hasHeader);
  });

  it('takes overrides for delimiter, quoting and header', async () => {
    const { source, rows } = await rowsOf(file('o.csv', 'a;b\n"x;y";z\n'), { delimiter: ';', quote: 'none', hasHeader: false });
    expect(source.columns).toEqual(['Column 1', 'Column 2']);
    expect(rows).toEqual([
      ['a', 'b'],
      ['"x', 'y"', 'z'],
    ]);
  });
});

describe('big fields and long ids', () => {
  it('reads a 10 MB field in one piece', async () => {
    const big = 'word '.repeat(2 * 1024 * 1024);
    const { rows } = await rowsOf(file('big.csv', `id,text\n1,"${big}"\n2,small\n`));
    expect(rows[0]![1]!.length).toBe(big.length);
    expect(rows[1]).toEqual(['2', 'small']);
  });

  const ID = '1234567890123456789';

  it('keeps a 19-digit id exactly in CSV', async () => {
    const preview = await previewImport(file('id.csv', `id,text\n${ID},hello\n`), {});
    expect(preview.rows[0]![0]).toBe(ID);
  });

  it('keeps a 19-digit id exactly in JSON and JSON Lines', async () => {
    const json = await rowsOf(file('id.json', `[{"id": ${ID}, "text": "hello", "n": 1.50}]`));
    expect(json.rows[0]).toEqual([ID, 'hello', '1.50']);
    const jsonl = await rowsOf(file('id.jsonl', `{"id": ${ID}, "text": "hello"}\n\n{"id": 2, "text": "two", "extra": true}\n`));
    expect(jsonl.source.columns).toEqual(['id', 'text', 'extra']);
    expect(jsonl.rows).toEqual([
      [ID, 'hello', ''],
      ['2', 'two', 'true'],
    ]);
  });

  it('keeps a 19-digit id exactly in XLSX (as a text cell and as a number cell)', async () => {
    const path = join(tmp(), 'id.xlsx');
    writeXlsx(path, [
      {
        name: 'Data',
        rows: [
          ['id', 'num', 'text'],
          [ID, { n: ID }, 'hello'],
        ],
      },
    ]);
    const { source, rows } = await rowsOf({ path, name: 'id.xlsx' });
    expect(source.detection).toMatchObject({ format: 'xlsx', sheet: 'Data', sheets: ['Data'] });
    expect(rows).toEqual([[ID, ID, 'hello']]);
  });

  it('reads every sheet of a workbook on request', async () => {
    const path = join(tmp(), 'sheets.xlsx');
    writeXlsx(path, [
      { name: 'First', rows: [['text'], ['one']] },
      { name: 'Zweites Blatt', rows: [['text'], ['zwei'], ['drei']] },
    ]);
    const { rows } = await rowsOf({ path, name: 'sheets.xlsx' }, { sheet: 'Zweites Blatt' });
    expect(rows).toEqual([['zwei'], ['drei']]);
    await expect(openSource({ path, name: 'sheets.xlsx' }, { sheet: 'Nope' })).rejects.toThrow(
      'has no sheet named "Nope". Its sheets are: First, Zweites Blatt.',
    );
  });

  it('reads a JSON object that holds the records array', async () => {
    const { source, rows } = await rowsOf(file('wrapped.json', '{"version": 2, "data": [{"text": "a"}, {"text": "b"}]}'));
    expect(source.detection.arrayKey).toBe('data');
    expect(rows).toEqual([['a'], ['b']]);
  });

  it('reads plain text one document per line, blank lines skipped', async () => {
    const { source, rows } = await rowsOf(file('lines.txt', 'first line\r\n\r\nsecond "line", with commas\n  \nthird\n'));
    expect(source.columns).toEqual(['text']);
    expect(rows).toEqual([['first line'], ['second "line", with commas'], ['third']]);
  });

  it('reads a folder of .txt files, one document each with the file name as id', async () => {
    const dir = join(tmp(), 'speeches');
    mkdirSync(dir);
    writeFileSync(join(dir, 'speech-10.txt'), 'Ten.\nSecond paragraph.');
    writeFileSync(join(dir, 'speech-2.txt'), 'Two.');
    writeFileSync(join(dir, 'notes.md'), 'not a document');
    const { source, rows } = await rowsOf({ path: dir, name: 'speeches' });
    expect(source.format).toBe('folder');
    expect(rows).toEqual([
      ['speech-2.txt', 'Two.'],
      ['speech-10.txt', 'Ten.\nSecond paragraph.'],
    ]);
  });
});
