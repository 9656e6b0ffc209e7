// CSV, TSV and other delimited text as a table source.
import { PrelabelError, type ImportOptions } from '../../../../common/contract';
import { columnNames } from '../column-mapping';
import { detectDelimited, readDelimitedRecords, type DelimitedSettings } from '../delimited-file';
import type { LocalFile } from '../import-source';
import type { RowReadOptions, SourceRow, TableSource } from '../table-source';
import { surplusFrom } from '../text-spill';
import { EncodingMismatchError } from '../text-encoding';
import { EncodingChangedError } from '../text-file';

/** The first records: the header (or first row) and a sample of rows below it. */
async function headRecords(file: LocalFile, settings: DelimitedSettings, count: number): Promise<string[][]> {
  const out: string[][] = [];
  for await (const r of readDelimitedRecords(file.path, file.name, settings)) {
    out.push(r.fields);
    if (out.length >= count) break;
  }
  return out;
}

export async function openDelimited(file: LocalFile, options: ImportOptions): Promise<TableSource> {
  const detected = detectDelimited(file.path, file.name, {
    encoding: options.encoding,
    delimiter: options.delimiter,
    quote: options.quote,
    hasHeader: options.hasHeader,
  });
  const settings: DelimitedSettings = detected;
  // An encoding guessed from the head is checked against the whole file when the rows are read
  // ([Note: damaged UTF-8 or a legacy encoding]); one the user chose, or a BOM, is taken as given.
  const verifyEncoding = !options.encoding && !detected.bom;
  const [header, ...sample] = await headRecords(file, settings, 201);
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
      ...detected.encodingFacts,
    },
    columns: columnNames(header, settings.hasHeader),
    fixedWidth: true,
    surplusFrom: surplusFrom(header, settings.hasHeader, sample),
    async *rows(read: RowReadOptions = {}): AsyncGenerator<SourceRow> {
      let record = 0;
      try {
        for await (const r of readDelimitedRecords(file.path, file.name, settings, {
          signal: read.signal,
          onBytes: (done, total) => read.onProgress?.({ done, total, unit: 'bytes' }),
          verifyEncoding,
        })) {
          record++;
          if (record === 1 && settings.hasHeader) continue;
          yield { row: record - (settings.hasHeader ? 1 : 0), line: r.line, values: r.fields, longestField: r.longestField };
        }
      } catch (err) {
        if (err instanceof EncodingMismatchError) throw new EncodingChangedError(file.name, err);
        throw err;
      }
    },
  };
}
