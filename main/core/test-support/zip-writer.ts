// Writes small ZIP files for tests (XLSX workbooks, damaged archives, zip bombs) through fflate, the
// library the XLSX export writes its container with.
import { writeFileSync } from 'node:fs';
import { zipSync, type Zippable } from 'fflate';

export interface ZipInput {
  name: string;
  data: Buffer | string;
  /** Store instead of deflate. */
  stored?: boolean;
  /** Lie about the uncompressed size in the headers (zip bomb tests). */
  declaredSize?: number;
}

const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;

/** [Note: forged sizes] No honest writer states a wrong size, so a zip bomb that lies is made by
 * writing the archive properly and then overwriting the entry's uncompressed size in its central
 * directory record (offset 24) and its local header (offset 22). zipSync knows every size up front,
 * so both headers carry them and no data descriptor follows. */
function forgeSize(zip: Buffer, name: string, size: number): void {
  const wanted = Buffer.from(name, 'utf8');
  for (let p = zip.length - 22; p >= 0; p--) {
    if (zip.readUInt32LE(p) !== CEN_SIG) continue;
    const nameLen = zip.readUInt16LE(p + 28);
    if (!zip.subarray(p + 46, p + 46 + nameLen).equals(wanted)) continue;
    const local = zip.readUInt32LE(p + 42);
    if (zip.readUInt32LE(local) !== LOC_SIG) throw new Error(`no local header for ${name}`);
    zip.writeUInt32LE(size, p + 24);
    zip.writeUInt32LE(size, local + 22);
    return;
  }
  throw new Error(`no central directory record for ${name}`);
}

export function zipBuffer(entries: ZipInput[]): Buffer {
  const files: Zippable = {};
  for (const e of entries) {
    const raw = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data, 'utf8');
    files[e.name] = [raw, { level: e.stored ? 0 : 6, mtime: new Date(2020, 0, 1) }];
  }
  const zipped = zipSync(files);
  const out = Buffer.from(zipped.buffer, zipped.byteOffset, zipped.byteLength);
  for (const e of entries) if (e.declaredSize !== undefined) forgeSize(out, e.name, e.declaredSize);
  return out;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A minimal XLSX: each sheet a list of rows; strings go to the shared strings table, numbers
 * (given as `{ n: '123' }`) are written as numeric cells exactly as given. */
export function xlsxEntries(sheets: { name: string; rows: (string | { n: string })[][] }[]): ZipInput[] {
  const shared: string[] = [];
  const index = new Map<string, number>();
  const sheetXml = sheets.map((s) => {
    const rows = s.rows
      .map((row, r) => {
        const cells = row
          .map((cell, c) => {
            const ref = `${String.fromCharCode(65 + c)}${r + 1}`;
            if (typeof cell === 'object') return `<c r="${ref}"><v>${cell.n}</v></c>`;
            let i = index.get(cell);
            if (i === undefined) {
              i = shared.push(cell) - 1;
              index.set(cell, i);
            }
            return `<c r="${ref}" t="s"><v>${i}</v></c>`;
          })
          .join('');
        return `<row r="${r + 1}">${cells}</row>`;
      })
      .join('');
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;
  });
  return [
    {
      name: '[Content_Types].xml',
      data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets
        .map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
        .join('')}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
        .map(
          (_, i) =>
            `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
        )
        .join('')}</Relationships>`,
    },
    ...sheetXml.map((data, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data })),
    {
      name: 'xl/sharedStrings.xml',
      data: `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${shared.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('')}</sst>`,
    },
  ];
}

export function writeXlsx(path: string, sheets: { name: string; rows: (string | { n: string })[][] }[]): void {
  writeFileSync(path, zipBuffer(xlsxEntries(sheets)));
}
