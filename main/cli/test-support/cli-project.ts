// In-process CLI runs for the command tests, and the small projects they start from, made through
// the CLI itself (init, import of an id,text CSV, codebook --set).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { main } from '../cli-main';

/** One CLI command in this process: its exit code and what it wrote to stdout and stderr. */
export async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A new project at `path` with `csv` (an id,text file, written as docs.csv beside it) imported and
 * `questions` set as its codebook (written as codebook.json beside it); its path. */
export async function projectByCli(path: string, csv: string, questions: readonly object[]): Promise<string> {
  await run('init', path);
  const csvPath = join(dirname(path), 'docs.csv');
  writeFileSync(csvPath, csv);
  expect((await run('import', path, csvPath, '--text-column', 'text', '--id-column', 'id')).code).toBe(0);
  const codebook = join(dirname(path), 'codebook.json');
  writeFileSync(codebook, JSON.stringify({ questions }));
  expect((await run('codebook', path, '--set', codebook)).code).toBe(0);
  return path;
}

/** `dir`/p.prelabel with the documents t1, t2, t3 of `texts` and one question, Stance (favour, against). */
export function stanceProject(dir: string, texts: readonly [string, string, string]): Promise<string> {
  const csv = ['id,text', ...texts.map((t, i) => `t${i + 1},"${t}"`)].join('\n') + '\n';
  return projectByCli(join(dir, 'p.prelabel'), csv, [{ name: 'Stance', labels: [{ name: 'favour' }, { name: 'against' }] }]);
}
