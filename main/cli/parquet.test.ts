// Parquet on the command line: `prelabel import` detects a Parquet file made from Spanish MARC
// reviews, refuses its nested column as the text and a CSV given as --format parquet; after a few
// `prelabel label` decisions, `prelabel export --format parquet` writes a file arrow-rs reads.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Field, List, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import { corpusFile } from '../core/test-support/corpora';
import { readArrowParquet, writeArrowParquet } from '../core/test-support/parquet-files';
import { useTempDir } from '../core/test-support/temp-dir';
import { run } from './test-support/cli-project';

const tmp = useTempDir();

describe('prelabel import and export of Parquet', () => {
  beforeEach(() => {
    process.env.PRELABEL_HOME = join(tmp(), 'home');
  });

  it('imports a Parquet file, refuses a nested text column and a CSV read as Parquet, and exports Parquet', async () => {
    const reviews = (parse(readFileSync(corpusFile('marc_amazon_reviews', 'test-es.csv'))) as string[][]).slice(0, 500);
    const file = join(tmp(), 'resenas.parquet');
    writeArrowParquet(
      file,
      new Table({
        review_id: vectorFromArray(
          reviews.map((r) => r[0]!),
          new Utf8(),
        ),
        review: vectorFromArray(
          reviews.map((r) => r[1]!),
          new Utf8(),
        ),
        words: vectorFromArray(
          reviews.map((r) => r[1]!.split(' ').slice(0, 2)),
          new List(new Field('item', new Utf8(), true)),
        ),
      }),
      { codec: 'gzip' },
    );
    const project = join(tmp(), 'p.prelabel');
    expect((await run('init', project)).code).toBe(0);

    const nested = await run('import', project, file, '--text-column', 'words');
    expect(nested.code).not.toBe(0);
    expect(nested.err).toContain('The column "words" holds lists (a nested column), so it cannot be the text column');
    const csv = join(tmp(), 'not.csv');
    writeFileSync(csv, 'text\nhola\n');
    const wrong = await run('import', project, csv, '--format', 'parquet', '--text-column', 'text');
    expect(wrong.code).not.toBe(0);
    expect(wrong.err).toContain('not.csv is not a Parquet file');

    const imported = await run('import', project, file, '--text-column', 'review', '--id-column', 'review_id');
    expect(imported.err).toBe('');
    expect(imported.out).toContain('Imported 500 documents');

    const codebook = join(tmp(), 'codebook.json');
    writeFileSync(
      codebook,
      JSON.stringify({ questions: [{ name: 'Tono', template: 'La reseña es {}.', labels: [{ name: 'positiva' }, { name: 'negativa' }] }] }),
    );
    expect((await run('codebook', project, '--set', codebook)).code).toBe(0);
    for (const [doc, label] of [
      [reviews[0]![0]!, 'negativa'],
      [reviews[1]![0]!, 'positiva'],
    ] as const) {
      const r = await run('label', project, '--doc', doc, '--question', 'Tono', '--label', label, '--coder', 'ana');
      expect(r.code).toBe(0);
    }
    const out = join(tmp(), 'tono.parquet');
    const exported = await run('export', project, '--format', 'parquet', '--question', 'Tono', '--out', out);
    expect(exported.err).toBe('');
    expect(exported.out.split('\n')[0]).toBe('Exported 2 rows of "Tono" (coded): positiva 1, negativa 1');
    const rows = readArrowParquet(readFileSync(out))
      .toArray()
      .map((r) => r.toJSON() as Record<string, unknown>);
    expect(rows.map((r) => [r.id, r.text, r.labels, r.coder, r.meta_words])).toEqual([
      [reviews[0]![0], reviews[0]![1], 'negativa', 'ana', JSON.stringify(reviews[0]![1]!.split(' ').slice(0, 2))],
      [reviews[1]![0], reviews[1]![1], 'positiva', 'ana', JSON.stringify(reviews[1]![1]!.split(' ').slice(0, 2))],
    ]);
    expect(readFileSync(join(tmp(), 'tono.parquet.manifest.json'), 'utf8')).toContain('"format": "parquet"');
  });
});
