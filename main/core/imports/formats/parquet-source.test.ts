// Parquet import: files written at test time from real corpus rows by an independent writer
// (arrow-rs through parquet-wasm) and by hyparquet-writer import with their counts and texts
// byte-exact; typed values become the text the file means; nested columns are kept as JSON but
// refused as the text column; damaged files fail with BAD_FILE and store nothing.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { Bool, Field, Int32, List, Struct, tableFromArrays, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { parquetWriteFile } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { importDecisions, importMapping, type ImportMapping } from '../../../../common/contract';
import { ProjectStore } from '../../store/project-store';
import { corpusFile } from '../../test-support/corpora';
import { writeArrowParquet, type Codec } from '../../test-support/parquet-files';
import { useTempDir } from '../../test-support/temp-dir';
import { analyzeImport, previewImport, runImport } from '../import-job';
import { detectFormat, openSource } from '../open-source';

const tmp = useTempDir();

function strings(values: readonly (string | null)[]) {
  return vectorFromArray(values, new Utf8());
}

async function importFile(store: ProjectStore, path: string, mapping: Partial<ImportMapping>) {
  return runImport({
    db: store.db,
    file: { path, name: path.split('/').pop()! },
    options: {},
    mapping: importMapping.parse(mapping),
    decisions: importDecisions.parse({}),
    signal: new AbortController().signal,
    onProgress: () => {},
  });
}

function storedDocs(store: ProjectStore) {
  return store.db.prepare('SELECT external_id, text, metadata, gold_label FROM documents ORDER BY row_number').all() as {
    external_id: string;
    text: string;
    metadata: string;
    gold_label: string | null;
  }[];
}

/** MARC reviews (id, text, stars) parsed by csv-parse, independently of Prelabel's CSV reader. */
function marcRows(lang: string): string[][] {
  return parse(readFileSync(corpusFile('marc_amazon_reviews', `test-${lang}.csv`)), { relax_quotes: true }) as string[][];
}

describe('Parquet files made from corpus rows', () => {
  const corpora: [string, string, Codec][] = [
    ['ja', 'marc_amazon_reviews/test-ja.csv', 'zstd'],
    ['zh', 'marc_amazon_reviews/test-zh.csv', 'gzip'],
    ['de', 'marc_amazon_reviews/test-de.csv', 'snappy'],
  ];
  it.each(corpora)('MARC %s (%s) written by arrow-rs with %s imports every row byte-exact', async (lang, _file, codec) => {
    const rows = marcRows(lang);
    expect(rows.length).toBe(5000);
    const path = join(tmp(), `marc-${lang}.parquet`);
    writeArrowParquet(
      path,
      new Table({ id: strings(rows.map((r) => r[0]!)), text: strings(rows.map((r) => r[1]!)), stars: strings(rows.map((r) => r[2]!)) }),
      { codec, rowGroupRows: 1500 },
    );
    const store = ProjectStore.create(join(tmp(), 'p.prelabel'), 'p');
    try {
      const result = await importFile(store, path, { textColumns: ['text'], idColumn: 'id', goldColumn: 'stars' });
      expect(result).toMatchObject({ imported: 5000, skipped: 0 });
      const docs = storedDocs(store);
      expect(docs.map((d) => d.text)).toEqual(rows.map((r) => r[1]));
      expect(docs.map((d) => d.external_id)).toEqual(rows.map((r) => r[0]));
      expect(docs.map((d) => d.gold_label)).toEqual(rows.map((r) => r[2]));
      expect(store.imports()[0]).toMatchObject({ format: 'parquet', rowCount: 5000 });
    } finally {
      store.close();
    }
  });

  it('XNLI Arabic premises written by hyparquet-writer import byte-exact, with the rows in order', async () => {
    const lines = readFileSync(corpusFile('xnli_dev', 'dev-ar.tsv'), 'utf8').split('\n').filter(Boolean);
    const cells = lines.map((l) => l.split('\t'));
    expect(cells.length).toBe(2490);
    const path = join(tmp(), 'xnli-ar.parquet');
    parquetWriteFile({
      filename: path,
      columnData: [
        { name: 'premise', data: cells.map((c) => c[0]!), type: 'STRING' },
        { name: 'hypothesis', data: cells.map((c) => c[1]!), type: 'STRING' },
        { name: 'label', data: cells.map((c) => c[2]!), type: 'STRING' },
      ],
    });
    const store = ProjectStore.create(join(tmp(), 'x.prelabel'), 'x');
    try {
      await importFile(store, path, { textColumns: ['premise', 'hypothesis'], joinWith: '\n', goldColumn: 'label' });
      const docs = storedDocs(store);
      expect(docs.map((d) => d.text)).toEqual(cells.map((c) => `${c[0]}\n${c[1]}`));
      expect(docs.map((d) => d.gold_label)).toEqual(cells.map((c) => c[2]));
    } finally {
      store.close();
    }
  });
});

