// Two built `prelabel prelabel` processes started together on one project and question (issue 18):
// one scores every document once, the other exits non-zero with one line naming the process that
// pre-labels the question (no UNIQUE constraint stack, no second run); and a run SIGKILLed midway
// is resumed by the next command, each document scored once. The built CLI (npm run build) only.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAgNewsSubset } from '../core/nli/test-support/prelabel-project';
import { loadFixtures, makeTinyModel, type TinyModel } from '../core/nli/test-support/tiny-model';
import { useTempDir } from '../core/test-support/temp-dir';

const tmp = useTempDir();
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin/prelabel.mjs');
const built = existsSync(join(root, 'out/main/cli.js')) && existsSync(join(root, 'out/main/inference-process.js'));
let model: TinyModel;

beforeAll(() => {
  if (built) model = makeTinyModel(loadFixtures());
});
afterAll(() => model?.cleanup());

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

function start(home: string, ...args: string[]) {
  const child = spawn(process.execPath, [bin, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PRELABEL_HOME: home },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<Exit>((r) => child.on('exit', (code, signal) => r({ code, signal, out, err })));
  return { child, exited };
}

async function cli(home: string, ...args: string[]): Promise<Exit> {
  const r = await start(home, ...args).exited;
  expect(r.err).not.toMatch(/\n\s+at /);
  return r;
}

async function project(count: number, home: string): Promise<{ path: string; home: string }> {
  const dir = mkdtempSync(join(tmp(), 'p-'));
  const path = join(dir, 'cc.prelabel');
  const csv = join(dir, 'news.csv');
  writeAgNewsSubset(csv, count);
  expect((await cli(home, 'init', path)).code).toBe(0);
  expect((await cli(home, 'import', path, csv, '--no-header', '--text-column', '2', '--text-column', '3')).code).toBe(0);
  const codebook = join(dir, 'codebook.json');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(
    codebook,
    JSON.stringify({
      questions: [
        {
          name: 'Topic',
          template: 'This news story is about {}.',
          labels: ['politics', 'sports', 'business', 'science'].map((name) => ({ name })),
        },
      ],
    }),
  );
  expect((await cli(home, 'codebook', path, '--set', codebook)).code).toBe(0);
  return { path, home };
}

function counts(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    return {
      runs: db.prepare('SELECT count(*) FROM prelabel_runs').pluck().get() as number,
      documents: db.prepare('SELECT count(*) FROM prediction_documents').pluck().get() as number,
      distinct: db.prepare('SELECT count(DISTINCT document_id) FROM prediction_documents').pluck().get() as number,
    };
  } finally {
    db.close();
  }
}

describe.skipIf(!built)('two built CLI processes pre-labelling one question', () => {
  it('one scores, the other is refused in one line; a SIGKILLed run is resumed by the next command', async () => {
    const home = join(tmp(), 'home');
    const p = await project(1500, home);
    const args = ['prelabel', p.path, '--model', model.dir, '--question', 'Topic'];
    const [a, b] = await Promise.all([start(p.home, ...args).exited, start(p.home, ...args).exited]);
    const [ok, refused] = a.code === 0 ? [a, b] : [b, a];
    expect(ok.code, ok.err).toBe(0);
    expect(refused.code).not.toBe(0);
    expect(refused.err).not.toMatch(/UNIQUE|\n\s+at /);
    expect(refused.err).toMatch(/Question "Topic" is being pre-labelled by process \d+ since \S+Z; wait for it or stop it\./);
    expect(
      refused.err
        .trim()
        .split('\n')
        .filter((l) => /pre-labelled by process/.test(l)),
    ).toHaveLength(1);
    // The first use of the model on this machine measured the threads, once, in the process that scored.
    expect(ok.err).toMatch(/Topic: chose \d+ threads after measuring this machine/);
    expect(ok.out).toMatch(/^Topic: 1500 documents, 6000 pairs in /m);
    expect(counts(p.path)).toEqual({ runs: 1, documents: 1500, distinct: 1500 });

    // A second project, same home: the stored choice is reused (no measuring line), the run killed midway.
    const q = await project(3000, home);
    const killed = start(q.home, 'prelabel', q.path, '--model', model.dir, '--question', 'Topic');
    for (let i = 0; i < 600 && counts(q.path).documents < 200; i++) await new Promise((r) => setTimeout(r, 50));
    expect(counts(q.path).documents).toBeGreaterThanOrEqual(200);
    killed.child.kill('SIGKILL');
    const gone = await killed.exited;
    expect(gone.signal).toBe('SIGKILL');
    const before = counts(q.path).documents;
    expect(before).toBeLessThan(3000);
    const resumed = await cli(q.home, 'prelabel', q.path, '--model', model.dir, '--question', 'Topic');
    expect(resumed.code, resumed.err).toBe(0);
    expect(resumed.err).not.toMatch(/chose \d+ threads after measuring/);
    expect(resumed.out).toMatch(new RegExp(`^Topic: ${3000 - before} documents`, 'm'));
    expect(counts(q.path)).toEqual({ runs: 1, documents: 3000, distinct: 3000 });
  }, 240_000);
});
