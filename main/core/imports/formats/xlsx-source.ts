// Excel workbooks (.xlsx) as table sources: any sheet, read as a stream of rows from the ZIP
// with size limits. Cells are read as the text Excel stored: shared and inline strings, numbers as
// written in the file (a long id stored as text stays exact), booleans as TRUE/FALSE, and numbers
// in a date or time format as ISO 8601 text (xlsx-dates.ts).
import { statSync } from 'node:fs';
import { posix } from 'node:path';
import { PrelabelError, type ImportOptions, type ImportTextSize } from '../../../../common/contract';
import type { LocalFile } from '../import-source';
import type { RowReadOptions, TableSource } from '../table-source';
import { XmlReader, XmlSyntaxError, type XmlHandler } from '../xml-reader';
import { DEFAULT_ZIP_LIMITS, IN_MEMORY_PART_LIMITS, readZipDirectory, readZipEntry, type ZipEntry, type ZipLimits } from '../zip-reader';
import { textSizeOf } from '../text-size';
import { sheetSource } from './sheet-source';
import { sharedTextEstimate } from './xlsx-text-estimate';
import { serialToText, StyleCollector, type DateStyles } from './xlsx-dates';

interface Sheet {
  name: string;
  part: string;
}

async function parsePart(
  file: LocalFile,
  entries: Map<string, ZipEntry>,
  part: string,
  handler: XmlHandler,
  signal?: AbortSignal,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<void> {
  const entry = entries.get(part);
  if (!entry) throw new PrelabelError('BAD_FILE', `${file.name} is not a complete Excel workbook: the part ${part} is missing.`);
  const xml = new XmlReader(handler);
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of readZipEntry(file.path, file.name, entry, limits)) {
      if (signal?.aborted) return;
      xml.push(decoder.decode(chunk, { stream: true }));
    }
    xml.push(decoder.decode());
    xml.finish();
  } catch (err) {
    if (err instanceof XmlSyntaxError)
      throw new PrelabelError('BAD_FILE', `${file.name}: the part ${part} is not valid XML (${err.message}).`);
    throw err;
  }
}

/** A sheet's relationship id: the attribute `id` of the relationships namespace, whatever its prefix. */
function relationshipId(attrs: Record<string, string>): string | undefined {
  for (const key in attrs) if (key === 'id' || key.endsWith(':id')) return attrs[key];
  return undefined;
}

async function listSheets(file: LocalFile, entries: Map<string, ZipEntry>): Promise<{ sheets: Sheet[]; date1904: boolean }> {
  if (!entries.has('xl/workbook.xml')) {
    throw new PrelabelError('BAD_FILE', `${file.name} is a ZIP file but not an Excel workbook (it has no xl/workbook.xml).`);
  }
  const declared: { name: string; rid: string }[] = [];
  let date1904 = false;
  await parsePart(file, entries, 'xl/workbook.xml', {
    open: (name, attrs) => {
      if (name === 'sheet') {
        const rid = relationshipId(attrs);
        if (attrs.name && rid) declared.push({ name: attrs.name, rid });
      } else if (name === 'workbookPr') date1904 = attrs.date1904 === '1' || attrs.date1904 === 'true';
    },
    close: () => {},
    text: () => {},
  });
  const targets = new Map<string, string>();
  if (entries.has('xl/_rels/workbook.xml.rels')) {
    await parsePart(file, entries, 'xl/_rels/workbook.xml.rels', {
      open: (name, attrs) => {
        if (name === 'Relationship' && attrs.Id && attrs.Target) targets.set(attrs.Id, attrs.Target);
      },
      close: () => {},
      text: () => {},
    });
  }
  const sheets = declared.map((s, i) => {
    const target = targets.get(s.rid) ?? `worksheets/sheet${i + 1}.xml`;
    const part = target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join('xl', target));
    return { name: s.name, part };
  });
  return { sheets, date1904 };
}

/** Which cell styles show dates or times (none without xl/styles.xml). */
async function readDateStyles(file: LocalFile, entries: Map<string, ZipEntry>, date1904: boolean): Promise<DateStyles> {
  if (!entries.has('xl/styles.xml')) return { kinds: new Map(), date1904 };
  const styles = new StyleCollector();
  await parsePart(file, entries, 'xl/styles.xml', {
    open: (name, attrs) => styles.open(name, attrs),
    close: (name) => styles.close(name),
    text: () => {},
  });
  return { kinds: styles.kinds(), date1904 };
}

async function readSharedStrings(file: LocalFile, entries: Map<string, ZipEntry>): Promise<string[]> {
  if (!entries.has('xl/sharedStrings.xml')) return [];
  const strings: string[] = [];
  let current: string[] | null = null;
  let inText = false;
  let inPhonetic = false;
  await parsePart(
    file,
    entries,
    'xl/sharedStrings.xml',
    {
      open: (name) => {
        if (name === 'si') current = [];
        else if (name === 'rPh')
          inPhonetic = true; // Japanese reading aids are not part of the text
        else if (name === 't' && !inPhonetic) inText = true;
      },
      close: (name) => {
        if (name === 'si') {
          strings.push((current ?? []).join(''));
          current = null;
        } else if (name === 'rPh') inPhonetic = false;
        else if (name === 't') inText = false;
      },
      text: (t) => {
        if (inText && current) current.push(t);
      },
    },
    undefined,
    IN_MEMORY_PART_LIMITS,
  ); // kept whole: a lower cap than a streamed sheet's
  return strings;
}

