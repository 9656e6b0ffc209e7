// Parquet export: the table of the CSV and XLSX exports (columns.ts) as a Parquet file, written
// with hyparquet-writer one row group at a time into the export's file sink, so a million-row
// export never holds more than one row group. Columns are typed where Prelabel knows the type:
// ids, texts, metadata and label names are strings (UTF8), scores and seconds doubles, flagged a
// boolean (as are suggestion_shown and model_stale), model_score and every score_<label> doubles,
// and decided_at a UTC timestamp in milliseconds; pandas, Polars, DuckDB, Spark and the
// Hugging Face `datasets` library read them as such. Snappy compression, as pandas writes by default.
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { SchemaElement } from 'hyparquet';
import { SCORE_PREFIX, type Cell } from './columns';
import type { FileSink } from './file-sink';

type ColumnType = 'string' | 'double' | 'boolean' | 'timestamp';

/** The export's own columns with a type other than text; every other column is a string. */
const TYPED: Record<string, ColumnType> = {
  suggestion_score: 'double',
  seconds: 'double',
  flagged: 'boolean',
  suggestion_shown: 'boolean',
  model_score: 'double',
  model_stale: 'boolean',
  decided_at: 'timestamp',
};
/** A label's score column ([Note: column names] in columns.ts: no other column starts so). */
const typeOf = (name: string): ColumnType => TYPED[name] ?? (name.startsWith(SCORE_PREFIX) ? 'double' : 'string');
/** Never empty: every row has them. */
const REQUIRED = new Set(['id', 'text']);

/** A row group ends at this many rows, or earlier when its texts pass TEXT_CHARS_PER_GROUP. The
 * first group is small, so that a viewer shows the first rows without reading much. */
const FIRST_GROUP_ROWS = 1_000;
const GROUP_ROWS = 100_000;
const TEXT_CHARS_PER_GROUP = 32 * 1024 * 1024;
/** Bytes the encoder may hold before they go to the sink. */
const FLUSH_BYTES = 1 << 20;

function element(name: string, type: ColumnType): SchemaElement {
  const repetition_type = REQUIRED.has(name) ? 'REQUIRED' : 'OPTIONAL';
  switch (type) {
    case 'string':
      return { name, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type };
    case 'double':
      return { name, type: 'DOUBLE', repetition_type };
    case 'boolean':
      return { name, type: 'BOOLEAN', repetition_type };
    case 'timestamp':
      return {
        name,
        type: 'INT64',
        converted_type: 'TIMESTAMP_MILLIS',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
        repetition_type,
      };
  }
}

/** hyparquet-writer's byte writer, emptied into the file sink whenever it holds a megabyte and at
 * the end of each row group (the encoder only appends: offsets stay right). */
class SinkWriter extends ByteWriter {
  constructor(private readonly sink: FileSink) {
    super(FLUSH_BYTES * 2);
  }

  override ensure(size: number): void {
    if (this.index > FLUSH_BYTES) this.flush();
    super.ensure(size);
  }

  flush(): void {
    if (this.index === 0) return;
    this.sink.write(Buffer.from(this.buffer, 0, this.index));
    this.index = 0;
  }

  /** Set when the file has no rows ([Note: empty Parquet footer]). */
  empty = false;

  override finish(): void {
    if (this.empty) this.fixEmptyRowGroups();
    this.flush();
  }

  /**
   * [Note: empty Parquet footer] hyparquet-writer encodes the empty list of row groups of a file
   * without rows with the element type 0 instead of "struct"; pyarrow and hyparquet read that, but
   * arrow-rs (and so Polars-style strict readers) refuse the file. With no rows the whole file is
   * still in this buffer: the one byte is set right, after `num_rows = 0` (0x16 0x00) and the
   * row_groups list header (0x19, then size 0 and the element type).
   */
  private fixEmptyRowGroups(): void {
    const bytes = new Uint8Array(this.buffer, 0, this.index);
    for (let i = 4; i + 3 < bytes.length; i++) {
      if (bytes[i] === 0x16 && bytes[i + 1] === 0x00 && bytes[i + 2] === 0x19 && bytes[i + 3] === 0x00) {
        bytes[i + 3] = 0x0c;
        return;
      }
    }
  }
}

export class ParquetTableWriter {
  private readonly writer: ParquetWriter;
  private readonly bytes: SinkWriter;
  private readonly types: ColumnType[];
  private columns: Cell[][];
  private rows = 0;
  private chars = 0;
  private groups = 0;
  /** decided_at values that were not dates (left empty). */
  badTimestamps = 0;

  constructor(
    sink: FileSink,
    private readonly names: readonly string[],
  ) {
    this.types = names.map(typeOf);
    this.columns = names.map(() => []);
    this.bytes = new SinkWriter(sink);
    this.writer = new ParquetWriter({
      writer: this.bytes,
      schema: [{ name: 'schema', num_children: names.length }, ...names.map((n, i) => element(n, this.types[i]!))],
      codec: 'SNAPPY',
      createdBy: 'Prelabel (hyparquet-writer)',
    });
  }

  /** Adds one row (cells in column order); a full row group is written at once. */
  add(cells: readonly Cell[]): void {
    for (let i = 0; i < this.names.length; i++) {
      const v = cells[i] ?? null;
      const col = this.columns[i]!;
      switch (this.types[i]) {
        case 'string':
          if (typeof v === 'string') this.chars += v.length;
          col.push(v === null ? (REQUIRED.has(this.names[i]!) ? '' : null) : String(v));
          break;
        case 'double':
          col.push(typeof v === 'number' ? v : v === null || v === '' ? null : Number(v));
          break;
        case 'boolean':
          col.push(typeof v === 'boolean' ? v : v === null ? null : v === 'true');
          break;
        case 'timestamp': {
          const ms = typeof v === 'string' ? Date.parse(v) : NaN;
          if (v !== null && Number.isNaN(ms)) this.badTimestamps++;
          col.push(Number.isNaN(ms) ? null : (new Date(ms) as unknown as Cell));
          break;
        }
      }
    }
    this.rows++;
    const target = this.groups === 0 ? FIRST_GROUP_ROWS : GROUP_ROWS;
    if (this.rows >= target || this.chars >= TEXT_CHARS_PER_GROUP) this.writeGroup();
  }

  private writeGroup(): void {
    if (this.rows === 0) return;
    void this.writer.write({
      columnData: this.names.map((name, i) => ({ name, data: this.columns[i]! })),
      rowGroupSize: this.rows,
    });
    this.groups++;
    this.columns = this.names.map(() => []);
    this.rows = 0;
    this.chars = 0;
  }

  /** Writes the last row group and the footer. */
  finish(): void {
    this.writeGroup();
    this.bytes.empty = this.groups === 0;
    void this.writer.finish();
  }
}
