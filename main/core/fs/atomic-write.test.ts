// Bug 9 of issue 10: commands run at the same time share the app data folder's files (recent
// projects, settings, the model hash cache). 100 real processes write them at once here: none may
// fail, and every file parses afterwards.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type * as Esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';
import { PrelabelError } from '../../../common/contract';
import { RecentProjects } from '../recent-projects';
import { useTempDir } from '../test-support/temp-dir';
import { temporaryName, updateFile, writeFileAtomic } from './atomic-write';

const tmp = useTempDir();
const PROCESSES = 100;

/** The child script bundled into one plain .js file (children start fast, without a TS loader). */
function bundle(entry: string, dir: string): string {
  // esbuild comes with tsx (a dev dependency); resolved through it so the test needs nothing else.
  const esbuild = createRequire(createRequire(__filename).resolve('tsx/package.json'))('esbuild') as typeof Esbuild;
  const outfile = join(dir, `${entry.replace(/\W/g, '_')}.cjs`);
  esbuild.buildSync({
    entryPoints: [join(__dirname, 'test-support', entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

interface Outcome {
  code: number | null;
  stderr: string;
}

/** Starts `count` children, lets them all go at once when every one is ready, and waits for all. */
async function runAll(script: string, count: number, args: (i: number, go: string) => string[]): Promise<Outcome[]> {
  const go = join(tmp(), 'go');
  let ready = 0;
  let release: () => void = () => {};
  const allReady = new Promise<void>((r) => (release = r));
  const outcomes = Array.from({ length: count }, (_, i) => {
    const child = spawn(process.execPath, [script, ...args(i, go)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('ready') && ++ready === count) release();
    });
    return new Promise<Outcome>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
  });
  await Promise.race([allReady, Promise.all(outcomes)]);
  writeFileSync(go, '');
  return Promise.all(outcomes);
}

describe('bug 9: settings files written by many processes at once', () => {
  it(`${PROCESSES} processes touching the recent projects, the active model and the hash cache: none fails, every file parses, no temporary file is left`, async () => {
    const dir = tmp();
    const dataDir = join(dir, 'data');
    const script = bundle('settings-writer.ts', dir);
    const outcomes = await runAll(script, PROCESSES, (i, go) => [dataDir, go, String(i)]);
    const failed = outcomes.filter((o) => o.code !== 0);
    expect(failed.map((o) => o.stderr.trim().split('\n')[0])).toEqual([]);
    const recent = JSON.parse(readFileSync(join(dataDir, 'recent-projects.json'), 'utf8')) as Array<{ path: string }>;
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.length).toBeLessThanOrEqual(20);
    expect(new Set(recent.map((p) => p.path)).size).toBe(recent.length);
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')).nliModel.path).toMatch(/model-\d+$/);
    expect(Object.keys(JSON.parse(readFileSync(join(dataDir, 'model-hashes.json'), 'utf8'))).length).toBeGreaterThan(0);
    expect(readdirSync(dataDir).filter((n) => /tmp|lock/.test(n))).toEqual([]);
  }, 180_000);
});

describe('bug 9: the shared helper', () => {
  it(`the lock loses no update: ${PROCESSES} processes each append to one JSON list`, async () => {
    const dir = tmp();
    const file = join(dir, 'list.json');
    const script = bundle('append-writer.ts', dir);
    const outcomes = await runAll(script, PROCESSES, (i, go) => [file, go, String(i)]);
    expect(outcomes.filter((o) => o.code !== 0).map((o) => o.stderr)).toEqual([]);
    const list = JSON.parse(readFileSync(file, 'utf8')) as string[];
    expect(list.map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: PROCESSES }, (_, i) => i));
    expect(readdirSync(dir).filter((n) => /tmp|lock/.test(n))).toEqual([]);
  }, 180_000);

  it('temporary names are unique to the process and the write, hidden, in the same folder', () => {
    const a = temporaryName('/data/settings.json');
    const b = temporaryName('/data/settings.json');
    expect(a).not.toBe(b);
    expect(a).toMatch(new RegExp(`^/data/\\.settings\\.json\\.${process.pid}\\.[0-9a-f]{12}\\.tmp$`));
  });

  it('the next write removes the temporary files of writers killed mid-write (pid gone), not those of live ones', () => {
    const dir = tmp();
    const file = join(dir, 'recent-projects.json');
    const dead = join(dir, '.recent-projects.json.2147483646.0123456789ab.tmp');
    const live = join(dir, `.recent-projects.json.${process.ppid}.0123456789ab.tmp`);
    const other = join(dir, '.settings.json.2147483646.0123456789ab.tmp');
    for (const f of [dead, live, other]) writeFileSync(f, '{"projects":[{"path":"/secret"}');
    writeFileAtomic(file, '{}');
    expect(readdirSync(dir).sort()).toEqual([live, other, file].map((f) => f.slice(dir.length + 1)).sort());
  });

  it('a lock left by a process that is gone, or an old one, is taken over at once', () => {
    const dir = tmp();
    const file = join(dir, 'settings.json');
    writeFileSync(`${file}.lock`, `2147483646 ${hostname()} dead`);
    let t = Date.now();
    updateFile(file, () => '{"a":1}');
    expect(Date.now() - t).toBeLessThan(1_000);
    expect(existsSync(`${file}.lock`)).toBe(false);
    writeFileSync(`${file}.lock`, `${process.pid} ${hostname()} old`);
    const old = (Date.now() - 60_000) / 1000;
    utimesSync(`${file}.lock`, old, old);
    t = Date.now();
    updateFile(file, (text) => text!.replace('1', '2'));
    expect(Date.now() - t).toBeLessThan(1_000);
    expect(readFileSync(file, 'utf8')).toBe('{"a":2}');
  });

  it('a lock held too long by a live process does not stop the write: it goes ahead, still whole', () => {
    const dir = tmp();
    const file = join(dir, 'settings.json');
    writeFileSync(`${file}.lock`, `${process.pid} ${hostname()} busy`);
    updateFile(file, () => '{"b":1}', { waitMs: 50 });
    expect(readFileSync(file, 'utf8')).toBe('{"b":1}');
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(`${process.pid} ${hostname()} busy`); // not ours: left alone
  });

  it('a write that cannot be done throws a PrelabelError naming the file and leaves no temporary file', () => {
    const dir = tmp();
    const file = join(dir, 'settings.json');
    mkdirSync(file); // a folder where the file should be
    writeFileSync(join(file, 'x'), '');
    expect(() => writeFileAtomic(file, '{}')).toThrow(PrelabelError);
    expect(() => writeFileAtomic(file, '{}')).toThrow(`Could not save ${file}`);
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('the recent list that cannot be saved never stops a project from opening', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'recent-projects.json'));
    writeFileSync(join(dir, 'recent-projects.json', 'x'), '');
    expect(() => new RecentProjects(dir).touch(join(dir, 'a.prelabel'), 'A')).not.toThrow();
  });
});
