// What the ODS reader makes of a hand-built content.xml: sheets (listed, hidden, chosen), repeated
// rows and cells (and LibreOffice's million trailing empty rows), paragraphs and text:s / text:tab /
// text:line-break, comments left out, the value types (stored value, like XLSX), covered cells of a
// merge, a DDE link's cached table, progress.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp-dir';
import { openSource } from '../open-source';
import { contentXml, row, table, textCell, textTable, writeOds } from '../test-support/ods-files';

const tmp = useTempDir();

function file(tables: string, styles = ''): string {
  return writeOds(join(tmp(), 'w.ods'), contentXml(tables, styles));
}

async function rows(path: string, options: { sheet?: string } = {}): Promise<{ values: string[]; line: number | null }[]> {
  const source = await openSource({ path, name: 'w.ods' }, { hasHeader: false, ...options });
  const out: { values: string[]; line: number | null }[] = [];
  for await (const r of source.rows()) out.push({ values: r.values, line: r.line });
  return out;
}
const values = async (path: string, options: { sheet?: string } = {}) => (await rows(path, options)).map((r) => r.values);

describe('ODS sheets', () => {
  it('lists every sheet, reads the first visible one unless told, and refuses an unknown name', async () => {
    const hidden = '<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>';
    const path = file(
      table('Secret', [row([textCell('hidden')])], 'table:style-name="ta2"') +
        textTable('Daten', [
          ['text', 'label'],
          ['Guten Tag', 'a'],
        ]) +
        textTable('Autres', [['bonjour']]),
      hidden,
    );
    const source = await openSource({ path, name: 'w.ods' }, {});
    expect(source.format).toBe('ods');
    expect(source.detection.sheets).toEqual(['Secret', 'Daten', 'Autres']);
    expect(source.detection.sheet).toBe('Daten');
    expect(source.detection.hasHeader).toBe(true);
    expect(source.columns).toEqual(['text', 'label']);
    expect(await values(path, { sheet: 'Autres' })).toEqual([['bonjour']]);
    expect(await values(path, { sheet: 'Secret' })).toEqual([['hidden']]);
    await expect(openSource({ path, name: 'w.ods' }, { sheet: 'Nope' })).rejects.toThrow(
      'w.ods has no sheet named "Nope". Its sheets are: Secret, Daten, Autres.',
    );
  });

  it('does not take the cached table of a DDE link or a table inside a cell for a sheet or its rows', async () => {
    const dde =
      '<table:dde-links><table:dde-link><office:dde-source office:dde-application="soffice"/>' +
      table('cache', [row([textCell('cached')])]) +
      '</table:dde-link></table:dde-links>';
    const sub = `<table:table-cell>${table('inner', [row([textCell('nested')])], 'table:is-sub-table="true"')}<text:p>outer</text:p></table:table-cell>`;
    const path = file(table('One', [row([textCell('x'), sub, textCell('y')])]) + dde);
    const source = await openSource({ path, name: 'w.ods' }, { hasHeader: false });
    expect(source.detection.sheets).toEqual(['One']);
    expect(await values(path)).toEqual([['x', 'outer', 'y']]);
  });

  it('lists the sheets anew when the file at the same path changes', async () => {
    const path = file(textTable('Alt', [['x']]));
    expect((await openSource({ path, name: 'w.ods' }, {})).detection.sheets).toEqual(['Alt']);
    writeOds(path, contentXml(textTable('Neu', [['x']]) + textTable('Zwei', [['y']])));
    expect((await openSource({ path, name: 'w.ods' }, {})).detection.sheets).toEqual(['Neu', 'Zwei']);
  });

  it('says so for a sheet that holds nothing', async () => {
    const path = file(textTable('Empty', []));
    await expect(openSource({ path, name: 'w.ods' }, {})).rejects.toThrow('The sheet "Empty" in w.ods is empty.');
  });
});

