// Whole .ods files: the refusals, each one line (no ZIP, a flat .fods, another OpenDocument kind, a
// ZIP without content.xml, an XLSX given as ODS, a password, invalid XML, zip bombs), and real files
// written by LibreOffice, where it is installed, read the same as the file they were made from.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../../test-support/corpora';
import { useTempDir } from '../../test-support/temp-dir';
import { xlsxEntries, zipBuffer, type ZipInput } from '../../test-support/zip-writer';
import { openSource } from '../open-source';
import { contentXml, MANIFEST, odsEntries, textTable } from '../test-support/ods-files';

const tmp = useTempDir();

function write(name: string, data: Buffer | string): string {
  const path = join(tmp(), name);
  writeFileSync(path, data);
  return path;
}

async function readAll(path: string, name: string, options: { hasHeader?: boolean; format?: 'ods' } = {}): Promise<string[][]> {
  const source = await openSource({ path, name }, { hasHeader: false, ...options });
  const out: string[][] = [];
  for await (const r of source.rows()) out.push(r.values);
  return out;
}

const good = () => contentXml(textTable('S', [['text'], ['hola']]));
const open = (path: string, name: string) => openSource({ path, name }, { format: 'ods' });

describe('ODS detection', () => {
  it('knows an .ods (or .ots) by its name, and a downloaded one without a name by its mimetype entry', async () => {
    const data = zipBuffer(odsEntries(contentXml(textTable('S', [['text'], ['hola']]))));
    for (const name of ['a.ods', 'a.ots', 'download']) {
      const source = await openSource({ path: write(name, data), name }, {});
      expect(source.format).toBe('ods');
      expect(source.detection.sheets).toEqual(['S']);
    }
    const xlsx = write('book', zipBuffer(xlsxEntries([{ name: 'S', rows: [['a']] }])));
    expect((await openSource({ path: xlsx, name: 'book' }, {})).format).toBe('xlsx');
  });
});

