// Issue 15: `prelabel <command> --help` prints the command's usage for every command. Before,
// `prelabel delete --help` and `prelabel backup --help` (like every command) failed with
// "Unknown option '--help'", exit 2.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../core/test-support/temp-dir';
import { run } from './test-support/cli-project';
import { commands } from './commands';

const tmp = useTempDir();

describe('prelabel <command> --help', () => {
  it('delete and backup print their usage and summary, exit 0, and do nothing', async () => {
    const project = join(tmp(), 'p.prelabel');
    writeFileSync(project, 'not touched');
    for (const argv of [
      ['delete', '--help'],
      ['delete', project, '--project', '--yes', '--help'],
      ['backup', '-h'],
      ['backup', project, '--help'],
    ]) {
      const r = await run(...argv);
      expect([argv, r.code, r.err]).toEqual([argv, 0, '']);
      const c = commands[argv[0]!]!;
      expect(r.out).toContain(`Usage: prelabel ${c.usage}`);
      expect(r.out).toContain(c.summary);
    }
    expect(existsSync(project)).toBe(true);
    expect(existsSync(`${project}.backups`)).toBe(false);
  });

  it('every command answers --help', async () => {
    for (const [name, c] of Object.entries(commands)) {
      const r = await run(name, '--help');
      expect([name, r.code, r.out.startsWith(`Usage: prelabel ${c.usage}\n`)]).toEqual([name, 0, true]);
    }
  });

  it('an unknown option is still refused in one line, and --help after -- is an argument', async () => {
    const r = await run('delete', '--nonsense');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^prelabel delete: Unknown option '--nonsense'/);
    const after = await run('backup', '--', '--help');
    expect(after.out).not.toContain('Usage:');
  });
});