/** "BC12" -> 54 (0-based column index). */
function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

/** Streams a sheet's rows as arrays of cell texts (empty rows are skipped). */
async function* sheetRows(
  file: LocalFile,
  entries: Map<string, ZipEntry>,
  sheet: Sheet,
  shared: string[],
  dates: DateStyles,
  read: RowReadOptions = {},
): AsyncGenerator<{ values: string[]; sheetRow: number }> {
  const ready: { values: string[]; sheetRow: number }[] = [];
  let values: string[] = [];
  let rowNumber = 0;
  let col = -1;
  let type = '';
  let style = 0;
  let text: string[] = [];
  let collecting = false;
  const total = entries.get(sheet.part)?.uncompressedSize ?? 0;
  let done = 0;
  const handler: XmlHandler = {
    open: (name, attrs) => {
      if (name === 'row') {
        values = [];
        col = -1;
        rowNumber = attrs.r ? Number(attrs.r) : rowNumber + 1;
      } else if (name === 'c') {
        col = attrs.r ? columnIndex(attrs.r) : col + 1;
        type = attrs.t ?? 'n';
        style = attrs.s ? Number(attrs.s) : 0;
        text = [];
      } else if (name === 'v' || (name === 't' && type === 'inlineStr')) {
        collecting = true;
      }
    },
    close: (name) => {
      if (name === 'v' || name === 't') collecting = false;
      else if (name === 'c') {
        const raw = text.join('');
        let cell = raw;
        if (type === 's') cell = shared[Number(raw)] ?? '';
        else if (type === 'b') cell = raw === '1' ? 'TRUE' : raw === '0' ? 'FALSE' : raw;
        else if (type === 'n' && raw !== '') {
          const kind = dates.kinds.get(style);
          if (kind) cell = serialToText(Number(raw), kind, dates.date1904) ?? raw;
        }
        if (col >= 0 && col < 16384) {
          while (values.length < col) values.push('');
          values[col] = cell;
        }
      } else if (name === 'row') {
        while (values.length && values[values.length - 1] === '') values.pop();
        if (values.some((v) => v.trim() !== '')) ready.push({ values, sheetRow: rowNumber });
      }
    },
    text: (t) => {
      if (collecting) text.push(t);
    },
  };
  // The XML reader calls back synchronously; rows are handed out after each chunk.
  const entry = entries.get(sheet.part);
  if (!entry) throw new PrelabelError('BAD_FILE', `${file.name}: the sheet ${sheet.name} is missing from the workbook.`);
  const xml = new XmlReader(handler);
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of readZipEntry(file.path, file.name, entry)) {
      if (read.signal?.aborted) return;
      xml.push(decoder.decode(chunk, { stream: true }));
      done += chunk.length;
      read.onProgress?.({ done, total, unit: 'bytes' });
      yield* ready;
      ready.length = 0;
    }
    xml.push(decoder.decode());
    xml.finish();
    yield* ready;
  } catch (err) {
    if (err instanceof XmlSyntaxError)
      throw new PrelabelError('BAD_FILE', `${file.name}: the sheet ${sheet.name} is not valid XML (${err.message}).`);
    throw err;
  }
}

export async function openXlsx(file: LocalFile, options: ImportOptions): Promise<TableSource> {
  const entries = await readZipDirectory(file.path, file.name);
  const { sheets, date1904 } = await listSheets(file, entries);
  if (sheets.length === 0) throw new PrelabelError('BAD_FILE', `${file.name} has no sheets.`);
  const sheet = options.sheet === undefined ? sheets[0]! : sheets.find((s) => s.name === options.sheet);
  if (!sheet) {
    throw new PrelabelError(
      'INVALID_INPUT',
      `${file.name} has no sheet named "${options.sheet}". Its sheets are: ${sheets.map((s) => s.name).join(', ')}.`,
    );
  }
  const shared = await readSharedStrings(file, entries);
  const dates = await readDateStyles(file, entries, date1904);
  // Before a row is read: the text the sheet's shared strings add ([Note: text expansion]).
  const part = entries.get(sheet.part);
  const estimate = part ? await sharedTextEstimate(file, part, shared) : null;
  let textSize: ImportTextSize | undefined;
  if (estimate !== null) {
    const fileBytes = statSync(file.path).size;
    textSize = textSizeOf(file.name, fileBytes, estimate, false);
  }
  const source = await sheetSource({
    format: 'xlsx',
    fileName: file.name,
    sheets: sheets.map((s) => s.name),
    sheet: sheet.name,
    hasHeader: options.hasHeader,
    rows: (read) => sheetRows(file, entries, sheet, shared, dates, read),
  });
  if (textSize) source.detection.textSize = textSize;
  return source;
}
