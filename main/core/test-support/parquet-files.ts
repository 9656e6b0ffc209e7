// Test helper: Parquet files written and read by an implementation independent of Prelabel's
// (parquet-wasm, the Rust arrow-rs Parquet library, with apache-arrow for the values), so the
// import is tested on files another writer made, and the export is checked by another reader.
import { writeFileSync } from 'node:fs';
import { tableFromIPC, tableToIPC, type Table as ArrowTable } from 'apache-arrow';
import { Compression, readParquet, Table, writeParquet, WriterPropertiesBuilder } from 'parquet-wasm';

export type Codec = 'snappy' | 'zstd' | 'gzip' | 'brotli' | 'lz4' | 'none';

const CODECS: Record<Codec, Compression> = {
  snappy: Compression.SNAPPY,
  zstd: Compression.ZSTD,
  gzip: Compression.GZIP,
  brotli: Compression.BROTLI,
  lz4: Compression.LZ4_RAW,
  none: Compression.UNCOMPRESSED,
};

/** Writes an Arrow table as Parquet with arrow-rs. */
export function writeArrowParquet(path: string, table: ArrowTable, options: { codec?: Codec; rowGroupRows?: number } = {}): void {
  let props = new WriterPropertiesBuilder().setCompression(CODECS[options.codec ?? 'snappy']);
  if (options.rowGroupRows) props = props.setMaxRowGroupSize(options.rowGroupRows);
  const wasm = Table.fromIPCStream(tableToIPC(table, 'stream'));
  writeFileSync(path, writeParquet(wasm, props.build()));
}

/** Reads a Parquet file with arrow-rs, as an Arrow table. */
export function readArrowParquet(bytes: Uint8Array): ArrowTable {
  return tableFromIPC(readParquet(bytes).intoIPCStream());
}
