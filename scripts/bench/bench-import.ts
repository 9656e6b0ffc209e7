// npm run bench:import — 1,000,000 rows sampled with replacement from the shared corpora, imported
// into a fresh project in a child process: time until committed, time until searchable (full-text
// index built), and the child's peak resident memory. BENCH_FORMAT=jsonl (or json) writes the same
// rows as JSON Lines (or one JSON array) instead of CSV, BENCH_FORMAT=parquet as a Parquet file
// (bench-parquet-file.ts); BENCH_ROWS=N for a smaller run.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { openSource } from '../../main/core/imports/open-source';
import { corpusFile } from '../../main/core/test-support/corpora';
import { mulberry32 } from '../../main/core/seeded-random';
import { PARQUET_GROUP_ROWS, writeBenchParquet } from './bench-parquet-file';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SOURCES: [string[], string][] = [
  [['bbc_news', 'BBC News Train.csv'], 'Text'],
  [['marc_amazon_reviews', 'test-de.csv'], 'Column 2'],
  [['marc_amazon_reviews', 'test-ja.csv'], 'Column 2'],
  [['politicians_tweets_sentiment_en_es_el', 'es_combined.csv'], 'full_text'],
  [['politicians_tweets_sentiment_en_es_el', 'gr_combined.csv'], 'full_text'],
  [['xnli_dev', 'dev-ar.tsv'], 'Column 1'],
  [['xnli_dev', 'dev-zh.tsv'], 'Column 1'],
  [['xnli_dev', 'dev-ru.tsv'], 'Column 1'],
  [['germeval2018_offensive', 'test.tsv'], 'Column 1'],
  [['multilingual_stance_fr_it', 'macron_fr.csv'], 'Tweet'],
];

const FORMAT = (process.env.BENCH_FORMAT ?? 'csv') as 'csv' | 'jsonl' | 'json' | 'parquet';
if (!['csv', 'jsonl', 'json', 'parquet'].includes(FORMAT))
  throw new Error(`BENCH_FORMAT must be csv, jsonl, json or parquet, not ${FORMAT}`);

const csvField = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Row i as the chosen format writes it (the id as a JSON number, so the lossless parse is measured). */
function line(i: number, text: string, source: string): string {
  if (FORMAT === 'csv') return `${i},${csvField(text)},${source}\n`;
  const record = `{"id": ${i}, "text": ${JSON.stringify(text)}, "source": ${JSON.stringify(source)}}`;
  if (FORMAT === 'jsonl') return `${record}\n`;
  return `${i === 1 ? '[\n' : ',\n'}${record}${i === ROWS ? '\n]\n' : ''}`;
}

async function main() {
  const pool: { text: string; lang: string }[] = [];
  for (const [parts, column] of SOURCES) {
    const file = { path: corpusFile(...parts), name: parts[parts.length - 1]! };
    const source = await openSource(file, {});
    const col = source.columns.indexOf(column);
    if (col < 0) throw new Error(`${file.name}: no column ${column} (has ${source.columns.join(', ')})`);
    for await (const r of source.rows()) if (r.values[col]?.trim()) pool.push({ text: r.values[col]!, lang: file.name });
  }
  const dir = mkdtempSync(join(tmpdir(), 'prelabel-bench-import-'));
  const csv = join(dir, `million.${FORMAT}`);
  const rand = mulberry32(42);
  if (FORMAT === 'parquet') {
    writeBenchParquet(csv, ROWS, () => {
      const d = pool[Math.floor(rand() * pool.length)]!;
      return { text: d.text, source: d.lang };
    });
    console.log(`Parquet row groups of up to ${PARQUET_GROUP_ROWS.toLocaleString('en')} rows (BENCH_PARQUET_GROUP_ROWS).`);
  } else {
    const out = createWriteStream(csv);
    if (FORMAT === 'csv') out.write('id,text,source\n');
    for (let i = 1; i <= ROWS; i++) {
      const d = pool[Math.floor(rand() * pool.length)]!;
      if (!out.write(line(i, d.text, d.lang))) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
  }
  const bytes = statSync(csv).size;
  console.log(
    `Wrote ${ROWS.toLocaleString('en')} rows as ${FORMAT} (${(bytes / 1e6).toFixed(0)} MB) sampled from ${pool.length.toLocaleString('en')} texts of ${SOURCES.length} files.`,
  );

  const child = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'import-child.ts'), join(dir, 'bench.prelabel'), csv], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`import child failed: ${child.stdout}`);
  const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as {
    imported: number;
    committedMs: number;
    searchableMs: number;
    maxRssMb: number;
  };
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Machine: ${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  console.log(`Imported: ${r.imported.toLocaleString('en')} rows`);
  console.log(`Committed after ${(r.committedMs / 1000).toFixed(1)} s (target <= 30 s): ${r.committedMs <= 30_000 ? 'met' : 'MISSED'}`);
  console.log(`Searchable after ${(r.searchableMs / 1000).toFixed(1)} s`);
  console.log(
    `Peak resident memory of the importing process: ${r.maxRssMb.toFixed(0)} MB (target <= 500 MB): ${r.maxRssMb <= 500 ? 'met' : 'MISSED'}`,
  );
  rmSync(dir, { recursive: true, force: true });
}

void main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
