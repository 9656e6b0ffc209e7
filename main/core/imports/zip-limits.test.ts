// Zip bombs posing as workbooks ([Note: zip limits]): refused from the sizes the central directory
// states before anything is inflated, or stopped the moment an entry passes its stated size, in a
// fraction of a second and without holding the bomb in memory. Before these limits, a 1.5 MB bomb
// posing as XLSX was refused after 24 s and 1.65 GB of memory.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support/temp-dir';
import { openSource } from './open-source';
import { bombStream, bombXlsx, bombZip, plainEntry, sharedXml, sheetXml } from './test-support/zip-bombs';
import { readZipDirectory } from './zip-reader';

const tmp = useTempDir();

function write(name: string, content: Buffer): { path: string; name: string } {
  const path = join(tmp(), name);
  writeFileSync(path, content);
  return { path, name };
}

/** Opens the file and reads every row, with the time it took and the growth of resident memory. */
async function attempt(file: { path: string; name: string }): Promise<{ error: Error | null; ms: number; rssMb: number }> {
  const rss = process.memoryUsage().rss;
  const start = performance.now();
  let error: Error | null = null;
  try {
    const source = await openSource(file, {});
    for await (const _row of source.rows()) {
      /* read to the end */
    }
  } catch (err) {
    error = err as Error;
  }
  return { error, ms: performance.now() - start, rssMb: (process.memoryUsage().rss - rss) / 1e6 };
}

const oneRow = sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>');

describe('zip limits', () => {
  it('builds bomb streams that inflate to what they state', () => {
    const small = bombStream(3, { fill: 97, prefix: '<t>', suffix: '</t>', noise: 100 });
    const out = inflateRawSync(small.deflated);
    expect(out.length).toBe(small.statedSize);
    expect(out.subarray(0, 4).toString()).toBe('<t>a');
    expect(out.subarray(-4).toString()).toBe('</t>');
  });

  it('refuses a 1.5 MB deflate stream of zeros posing as shared strings, before inflating it', async () => {
    const bomb = bombStream(1500);
    expect(bomb.deflated.length).toBeLessThan(2e6);
    const file = write('bomb.xlsx', bombXlsx({ sheet: oneRow, sharedStrings: bomb }));
    const { error, ms, rssMb } = await attempt(file);
    expect(error?.message).toMatch(
      /^bomb\.xlsx: the part xl\/sharedStrings\.xml would unpack to 1,573 MB from 1\.\d MB, more than 100 times its packed size \(a damaged file or a "zip bomb"\)\. Prelabel did not read it\.$/,
    );
    expect(error?.message).not.toContain('\n');
    expect(ms).toBeLessThan(500);
    expect(rssMb).toBeLessThan(64);
  });

  it('refuses the same stream posing as the sheet', async () => {
    const file = write('sheet-bomb.xlsx', bombXlsx({ sheet: bombStream(1500), sharedStrings: sharedXml(['a']) }));
    const { error, ms, rssMb } = await attempt(file);
    expect(error?.message).toMatch(
      /^sheet-bomb\.xlsx: the part xl\/worksheets\/sheet1\.xml would unpack to 1,573 MB from .* more than 100 times/,
    );
    expect(ms).toBeLessThan(500);
    expect(rssMb).toBeLessThan(64);
  });

  it('refuses a bomb diluted to 500 times (under the old limit of 1,000) from its stated sizes', async () => {
    const diluted = bombStream(300, { fill: 97, prefix: '<?xml version="1.0"?><sst><si><t>', suffix: '</t></si></sst>', noise: 1000 });
    const ratio = diluted.statedSize / diluted.deflated.length;
    expect(ratio).toBeGreaterThan(300);
    expect(ratio).toBeLessThan(1000);
    const file = write('diluted.xlsx', bombXlsx({ sheet: oneRow, sharedStrings: diluted }));
    const { error, ms, rssMb } = await attempt(file);
    expect(error?.message).toMatch(/^diluted\.xlsx: the part xl\/sharedStrings\.xml would unpack to 315 MB from .* more than 100 times/);
    expect(ms).toBeLessThan(500);
    expect(rssMb).toBeLessThan(64);
  });

  it('stops a sheet that states 900 KB and inflates to 1.5 GB at its stated size', async () => {
    const text = bombStream(1500, {
      fill: 97,
      prefix: '<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>',
      suffix: '</t></is></c></row></sheetData></worksheet>',
    });
    const liar = { ...text, statedSize: 900_000 }; // under 1 MB: no ratio is checked, so only the count stops it
    const file = write('liar.xlsx', bombXlsx({ sheet: liar, sharedStrings: sharedXml(['a']) }));
    const { error, ms, rssMb } = await attempt(file);
    expect(error?.message).toBe(
      'liar.xlsx: the part xl/worksheets/sheet1.xml unpacks to far more than its stated size of 900,000 bytes (a damaged file or a "zip bomb"). Prelabel stopped reading it.',
    );
    expect(ms).toBeLessThan(1000); // it inflates and parses up to the stated 900 KB first
    expect(rssMb).toBeLessThan(64);
  });

  it('refuses shared strings that state a lie too, at their stated size', async () => {
    const text = bombStream(1500, { fill: 97, prefix: '<?xml version="1.0"?><sst><si><t>', suffix: '</t></si></sst>' });
    const file = write('liar-sst.xlsx', bombXlsx({ sheet: oneRow, sharedStrings: { ...text, statedSize: 1000 } }));
    const { error, ms } = await attempt(file);
    expect(error?.message).toMatch(
      /^liar-sst\.xlsx: the part xl\/sharedStrings\.xml unpacks to far more than its stated size of 1,000 bytes/,
    );
    expect(ms).toBeLessThan(500);
  });

  it('refuses an OpenDocument spreadsheet whose content.xml is the bomb', async () => {
    const mimetype = plainEntry('mimetype', 'application/vnd.oasis.opendocument.spreadsheet');
    const file = write('bomb.ods', bombZip([mimetype, { ...bombStream(1500), name: 'content.xml' }]));
    const { error, ms, rssMb } = await attempt(file);
    expect(error?.message).toMatch(/^bomb\.ods: the part content\.xml would unpack to 1,573 MB from .* more than 100 times/);
    expect(ms).toBeLessThan(500);
    expect(rssMb).toBeLessThan(64);
  });

  it('refuses an archive whose parts state more than the total limit together, from the directory alone', async () => {
    const parts = ['a', 'b', 'c'].map((n) => plainEntry(`${n}.xml`, `<${n}>${'x'.repeat(600)}</${n}>`));
    const path = write('many.xlsx', bombZip(parts)).path;
    await expect(readZipDirectory(path, 'many.xlsx', 1500)).rejects.toThrow(
      /^many\.xlsx: its parts would unpack to more than 2 KB together \(the part c\.xml passes it\)/,
    );
    expect([...(await readZipDirectory(path, 'many.xlsx')).keys()]).toEqual(['a.xml', 'b.xml', 'c.xml']);
  });
});
