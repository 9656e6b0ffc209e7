// The Parquet file of `BENCH_FORMAT=parquet npm run bench:import`: the same sampled rows as the CSV
// run, with the id as a 64-bit integer column (as pandas writes an integer column), written by
// hyparquet-writer in row groups of BENCH_PARQUET_GROUP_ROWS rows. The default, 1,048,576, is
// pyarrow's (and so pandas') default row group size, so a million rows are one row group: the
// case where the reader must slice a row group to keep its memory down.
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { closeSync, openSync, writeSync } from 'node:fs';

export const PARQUET_GROUP_ROWS = Number(process.env.BENCH_PARQUET_GROUP_ROWS ?? 1_048_576);

export function writeBenchParquet(path: string, rows: number, row: (i: number) => { text: string; source: string }): void {
  const fd = openSync(path, 'w');
  const writer = new ByteWriter();
  const flush = () => {
    writeSync(fd, new Uint8Array(writer.buffer, 0, writer.index));
    writer.index = 0;
  };
  const ensure = writer.ensure.bind(writer);
  writer.ensure = (size: number) => {
    if (writer.index > 1 << 20) flush();
    ensure(size);
  };
  writer.finish = flush;
  const parquet = new ParquetWriter({
    writer,
    schema: [
      { name: 'schema', num_children: 3 },
      { name: 'id', type: 'INT64', repetition_type: 'REQUIRED' },
      { name: 'text', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      { name: 'source', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
    ],
  });
  for (let start = 1; start <= rows; start += PARQUET_GROUP_ROWS) {
    const n = Math.min(PARQUET_GROUP_ROWS, rows - start + 1);
    const ids = new BigInt64Array(n);
    const texts: string[] = [];
    const sources: string[] = [];
    for (let k = 0; k < n; k++) {
      const d = row(start + k);
      ids[k] = BigInt(start + k);
      texts.push(d.text);
      sources.push(d.source);
    }
    void parquet.write({
      columnData: [
        { name: 'id', data: ids },
        { name: 'text', data: texts },
        { name: 'source', data: sources },
      ],
      rowGroupSize: n,
    });
  }
  void parquet.finish();
  closeSync(fd);
}
