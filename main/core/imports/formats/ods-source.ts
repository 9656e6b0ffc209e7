// OpenDocument spreadsheets (.ods: LibreOffice, OpenOffice, and what many European agencies and
// archives publish) as table sources, read as a stream from the ZIP (zip-reader.ts, with its
// zip-bomb limits) through the XML reader, like XLSX. content.xml holds every sheet, each before
// the next: opening a file reads it once for the sheet names (and which are hidden; kept for the
// import that follows the preview), then the first rows of the chosen sheet; the import streams
// that sheet and stops where it ends. What a cell reads as: ods-source-content.ts. Refused with a
// sentence: a file that is no ZIP, another OpenDocument kind (a text document renamed), a ZIP
// without content.xml, a password-protected file.
import { closeSync, readSync, statSync } from 'node:fs';
import { PrelabelError, type ImportOptions } from '../../../../common/contract';
import type { LocalFile } from '../import-source';
import { openRegularFile } from '../regular-file';
import type { RowReadOptions, TableSource } from '../table-source';
import { XmlReader, XmlSyntaxError } from '../xml-reader';
import { readZipDirectory, readZipEntry, type ZipEntry } from '../zip-reader';
import { sheetSource } from './sheet-source';
import { MAX_REPEATED_ROWS, OdsContentHandler, RepeatedRowError, type OdsRow, type OdsSheet } from './ods-source-content';

const CONTENT = 'content.xml';
const MANIFEST = 'META-INF/manifest.xml';
const SPREADSHEET = /^application\/vnd\.oasis\.opendocument\.spreadsheet(-template)?$/;
const KINDS: Record<string, string> = {
  text: 'a text document (.odt)',
  presentation: 'a presentation (.odp)',
  graphics: 'a drawing (.odg)',
  chart: 'a chart (.odc)',
  formula: 'a formula (.odf)',
  database: 'a database (.odb)',
};