describe('ODS repeated rows and cells', () => {
  it('expands repeated rows and cells that hold something and counts the empty ones', async () => {
    const path = file(
      table('S', [
        row([textCell('a'), '<table:table-cell table:number-columns-repeated="2"/>', textCell('d')]),
        row(['<table:table-cell table:number-columns-repeated="16384"/>'], 'table:number-rows-repeated="5"'),
        row([textCell('same'), textCell('x', 'table:number-columns-repeated="3"')], 'table:number-rows-repeated="3"'),
        row(['<table:table-cell table:number-columns-repeated="1024"/>'], 'table:number-rows-repeated="1048567"'),
      ]),
    );
    const started = Date.now();
    expect(await rows(path)).toEqual([
      { values: ['a', '', '', 'd'], line: 1 },
      { values: ['same', 'x', 'x', 'x'], line: 7 },
      { values: ['same', 'x', 'x', 'x'], line: 8 },
      { values: ['same', 'x', 'x', 'x'], line: 9 },
    ]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reads a cell repeated past the last column only up to 16,384 columns', async () => {
    const path = file(table('S', [row([textCell('wide', 'table:number-columns-repeated="1000000"'), textCell('beyond')])]));
    const [first] = await values(path);
    expect(first!.length).toBe(16_384);
    expect(first!.every((v) => v === 'wide')).toBe(true);
  });

  it('refuses a row with content repeated more than 100,000 times, in one line', async () => {
    const path = file(table('S', [row([textCell('h')]), row([textCell('boom')], 'table:number-rows-repeated="1048575"')]));
    await expect(openSource({ path, name: 'w.ods' }, {})).rejects.toThrow(
      /^w\.ods: row 2 of the sheet is repeated 1048575 times with content \(more than 100000\), a damaged file or one made to fill memory\.$/,
    );
  });
});

describe('ODS cell text', () => {
  it('joins paragraphs with line breaks and reads text:s, text:tab, text:line-break, spans and entities', async () => {
    const cell =
      '<table:table-cell office:value-type="string"><text:p>Tom &amp; <text:span text:style-name="T1">Jerry</text:span>' +
      '<text:s text:c="3"/>end<text:s/>.</text:p><text:p>col<text:tab/>umn<text:line-break/>next &#x4E2D;&#x1F600;</text:p>' +
      '<text:p/></table:table-cell>';
    const path = file(table('S', [row([cell, textCell('  kept  ')])]));
    expect(await values(path)).toEqual([['Tom & Jerry   end .\ncol\tumn\nnext 中😀\n', '  kept  ']]);
  });

  it('leaves out comments, notes and shapes anchored in a cell', async () => {
    const cell =
      '<table:table-cell office:value-type="string"><office:annotation><dc:creator>Ana</dc:creator><text:p>a comment</text:p></office:annotation>' +
      '<draw:frame><draw:text-box><text:p>a shape</text:p></draw:text-box></draw:frame><text:p>the text</text:p></table:table-cell>';
    const path = file(table('S', [row([cell])]));
    expect(await values(path)).toEqual([['the text']]);
  });

  it('reads the stored value of numbers, percentages and currency (as XLSX), dates and times in the XLSX form, booleans', async () => {
    const cells = [
      '<table:table-cell office:value-type="float" office:value="1234.5"><text:p>1,234.50</text:p></table:table-cell>',
      '<table:table-cell office:value-type="percentage" office:value="0.25"><text:p>25%</text:p></table:table-cell>',
      '<table:table-cell office:value-type="currency" office:currency="EUR" office:value="-3.1"><text:p>-3,10 €</text:p></table:table-cell>',
      '<table:table-cell office:value-type="date" office:date-value="2024-03-01"><text:p>01.03.24</text:p></table:table-cell>',
      '<table:table-cell office:value-type="date" office:date-value="2024-03-01T14:05:00.6"><text:p>1/3/24 14:05</text:p></table:table-cell>',
      '<table:table-cell office:value-type="date" office:date-value="2024-12-31T23:59:59.7"><text:p>31/12</text:p></table:table-cell>',
      '<table:table-cell office:value-type="time" office:time-value="PT14H05M09.5S"><text:p>2:05 PM</text:p></table:table-cell>',
      '<table:table-cell office:value-type="time" office:time-value="PT36H00M00S"><text:p>36:00</text:p></table:table-cell>',
      '<table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>WAHR</text:p></table:table-cell>',
      '<table:table-cell office:value-type="boolean" office:boolean-value="false"><text:p>FAUX</text:p></table:table-cell>',
      '<table:table-cell office:value-type="float" office:value="12345678901234567890"><text:p>1.23457E+19</text:p></table:table-cell>',
      textCell('00123'),
      '<table:table-cell table:formula="of:=1/0" office:value-type="float" office:value="0" calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>',
      '<table:table-cell table:formula="of:=&quot;a&quot;&amp;&quot;b&quot;" office:value-type="string" office:string-value="ab"><text:p>ab</text:p></table:table-cell>',
    ];
    const path = file(table('S', [row(cells)]));
    expect(await values(path)).toEqual([
      [
        '1234.5',
        '0.25',
        '-3.1',
        '2024-03-01',
        '2024-03-01 14:05:01',
        '2025-01-01 00:00:00',
        '14:05:10',
        '36:00:00',
        'TRUE',
        'FALSE',
        '12345678901234567890',
        '00123',
        '#DIV/0!',
        'ab',
      ],
    ]);
  });

  it('keeps the columns of a merge and reads its covered cells as empty, as the sheet shows them', async () => {
    const merged =
      '<table:table-cell office:value-type="string" table:number-columns-spanned="2" table:number-rows-spanned="2"><text:p>merged</text:p></table:table-cell>' +
      '<table:covered-table-cell office:value-type="string"><text:p>hidden content</text:p></table:covered-table-cell>';
    const path = file(
      table('S', [row([merged, textCell('c1')]), row(['<table:covered-table-cell table:number-columns-repeated="2"/>', textCell('c2')])]),
    );
    expect(await values(path)).toEqual([
      ['merged', '', 'c1'],
      ['', '', 'c2'],
    ]);
  });

  it('stops reading content.xml where the chosen sheet ends', async () => {
    const big = Array.from({ length: 20_000 }, (_, i) => [`later sheet row ${i} `.repeat(5)]);
    const path = file(textTable('First', [['a'], ['b']]) + textTable('Second', big));
    const source = await openSource({ path, name: 'w.ods' }, { hasHeader: false });
    let last = { done: 0, total: 0 };
    const read: string[][] = [];
    for await (const r of source.rows({ onProgress: (p) => (last = p) })) read.push(r.values);
    expect(read).toEqual([['a'], ['b']]);
    expect(last.total).toBeGreaterThan(2_000_000);
    expect(last.done).toBeLessThan(last.total / 2);
  });

  it('reports progress in bytes of content.xml', async () => {
    const path = file(textTable('S', [['a'], ['b']]));
    const source = await openSource({ path, name: 'w.ods' }, { hasHeader: false });
    const seen: { done: number; total: number; unit: string }[] = [];
    for await (const _ of source.rows({ onProgress: (p) => seen.push(p) })) {
      // read to the end
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)!.unit).toBe('bytes');
    expect(seen.at(-1)!.total).toBeGreaterThan(0);
  });
});