describe('ODS files Prelabel refuses, in one line', () => {
  it('a file that is no ZIP, and a flat OpenDocument file', async () => {
    await expect(open(write('plain.ods', 'text,label\nhola,a\n'), 'plain.ods')).rejects.toThrow(
      /^plain\.ods is not an OpenDocument spreadsheet \(\.ods files are ZIP archives, and this one is not\)\.$/,
    );
    await expect(open(write('flat.ods', good()), 'flat.ods')).rejects.toThrow(
      /^flat\.ods is a flat OpenDocument file \(\.fods, plain XML\)/,
    );
  });

  it('another OpenDocument kind, a ZIP without content.xml, and an Excel workbook', async () => {
    const odt = write('letter.ods', zipBuffer(odsEntries(good(), 'application/vnd.oasis.opendocument.text')));
    await expect(open(odt, 'letter.ods')).rejects.toThrow(
      /^letter\.ods is a text document \(\.odt\), not a spreadsheet: open it in LibreOffice Calc/,
    );
    const zip = write('photos.ods', zipBuffer([{ name: 'a.txt', data: 'hello' }]));
    await expect(open(zip, 'photos.ods')).rejects.toThrow(
      /^photos\.ods is a ZIP file but not an OpenDocument spreadsheet: it has no content\.xml\.$/,
    );
    const xlsx = write('book.ods', zipBuffer(xlsxEntries([{ name: 'S', rows: [['a']] }])));
    await expect(open(xlsx, 'book.ods')).rejects.toThrow(
      /^book\.ods is a ZIP file but an Excel workbook \(import it as \.xlsx\): it has no content\.xml\.$/,
    );
  });

  it('a file saved with a password', async () => {
    const entries = odsEntries(good());
    entries[1]!.data = MANIFEST.replace(
      '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>',
      '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="900">' +
        '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"><manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="y"/></manifest:encryption-data></manifest:file-entry>',
    );
    entries[2]!.data = Buffer.from([0x13, 0x37, 0xfe, 0x01, 0x99]);
    await expect(open(write('secret.ods', zipBuffer(entries)), 'secret.ods')).rejects.toThrow(
      /^secret\.ods is protected with a password \(its content is encrypted\)/,
    );
  });

  it('a content.xml that is not valid XML or declares a document type', async () => {
    const cut = good().slice(0, good().indexOf('<table:table-row') + 20);
    await expect(open(write('cut.ods', zipBuffer(odsEntries(cut))), 'cut.ods')).rejects.toThrow(
      /^cut\.ods: its content\.xml is not valid XML \(/,
    );
    const dtd = good().replace('<office:document-content', '<!DOCTYPE x [<!ENTITY boom "boom">]><office:document-content');
    await expect(open(write('dtd.ods', zipBuffer(odsEntries(dtd))), 'dtd.ods')).rejects.toThrow(
      /^dtd\.ods: its content\.xml is not valid XML \(.*document type/,
    );
  });

  it('zip bombs: a content.xml that unpacks past its stated size, or states more than Prelabel reads', async () => {
    const liar: ZipInput[] = odsEntries(contentXml(textTable('S', [['x'.repeat(200_000)]])));
    liar[2]!.declaredSize = 1000;
    await expect(open(write('liar.ods', zipBuffer(liar)), 'liar.ods')).rejects.toThrow(
      /^liar\.ods: the part content\.xml unpacks to far more than its stated size of 1,000 bytes \(a damaged file or a "zip bomb"\)/,
    );
    const huge: ZipInput[] = odsEntries(good());
    huge[2]!.declaredSize = 3_000_000_000;
    await expect(open(write('huge.ods', zipBuffer(huge)), 'huge.ods')).rejects.toThrow(
      /^huge\.ods: the part content\.xml would unpack to 3,000 MB/,
    );
  });
});

// [Note: LibreOffice in tests] The files below are converted by LibreOffice at test time; the test
// is skipped, saying why, where soffice is not installed (apt-get install libreoffice-calc-nogui).
const soffice = ['/usr/bin/soffice', '/usr/local/bin/soffice', '/opt/libreoffice/program/soffice'].find((p) => existsSync(p));

function convert(input: string, filter?: string): string {
  const dir = tmp();
  const args = ['--headless', `-env:UserInstallation=file://${join(dir, 'profile')}`];
  if (filter) args.push(`--infilter=${filter}`);
  const r = spawnSync(soffice!, [...args, '--convert-to', 'ods', '--outdir', dir, input], { encoding: 'utf8', timeout: 120_000 });
  const out = join(dir, input.replace(/^.*\//, '').replace(/\.[^.]+$/, '.ods'));
  if (!existsSync(out)) throw new Error(`LibreOffice did not convert ${input}: ${r.stderr || r.stdout}`);
  return out;
}

describe.skipIf(!soffice)(`ODS written by LibreOffice${soffice ? '' : ' [skipped: soffice is not installed]'}`, () => {
  it('reads an XLSX corpus converted to .ods the same as the XLSX reader reads the original', { timeout: 120_000 }, async () => {
    const xlsx = join(tmp(), 'AJGT.xlsx');
    copyFileSync(corpusFile('ajgt_arabic_xlsx', 'AJGT.xlsx'), xlsx);
    const ods = convert(xlsx);
    const fromXlsx = await readAll(xlsx, 'AJGT.xlsx');
    const fromOds = await readAll(ods, 'AJGT.ods');
    expect(fromXlsx.length).toBe(1801);
    expect(fromOds).toEqual(fromXlsx);
  });

  it('reads a CSV corpus converted to .ods (all columns as text) the same as the CSV reader', { timeout: 120_000 }, async () => {
    // All 7,600 rows: one title starts with "===", which Calc would read as a formula.
    const csv = write('news.csv', readFileSync(corpusFile('ag_news', 'test.csv')));
    // comma, double quote, UTF-8, from line 1, three text columns, ..., formulas not evaluated
    const ods = convert(csv, 'CSV:44,34,76,1,1/2/2/2/3/2,1033,true,false,false,false,false,-1,false');
    const fromCsv = await readAll(csv, 'news.csv');
    const fromOds = await readAll(ods, 'news.ods');
    expect(fromCsv.length).toBe(7600);
    expect(fromCsv.some((r) => r[1]!.startsWith('==='))).toBe(true);
    expect(fromOds).toEqual(fromCsv);
  });
});
