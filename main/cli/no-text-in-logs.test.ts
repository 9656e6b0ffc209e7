// No document text in any log ([Note: no text in logs] in common/log-safe.ts): a marker text planted in
// every document goes through import, pre-label (the tiny model), label, export and error paths of
// the CLI, and is in none of what was written to the console, to stderr or to the CLI's error lines.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from './cli-main';
import { toErrorResult } from '../core/api/dispatcher';
import { loadFixtures, makeTinyModel, type TinyModel } from '../core/nli/test-support/tiny-model';
import { useTempDir } from '../core/test-support/temp-dir';
import { logSafe } from '../../common/log-safe';

const tmp = useTempDir();
const MARKER = 'LOGMARKQZ';
let model: TinyModel | null = null;
let logged: string[] = [];

beforeAll(() => {
  model = makeTinyModel(loadFixtures());
});
afterAll(() => model?.cleanup());

beforeEach(() => {
  process.env.PRELABEL_HOME = join(tmp(), 'home');
  logged = [];
  const keep = (...parts: unknown[]) => {
    logged.push(parts.map((p) => (p instanceof Error ? `${p.message}\n${p.stack}` : String(p))).join(' '));
  };
  for (const level of ['log', 'error', 'warn', 'info', 'debug'] as const) vi.spyOn(console, level).mockImplementation(keep);
  const write = process.stderr.write.bind(process.stderr);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    logged.push(String(chunk));
    return write(chunk, ...(rest as []));
  });
});
afterEach(() => vi.restoreAllMocks());

async function run(...argv: string[]) {
  const out: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => logged.push(s) });
  return { code, out: out.join('\n') };
}

describe('no document text in any log', () => {
  it('import, pre-label, label, export and failing imports log and print no document text', async () => {
    const dir = tmp();
    const project = join(dir, 'p.prelabel');
    expect((await run('init', project)).code).toBe(0);
    const csv = join(dir, 'docs.csv');
    const texts = Array.from({ length: 12 }, (_, i) => `${MARKER}${i} the budget debate about taxes and rail fares`);
    writeFileSync(csv, ['id,text', ...texts.map((t, i) => `d${i},"${t}"`)].join('\n') + '\n');
    expect((await run('import', project, csv, '--text-column', 'text', '--id-column', 'id')).code).toBe(0);
    const codebook = join(dir, 'codebook.json');
    writeFileSync(codebook, JSON.stringify({ questions: [{ name: 'Topic', labels: [{ name: 'economy' }, { name: 'transport' }] }] }));
    expect((await run('codebook', project, '--set', codebook)).code).toBe(0);
    expect((await run('prelabel', project, '--model', model!.dir, '--threads', '1')).code).toBe(0);
    expect((await run('label', project, '--doc', 'd3', '--question', 'Topic', '--label', 'economy', '--coder', 'Ana')).code).toBe(0);
    const out = join(dir, 'out.csv');
    expect((await run('export', project, '--question', 'Topic', '--format', 'csv', '--filter', 'all', '--out', out)).code).toBe(0);
    // The export holds the text (it is the user's file), the logs do not.
    expect(readFileSync(out, 'utf8')).toContain(`${MARKER}3`);

    // Error paths: a text that spilled into further fields with --on-text-spill error (its message
    // used to quote the spilled text), a repeated id, a JSON file broken inside a text.
    const spill = join(dir, 'spill.csv');
    writeFileSync(spill, `id,text\nx1,${MARKER}A first part, ${MARKER}B spilled part\n`);
    expect((await run('import', project, spill, '--text-column', 'text', '--id-column', 'id', '--on-text-spill', 'error')).code).not.toBe(
      0,
    );
    const dup = join(dir, 'dup.csv');
    writeFileSync(dup, `id,text\nx1,"${MARKER}C one"\nx1,"${MARKER}D two"\n`);
    expect((await run('import', project, dup, '--text-column', 'text', '--id-column', 'id')).code).not.toBe(0);
    const json = join(dir, 'broken.json');
    writeFileSync(json, `[{"id": "j1", "text": "${MARKER}E fine"}, {"id": "j2", "text": "${MARKER}F broken" "x"}]`);
    expect((await run('import', project, json, '--text-column', 'text')).code).not.toBe(0);

    expect(logged.length).toBeGreaterThan(0);
    const leaks = logged.filter((line) => line.includes(MARKER));
    expect(leaks).toEqual([]);
  });

  it('an unexpected error that quotes a row is logged and answered without it', () => {
    let thrown: unknown;
    try {
      JSON.parse(`${MARKER} secret row text`);
    } catch (err) {
      thrown = err;
    }
    // V8 quotes the input it failed on.
    expect(String((thrown as Error).message)).toContain(MARKER);
    const answer = toErrorResult(thrown, 'import.start');
    expect(answer.ok).toBe(false);
    expect(JSON.stringify(answer)).not.toContain(MARKER);
    expect(logged.join('\n')).toContain('[core] import.start failed: SyntaxError');
    expect(logged.join('\n')).not.toContain(MARKER);
    expect(logSafe(thrown)).toMatch(/^SyntaxError: .*\n\s+at /);
  });
});
