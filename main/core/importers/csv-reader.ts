// Streams the rows of a delimited text file; the file is never read whole into memory.
import { createReadStream, statSync } from 'node:fs';
import { parse } from 'csv-parse';
import { PrelabelError } from '../../../common/contract';
import type { Delimiter } from './csv-sniffer';

export interface CsvRow {
  /** 1-based record number in the file, counting a header row if there is one. */
  record: number;
  /** Line on which the record starts (records may span lines through quoted newlines). */
  line: number;
  fields: string[];
}

export interface ReadCsvOptions {
  delimiter: Delimiter;
  signal?: AbortSignal;
  /** Called as bytes are read, for progress. */
  onBytes?: (bytesRead: number, totalBytes: number) => void;
}

/** Turns csv-parse's errors into a sentence naming the line and the problem. */
function describeParseError(err: unknown, fileName: string): PrelabelError {
  const e = err as { code?: string; lines?: number; message?: string };
  const where = e.lines ? `line ${e.lines}` : 'the file';
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new PrelabelError('BAD_FILE', `${fileName}, ${where}: a quoted field is never closed (a " is missing). Check the quoting or choose "no quoting".`);
    case 'CSV_INVALID_CLOSING_QUOTE':
      return new PrelabelError('BAD_FILE', `${fileName}, ${where}: a quote appears in the middle of a field that starts with a quote.`);
    case 'CSV_MAX_RECORD_SIZE':
      return new PrelabelError('BAD_FILE', `${fileName}, ${where}: a single row is larger than 64 MB.`);
    default:
      return new PrelabelError('BAD_FILE', `${fileName}, ${where}: ${e.message ?? String(err)}`);
  }
}

export async function* readCsvRows(path: string, fileName: string, options: ReadCsvOptions): AsyncGenerator<CsvRow> {
  const total = statSync(path).size;
  const input = createReadStream(path, { highWaterMark: 1 << 20 });
  let bytes = 0;
  input.on('data', (chunk) => {
    bytes += chunk.length;
    options.onBytes?.(bytes, total);
  });
  const parser = input.pipe(
    parse({
      delimiter: options.delimiter,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      info: true,
      max_record_size: 64 * 1024 * 1024,
    }),
  );
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { records: number; lines: number; columns: number | boolean } }>) {
      if (options.signal?.aborted) return;
      yield { record: item.info.records, line: item.info.lines, fields: item.record };
    }
  } catch (err) {
    if (err instanceof PrelabelError) throw err;
    throw describeParseError(err, fileName);
  } finally {
    input.destroy();
  }
}
