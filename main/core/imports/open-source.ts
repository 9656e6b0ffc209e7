// Opens an import file as a table source, choosing the format from the options, the file name
// and the first bytes.
import { statSync } from 'node:fs';
import { extname } from 'node:path';
import { PrelabelError, type ImportFormat, type ImportOptions } from '../../../common/contract';
import { openDelimited } from './formats/delimited-source';
import { openJson } from './formats/json-source';
import { openOds } from './formats/ods-source';
import { openParquet } from './formats/parquet-source';
import { openTextFolder, openTextLines } from './formats/text-lines-source';
import { openXlsx } from './formats/xlsx-source';
import { readHead } from './file-head';
import type { LocalFile } from './import-source';
import type { TableSource } from './table-source';
import { countedSource, textSizeRefusal } from './text-size';

export function detectFormat(file: LocalFile): ImportFormat {
  if (statSync(file.path).isDirectory()) return 'folder';
  const ext = extname(file.name).toLowerCase();
  if (ext === '.xls') {
    throw new PrelabelError(
      'BAD_FILE',
      `${file.name} is in the old Excel format (.xls). Open it in Excel or LibreOffice and save it as .xlsx or CSV.`,
    );
  }
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  if (ext === '.ods' || ext === '.ots') return 'ods';
  if (ext === '.json') return 'json';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.txt' || ext === '.text') return 'text';
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  const head = readHead(file.path, 1024);
  // Parquet's mark "PAR1" at the start, whatever the name (a download saved without an extension).
  if (head.subarray(0, 4).toString('latin1') === 'PAR1' && !['.csv', '.tsv', '.tab'].includes(ext)) return 'parquet';
  // A ZIP: an OpenDocument file stores its "mimetype" entry first, uncompressed (ODF 1.3 part 2, 3.3).
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04 && !['.csv', '.tsv', '.tab'].includes(ext))
    return head.subarray(30, 100).toString('latin1').startsWith('mimetypeapplication/vnd.oasis.opendocument.spreadsheet') ? 'ods' : 'xlsx';
  return 'csv';
}

/** `purpose` 'preview' reads a few rows to show them: a file past the text-size limit is shown with
 * its warning (so the person can confirm it); any other read of it is refused unless confirmed. */
export async function openSource(file: LocalFile, options: ImportOptions, purpose: 'preview' | 'read' = 'read'): Promise<TableSource> {
  const format = options.format ?? detectFormat(file);
  // Formats whose cells can repeat one stored text have their rows counted ([Note: text expansion]).
  if (format === 'xlsx' || format === 'ods' || format === 'parquet') {
    const source = await openFormat(file, options, format);
    const size = source.detection.textSize;
    if (purpose === 'read' && options.allowLargeText !== true && size?.needsConfirmation)
      throw textSizeRefusal(file.name, size.fileBytes, size.textBytes);
    return countedSource(source, file, statSync(file.path).size, options);
  }
  return openFormat(file, options, format);
}

async function openFormat(file: LocalFile, options: ImportOptions, format: ImportFormat): Promise<TableSource> {
  switch (format) {
    case 'csv':
      return openDelimited(file, options);
    case 'xlsx':
      return openXlsx(file, options);
    case 'ods':
      return openOds(file, options);
    case 'json':
      return openJson(file, options, false);
    case 'jsonl':
      return openJson(file, options, true);
    case 'text':
      return openTextLines(file, options);
    case 'folder':
      return openTextFolder(file, options);
    case 'parquet':
      return openParquet(file, options);
  }
}
