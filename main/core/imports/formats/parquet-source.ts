// Parquet files (pandas, Hugging Face datasets, Spark, DuckDB, Polars) as table sources, read with
// hyparquet: the footer once, then the rows slice by slice, so a large file never sits in memory
// whole. Every compression Parquet writers use is read (snappy, gzip, zstd, brotli, lz4 through
// hyparquet-compressors). Values become text as in parquet-values.ts; nested columns are kept as
// JSON text and cannot be the text, id or gold column (checkColumnRoles in table-source.ts).
//
// [Note: why hyparquet] Compared when Parquet was added (npm, same machine):
// - hyparquet (+ hyparquet-compressors, hyparquet-writer for export; MIT, Hyperparam, funded by
//   Hugging Face to read its datasets in the browser): pure JavaScript, no native code or WASM to
//   build for Electron, about 1.2 MB installed for reader, writer and codecs together, released
//   every few weeks, reads a file by byte ranges (footer, then column chunks) with page-level
//   slices through the offset index, and runs unchanged in Node 20 and Electron's Node 24.
// - parquet-wasm (Rust arrow-rs in WASM, 15 MB): fast and complete, but answers in Arrow IPC, so it
//   needs apache-arrow (8 MB more) to get values, and reads a whole buffer, not a stream of ranges.
//   It is kept as a devDependency: the tests' independent second reader (and writer of test files).
// - @dsnp/parquetjs (a maintained fork of the abandoned parquetjs): pulls in the AWS S3 client,
//   thrift and brotli-wasm (tens of MB), and its row cursor decodes whole row groups.
// - @duckdb/node-api: a native binary of 70 MB per platform; far more than reading a file needs.
import { basename } from 'node:path';
import { parquetMetadataAsync, parquetScan, parquetSchema, type AsyncBuffer, type FileMetaData, type ParquetScan } from 'hyparquet';
import type { PageLocation } from 'hyparquet/src/types.js';
import { compressors } from 'hyparquet-compressors';
import { PrelabelError, type ImportOptions } from '../../../../common/contract';
import type { LocalFile } from '../import-source';
import { openRegularHandle } from '../regular-file';
import type { RowReadOptions, SourceRow, TableSource } from '../table-source';
import { rowGroupPages } from './parquet-pages';
import { cellText, Nanos, parquetColumns, type ColumnKind } from './parquet-values';

/** Rows turned into text at a time: a large row group (pandas writes a million rows as one) is
 * decoded in parts, so that only its compressed bytes and one part's values are in memory. */
const SLICE_ROWS = 20_000;
const MAGIC = 'PAR1';

interface FileBuffer extends AsyncBuffer {
  close(): Promise<void>;
}

/** Bytes of recent reads kept: the dictionary page of a column chunk is asked for again with each
 * part of its row group. */
const KEPT_BYTES = 16 * 1024 * 1024;

/** The file as hyparquet's AsyncBuffer: each slice one positioned read, small recent ones kept. */
async function fileBuffer(path: string, size: number): Promise<FileBuffer> {
  const handle = await openRegularHandle(path, basename(path));
  const kept = new Map<string, { bytes: number; data: Promise<ArrayBuffer> }>();
  let keptBytes = 0;
  const readRange = async (start: number, end: number): Promise<ArrayBuffer> => {
    const length = Math.max(0, Math.min(end, size) - start);
    const buf = new ArrayBuffer(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await handle.read(new Uint8Array(buf, done), 0, length - done, start + done);
      if (bytesRead === 0) throw new Error(`the file ended at byte ${start + done} of ${size}`);
      done += bytesRead;
    }
    return buf;
  };
  return {
    byteLength: size,
    slice(start: number, end = size): Promise<ArrayBuffer> {
      const key = `${start}-${end}`;
      const hit = kept.get(key);
      if (hit) return hit.data;
      const bytes = end - start;
      const data = readRange(start, end);
      if (bytes <= KEPT_BYTES / 4) {
        kept.set(key, { bytes, data });
        keptBytes += bytes;
        for (const [k, v] of kept) {
          if (keptBytes <= KEPT_BYTES) break;
          kept.delete(k);
          keptBytes -= v.bytes;
        }
      }
      return data;
    },
    close: () => handle.close(),
  };
}

async function readBytes(path: string, start: number, length: number): Promise<string> {
  const handle = await openRegularHandle(path, basename(path));
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buf, 0, length, start);
    return buf.subarray(0, bytesRead).toString('latin1');
  } finally {
    await handle.close();
  }
}

/** Checks the magic at both ends before the footer is parsed, for messages a person can act on. */
async function checkMagic(file: LocalFile, size: number): Promise<void> {
  const head = await readBytes(file.path, 0, 4);
  if (head !== MAGIC) {
    throw new PrelabelError(
      'BAD_FILE',
      `${file.name} is not a Parquet file: it does not begin with Parquet's mark "PAR1". If it is CSV, JSON or Excel, choose that format.`,
    );
  }
  const tail = size >= 12 ? await readBytes(file.path, size - 4, 4) : '';
  if (tail === 'PARE')
    throw new PrelabelError('BAD_FILE', `${file.name} is an encrypted Parquet file; Prelabel cannot read encrypted files.`);
  if (tail !== MAGIC) {
    throw new PrelabelError(
      'BAD_FILE',
      `${file.name} is incomplete: a Parquet file ends with its table of contents, and this one is missing (was the download or copy cut short?).`,
    );
  }
}

