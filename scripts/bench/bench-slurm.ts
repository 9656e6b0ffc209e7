// npm run bench:slurm — a sharded pre-label run on a real SLURM cluster against one process, and the
// merge of a big shard set (issue 17). Needs the built CLI and a cluster that answers sinfo (on this
// machine, as root: scripts/slurm/local-cluster.sh start).
//
// Speed: the generated `full` model (the real model's sizes, random weights), --docs AG News texts and
// 5 labels. One process with one thread (`prelabel prelabel --threads 1`) against the same project cut
// into 2 shards and run as a 2-task array job with one CPU a task (`sbatch run.sbatch`, as generated),
// wall clock from submit until the job has left the queue; the merged logits are checked equal to the
// single run bit for bit. Merge: --merge-docs synthetic documents x 5 labels in --merge-shards shards
// with result files of score-shard's format (slurm/merge-bench.ts), `prelabel merge-shards` timed.
//
//   tsx scripts/bench/bench-slurm.ts [--docs 1000] [--merge-docs 1000000] [--merge-shards 8]
//     [--parts speed,merge] [--model DIR] [--work DIR] [--keep] [--json FILE]
// Env: PRELABEL_BENCH_MODEL_DIR reuses a full model folder; PRELABEL_DATA_DIR points at the corpora.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { makeModel } from '../model/gen/make-model';
import { mergeBench, type MergeFigures } from './slurm/merge-bench';
import { load, makeProject, missingPrerequisite, predictions, prelabel, ROOT, snapshotCli, submit, waitForJob } from './slurm/support';

