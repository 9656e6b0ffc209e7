// Runs a real child process and kills it (SIGKILL, as `kill -9` or a power cut of the process
// would) after a chosen delay. Only complete stdout lines count: a line the child had not finished
// writing when it died was never acknowledged.
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../../../..');
/** The built CLI: bin/prelabel.mjs, which runs out/main/cli.js; KILL_CLI names another copy (a
 * snapshot of bin/ and out/ beside a link to node_modules, so that a long run goes on while
 * out/ is rebuilt). */
export const builtCli = process.env.KILL_CLI ?? join(repoRoot, 'bin/prelabel.mjs');

export interface ChildRun {
  /** true: the kill landed while the process ran; false: it had exited first (code set). */
  killed: boolean;
  code: number | null;
  /** Complete stdout lines, in order. */
  lines: string[];
  stderr: string;
  ms: number;
}

/** An environment without VITEST (so CLIs run) and with the app folder set. */
export function childEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PRELABEL_HOME: home };
  delete env.VITEST;
  return env;
}

/**
 * Starts `node args...` and sends SIGKILL after `killAfterMs` (null: lets it finish). `onLine` sees
 * each complete line as it comes and may return a delay (ms) after which to kill the process.
 */
export function runChild(
  args: string[],
  opts: {
    home: string;
    killAfterMs: number | null;
    onLine?: (line: string) => number | null;
    /** Polled every 5 ms: once it gives a delay (ms), the process is killed that long after. */
    killWhen?: () => number | null;
    limitMs?: number;
  },
): Promise<ChildRun> {
  const started = Date.now();
  const child = spawn(process.execPath, args, { cwd: repoRoot, env: childEnv(opts.home), stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let pending = '';
  let stderr = '';
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  child.stdout.on('data', (d: Buffer) => {
    pending += d.toString();
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      lines.push(line);
      const after = opts.onLine?.(line) ?? null;
      if (after !== null) timers.push(setTimeout(kill, after));
    }
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timers = [setTimeout(kill, opts.limitMs ?? 120_000)];
  if (opts.killAfterMs !== null) timers.push(setTimeout(kill, opts.killAfterMs));
  const { killWhen } = opts;
  const poll = killWhen
    ? setInterval(() => {
        const after = killWhen();
        if (after === null) return;
        clearInterval(poll!);
        timers.push(setTimeout(kill, after));
      }, 5)
    : null;
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code, signal) => {
      for (const t of timers) clearTimeout(t);
      if (poll) clearInterval(poll);
      done({ killed: signal === 'SIGKILL', code, lines, stderr, ms: Date.now() - started });
    });
  });
}

/** Bytes in a project's WAL file: past a few pages, the operation has begun writing. */
export function walBytes(project: string): number {
  return statSync(`${project}-wal`, { throwIfNoEntry: false })?.size ?? 0;
}

/** The built CLI (out/), as a person would run it. */
export function cliArgs(...argv: string[]): string[] {
  return [builtCli, ...argv];
}

/** A TypeScript driver of this folder run through tsx. */
export function driverArgs(name: string, ...argv: string[]): string[] {
  return ['--import', 'tsx', join(repoRoot, 'main/core/fault/test-support/drivers', name), ...argv];
}

/** Runs the CLI to completion and fails with its stderr when it does not exit 0. */
export async function cliOk(home: string, ...argv: string[]): Promise<ChildRun> {
  const r = await runChild(cliArgs(...argv), { home, killAfterMs: null });
  if (r.code !== 0) throw new Error(`prelabel ${argv[0]} exited ${r.code}: ${r.stderr.trim()}`);
  return r;
}
