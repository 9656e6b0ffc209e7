// What the XLSX reader makes of the XML inside a workbook: shared strings with rich text runs and
// without phonetic readings, inline strings, entities and character references, CDATA, line ends,
// namespace prefixes, booleans, and the refusals (a document type, a malformed part).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp-dir';
import { xlsxEntries, zipBuffer, type ZipInput } from '../../test-support/zip-writer';
import { openSource } from '../open-source';

const tmp = useTempDir();
const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

/** A workbook with one sheet whose XML (inside <sheetData>) and shared strings are given as written. */
function workbook(sheetData: string, sharedStrings?: string, prefix = ''): string {
  const p = prefix ? `${prefix}:` : '';
  const entries: ZipInput[] = xlsxEntries([{ name: 'S', rows: [] }]).filter((e) => e.name !== 'xl/sharedStrings.xml');
  const sheet = entries.find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
  sheet.data = `<?xml version="1.0" encoding="UTF-8"?>\n<${p}worksheet xmlns${prefix ? `:${prefix}` : ''}="${NS}"><${p}sheetData>${sheetData}</${p}sheetData></${p}worksheet>`;
  if (sharedStrings !== undefined)
    entries.push({ name: 'xl/sharedStrings.xml', data: `<?xml version="1.0"?><sst xmlns="${NS}">${sharedStrings}</sst>` });
  const path = join(tmp(), 'w.xlsx');
  writeFileSync(path, zipBuffer(entries));
  return path;
}

async function rows(path: string): Promise<string[][]> {
  const source = await openSource({ path, name: 'w.xlsx' }, { hasHeader: false });
  const out: string[][] = [];
  for await (const r of source.rows()) out.push(r.values);
  return out;
}

describe('XLSX cells', () => {
  it('joins the runs of a rich-text shared string and leaves out phonetic readings', async () => {
    const path = workbook(
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>',
      '<si><r><rPr><b/></rPr><t>Bold</t></r><r><t xml:space="preserve"> and plain</t></r></si>' +
        '<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si>',
    );
    expect(await rows(path)).toEqual([['Bold and plain', '東京']]);
  });

  it('reads inline strings, rich inline strings, numbers as written and booleans', async () => {
    const path = workbook(
      '<row r="1"><c r="A1" t="inlineStr"><is><t>inline</t></is></c><c r="B1" t="inlineStr"><is><r><t>ri</t></r><r><t>ch</t></r></is></c>' +
        '<c r="C1"><v>1.50</v></c><c r="D1" t="b"><v>1</v></c><c r="E1" t="b"><v>0</v></c><c r="F1" t="str"><v>formula text</v></c></row>',
    );
    expect(await rows(path)).toEqual([['inline', 'rich', '1.50', 'TRUE', 'FALSE', 'formula text']]);
  });

  it('decodes entities and character references, keeps CDATA as text, and places cells by reference', async () => {
    const path = workbook(
      '<row r="1"><c r="A1" t="inlineStr"><is><t>Tom &amp; Jerry &lt;3 &quot;x&quot; &apos;y&apos; &#233;&#x4E2D;&#x1F600;</t></is></c>' +
        '<c r="C1" t="inlineStr"><is><t><![CDATA[<b>not a tag</b> & so on]]></t></is></c></row>' +
        '<row r="3"><c r="B3" t="s"><v>0</v></c></row>',
      '<si><t>a&#13;\nb&#9;c</t></si>',
    );
    expect(await rows(path)).toEqual([
      ['Tom & Jerry <3 "x" \'y\' é中😀', '', '<b>not a tag</b> & so on'],
      ['', 'a\r\nb\tc'],
    ]);
  });

  it('reads raw line ends as XML does (CR LF and CR as LF) and keeps a CR written as &#13;', async () => {
    const path = workbook(
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>',
      '<si><t>one\r\ntwo\rthree</t></si><si><t>kept&#13;\nhere</t></si>',
    );
    expect(await rows(path)).toEqual([['one\ntwo\nthree', 'kept\r\nhere']]);
  });

  it('reads parts whose elements carry a namespace prefix', async () => {
    const path = workbook('<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>prefixed</x:t></x:is></x:c></x:row>', undefined, 'x');
    expect(await rows(path)).toEqual([['prefixed']]);
  });

  it('refuses a part that declares a document type (no entity expansion)', async () => {
    const entries = xlsxEntries([{ name: 'S', rows: [['a']] }]);
    const shared = entries.find((e) => e.name === 'xl/sharedStrings.xml')!;
    shared.data = `<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY boom "boom">]><sst xmlns="${NS}"><si><t>&boom;</t></si></sst>`;
    const path = join(tmp(), 'dtd.xlsx');
    writeFileSync(path, zipBuffer(entries));
    await expect(openSource({ path, name: 'dtd.xlsx' }, {})).rejects.toThrow(
      /dtd\.xlsx: the part xl\/sharedStrings\.xml is not valid XML \(.*document type/,
    );
  });

  it('refuses a sheet cut off in the middle of a tag', async () => {
    const entries = xlsxEntries([{ name: 'S', rows: [['ok'], ['fine']] }]);
    const sheet = entries.find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
    sheet.data = String(sheet.data).slice(0, String(sheet.data).lastIndexOf('<row') + 12);
    const path = join(tmp(), 'cut.xlsx');
    writeFileSync(path, zipBuffer(entries));
    await expect(openSource({ path, name: 'cut.xlsx' }, { hasHeader: false })).rejects.toThrow(/cut\.xlsx: the sheet S is not valid XML/);
  });
});