const { values } = parseArgs({
  options: {
    docs: { type: 'string', default: '1000' },
    'merge-docs': { type: 'string', default: '1000000' },
    'merge-shards': { type: 'string', default: '8' },
    parts: { type: 'string', default: 'speed,merge' },
    model: { type: 'string' },
    work: { type: 'string' },
    keep: { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const whole = (name: string, v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number above 0, not "${v}"`);
  return n;
};
const docs = whole('docs', values.docs);
const mergeDocs = whole('merge-docs', values['merge-docs']);
const mergeShards = whole('merge-shards', values['merge-shards']);
const parts = values.parts.split(',');

interface SpeedFigures {
  documents: number;
  pairs: number;
  singleSeconds: number;
  arraySeconds: number;
  speedUp: number;
  taskSeconds: number[];
  shardSeconds: number;
  mergeSeconds: number;
  bitForBit: boolean;
  loadBefore: string;
  loadAfter: string;
}

/** The first AG News test texts (title and description joined). */
function agNews(n: number): string[] {
  const dataDir = process.env.PRELABEL_DATA_DIR ?? resolve(ROOT, '../shared/data');
  const file = join(dataDir, 'ag_news', 'test.csv');
  if (!existsSync(file)) throw new Error(`${file} is missing: set PRELABEL_DATA_DIR to the shared data folder`);
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => /^"\d+","((?:[^"]|"")*)","((?:[^"]|"")*)"$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]!.replace(/""/g, '"')} ${m[2]!.replace(/""/g, '"')}`);
  if (rows.length < n) throw new Error(`--docs ${n}: ${file} has ${rows.length} rows`);
  return rows.slice(0, n);
}

async function speed(env: NodeJS.ProcessEnv, work: string): Promise<SpeedFigures> {
  const modelDir =
    values.model ?? process.env.PRELABEL_BENCH_MODEL_DIR ?? makeModel({ size: 'full', outDir: join(work, 'full-model') }).dir;
  const { path } = makeProject(env, work, 'speed', agNews(docs));
  const single = join(work, 'single.prelabel');
  writeFileSync(single, readFileSync(path));

  const shards = join(work, 'speed-shards');
  const shard = prelabel(
    env,
    'shard',
    path,
    '--question',
    'Topic',
    '--model',
    modelDir,
    '--shards',
    '2',
    '--out',
    shards,
    '--cpus-per-task',
    '1',
    '--json',
  );
  const pairs = (JSON.parse(shard.out) as { pairs?: number }).pairs ?? 0;
  const loadBefore = load();

  console.log(`one process, one thread: ${docs} documents x 5 labels ...`);
  const one = prelabel(env, 'prelabel', single, '--model', modelDir, '--threads', '1');

  console.log('2 array tasks with one CPU each (sbatch run.sbatch) ...');
  const t = performance.now();
  // The model folder is not copied for the benchmark: run.sbatch takes PRELABEL_MODEL_DIR.
  const job = submit(shards, ['run.sbatch'], { ...env, PRELABEL_MODEL_DIR: modelDir });
  const states = await waitForJob(job, 3600);
  const arraySeconds = (performance.now() - t) / 1000;
  const loadAfter = load();
  if (Object.values(states).some((s) => s !== 'COMPLETED') || Object.keys(states).length !== 2)
    throw new Error(`array job ${job} ended ${JSON.stringify(states)}: see ${shards}/shard-*.log`);
  const taskSeconds = [0, 1].map((i) => {
    const log = readFileSync(join(shards, `shard-${i}.log`), 'utf8');
    return Number(/scored in ([\d.]+) s/.exec(log)?.[1] ?? NaN);
  });

  const merged = prelabel(env, 'merge-shards', path, shards, '--json');
  const a = predictions(path);
  const b = predictions(single);
  const bitForBit = a.length === b.length && a.every((r, i) => r.every((v, k) => Object.is(v, b[i]![k])));
  return {
    documents: docs,
    pairs,
    singleSeconds: one.seconds,
    arraySeconds,
    speedUp: one.seconds / arraySeconds,
    taskSeconds,
    shardSeconds: shard.seconds,
    mergeSeconds: merged.seconds,
    bitForBit,
    loadBefore,
    loadAfter,
  };
}

async function main(): Promise<void> {
  const missing = missingPrerequisite();
  if (missing) throw new Error(missing);
  const work = values.work ? resolve(values.work) : mkdtempSync(join(tmpdir(), 'prelabel-bench-slurm-'));
  mkdirSync(work, { recursive: true });
  // run.sbatch runs `prelabel`, or PRELABEL when set (CLUSTER.md): here a copy of the built CLI.
  const env = { ...process.env, PRELABEL_HOME: join(work, 'home'), PRELABEL: snapshotCli(work) };
  const report: { speed?: SpeedFigures; merge?: MergeFigures; load: string } = { load: load() };
  try {
    if (parts.includes('speed')) {
      const s = (report.speed = await speed(env, work));
      console.log(
        `speed: ${s.documents} documents, ${s.pairs} pairs; one process 1 thread ${s.singleSeconds.toFixed(1)} s; ` +
          `2 array tasks x 1 CPU ${s.arraySeconds.toFixed(1)} s (tasks scored in ${s.taskSeconds.map((x) => x.toFixed(1)).join(' and ')} s): ` +
          `speed-up ${s.speedUp.toFixed(2)}x; shard ${s.shardSeconds.toFixed(1)} s, merge ${s.mergeSeconds.toFixed(1)} s; ` +
          `logits equal bit for bit: ${s.bitForBit}; load ${s.loadBefore} -> ${s.loadAfter}`,
      );
      if (!s.bitForBit) process.exitCode = 1;
    }
    if (parts.includes('merge')) {
      console.log(`merge: ${mergeDocs} synthetic documents x 5 labels in ${mergeShards} shards ...`);
      const m = (report.merge = await mergeBench(env, work, mergeDocs, mergeShards));
      console.log(
        `merge: ${m.documents} documents x ${m.labels} labels = ${m.predictions} predictions from ${m.shards} result files ` +
          `(${(m.resultBytes / 1e6).toFixed(0)} MB): merge-shards ${m.mergeSeconds.toFixed(1)} s ` +
          `(${Math.round(m.predictions / m.mergeSeconds)} predictions/s); import ${m.importSeconds.toFixed(1)} s, ` +
          `shard ${m.shardSeconds.toFixed(1)} s, results written ${m.writeResultsSeconds.toFixed(1)} s; ${m.checkedRows} stored rows checked; load ${load()}`,
      );
    }
    if (values.json) writeFileSync(values.json, JSON.stringify(report, null, 2));
  } finally {
    if (!values.keep && !values.work) rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`bench:slurm: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
