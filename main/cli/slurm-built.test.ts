// The sharded pre-label run on a real SLURM (not a mock of sbatch): 1,200 AG News rows with the generated
// tiny model cut into 4 shards, the generated run.sbatch submitted as it is with `sbatch`, one array task
// cancelled midway with `scancel JOBID_2`, only it resubmitted with the line the merge prints, the merge,
// and every logit equal bit for bit to `prelabel prelabel` on a copy of the same project.
// Needs the built CLI (npm run build) and a SLURM cluster that this user may submit to: on a Debian 12
// machine as root, `apt-get install -y slurmctld slurmd slurm-client munge` and
// `scripts/slurm/local-cluster.sh start` (what .ci/run does). Without sbatch, or without a cluster that
// answers, the test is skipped and says why, unless PRELABEL_REQUIRE_SLURM=1 (set by .ci/run): then it fails.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDir } from '../core/test-support/temp-dir';
import { agNewsTopicProjectByCli } from '../core/nli/test-support/prelabel-project';
import { loadFixtures, makeTinyModel, type TinyModel } from '../core/nli/test-support/tiny-model';

const tmp = useTempDir();
const root = fileURLToPath(new URL('../..', import.meta.url));
const built = existsSync(join(root, 'out/main/cli.js')) && existsSync(join(root, 'out/main/inference-process.js'));
const required = process.env.PRELABEL_REQUIRE_SLURM === '1';

function run(cmd: string, argv: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(cmd, argv, { ...opts, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: (r.stdout ?? '').trim(), err: (r.stderr ?? r.error?.message ?? '').trim() };
}

/** Why this machine cannot run the test, or null. */
function slurmMissing(): string | null {
  if (!built) return 'the CLI is not built (npm run build writes out/main/cli.js)';
  if (!(process.env.PATH ?? '').split(delimiter).some((d) => d && existsSync(join(d, 'sbatch'))))
    return 'sbatch is not installed (apt-get install -y slurmctld slurmd slurm-client munge, then scripts/slurm/local-cluster.sh start)';
  const info = run('sinfo', ['-h', '-o', '%T']);
  if (info.code !== 0) return `sinfo finds no SLURM controller (${info.err.split('\n')[0]}): scripts/slurm/local-cluster.sh start`;
  if (!/^(idle|mixed|allocated)/m.test(info.out)) return `no SLURM node is up (sinfo: ${info.out || 'nothing'})`;
  return null;
}
const missing = slurmMissing();
if (missing && !required) console.warn(`\n*** SKIPPED main/cli/slurm-built.test.ts: ${missing} ***\n`);

let model: TinyModel;
const submitted: string[] = [];
beforeAll(() => {
  if (!missing) model = makeTinyModel(loadFixtures());
});
afterAll(() => {
  for (const job of submitted) run('scancel', [job]);
  model?.cleanup();
});

type Row = [number, string, number, number, number | null, number];
function predictions(path: string): Row[] {
  const db = new Database(path, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT p.document_id, l.name, p.window, p.entailment, p.neutral, p.contradiction FROM predictions p
         JOIN labels l ON l.id = p.label_id ORDER BY p.document_id, l.name, p.window`,
      )
      .raw()
      .all() as Row[];
  } finally {
    db.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Array task id -> state, from squeue (pending and running tasks; finished ones leave it). */
function queued(job: string): Map<string, string> {
  const q = run('squeue', ['-h', '-r', '-j', job, '-o', '%K %T']);
  const states = new Map<string, string>();
  if (q.code !== 0) return states; // an unknown job id: every task has left the queue
  for (const line of q.out.split('\n').filter(Boolean)) {
    const [task, state] = line.split(' ');
    states.set(task!, state!);
  }
  return states;
}

/** The state SLURM records for each array task of a job (scontrol keeps finished jobs MinJobAge seconds). */
function finalStates(job: string): Record<string, string> {
  const show = run('scontrol', ['-o', 'show', 'job', job]);
  const states: Record<string, string> = {};
  for (const line of show.out.split('\n')) {
    const task = /ArrayTaskId=(\d+)/.exec(line)?.[1];
    const state = /JobState=(\S+)/.exec(line)?.[1];
    if (task && state) states[task] = state;
  }
  return states;
}

async function waitUntil(what: string, done: () => boolean, seconds: number, logs: () => string): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out after ${seconds} s waiting for ${what}\n${logs()}`);
    await sleep(25);
  }
}

function submit(dir: string, argv: string[], env: NodeJS.ProcessEnv): string {
  const r = run('sbatch', ['--parsable', ...argv], { cwd: dir, env });
  expect(r.code, r.err).toBe(0);
  const job = r.out.split(';')[0]!;
  expect(job).toMatch(/^\d+$/);
  submitted.push(job);
  return job;
}

