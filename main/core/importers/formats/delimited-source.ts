// CSV, TSV and other delimited text as a table source.
import { PrelabelError, type ImportOptions } from '../../../../common/contract';
import { columnNames } from '../column-mapping';
import { detectDelimited, readDelimitedRecords, type DelimitedSettings } from '../delimited-file';
import type { LocalFile } from '../import-source';
import type { RowReadOptions, SourceRow, TableSource } from '../table-source';
import { InvalidUtf8Error } from '../text-encoding';

/** Thrown when a file's bytes stop being UTF-8 after the sampled head. With an auto-detected
 * encoding the job reads the file again as Windows-1252 (nothing is visible before the job ends);
 * with an encoding the user chose, the message says where the bytes break. */
export class EncodingChangedError extends PrelabelError {
  constructor(
    fileName: string,
    readonly byteOffset: number,
    readonly autoDetected: boolean,
  ) {
    super(
      'BAD_FILE',
      `${fileName} is not valid UTF-8 (at byte ${byteOffset.toLocaleString('en')}). Choose the encoding Windows-1252 (or the one the file was saved in) and try again.`,
    );
  }
}

async function firstRecord(file: LocalFile, settings: DelimitedSettings): Promise<string[] | null> {
  for await (const r of readDelimitedRecords(file.path, file.name, settings)) return r.fields;
  return null;
}

export async function openDelimited(file: LocalFile, options: ImportOptions): Promise<TableSource> {
  const detected = detectDelimited(file.path, file.name, {
    encoding: options.encoding,
    delimiter: options.delimiter,
    quote: options.quote,
    hasHeader: options.hasHeader,
  });
  let settings: DelimitedSettings = detected;
  let header: string[] | null;
  try {
    header = await firstRecord(file, settings);
  } catch (err) {
    if (!(err instanceof InvalidUtf8Error)) throw err;
    if (options.encoding) throw new EncodingChangedError(file.name, err.byteOffset, false);
    settings = { ...settings, encoding: 'windows-1252' };
    header = await firstRecord(file, settings);
  }
  if (!header) throw new PrelabelError('BAD_FILE', `${file.name} holds no rows.`);
  return {
    format: 'csv',
    detection: {
      format: 'csv',
      encoding: settings.encoding,
      bom: detected.bom,
      delimiter: settings.delimiter,
      quote: settings.quote,
      hasHeader: settings.hasHeader,
      lineEndings: detected.lineEndings,
      sheets: [],
      sheet: null,
      arrayKey: null,
    },
    columns: columnNames(header, settings.hasHeader),
    fixedWidth: true,
    async *rows(read: RowReadOptions = {}): AsyncGenerator<SourceRow> {
      let record = 0;
      try {
        for await (const r of readDelimitedRecords(file.path, file.name, settings, {
          signal: read.signal,
          onBytes: (done, total) => read.onProgress?.({ done, total, unit: 'bytes' }),
        })) {
          record++;
          if (record === 1 && settings.hasHeader) continue;
          yield { row: record - (settings.hasHeader ? 1 : 0), line: r.line, values: r.fields, longestField: r.longestField };
        }
      } catch (err) {
        if (err instanceof InvalidUtf8Error) throw new EncodingChangedError(file.name, err.byteOffset, !options.encoding);
        throw err;
      }
    },
  };
}
