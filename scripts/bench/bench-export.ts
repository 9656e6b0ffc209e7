// npx tsx scripts/bench/bench-export.ts — a project of 1,000,000 documents (texts sampled with
// replacement from the shared corpora, bulk-inserted) with a 3-label question and a decision for
// every document (through the decision path, so the coding state is kept as the app keeps it; most
// with a suggestion of a pre-label run), exported to CSV (target <= 10 s),
// then once each to JSON Lines, XLSX, Parquet and NLI pairs for information. BENCH_ROWS=N for a smaller run,
// BENCH_FORMATS=csv,nli for some formats only, BENCH_PROJECT=file to export a copy of a project
// built before (by this script's builder) instead of building one.
import { randomUUID } from 'node:crypto';
import { closeSync, copyFileSync, fsyncSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type { ExportFormat, ExportResult } from '../../common/contract';
import { readCodebook } from '../../main/core/codebook/codebook-read';
import { runExport } from '../../main/core/export/export-job';
import { openSource } from '../../main/core/imports/open-source';
import { mulberry32 } from '../model/gen/prng';
import { openProjectDb } from '../../main/core/store/project-db';
import { corpusFile } from '../../main/core/test-support/corpora';
import { buildCodingProject } from './support/coding-project';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
/** A project built before by this script's builder, exported from a copy instead of building one. */
const PROJECT = process.env.BENCH_PROJECT;
const CSV_TARGET_MS = 10_000;
const SOURCES: [string[], string][] = [
  [['marc_amazon_reviews', 'test-de.csv'], 'Column 2'],
  [['marc_amazon_reviews', 'test-ja.csv'], 'Column 2'],
  [['politicians_tweets_sentiment_en_es_el', 'es_combined.csv'], 'full_text'],
  [['xnli_dev', 'dev-ar.tsv'], 'Column 1'],
  [['xnli_dev', 'dev-zh.tsv'], 'Column 1'],
  [['germeval2018_offensive', 'test.tsv'], 'Column 1'],
];

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'prelabel-bench-export-'));
  const path = join(dir, 'bench.prelabel');
  if (PROJECT) {
    copyFileSync(PROJECT, path);
    // The copy (1.7 GB at a million documents) is written back to disk only later: flushed here,
    // that writeback is not charged to the first export timed.
    const fd = openSync(path, 'r+');
    fsyncSync(fd);
    closeSync(fd);
  } else {
    const pool: string[] = [];
    for (const [parts, column] of SOURCES) {
      const source = await openSource({ path: corpusFile(...parts), name: parts[parts.length - 1]! }, {});
      const col = source.columns.indexOf(column);
      if (col < 0) throw new Error(`${parts.join('/')}: no column ${column}`);
      for await (const r of source.rows()) if (r.values[col]?.trim()) pool.push(r.values[col]!);
    }
    const rand = mulberry32(42);
    const t0 = Date.now();
    await buildCodingProject(path, {
      docs: ROWS,
      decisions: ROWS,
      text: () => pool[Math.floor(rand() * pool.length)]!,
      metadata: (i) => `{"source":"bench","batch":"${i % 7}"}`,
      predictions: false,
      suggested: 0.8,
      log: (line) => console.log(line),
    });
    console.log(
      `Built a project of ${ROWS.toLocaleString('en')} documents with a decision each in ${((Date.now() - t0) / 1000).toFixed(0)} s (texts from ${pool.length.toLocaleString('en')} corpus rows).`,
    );
  }
  const db = openProjectDb(path);
  const question = readCodebook(db).questions[0]!;
  db.close();

  // The 1-minute load average before and after each export: on a shared 2-core machine the wall
  // times mean little without it.
  const load = () => loadavg()[0]!.toFixed(1);
  const results: { format: ExportFormat; ms: number; r: ExportResult; load: string }[] = [];
  // BENCH_FORMATS=csv,nli runs a subset.
  const formats = (process.env.BENCH_FORMATS?.split(',') ?? ['csv', 'jsonl', 'xlsx', 'parquet', 'nli']) as ExportFormat[];
  for (const format of formats) {
    const loadBefore = load();
    const start = Date.now();
    const r = await runExport({
      projectPath: path,
      exportId: randomUUID(),
      questionId: question.id,
      format,
      filter: 'coded',
      seed: 42,
      testFraction: 0.2,
      target: {
        kind: 'file',
        path: join(
          dir,
          `export-${format}${format === 'xlsx' ? '.xlsx' : format === 'parquet' ? '.parquet' : format === 'csv' ? '.csv' : '.jsonl'}`,
        ),
      },
      appVersion: 'bench',
      signal: new AbortController().signal,
      onProgress: () => {},
    });
    results.push({ format, ms: Date.now() - start, r, load: `${loadBefore} / ${load()}` });
    rmSync(r.files[0]!.path!, { force: true });
  }

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log('');
  console.log(`Machine: ${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  console.log('');
  console.log('| format | rows written | file size | wall time | load before / after | target |');
  console.log('|---|---:|---:|---:|---:|---|');
  for (const { format, ms, r, load } of results) {
    const target = format === 'csv' ? `<= ${CSV_TARGET_MS / 1000} s: ${ms <= CSV_TARGET_MS ? 'met' : 'MISSED'}` : 'for information';
    console.log(
      `| ${format} | ${r.rows.toLocaleString('en')} | ${(r.files[0]!.bytes / 1e6).toFixed(0)} MB | ${(ms / 1000).toFixed(1)} s | ${load} | ${target} |`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
}

void main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