describe.skipIf(missing !== null && !required)(`sharded pre-label run on a real SLURM (${missing ?? 'sbatch and a cluster found'})`, () => {
  it(
    'sbatch run.sbatch, scancel one array task midway, resubmit only it, merge: the logits of one machine, bit for bit',
    { timeout: 600_000 },
    async () => {
      expect(missing, `PRELABEL_REQUIRE_SLURM=1 but ${missing}`).toBeNull();
      const dir = tmp();
      // `prelabel` on the PATH, as after an install on the cluster (CLUSTER.md: npm install -g, or PRELABEL).
      mkdirSync(join(dir, 'bin'));
      symlinkSync(join(root, 'bin/prelabel.mjs'), join(dir, 'bin/prelabel'));
      const env = { ...process.env, PRELABEL_HOME: join(dir, 'home'), PATH: `${join(dir, 'bin')}:${process.env.PATH}` };
      const cli = (...argv: string[]) => run(process.execPath, [join(root, 'bin/prelabel.mjs'), ...argv], { env });

      const { project, single } = agNewsTopicProjectByCli(cli, dir, 1200);

      const shards = join(dir, 'shards');
      const made = cli(
        'shard',
        project,
        '--question',
        'Topic',
        '--model',
        model.dir,
        '--shards',
        '4',
        '--out',
        shards,
        '--cpus-per-task',
        '1',
      );
      expect(made.code, made.err).toBe(0);
      const script = readFileSync(join(shards, 'run.sbatch'), 'utf8');
      expect(script).toContain('#SBATCH --array=0-3');
      expect(script).toContain('#SBATCH --cpus-per-task=1');
      cpSync(model.dir, join(shards, 'model'), { recursive: true }); // the model goes in as ./model

      const plain = cli('prelabel', single, '--model', model.dir, '--threads', '1');
      expect(plain.code, plain.err).toBe(0);

      const logs = () =>
        readdirSync(shards)
          .filter((f) => f.endsWith('.log'))
          .map((f) => `--- ${f}\n${readFileSync(join(shards, f), 'utf8')}`)
          .join('\n');
      const job = submit(shards, ['run.sbatch'], env);

      // Task 2 is cancelled once it has flushed a batch (two lines: the header and one batch).
      const partial = join(shards, 'shard-0002.partial.jsonl');
      await waitUntil(
        'task 2 to write a batch',
        () => existsSync(partial) && readFileSync(partial, 'utf8').split('\n').length > 2,
        240,
        logs,
      );
      expect(run('scancel', [`${job}_2`]).code).toBe(0);
      await waitUntil('the array job to leave the queue', () => queued(job).size === 0, 240, logs);
      expect(finalStates(job), logs()).toEqual({ '0': 'COMPLETED', '1': 'COMPLETED', '2': 'CANCELLED', '3': 'COMPLETED' });
      expect(existsSync(join(shards, 'shard-0002.result.jsonl'))).toBe(false);

      const early = cli('merge-shards', project, shards);
      expect(early.code).toBe(1);
      expect(early.err).toContain('shard 2: no result file');
      const rerun = /sbatch (--array=\d+(?:,\d+)*) run\.sbatch/.exec(early.err);
      expect(rerun?.[1]).toBe('--array=2');
      expect(predictions(project)).toHaveLength(0);

      const again = submit(shards, [rerun![1]!, 'run.sbatch'], env);
      await waitUntil('the resubmitted task to leave the queue', () => queued(again).size === 0, 240, logs);
      expect(finalStates(again), logs()).toEqual({ '2': 'COMPLETED' });
      // The rerun resumed from the batches the cancelled task had flushed, and appended to the task's log.
      const log2 = readFileSync(join(shards, 'shard-2.log'), 'utf8');
      expect(log2).toMatch(/Shard 2: .* \(\d+ of \d+ batches were already written\)/);
      expect(log2).toContain(`prelabel: task 2 of job ${job} on`);
      expect(log2).toContain(`prelabel: task 2 of job ${again} on`);
      expect(log2).toMatch(/CANCELLED/);

      const merged = cli('merge-shards', project, shards, '--json');
      expect(merged.code, merged.err).toBe(0);
      expect(JSON.parse(merged.out)).toMatchObject({ ok: true, documents: 1200, alreadyMerged: false });

      const a = predictions(project);
      const b = predictions(single);
      expect(a.length).toBeGreaterThanOrEqual(1200 * 4);
      expect(a.length).toBe(b.length);
      let equal = 0;
      a.forEach((r, i) => {
        const s = b[i]!;
        if (r[0] === s[0] && r[1] === s[1] && r[2] === s[2] && [3, 4, 5].every((k) => Object.is(r[k], s[k]))) equal++;
      });
      expect(equal).toBe(a.length);
    },
  );
});