function damaged(file: LocalFile, where: string, err: unknown): PrelabelError {
  if (err instanceof PrelabelError) return err;
  const why = err instanceof Error ? err.message.replace(/^parquet /, '') : String(err);
  return new PrelabelError('BAD_FILE', `${file.name} is damaged: ${where} could not be read (${why}).`);
}

/** Custom parsers: JSON kept as written, nanosecond instants kept exact ([Note: Parquet conversions
 * done here] in parquet-values.ts). */
const PARSERS = {
  jsonFromBytes: (bytes: Uint8Array) => bytes && new TextDecoder().decode(bytes),
  timestampFromNanoseconds: (nanos: bigint) => new Nanos(nanos),
};

export async function openParquet(file: LocalFile, _options: ImportOptions): Promise<TableSource> {
  const probe = await openRegularHandle(file.path, file.name);
  const size = (await probe.stat()).size;
  await probe.close();
  await checkMagic(file, size);
  const buffer = await fileBuffer(file.path, size);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(buffer, { parsers: PARSERS });
  } catch (err) {
    throw damaged(file, "its table of contents (the footer's metadata)", err);
  } finally {
    await buffer.close();
  }
  if (metadata.row_groups.some((g) => g.columns.some((c) => c.file_path))) {
    throw new PrelabelError(
      'BAD_FILE',
      `${file.name} keeps its data in other files (a Parquet dataset's metadata file). Import the data files.`,
    );
  }
  const tree = parquetSchema(metadata);
  const { names, kinds, readMetadata } = parquetColumns(metadata, tree);
  if (names.length === 0) throw new PrelabelError('BAD_FILE', `${file.name} has no columns.`);
  const total = Number(metadata.num_rows);
  const nested = new Map<string, string>();
  kinds.forEach((k, i) => k.kind === 'nested' && nested.set(names[i]!, k.holds));

  const flat = new Set(names.filter((_, c) => kinds[c]!.kind !== 'nested'));

  async function* read(read: RowReadOptions): AsyncGenerator<SourceRow> {
    const data = await fileBuffer(file.path, size);
    try {
      let row = 0;
      let groupStart = 0;
      for (const [g, group] of readMetadata.row_groups.entries()) {
        const groupEnd = groupStart + Number(group.num_rows);
        // [Note: slicing a row group] A row group larger than a slice is read in parts, each
        // reading only its own pages (located by the offset index or parquet-pages.ts). A nested
        // column's pages need not start at a row: it is decoded once for the whole row group
        // (hyparquet's scan keeps it), and each part is cut from that.
        const pageLocationsByGroup: Record<string, PageLocation[]>[] = [];
        let scan: ParquetScan;
        try {
          if (groupEnd - groupStart > SLICE_ROWS) pageLocationsByGroup[g] = await rowGroupPages(data, group, flat);
          const options = {
            file: data,
            metadata: readMetadata,
            compressors,
            utf8: false,
            parsers: PARSERS,
            rowStart: groupStart,
            rowEnd: groupEnd,
          };
          scan = await parquetScan({ ...options, pageLocationsByGroup } as typeof options);
        } catch (err) {
          throw damaged(file, `row group ${g + 1}`, err);
        }
        for (let start = groupStart; start < groupEnd; start += SLICE_ROWS) {
          if (read.signal?.aborted) return;
          const end = Math.min(groupEnd, start + SLICE_ROWS);
          const columns = await Promise.all(
            names.map(async (column, c) => {
              try {
                if (kinds[c]!.kind !== 'nested') return await scan.readColumn({ column, rowStart: start, rowEnd: end });
                const whole = await scan.readColumn({ column, rowStart: groupStart, rowEnd: groupEnd });
                return whole.slice(start - groupStart, end - groupStart);
              } catch (err) {
                throw damaged(file, `the column "${column}" in row group ${g + 1}`, err);
              }
            }),
          );
          for (let i = 0; i < end - start; i++) {
            const values = new Array<string>(names.length);
            let longest = 0;
            for (let c = 0; c < names.length; c++) {
              const text = cellText(columns[c]![i], kinds[c] as ColumnKind);
              if (text.length > longest) longest = text.length;
              values[c] = text;
            }
            yield { row: ++row, line: null, values, longestField: longest };
          }
          read.onProgress?.({ done: end, total, unit: 'rows' });
        }
        groupStart = groupEnd;
      }
    } finally {
      await data.close();
    }
  }

  return {
    format: 'parquet',
    detection: {
      format: 'parquet',
      encoding: null,
      bom: false,
      delimiter: null,
      quote: null,
      hasHeader: true,
      lineEndings: null,
      sheets: [],
      sheet: null,
      arrayKey: null,
    },
    columns: names,
    fixedWidth: false,
    nested,
    rows: (options: RowReadOptions = {}) => read(options),
  };
}
