// Bug 9 of issue 10 at the CLI: commands run at the same time share the app data folder's
// recent-projects file. None may fail because of another, and none may print a stack trace.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decide, makeExportProject } from '../core/export/test-support/export-project';
import { useTempDir } from '../core/test-support/temp-dir';
import { main } from './cli-main';

const tmp = useTempDir();
const root = fileURLToPath(new URL('../..', import.meta.url));
const built = existsSync(join(root, 'out/main/cli.js'));
const PROCESSES = 100;

function project(): string {
  const p = makeExportProject(tmp(), [
    { id: 'a', text: 'For it.' },
    { id: 'b', text: 'Against it.' },
  ]);
  decide(p, { documentId: p.docs[0]!, labels: [p.label['in favour of']!] });
  p.db.close();
  return p.path;
}

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('bug 9: parallel commands and the shared recent-projects file', () => {
  let home: string;
  beforeEach(() => {
    home = join(tmp(), 'home');
    process.env.PRELABEL_HOME = home;
  });
  afterEach(() => vi.restoreAllMocks());

  it('stats still works when the recent list cannot be saved: exit 0, nothing on stderr, no stack trace', async () => {
    const path = project();
    mkdirSync(join(home, 'recent-projects.json'), { recursive: true }); // a folder where the file should be
    writeFileSync(join(home, 'recent-projects.json', 'x'), '');
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const r = await run('stats', path);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Documents: {3}2/);
    expect(consoleError).not.toHaveBeenCalled();
  });

  it.skipIf(!built)(
    `${PROCESSES} parallel \`prelabel stats\` of the built CLI against one data folder: none fails, the recent list parses${built ? '' : ' [skipped: out/main/cli.js is missing; run npm run build first]'}`,
    async () => {
      const path = project();
      const outcomes = await Promise.all(
        Array.from({ length: PROCESSES }, () => {
          const child = spawn(process.execPath, [join(root, 'bin/prelabel.mjs'), 'stats', path], {
            env: { ...process.env, PRELABEL_HOME: home },
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          let stderr = '';
          child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
          child.stdout.resume();
          return new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
        }),
      );
      expect(outcomes.filter((o) => o.code !== 0 || o.stderr !== '').map((o) => `${o.code}: ${o.stderr.slice(0, 300)}`)).toEqual([]);
      const recent = JSON.parse(readFileSync(join(home, 'recent-projects.json'), 'utf8')) as Array<{ path: string }>;
      expect(recent.map((p) => p.path)).toEqual([path]);
    },
    240_000,
  );
});