describe('Parquet preview and check', () => {
  it('is detected by its extension and by its mark "PAR1" without one, and previewed like a workbook', async () => {
    const rows = marcRows('en').slice(0, 300);
    const path = join(tmp(), 'reviews.parquet');
    writeArrowParquet(path, new Table({ review_id: strings(rows.map((r) => r[0]!)), review: strings(rows.map((r) => r[1]!)) }));
    expect(detectFormat({ path, name: 'reviews.parquet' })).toBe('parquet');
    expect(detectFormat({ path, name: 'download' })).toBe('parquet');
    const preview = await previewImport({ path, name: 'reviews.parquet' }, {});
    expect(preview.format).toBe('parquet');
    expect(preview.detection).toMatchObject({ format: 'parquet', encoding: null, delimiter: null, hasHeader: true });
    expect(preview.columns).toEqual(['review_id', 'review']);
    expect(preview.rows).toEqual(rows.slice(0, 20).map((r) => [r[0], r[1]]));
    expect(preview.suggestedTextColumns).toEqual(['review']);
  });

  it('lists problem classes as for CSV (empty texts, repeated ids)', async () => {
    const path = join(tmp(), 'problems.parquet');
    writeArrowParquet(path, new Table({ id: strings(['a', 'b', 'a', 'c']), text: strings(['first', null, 'third', '   ']) }));
    const analysis = await analyzeImport(
      { path, name: 'problems.parquet' },
      {},
      importMapping.parse({ textColumns: ['text'], idColumn: 'id' }),
      new AbortController().signal,
      () => {},
    );
    expect(analysis.rows).toBe(4);
    expect(analysis.problems.find((p) => p.code === 'empty_text')?.rows).toEqual([2, 4]);
    expect(analysis.problems.find((p) => p.code === 'duplicate_id')?.rows).toEqual([3]);
  });

  it('reads a row group larger than one slice in order, with progress by rows', async () => {
    const n = 45_000;
    const path = join(tmp(), 'big-group.parquet');
    writeArrowParquet(path, new Table({ text: strings(Array.from({ length: n }, (_, i) => `document ${i}`)) }), { rowGroupRows: n });
    const source = await openSource({ path, name: 'big-group.parquet' }, {});
    const progress: number[] = [];
    let i = 0;
    for await (const row of source.rows({ onProgress: (p) => progress.push(p.done) })) {
      expect(row.values).toEqual([`document ${i}`]);
      expect(row.row).toBe(++i);
    }
    expect(i).toBe(n);
    expect(progress).toEqual([20_000, 40_000, 45_000]);
  });

  it('reads a large row group without an offset index (as pandas writes) in parts, dictionary pages and nested columns included', async () => {
    const n = 45_000;
    const path = join(tmp(), 'no-index.parquet');
    const texts = Array.from({ length: n }, (_, i) => `speech ${i} ${'words '.repeat(i % 7)}`);
    const parties = Array.from({ length: n }, (_, i) => ['Labour', 'Conservative', null][i % 3]!);
    parquetWriteFile({
      filename: path,
      columnData: [
        { name: 'id', data: BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * 1_000_000_007n), offsetIndex: false },
        { name: 'text', data: texts, offsetIndex: false },
        { name: 'party', data: parties, offsetIndex: false },
        { name: 'tags', data: Array.from({ length: n }, (_, i) => (i % 2 ? [`t${i}`] : [])), offsetIndex: false },
      ],
      schema: [
        { name: 'root', num_children: 4 },
        { name: 'id', type: 'INT64', repetition_type: 'REQUIRED' },
        { name: 'text', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
        { name: 'party', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
        { name: 'tags', converted_type: 'LIST', repetition_type: 'OPTIONAL', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
      ],
      rowGroupSize: n,
      pageSize: 16_384,
    });
    const source = await openSource({ path, name: 'no-index.parquet' }, {});
    expect(source.nested).toEqual(new Map([['tags', 'lists']]));
    let i = 0;
    for await (const row of source.rows()) {
      expect(row.values).toEqual([String(BigInt(i) * 1_000_000_007n), texts[i], parties[i] ?? '', i % 2 ? `["t${i}"]` : '[]']);
      i++;
    }
    expect(i).toBe(n);
  });
});

describe('Parquet values become the text the file means', () => {
  it('numbers as written, exact 64-bit integers and decimals, ISO dates and times, booleans, nulls empty, binary noted', async () => {
    const path = join(tmp(), 'typed.parquet');
    parquetWriteFile({
      filename: path,
      columnData: [
        { name: 'text', data: ['a', 'b', 'c'] },
        { name: 'big', data: [9007199254740993n, -1n, null] },
        { name: 'dec', data: [12345678901234567890123n, -5n, null] },
        { name: 'f32', data: [0.1, 3.4028234663852886e38, null] },
        { name: 'f64', data: [0.1, 1e-7, null] },
        { name: 'day', data: [19723, -1, null] },
        { name: 'utc', data: [1700000000123456n, 0n, null] },
        { name: 'local', data: [1700000000000000n, 1n, null] },
        { name: 'ok', data: [true, false, null] },
        { name: 'raw', data: [new Uint8Array([0xff, 0xfe, 0x00]), new TextEncoder().encode('plain'), null] },
      ],
      schema: [
        { name: 'root', num_children: 10 },
        { name: 'text', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
        { name: 'big', type: 'INT64', repetition_type: 'OPTIONAL' },
        {
          name: 'dec',
          type: 'FIXED_LEN_BYTE_ARRAY',
          type_length: 16,
          converted_type: 'DECIMAL',
          scale: 3,
          precision: 38,
          repetition_type: 'OPTIONAL',
        },
        { name: 'f32', type: 'FLOAT', repetition_type: 'OPTIONAL' },
        { name: 'f64', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
        { name: 'day', type: 'INT32', converted_type: 'DATE', repetition_type: 'OPTIONAL' },
        {
          name: 'utc',
          type: 'INT64',
          logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' },
          repetition_type: 'OPTIONAL',
        },
        {
          name: 'local',
          type: 'INT64',
          logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MICROS' },
          repetition_type: 'OPTIONAL',
        },
        { name: 'ok', type: 'BOOLEAN', repetition_type: 'OPTIONAL' },
        { name: 'raw', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
      ],
    });
    const preview = await previewImport({ path, name: 'typed.parquet' }, {});
    expect(preview.rows).toEqual([
      [
        'a',
        '9007199254740993',
        '12345678901234567890.123',
        '0.1',
        '0.1',
        '2024-01-01',
        '2023-11-14T22:13:20.123456Z',
        '2023-11-14T22:13:20',
        'true',
        '(binary data, 3 bytes)',
      ],
      ['b', '-1', '-0.005', '3.4028235e+38', '1e-7', '1969-12-31', '1970-01-01T00:00:00Z', '1970-01-01T00:00:00.000001', 'false', 'plain'],
      ['c', '', '', '', '', '', '', '', '', ''],
    ]);
  });
});

function nestedFile(path: string) {
  const tokens = vectorFromArray([['Brexit', 'now'], [], null], new List(new Field('item', new Utf8(), true)));
  const meta = vectorFromArray(
    [{ source: 'speech', page: 3 }, { source: 'tweet', page: null }, null],
    new Struct([new Field('source', new Utf8(), true), new Field('page', new Int32(), true)]),
  );
  writeArrowParquet(
    path,
    new Table({
      text: strings(['We leave.', 'We stay.', 'Maybe.']),
      tokens,
      meta,
      flag: vectorFromArray([true, false, true], new Bool()),
    }),
  );
}

describe('nested Parquet columns', () => {
  it('are refused as the text column, with a message naming the column and the plain ones', async () => {
    const path = join(tmp(), 'nested.parquet');
    nestedFile(path);
    const store = ProjectStore.create(join(tmp(), 'n.prelabel'), 'n');
    try {
      await expect(importFile(store, path, { textColumns: ['tokens'] })).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message: expect.stringMatching(
          /The column "tokens" holds lists \(a nested column\), so it cannot be the text column.*Choose one of: text, flag\./,
        ),
      });
      await expect(importFile(store, path, { textColumns: ['text'], goldColumn: 'meta' })).rejects.toThrow(
        /The column "meta" holds records \(structs\) \(a nested column\), so it cannot be the gold label column/,
      );
      expect(store.documentCount()).toBe(0);
      expect(store.db.prepare('SELECT count(*) FROM imports').pluck().get()).toBe(0);
    } finally {
      store.close();
    }
  });

  it('are kept as JSON text in the metadata when the text is a plain column, and never suggested as the text', async () => {
    const path = join(tmp(), 'nested.parquet');
    nestedFile(path);
    const preview = await previewImport({ path, name: 'nested.parquet' }, {});
    expect(preview.suggestedTextColumns).toEqual(['text']);
    const store = ProjectStore.create(join(tmp(), 'm.prelabel'), 'm');
    try {
      await importFile(store, path, { textColumns: ['text'] });
      const docs = storedDocs(store);
      expect(docs.map((d) => JSON.parse(d.metadata))).toEqual([
        { tokens: '["Brexit","now"]', meta: '{"source":"speech","page":3}', flag: 'true' },
        { tokens: '[]', meta: '{"source":"tweet","page":null}', flag: 'false' },
        { tokens: '', meta: '', flag: 'true' },
      ]);
    } finally {
      store.close();
    }
  });
});

describe('damaged Parquet files fail with BAD_FILE and store nothing', () => {
  function goodFile(): Buffer {
    const path = join(tmp(), 'good.parquet');
    writeArrowParquet(path, tableFromArrays({ text: Array.from({ length: 3000 }, (_, i) => `text number ${i} `.repeat(5)) }), {
      codec: 'none',
    });
    return readFileSync(path);
  }

  const cases: [string, (good: Buffer) => Buffer, RegExp][] = [
    [
      'a truncated file',
      (good) => good.subarray(0, good.length - 200),
      /cut\.parquet is incomplete: a Parquet file ends with its table of contents/,
    ],
    [
      'a CSV named .parquet',
      () => Buffer.from('text\nhello\n'),
      /cut\.parquet is not a Parquet file: it does not begin with Parquet's mark "PAR1"/,
    ],
    [
      'a damaged footer',
      (good) => {
        const bad = Buffer.from(good);
        bad.fill(0xee, bad.length - 60, bad.length - 8);
        return bad;
      },
      /cut\.parquet is damaged: its table of contents \(the footer's metadata\) could not be read/,
    ],
    [
      'damaged data pages',
      (good) => {
        const bad = Buffer.from(good);
        bad.fill(0xee, 4, 400);
        return bad;
      },
      /cut\.parquet is damaged: the column "text" in row group 1 could not be read/,
    ],
  ];

  it.each(cases)('%s', async (_name, damage, message) => {
    const path = join(tmp(), 'cut.parquet');
    writeFileSync(path, damage(goodFile()));
    const store = ProjectStore.create(join(tmp(), 'd.prelabel'), 'd');
    try {
      await expect(importFile(store, path, { textColumns: ['text'] })).rejects.toMatchObject({
        code: 'BAD_FILE',
        message: expect.stringMatching(message),
      });
      expect(store.documentCount()).toBe(0);
      expect(store.db.prepare("SELECT count(*) FROM imports WHERE status = 'committed'").pluck().get()).toBe(0);
    } finally {
      store.close();
    }
  });
});
