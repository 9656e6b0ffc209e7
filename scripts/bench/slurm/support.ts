// What bench-slurm.ts needs around the built CLI and a SLURM cluster: running `prelabel`, submitting a
// batch script, waiting for an array job to leave the queue, and the project both parts start from.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';

export const ROOT = resolve(__dirname, '../../..');
let bin = join(ROOT, 'bin/prelabel.mjs');

/** Copies the built CLI (bin, out/main, with a link to node_modules) into the work folder and runs that
 * copy from now on, so that a rebuild of the tree during a long benchmark does not change what runs.
 * Returns the command for run.sbatch's PRELABEL. */
export function snapshotCli(work: string): string {
  const app = join(work, 'app');
  mkdirSync(join(app, 'out'), { recursive: true });
  cpSync(join(ROOT, 'bin'), join(app, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'out/main'), join(app, 'out/main'), { recursive: true });
  copyFileSync(join(ROOT, 'package.json'), join(app, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'));
  bin = join(app, 'bin/prelabel.mjs');
  return `${process.execPath} ${bin}`;
}
export const LABELS = ['world politics', 'sports', 'business', 'science and technology', 'entertainment'];

export function sh(cmd: string, argv: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(cmd, argv, { ...opts, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: r.status, out: (r.stdout ?? '').trim(), err: (r.stderr ?? r.error?.message ?? '').trim() };
}

/** Runs the built CLI and stops the benchmark with its error when it fails; returns stdout and seconds. */
export function prelabel(env: NodeJS.ProcessEnv, ...argv: string[]): { out: string; seconds: number } {
  const t = performance.now();
  // PRELABEL_BENCH_CPU_PROF=DIR: each command writes a V8 CPU profile there (node --cpu-prof).
  const prof = process.env.PRELABEL_BENCH_CPU_PROF;
  const r = sh(process.execPath, [...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []), bin, ...argv], { env });
  if (r.code !== 0) throw new Error(`prelabel ${argv[0]} failed (${r.code}): ${r.err || r.out}`);
  return { out: r.out, seconds: (performance.now() - t) / 1000 };
}

/** Why the benchmark cannot run here, or null. */
export function missingPrerequisite(): string | null {
  if (!existsSync(join(ROOT, 'out/main/cli.js'))) return 'the CLI is not built: npm run build';
  const info = sh('sinfo', ['-h', '-o', '%T']);
  if (info.code !== 0) return `no SLURM controller answers (${info.err.split('\n')[0]}): scripts/slurm/local-cluster.sh start`;
  if (!/^(idle|mixed)/m.test(info.out)) return `no SLURM node is free (sinfo: ${info.out || 'nothing'})`;
  return null;
}

export function submit(dir: string, argv: string[], env: NodeJS.ProcessEnv): string {
  const r = sh('sbatch', ['--parsable', ...argv], { cwd: dir, env });
  if (r.code !== 0) throw new Error(`sbatch failed: ${r.err}`);
  return r.out.split(';')[0]!;
}

/** Waits until the job has left squeue (bounded), then returns each array task's state from scontrol. */
export async function waitForJob(job: string, maxSeconds: number): Promise<Record<string, string>> {
  const end = Date.now() + maxSeconds * 1000;
  for (;;) {
    const q = sh('squeue', ['-h', '-r', '-j', job, '-o', '%K']);
    if (q.code !== 0 || q.out === '') break;
    if (Date.now() > end) {
      sh('scancel', [job]);
      throw new Error(`job ${job} still queued after ${maxSeconds} s: cancelled`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const states: Record<string, string> = {};
  for (const line of sh('scontrol', ['-o', 'show', 'job', job]).out.split('\n')) {
    const task = /ArrayTaskId=(\d+)/.exec(line)?.[1];
    const state = /JobState=(\S+)/.exec(line)?.[1];
    if (task && state) states[task] = state;
  }
  return states;
}

/** A new project with the texts imported (one a row) and one question with the five labels. */
export function makeProject(env: NodeJS.ProcessEnv, dir: string, name: string, texts: string[]): { path: string; importSeconds: number } {
  const path = join(dir, `${name}.prelabel`);
  const csv = join(dir, `${name}.csv`);
  writeFileSync(csv, 'id,text\n' + texts.map((t, i) => `d${i},"${t.replace(/"/g, '""')}"`).join('\n') + '\n');
  prelabel(env, 'init', path);
  const imported = prelabel(env, 'import', path, csv, '--text-column', 'text', '--id-column', 'id');
  const codebook = join(dir, `${name}-codebook.json`);
  const labels = LABELS.map((l) => ({ name: l }));
  writeFileSync(codebook, JSON.stringify({ questions: [{ name: 'Topic', template: 'This text is about {}.', labels }] }));
  prelabel(env, 'codebook', path, '--set', codebook);
  return { path, importSeconds: imported.seconds };
}

export type PredictionRow = [number, string, number, number, number | null, number];

/** Every prediction of a project, in one order (document, label name, window). */
export function predictions(path: string): PredictionRow[] {
  const db = new Database(path, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT p.document_id, l.name, p.window, p.entailment, p.neutral, p.contradiction FROM predictions p
         JOIN labels l ON l.id = p.label_id ORDER BY p.document_id, l.name, p.window`,
      )
      .raw()
      .all() as PredictionRow[];
  } finally {
    db.close();
  }
}

export const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