/** A ZIP starts with "PK\3\4"; a flat OpenDocument file (.fods) is plain XML. */
function checkHead(file: LocalFile): void {
  const head = Buffer.alloc(256);
  const fd = openRegularFile(file.path, file.name);
  let n: number;
  try {
    n = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (n >= 4 && head.readUInt32LE(0) === 0x04034b50) return;
  const start = head.subarray(0, n).toString('latin1');
  if (/^(\xef\xbb\xbf)?\s*<(\?xml|office:document)/.test(start) && start.includes('office')) {
    throw new PrelabelError(
      'BAD_FILE',
      `${file.name} is a flat OpenDocument file (.fods, plain XML): save it as .ods (or CSV) in LibreOffice and import that.`,
    );
  }
  throw new PrelabelError(
    'BAD_FILE',
    `${file.name} is not an OpenDocument spreadsheet (.ods files are ZIP archives, and this one is not).`,
  );
}

/** A small part's whole text (the mimetype, the manifest); stops at 1 MB. */
async function readSmallPart(file: LocalFile, entry: ZipEntry): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of readZipEntry(file.path, file.name, entry)) {
    chunks.push(chunk);
    size += chunk.length;
    if (size > 1 << 20) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Refuses another OpenDocument kind, a ZIP that is no OpenDocument file and an encrypted one. */
async function checkPackage(file: LocalFile, entries: Map<string, ZipEntry>): Promise<ZipEntry> {
  const mimetype = entries.get('mimetype');
  if (mimetype) {
    const type = (await readSmallPart(file, mimetype)).trim();
    if (!SPREADSHEET.test(type)) {
      const kind = /^application\/vnd\.oasis\.opendocument\.([a-z]+)/.exec(type)?.[1];
      const what = kind ? (KINDS[kind] ?? `an OpenDocument ${kind} file`) : `a ZIP file of type "${type.slice(0, 80)}"`;
      throw new PrelabelError(
        'BAD_FILE',
        `${file.name} is ${what}, not a spreadsheet: open it in LibreOffice Calc and save it as .ods or CSV.`,
      );
    }
  }
  const content = entries.get(CONTENT);
  if (!content) {
    const what = entries.has('xl/workbook.xml') ? 'an Excel workbook (import it as .xlsx)' : 'not an OpenDocument spreadsheet';
    throw new PrelabelError('BAD_FILE', `${file.name} is a ZIP file but ${what}: it has no content.xml.`);
  }
  const manifest = entries.get(MANIFEST);
  if (manifest && /<manifest:encryption-data\b/.test(await readSmallPart(file, manifest))) {
    throw new PrelabelError(
      'BAD_FILE',
      `${file.name} is protected with a password (its content is encrypted): save it without a password in LibreOffice and import it again.`,
    );
  }
  return content;
}

/** Streams content.xml through `handler`; yields what it has ready after each chunk, and stops once
 * the sheet it reads has ended. */
async function* parseContent(
  file: LocalFile,
  entry: ZipEntry,
  handler: OdsContentHandler,
  read: RowReadOptions = {},
): AsyncGenerator<OdsRow> {
  const xml = new XmlReader(handler);
  const decoder = new TextDecoder('utf-8');
  let done = 0;
  try {
    for await (const chunk of readZipEntry(file.path, file.name, entry)) {
      if (read.signal?.aborted) return;
      xml.push(decoder.decode(chunk, { stream: true }));
      done += chunk.length;
      read.onProgress?.({ done, total: entry.uncompressedSize, unit: 'bytes' });
      yield* handler.ready;
      handler.ready.length = 0;
      if (handler.finished) return;
    }
    xml.push(decoder.decode());
    xml.finish();
    yield* handler.ready;
  } catch (err) {
    if (err instanceof XmlSyntaxError)
      throw new PrelabelError('BAD_FILE', `${file.name}: its content.xml is not valid XML (${err.message}).`);
    if (err instanceof RepeatedRowError) {
      throw new PrelabelError(
        'BAD_FILE',
        `${file.name}: row ${err.sheetRow} of the sheet is repeated ${err.repeat} times with content (more than ${MAX_REPEATED_ROWS}), a damaged file or one made to fill memory.`,
      );
    }
    throw err;
  }
}

/** The sheet lists of the files opened last, by path, size and time of change: the preview and
 * the import that follows open the same file, and the list costs a pass over all of content.xml. */
const sheetLists = new Map<string, OdsSheet[]>();
const SHEET_LISTS_KEPT = 8;

/** Every sheet of the file, in order, with which are hidden (one pass over content.xml). */
async function listSheets(file: LocalFile, content: ZipEntry): Promise<OdsSheet[]> {
  const stat = statSync(file.path);
  const key = `${file.path}\u0000${stat.size}\u0000${stat.mtimeMs}\u0000${content.uncompressedSize}`;
  const known = sheetLists.get(key);
  if (known) return known;
  const handler = new OdsContentHandler(null);
  for await (const _ of parseContent(file, content, handler)) {
    // a handler without a target sheet yields no rows
  }
  sheetLists.set(key, handler.sheets);
  if (sheetLists.size > SHEET_LISTS_KEPT) sheetLists.delete(sheetLists.keys().next().value!);
  return handler.sheets;
}

/** The rows of one sheet that hold something, a repeated row as often as it stands. */
async function* sheetRows(file: LocalFile, content: ZipEntry, sheet: string, read?: RowReadOptions): AsyncGenerator<OdsRow> {
  for await (const r of parseContent(file, content, new OdsContentHandler(sheet), read)) {
    for (let i = 0; i < r.repeat; i++) yield { values: i ? [...r.values] : r.values, sheetRow: r.sheetRow + i, repeat: 1 };
  }
}

export async function openOds(file: LocalFile, options: ImportOptions): Promise<TableSource> {
  checkHead(file);
  const entries = await readZipDirectory(file.path, file.name);
  const content = await checkPackage(file, entries);
  const sheets = await listSheets(file, content);
  if (sheets.length === 0) throw new PrelabelError('BAD_FILE', `${file.name} has no sheets.`);
  // Left out, the first sheet that is not hidden (the first of all if every one is).
  const chosen = options.sheet === undefined ? (sheets.find((s) => !s.hidden) ?? sheets[0]) : sheets.find((s) => s.name === options.sheet);
  if (chosen === undefined) {
    throw new PrelabelError(
      'INVALID_INPUT',
      `${file.name} has no sheet named "${options.sheet}". Its sheets are: ${sheets.map((s) => s.name).join(', ')}.`,
    );
  }
  const sheet = chosen.name;
  return sheetSource({
    format: 'ods',
    fileName: file.name,
    sheets: sheets.map((s) => s.name),
    sheet,
    hasHeader: options.hasHeader,
    rows: (read) => sheetRows(file, content, sheet, read),
  });
}
