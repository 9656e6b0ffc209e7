// Delimited text files (CSV, TSV, semicolon, pipe): detection from the head of the file, then a
// streamed read of its records. The file is never read whole into memory.
import { createReadStream, fstatSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { PrelabelError } from '../../../common/contract';
import { DelimitedParser, FieldTooLongError, UnclosedQuoteError, type ParsedRecord, type QuoteMode } from './delimited-parser';
import { guessDelimited, guessHeader, type Delimiter } from './delimited-sniffer';
import { ChunkDecoder } from './chunk-decoder';
import type { EncodingFacts } from './encoding-suggest';
import type { TextEncodingName } from './text-encoding';
import { openRegularFile } from './regular-file';
import { detectTextFile } from './text-file';

export const SAMPLE_BYTES = 256 * 1024;
/** Fields longer than this stop the import: no real document is 64 million characters. */
export const MAX_FIELD_CHARS = 64 * 1024 * 1024;

export interface DelimitedSettings {
  encoding: TextEncodingName;
  delimiter: Delimiter;
  quote: QuoteMode;
  hasHeader: boolean;
}

export interface DelimitedDetection extends DelimitedSettings {
  bom: boolean;
  lineEndings: 'LF' | 'CRLF' | 'CR' | 'mixed' | 'none';
  /** What the preview shows about the encoding. */
  encodingFacts: EncodingFacts;
}

function lineEndings(sample: string): DelimitedDetection['lineEndings'] {
  const crlf = (sample.match(/\r\n/g) ?? []).length;
  const cr = (sample.match(/\r(?!\n)/g) ?? []).length;
  const lf = (sample.match(/(?<!\r)\n/g) ?? []).length;
  const kinds = [crlf && 'CRLF', cr && 'CR', lf && 'LF'].filter(Boolean) as ('CRLF' | 'CR' | 'LF')[];
  if (kinds.length === 0) return 'none';
  return kinds.length === 1 ? kinds[0]! : 'mixed';
}

/** Decodes the sample, dropping a character cut at its end (invalid bytes become U+FFFD). */
function decodeSample(head: Buffer, encoding: TextEncodingName, complete: boolean): string {
  const d = new ChunkDecoder(encoding);
  return d.write(head) + (complete ? d.end() : '');
}

export function detectDelimited(path: string, fileName: string, overrides: Partial<DelimitedSettings> = {}): DelimitedDetection {
  const size = statSync(path).size;
  // The encoding from the first megabyte; the rest of the detection from the first SAMPLE_BYTES.
  const text = detectTextFile(path, fileName, overrides.encoding);
  const encoding = text.encoding;
  const head = text.head.subarray(0, SAMPLE_BYTES);
  const complete = head.length >= size;
  const sample = decodeSample(head, encoding, complete);
  if (sample.trim() === '') throw new PrelabelError('BAD_FILE', `${fileName} holds no data, only blank space.`);
  const guess = guessDelimited(sample, extname(fileName).toLowerCase(), complete, overrides.delimiter);
  const delimiter = guess.delimiter;
  const quote = overrides.quote ?? guess.quote;
  let hasHeader = overrides.hasHeader;
  if (hasHeader === undefined) {
    const records: string[][] = [];
    const p = new DelimitedParser({ delimiter, quote, maxFieldChars: sample.length + 1 });
    try {
      p.push(sample, (r) => records.length < 50 && records.push(r.fields));
    } catch {
      // a cut sample; the records read so far decide
    }
    hasHeader = guessHeader(records);
  }
  return { encoding, bom: text.bom, delimiter, quote, hasHeader, lineEndings: lineEndings(sample), encodingFacts: text.facts() };
}

export interface ReadOptions {
  signal?: AbortSignal;
  onBytes?: (bytesRead: number, totalBytes: number) => void;
  /** The encoding was guessed from the head: check it against the whole file at its end. */
  verifyEncoding?: boolean;
}

/** Streams the records of a delimited file. Invalid UTF-8 becomes U+FFFD. With `verifyEncoding`,
 * a file whose whole content is in another encoding than the one read throws EncodingMismatchError
 * before its last records ([Note: damaged UTF-8 or a legacy encoding]); the caller may read it again. */
export async function* readDelimitedRecords(
  path: string,
  fileName: string,
  settings: DelimitedSettings,
  options: ReadOptions = {},
): AsyncGenerator<ParsedRecord> {
  // What is read is what was checked ([Note: special files]); the stream closes the descriptor.
  const fd = openRegularFile(path, fileName);
  const total = fstatSync(fd).size;
  const decoder = new ChunkDecoder(settings.encoding);
  const parser = new DelimitedParser({ delimiter: settings.delimiter, quote: settings.quote, maxFieldChars: MAX_FIELD_CHARS });
  const stream = createReadStream('', { fd, highWaterMark: 1 << 20 });
  let bytes = 0;
  const ready: ParsedRecord[] = [];
  const push = (r: ParsedRecord) => ready.push(r);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (options.signal?.aborted) return;
      bytes += chunk.length;
      parser.push(decoder.write(chunk), push);
      options.onBytes?.(bytes, total);
      for (const r of ready) yield r;
      ready.length = 0;
    }
    parser.push(decoder.end(), push);
    parser.finish(push);
    if (options.verifyEncoding) decoder.verify();
    for (const r of ready) yield r;
  } catch (err) {
    if (err instanceof UnclosedQuoteError) {
      throw new PrelabelError(
        'BAD_FILE',
        `${fileName}, line ${err.line}: a quoted field starts here and is never closed (a " is missing). Check the file, or import it with quoting off.`,
      );
    }
    if (err instanceof FieldTooLongError) {
      throw new PrelabelError(
        'BAD_FILE',
        `${fileName}, line ${err.line}: a field is longer than ${MAX_FIELD_CHARS.toLocaleString('en')} characters, so the quoting is almost certainly broken. Try importing with quoting off.`,
      );
    }
    throw err;
  } finally {
    stream.destroy();
  }
}
