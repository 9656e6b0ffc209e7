// How much text a file's rows hold against the file's size, for the formats whose cells can repeat
// one stored text: XLSX (shared strings), ODS (repeated cells) and Parquet (dictionaries). Counted
// row by row as the rows are read; an analysis reads them all, so its detection carries the exact
// size; an XLSX file is estimated when it is opened (xlsx-text-estimate.ts), so a preview and an
// import know before a row is written.
//
// [Note: text expansion] A 3.7 KB workbook whose 300 rows all point to one 1 MB shared string adds
// 315 MB to the project: nothing is wrong with the file, but nobody expects that from its size.
// Real files hold about 1 to 5 times their size in text (the corpora's XLSX files 2 to 3 times;
// compressed Parquet up to about 8), so:
// - a warning, with both sizes, where the text is more than 10 times the file and over 20 MB;
// - a refusal, unless the person confirms (ImportOptions.allowLargeText: `prelabel import
//   --allow-large-text`; the Import screen shows the warning with a box to confirm), where it is more than 100 times the
//   file and over 200 MB. Under 200 MB, even a strange file costs less than a typical corpus.
// The bytes are UTF-8, what the project stores (the text and the metadata columns alike). Tested
// with generated files in text-size.test.ts.
import { PrelabelError, type ImportOptions, type ImportTextSize } from '../../../common/contract';
import type { LocalFile } from './import-source';
import type { SourceRow, TableSource } from './table-source';

export const WARN_FACTOR = 10;
export const WARN_BYTES = 20e6;
export const CAP_FACTOR = 100;
export const CAP_BYTES = 200e6;

/** 3700 -> "3.7 KB", 315000000 -> "315 MB". */
export function sizeText(bytes: number): string {
  if (bytes < 1e6) return `${(bytes / 1e3).toLocaleString('en-US', { maximumFractionDigits: 1 })} KB`;
  return `${(bytes / 1e6).toLocaleString('en-US', { maximumFractionDigits: bytes < 1e7 ? 1 : 0 })} MB`;
}

const times = (fileBytes: number, textBytes: number) => Math.floor(textBytes / Math.max(1, fileBytes)).toLocaleString('en-US');

export function pastCap(fileBytes: number, textBytes: number): boolean {
  return textBytes > CAP_BYTES && textBytes > CAP_FACTOR * fileBytes;
}

export function textSizeOf(name: string, fileBytes: number, textBytes: number, exact: boolean): ImportTextSize {
  const large = textBytes > WARN_BYTES && textBytes > WARN_FACTOR * fileBytes;
  const needsConfirmation = pastCap(fileBytes, textBytes);
  const amount = `${exact ? '' : 'at least '}${sizeText(textBytes)}`;
  const warning = large
    ? `${name} holds ${amount} of text in a file of ${sizeText(fileBytes)} (${times(fileBytes, textBytes)} times its size: its cells repeat the same texts); the import adds about that much to the project.` +
      (needsConfirmation
        ? ` Past ${sizeText(CAP_BYTES)} and ${CAP_FACTOR} times the file, Prelabel imports it only when you confirm the size.`
        : '')
    : null;
  return { fileBytes, textBytes, exact, warning, needsConfirmation };
}

/** The refusal past the cap, in one line. */
export function textSizeRefusal(name: string, fileBytes: number, textBytes: number): PrelabelError {
  return new PrelabelError(
    'BAD_FILE',
    `${name} unpacks to more than ${sizeText(textBytes)} of text from a file of ${sizeText(fileBytes)} (${times(fileBytes, textBytes)} times its size: its cells repeat the same texts), past the ${sizeText(CAP_BYTES)} and ${CAP_FACTOR} times Prelabel imports unasked. To import it anyway, confirm the size (the Import screen's check, or prelabel import --allow-large-text).`,
  );
}

/** UTF-8 bytes of a row's cells (and of its extra fields). */
function rowBytes(row: SourceRow): number {
  let n = 0;
  for (const v of row.values) n += Buffer.byteLength(v, 'utf8');
  if (row.extra) for (const k in row.extra) n += Buffer.byteLength(row.extra[k]!, 'utf8');
  return n;
}

/** The source with its rows counted: past the cap (unless allowed) the read stops with the refusal;
 * read to the end, its detection carries the exact size. */
export function countedSource(source: TableSource, file: LocalFile, fileBytes: number, options: ImportOptions): TableSource {
  const allowed = options.allowLargeText === true;
  const rows = source.rows.bind(source);
  return {
    ...source,
    async *rows(read) {
      let textBytes = 0;
      for await (const row of rows(read)) {
        textBytes += rowBytes(row);
        if (!allowed && pastCap(fileBytes, textBytes)) throw textSizeRefusal(file.name, fileBytes, textBytes);
        yield row;
      }
      if (!read?.signal?.aborted) source.detection.textSize = textSizeOf(file.name, fileBytes, textBytes, true);
    },
  };
}
