// npx tsx scripts/bench/bench-export.ts — a project of 1,000,000 documents (texts sampled with
// replacement from the shared corpora) with a 3-label question and a decision for every document
// (bulk-inserted; most with a suggestion of a pre-label run), exported to CSV (target <= 10 s),
// then once each to JSON Lines, XLSX and NLI pairs for information. BENCH_ROWS=N for a smaller run,
// BENCH_FORMATS=csv,nli for some formats only.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { codebookInput, type ExportFormat, type ExportResult } from '../../common/contract';
import { findQuestion } from '../../main/core/codebook/codebook-read';
import { setCodebook } from '../../main/core/codebook/codebook-write';
import { runExport } from '../../main/core/export/export-job';
import { openSource } from '../../main/core/importers/open-source';
import { createProjectDb } from '../../main/core/store/project-db';
import { corpusFile } from '../../main/core/test-support/corpora';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const CSV_TARGET_MS = 10_000;
const SOURCES: [string[], string][] = [
  [['marc_amazon_reviews', 'test-de.csv'], 'Column 2'],
  [['marc_amazon_reviews', 'test-ja.csv'], 'Column 2'],
  [['politicians_tweets_sentiment_en_es_el', 'es_combined.csv'], 'full_text'],
  [['xnli_dev', 'dev-ar.tsv'], 'Column 1'],
  [['xnli_dev', 'dev-zh.tsv'], 'Column 1'],
  [['germeval2018_offensive', 'test.tsv'], 'Column 1'],
];

function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function main() {
  const pool: string[] = [];
  for (const [parts, column] of SOURCES) {
    const source = await openSource({ path: corpusFile(...parts), name: parts[parts.length - 1]! }, {});
    const col = source.columns.indexOf(column);
    if (col < 0) throw new Error(`${parts.join('/')}: no column ${column}`);
    for await (const r of source.rows()) if (r.values[col]?.trim()) pool.push(r.values[col]!);
  }
  const dir = mkdtempSync(join(tmpdir(), 'prelabel-bench-export-'));
  const path = join(dir, 'bench.prelabel');
  const db = createProjectDb(path, { name: 'Export bench' });
  const codebook = setCodebook(db, codebookInput.parse({ questions: [{ name: 'Stance', labels: [{ name: 'favour' }, { name: 'against' }, { name: 'neutral' }] }] }));
  const question = findQuestion(codebook, 'Stance')!;
  const labels = question.labels.map((l) => l.id);
  const t0 = Date.now();
  const importId = randomUUID();
  const coder = randomUUID();
  const run = randomUUID();
  const now = new Date().toISOString();
  db.prepare("INSERT INTO imports (id, status, source_name, format, options, started_at) VALUES (?, 'committed', 'bench.csv', 'csv', '{}', ?)").run(importId, now);
  db.prepare("INSERT INTO coders (id, name, created_at) VALUES (?, 'bench', ?)").run(coder, now);
  db.prepare("INSERT INTO prelabel_runs (id, question_id, model_id, model_sha256, model_input_hash, status, created_at) VALUES (?, ?, 'bench-model', ?, ?, 'done', ?)").run(
    run,
    question.id,
    'a'.repeat(64),
    'b'.repeat(64),
    now,
  );
  const doc = db.prepare('INSERT INTO documents (id, import_id, row_number, external_id, text, metadata) VALUES (?, ?, ?, ?, ?, ?)');
  const ann = db.prepare(
    `INSERT INTO annotations (id, document_id, question_id, coder_id, kind, label_ids, suggestion_label_ids, suggestion_score, run_id,
       codebook_revision_id, seconds, created_at) VALUES (?, ?, ?, ?, 'label', ?, ?, ?, ?, ?, ?, ?)`,
  );
  const rand = mulberry32(42);
  const insert = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const id = i + 1;
      doc.run(id, importId, id, String(1_000_000_000_000_000_000n + BigInt(id)), pool[Math.floor(rand() * pool.length)]!, `{"source":"bench","batch":"${id % 7}"}`);
      const label = labels[Math.floor(rand() * 3)]!;
      const suggested = rand() < 0.8 ? label : labels[Math.floor(rand() * 3)]!;
      ann.run(randomUUID(), id, question.id, coder, `["${label}"]`, `["${suggested}"]`, 0.5 + rand() / 2, run, codebook.revisionId, 2 + rand() * 10, now);
    }
  });
  for (let i = 0; i < ROWS; i += 50_000) insert(i, Math.min(ROWS, i + 50_000));
  console.log(`Built a project of ${ROWS.toLocaleString('en')} documents with a decision each in ${((Date.now() - t0) / 1000).toFixed(0)} s (texts from ${pool.length.toLocaleString('en')} corpus rows).`);

  const results: { format: ExportFormat; ms: number; r: ExportResult }[] = [];
  // BENCH_FORMATS=csv,nli runs a subset.
  const formats = (process.env.BENCH_FORMATS?.split(',') ?? ['csv', 'jsonl', 'xlsx', 'nli']) as ExportFormat[];
  for (const format of formats) {
    const start = Date.now();
    const r = await runExport({
      projectPath: path,
      exportId: randomUUID(),
      questionId: question.id,
      format,
      filter: 'coded',
      seed: 42,
      testFraction: 0.2,
      target: { kind: 'file', path: join(dir, `export-${format}${format === 'xlsx' ? '.xlsx' : format === 'csv' ? '.csv' : '.jsonl'}`) },
      appVersion: 'bench',
      signal: new AbortController().signal,
      onProgress: () => {},
    });
    results.push({ format, ms: Date.now() - start, r });
    rmSync(r.files[0]!.path!, { force: true });
  }
  db.close();

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log('');
  console.log(`Machine: ${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  console.log('');
  console.log('| format | rows written | file size | wall time | target |');
  console.log('|---|---:|---:|---:|---|');
  for (const { format, ms, r } of results) {
    const target = format === 'csv' ? `<= ${CSV_TARGET_MS / 1000} s: ${ms <= CSV_TARGET_MS ? 'met' : 'MISSED'}` : 'for information';
    console.log(`| ${format} | ${r.rows.toLocaleString('en')} | ${(r.files[0]!.bytes / 1e6).toFixed(0)} MB | ${(ms / 1000).toFixed(1)} s | ${target} |`);
  }
  rmSync(dir, { recursive: true, force: true });
}

void main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
