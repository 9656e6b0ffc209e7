// The built `prelabel prelabel` stopped from outside (issue 15): SIGKILL of the CLI ends its inference
// child at once ([Note: inference child ends with its parent]); a reader that stops early
// (`| head -1`), SIGTERM and SIGINT leave at most one line on stderr and never a stack trace.
// Linux (/proc) and the built CLI (npm run build) only.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAgNewsSubset } from '../core/nli/test-support/prelabel-project';
import { loadFixtures, makeTinyModel, type TinyModel } from '../core/nli/test-support/tiny-model';
import { useTempDir } from '../core/test-support/temp-dir';

const tmp = useTempDir();
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin/prelabel.mjs');
const built = existsSync(join(root, 'out/main/cli.js')) && existsSync(join(root, 'out/main/inference-process.js'));
const linux = process.platform === 'linux';
let model: TinyModel;

beforeAll(() => {
  if (built && linux) model = makeTinyModel(loadFixtures());
});
afterAll(() => model?.cleanup());

function cli(home: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, PRELABEL_HOME: home } });
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.status).toBe(0);
}

/** A project of `count` AG News documents and two questions of two labels. */
function project(count: number): { path: string; home: string } {
  const dir = tmp();
  const home = join(dir, 'home');
  const path = join(dir, 'news.prelabel');
  const csv = join(dir, 'news.csv');
  const codebook = join(dir, 'codebook.json');
  writeAgNewsSubset(csv, count);
  writeFileSync(
    codebook,
    JSON.stringify({
      questions: [
        { name: 'Topic', template: 'This news story is about {}.', labels: [{ name: 'politics' }, { name: 'sports' }] },
        { name: 'Tone', template: 'The tone of this text is {}.', labels: [{ name: 'neutral' }, { name: 'alarming' }] },
      ],
    }),
  );
  cli(home, 'init', path);
  cli(home, 'import', path, csv, '--no-header', '--text-column', '2', '--text-column', '3');
  cli(home, 'codebook', path, '--set', codebook);
  return { path, home };
}

/** Gone: no such process, or a zombie waiting for init to reap it (it runs no more code). */
function gone(pid: number): boolean {
  try {
    return /^\d+ \(.*\) [ZX] /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

function children(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts the pre-label run and waits until its inference child scores (it has used CPU time). */
async function startRun(p: { path: string; home: string }) {
  const child = spawn(process.execPath, [bin, 'prelabel', p.path, '--model', model.dir, '--threads', '1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PRELABEL_HOME: p.home },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const closed = new Promise<number | null>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  const deadline = Date.now() + 30_000;
  let inference: number | undefined;
  while (Date.now() < deadline) {
    inference = children(child.pid!).find((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('inference-process');
      } catch {
        return false;
      }
    });
    if (inference && err.includes('Model:')) break;
    await sleep(50);
  }
  expect(inference).toBeDefined();
  await sleep(700); // scoring batches now
  return { child, inference: inference!, closed, out: () => out, err: () => err };
}

describe.skipIf(!built || !linux)('prelabel stopped from outside (built CLI, Linux)', () => {
  it('SIGKILL of the CLI ends its inference child within 300 ms, with nothing printed', async () => {
    const run = await startRun(project(400));
    expect(gone(run.inference)).toBe(false);
    run.child.kill('SIGKILL');
    const killed = Date.now();
    while (!gone(run.inference) && Date.now() - killed < 5000) await sleep(5);
    const ms = Date.now() - killed;
    await run.closed;
    expect(gone(run.inference)).toBe(true);
    expect(ms).toBeLessThan(300);
    await sleep(200); // a stack from the orphan would come now
    expect(run.err().trim().split('\n')).toEqual([expect.stringMatching(/^Model: /)]);
  }, 60_000);

  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s pauses the run with one line and ends the child',
    async (signal) => {
      const run = await startRun(project(400));
      run.child.kill(signal);
      expect(await run.closed).toBe(130);
      expect(gone(run.inference)).toBe(true);
      const lines = run
        .err()
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('Model: '));
      expect(lines).toEqual(['Interrupted: the run is paused. Run the same command again to continue where it stopped.']);
    },
    60_000,
  );

  it('| head -1 takes the first line; no EPIPE, no stack on stderr', async () => {
    const p = project(60);
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" prelabel "${p.path}" --model "${model.dir}" --threads 1 | head -1`], {
      encoding: 'utf8',
      env: { ...process.env, PRELABEL_HOME: p.home },
    });
    await sleep(200);
    expect(r.stdout).toMatch(/^Topic: 60 documents, 120 pairs in .*\n$/);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Model: /)]);
  }, 60_000);
});
