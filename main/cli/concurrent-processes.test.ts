// Issue 10, bugs 1 and 4 through real CLI processes: `prelabel stats` while `prelabel import` runs
// in another process, and `prelabel stats` on a project whose index step was killed.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './cli-main';
import { ProjectStore } from '../core/store/project-store';
import { bigCsv, childEnv, importAndKill, repoRoot, storedRows, untilPendingRows } from '../core/test-support/child-import';
import { useTempDir } from '../core/test-support/temp-dir';

const tmp = useTempDir();

async function run(...argv: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: () => undefined });
  return { code, out: out.join('\n') };
}

describe('the CLI with two processes on one project', () => {
  it('bug 1: `prelabel stats` in another process during `prelabel import` leaves every row in place', async () => {
    const dir = tmp();
    const file = bigCsv(dir, 80_000);
    const path = join(dir, 'p.prelabel');
    process.env.PRELABEL_HOME = join(dir, 'home-stats');
    expect((await run('init', path)).code).toBe(0);

    // The importing process: the real CLI, run from its TypeScript source.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'main/cli/cli-main.ts'), 'import', path, file, '--text-column', 'text', '--json'],
      {
        cwd: repoRoot,
        env: childEnv({ PRELABEL_HOME: join(dir, 'home-import') }),
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));

    await untilPendingRows(path, 10_000);
    const seen = await run('stats', path, '--json');
    expect(seen.code).toBe(0);
    expect(JSON.parse(seen.out).imports[0]).toMatchObject({ status: 'pending', runningElsewhere: true });

    expect(await exited, stderr).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, imported: 80_000, documents: 80_000 });
    expect(storedRows(path)).toBe(80_000);
    const human = await run('stats', path);
    expect(human.out).toContain('big.csv: committed, 80000 rows, 0 skipped\n');
    expect(human.out).toContain('Search:      complete');
  });

  it('bug 4: `prelabel stats` says search is incomplete, and the CLI run completes the index before it exits', async () => {
    const dir = tmp();
    const path = await importAndKill(dir, 20_000, 5_000, 'indexing');
    process.env.PRELABEL_HOME = join(dir, 'home');
    const first = await run('stats', path);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/big\.csv: committed, 20000 rows, 0 skipped, search index incomplete/);
    expect(first.out).toMatch(/Search:\s+incomplete, 1[05]000 of 20000 documents not indexed yet \(being built/);
    const after = ProjectStore.open(path);
    expect(after.searchState()).toMatchObject({ complete: true, pending: 0 });
    expect(after.listDocuments(0, 1, undefined, 'budget').total).toBe(20_000);
    after.close();
    expect((await run('stats', path)).out).toMatch(/Search:\s+complete/);
  });
});
