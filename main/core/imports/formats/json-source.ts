// JSON (an array of objects, or an object holding one) and JSON Lines as table sources. Numbers
// are kept as written, so long ids survive exactly.
import { PrelabelError, type ImportOptions } from '../../../../common/contract';
import type { LocalFile } from '../import-source';
import { JsonArrayStream } from '../json-array-stream';
import {
  cellText,
  JsonDepthError,
  JsonSyntaxError,
  LosslessNumber,
  MAX_JSON_DEPTH,
  parseLossless,
  type LosslessValue,
} from '../lossless-json';
import type { RowReadOptions, SourceRow, TableSource } from '../table-source';
import { detectTextFile, EncodingChangedError, readTextChunks } from '../text-file';
import { EncodingMismatchError } from '../text-encoding';

const SAMPLE_RECORDS = 1000;

interface RawRecord {
  value: LosslessValue;
  line: number;
}

function recordFields(value: LosslessValue, file: string, line: number): Record<string, LosslessValue> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof LosslessNumber)) return value;
  if (typeof value === 'string' || value instanceof LosslessNumber) return { value };
  throw new PrelabelError(
    'BAD_FILE',
    `${file}, line ${line}: a record must be an object (or a text), not ${Array.isArray(value) ? 'an array' : String(value)}.`,
  );
}

function syntaxError(file: string, err: JsonSyntaxError): PrelabelError {
  if (err instanceof JsonDepthError) {
    return new PrelabelError(
      'BAD_FILE',
      `${file}: the JSON is nested deeper than ${MAX_JSON_DEPTH} levels at line ${err.line}, column ${err.column}; Prelabel reads records nested at most ${MAX_JSON_DEPTH} levels deep.`,
    );
  }
  return new PrelabelError('BAD_FILE', `${file} is not valid JSON: ${err.message}.`);
}

type Encoding = ReturnType<typeof detectTextFile>['encoding'];

/** `verify`: the encoding was guessed from the head; check it at the end of the file. */
async function* jsonRecords(
  file: LocalFile,
  encodingName: Encoding,
  verify: boolean,
  read: RowReadOptions,
  holder: { arrayKey: string | null },
): AsyncGenerator<RawRecord> {
  const splitter = new JsonArrayStream();
  const pending: { text: string; line: number }[] = [];
  try {
    for await (const chunk of readTextChunks(file.path, encodingName, {
      signal: read.signal,
      onBytes: (done, total) => read.onProgress?.({ done, total, unit: 'bytes' }),
      verify,
    })) {
      splitter.push(chunk, (e) => pending.push(e));
      holder.arrayKey = splitter.arrayKey;
      for (const e of pending) yield { value: parseLossless(e.text, e.line - 1), line: e.line };
      pending.length = 0;
    }
    splitter.finish();
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw syntaxError(file.name, err);
    if (err instanceof EncodingMismatchError) throw new EncodingChangedError(file.name, err);
    throw err;
  }
}

async function* jsonlRecords(file: LocalFile, encodingName: Encoding, verify: boolean, read: RowReadOptions): AsyncGenerator<RawRecord> {
  let line = 0;
  let rest = '';
  const parseLine = (text: string, at: number): RawRecord | null => {
    const t = text.trim();
    if (t === '') return null;
    try {
      return { value: parseLossless(t, at - 1), line: at };
    } catch (err) {
      if (err instanceof JsonSyntaxError) throw syntaxError(file.name, err);
      throw err;
    }
  };
  try {
    for await (const chunk of readTextChunks(file.path, encodingName, {
      signal: read.signal,
      onBytes: (done, total) => read.onProgress?.({ done, total, unit: 'bytes' }),
      verify,
    })) {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop()!;
      for (const p of parts) {
        line++;
        const r = parseLine(p, line);
        if (r) yield r;
      }
    }
    if (rest) {
      const r = parseLine(rest, ++line);
      if (r) yield r;
    }
  } catch (err) {
    if (err instanceof EncodingMismatchError) throw new EncodingChangedError(file.name, err);
    throw err;
  }
}

export async function openJson(file: LocalFile, options: ImportOptions, lines: boolean): Promise<TableSource> {
  const text = detectTextFile(file.path, file.name, options.encoding);
  const { encoding, bom } = text;
  const holder = { arrayKey: null as string | null };
  // [Note: damaged UTF-8 or a legacy encoding]: a guessed encoding is checked when the rows are
  // read to the end; the sample of the first records only names the columns.
  const verify = !options.encoding && !bom;
  const records = (read: RowReadOptions, check = verify) =>
    lines ? jsonlRecords(file, encoding, check, read) : jsonRecords(file, encoding, check, read, holder);

  // Columns: the keys of the first records, in the order they first appear.
  const keys = new Set<string>();
  let seen = 0;
  const sampler = records({}, false);
  for await (const r of sampler) {
    for (const k of Object.keys(recordFields(r.value, file.name, r.line))) keys.add(k);
    if (++seen >= SAMPLE_RECORDS) break;
  }
  await sampler.return(undefined);
  if (seen === 0) throw new PrelabelError('BAD_FILE', `${file.name} holds no records.`);
  const columns = [...keys];
  const index = new Map(columns.map((c, i) => [c, i]));
  const format = lines ? 'jsonl' : 'json';
  return {
    format,
    detection: {
      format,
      encoding,
      bom,
      delimiter: null,
      quote: null,
      hasHeader: true,
      lineEndings: null,
      sheets: [],
      sheet: null,
      arrayKey: holder.arrayKey,
      ...text.facts(),
    },
    columns,
    fixedWidth: false,
    async *rows(read: RowReadOptions = {}): AsyncGenerator<SourceRow> {
      let row = 0;
      for await (const r of records(read)) {
        const fields = recordFields(r.value, file.name, r.line);
        const values = new Array<string>(columns.length).fill('');
        let extra: Record<string, string> | undefined;
        let longest = 0;
        for (const [k, v] of Object.entries(fields)) {
          const text = cellText(v);
          if (text.length > longest) longest = text.length;
          const i = index.get(k);
          if (i === undefined) (extra ??= {})[k] = text;
          else values[i] = text;
        }
        yield { row: ++row, line: r.line, values, extra, longestField: longest };
      }
    },
  };
}
