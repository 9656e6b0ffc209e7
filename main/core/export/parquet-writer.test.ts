// Parquet export: checked by an independent reader (arrow-rs through parquet-wasm), against the
// CSV export of the same project, and by importing it again (a round trip of real corpus rows).
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { parquetMetadata } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { importDecisions, importMapping, type ExportFilter, type ExportFormat } from '../../../common/contract';
import { runImport } from '../imports/import-job';
import { ProjectStore } from '../store/project-store';
import { corpusFile } from '../test-support/corpora';
import { readArrowParquet } from '../test-support/parquet-files';
import { useTempDir } from '../test-support/temp-dir';
import { runExport } from './export-job';
import { addRun, decide, makeExportProject, type ExportProject } from './test-support/export-project';

const tmp = useTempDir();

/** 5,000 Japanese MARC reviews, parsed by csv-parse, with the stars as metadata and decisions on
 * every tenth (one flagged, with a score and seconds), a 19-digit id and a label with a comma. */
function corpusProject(): { p: ExportProject; rows: string[][] } {
  const rows = parse(readFileSync(corpusFile('marc_amazon_reviews', 'test-ja.csv')), { relax_quotes: true }) as string[][];
  rows[0]![0] = '1234567890123456789';
  const p = makeExportProject(
    tmp(),
    rows.map((r) => ({ id: r[0]!, text: r[1]!, metadata: { stars: r[2]!, labels: 'a metadata column named like ours' } })),
    { name: 'Tone', template: 'The review is {}.', labels: [{ name: 'positive' }, { name: 'negative, angry' }] },
  );
  const run = addRun(p);
  p.docs.forEach((doc, i) => {
    if (i % 10 !== 0) return;
    decide(p, {
      documentId: doc,
      labels: [p.label[i % 20 === 0 ? 'positive' : 'negative, angry']!],
      suggestion: [p.label['positive']!],
      score: 0.25 + i / 40_000,
      runId: run,
      seconds: i / 7,
      flagged: i === 30,
      note: i === 10 ? 'ironic?' : undefined,
    });
  });
  return { p, rows };
}

async function exportAs(p: ExportProject, format: ExportFormat, filter: ExportFilter, name: string) {
  const out = join(tmp(), 'out');
  mkdirSync(out, { recursive: true });
  return runExport({
    projectPath: p.path,
    exportId: '00000000-0000-4000-8000-000000000002',
    questionId: p.question.id,
    format,
    filter,
    seed: 1,
    testFraction: 0.2,
    target: { kind: 'file', path: join(out, name) },
    appVersion: 'test',
    signal: new AbortController().signal,
    onProgress: () => {},
    chunkSize: 700,
  });
}

describe('the Parquet export', () => {
  it('is valid Parquet to arrow-rs, typed, in row groups, with the same cells as the CSV export and a manifest beside it', async () => {
    const { p, rows } = corpusProject();
    const result = await exportAs(p, 'parquet', 'all', 'tone.parquet');
    // The same base name in another format: each manifest is named after its whole file name.
    const csv = await exportAs(p, 'csv', 'all', 'tone.csv');
    expect(result.rows).toBe(5000);
    expect(result.files.map((f) => f.name)).toEqual(['tone.parquet', 'tone.parquet.manifest.json']);
    expect(csv.files.map((f) => f.name)).toEqual(['tone.csv', 'tone.csv.manifest.json']);
    const manifest = JSON.parse(readFileSync(result.files[1]!.path!, 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ format: 'parquet', files: [{ name: 'tone.parquet', sha256: result.files[0]!.sha256 }] });

    const bytes = readFileSync(result.files[0]!.path!);
    const table = readArrowParquet(bytes);
    const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
    expect(types).toMatchObject({
      id: 'Utf8',
      text: 'Utf8',
      meta_stars: 'Utf8',
      meta_labels: 'Utf8',
      labels: 'Utf8',
      suggestion_score: 'Float64',
      suggestion_shown: 'Bool',
      seconds: 'Float64',
      flagged: 'Bool',
      model_score: 'Float64',
      model_stale: 'Bool',
      decided_at: 'Timestamp<MILLISECOND, UTC>',
    });
    expect(table.schema.fields.find((f) => f.name === 'id')!.nullable).toBe(false);
    expect(table.numRows).toBe(5000);
    expect(parquetMetadata(bytes).row_groups.map((g) => Number(g.num_rows))).toEqual([1000, 4000]);

    // Every cell as the CSV export wrote it (CSV writes numbers and booleans as text).
    const [header, ...csvRows] = parse(readFileSync(csv.files[0]!.path!)) as string[][];
    expect(table.schema.fields.map((f) => f.name)).toEqual(header);
    const records = table.toArray().map((r) => r.toJSON() as Record<string, unknown>);
    records.forEach((rec, i) => {
      header!.forEach((col, c) => {
        const v = rec[col];
        const want = csvRows[i]![c]!;
        if (col === 'decided_at') expect(v === null ? '' : new Date(Number(v)).toISOString()).toBe(want);
        else if (v === null) expect(want).toBe('');
        else if (typeof v === 'number') expect(v).toBe(Number(want));
        else expect(String(v)).toBe(want);
      });
    });
    expect(records.map((r) => r.text)).toEqual(rows.map((r) => r[1]));
    expect(records[30]).toMatchObject({ flagged: true, labels: 'negative, angry', suggestion: 'positive' });
  });

  it('round trip: the exported file imports again with every id and text byte-exact', async () => {
    const { p, rows } = corpusProject();
    const result = await exportAs(p, 'parquet', 'all', 'tone.parquet');
    const store = ProjectStore.create(join(tmp(), 'again.prelabel'), 'again');
    try {
      const imported = await runImport({
        db: store.db,
        file: { path: result.files[0]!.path!, name: 'tone.parquet' },
        options: {},
        mapping: importMapping.parse({ textColumns: ['text'], idColumn: 'id', goldColumn: 'labels' }),
        decisions: importDecisions.parse({}),
        signal: new AbortController().signal,
        onProgress: () => {},
      });
      expect(imported).toMatchObject({ imported: 5000, skipped: 0 });
      const docs = store.db.prepare('SELECT external_id, text, metadata, gold_label FROM documents ORDER BY row_number').all() as {
        external_id: string;
        text: string;
        metadata: string;
        gold_label: string | null;
      }[];
      expect(docs.map((d) => d.external_id)).toEqual(rows.map((r) => r[0]));
      expect(docs.map((d) => d.text)).toEqual(rows.map((r) => r[1]));
      expect(docs.filter((d) => d.gold_label !== null)).toHaveLength(500);
      const first = JSON.parse(docs[0]!.metadata) as Record<string, string>;
      expect(first).toMatchObject({ meta_stars: rows[0]![2], decision: 'label', flagged: 'false', suggestion_score: '0.25' });
      // The same instant; a whole second is written without ".000", as ISO 8601 allows.
      expect(new Date(first.decided_at!).getTime()).toBeGreaterThan(Date.parse('2026-03-01T09:00:00Z'));
      expect(first.decided_at).toMatch(/^2026-03-01T\d\d:\d\d:\d\dZ$/);
    } finally {
      store.close();
    }
  });

  it('an export with no rows is a valid file with the columns and no row group', async () => {
    const p = makeExportProject(tmp(), [{ id: 'a', text: 'never coded' }]);
    const result = await exportAs(p, 'parquet', 'coded', 'empty.parquet');
    expect(result.rows).toBe(0);
    const table = readArrowParquet(readFileSync(result.files[0]!.path!));
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => f.name).slice(0, 3)).toEqual(['id', 'text', 'labels']);
  });
});
