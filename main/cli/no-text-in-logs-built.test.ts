// No document text in any log, through the built CLI (bin/prelabel.mjs -> out/main/cli.js; build
// first: npm run build): its stderr carries what the whole process tree writes, the inference child
// included. A marker in every document goes through import, pre-label (the tiny model), label,
// export and failing imports; stderr never holds it ([Note: no text in logs] in common/log-safe.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDir } from '../core/test-support/temp-dir';
import { loadFixtures, makeTinyModel, type TinyModel } from '../core/nli/test-support/tiny-model';

const tmp = useTempDir();
const root = fileURLToPath(new URL('../..', import.meta.url));
const built = existsSync(join(root, 'out/main/cli.js')) && existsSync(join(root, 'out/main/inference-process.js'));
const MARKER = 'BUILTLOGMARK';
let model: TinyModel;

beforeAll(() => {
  if (built) model = makeTinyModel(loadFixtures());
});
afterAll(() => model?.cleanup());

describe.skipIf(!built)('no document text on the built CLI’s stderr (skipped without out/main/cli.js)', () => {
  it('import, pre-label, label, export and failing imports write no document text to stderr', () => {
    const dir = tmp();
    const home = join(dir, 'home');
    const stderr: string[] = [];
    const cli = (...argv: string[]) => {
      const r = spawnSync(process.execPath, [join(root, 'bin/prelabel.mjs'), ...argv], {
        env: { ...process.env, PRELABEL_HOME: home },
        encoding: 'utf8',
        timeout: 120_000,
      });
      stderr.push(r.stderr);
      return r.status;
    };
    const project = join(dir, 'p.prelabel');
    const csv = join(dir, 'docs.csv');
    writeFileSync(
      csv,
      ['id,text', ...Array.from({ length: 10 }, (_, i) => `d${i},"${MARKER}${i} the budget debate about rail fares"`)].join('\n') + '\n',
    );
    expect(cli('init', project)).toBe(0);
    expect(cli('import', project, csv, '--text-column', 'text', '--id-column', 'id')).toBe(0);
    const codebook = join(dir, 'codebook.json');
    writeFileSync(codebook, JSON.stringify({ questions: [{ name: 'Topic', labels: [{ name: 'economy' }, { name: 'transport' }] }] }));
    expect(cli('codebook', project, '--set', codebook)).toBe(0);
    expect(cli('prelabel', project, '--model', model.dir, '--threads', '1')).toBe(0);
    expect(cli('label', project, '--doc', 'd2', '--question', 'Topic', '--label', 'economy', '--coder', 'Ana')).toBe(0);
    const out = join(dir, 'out.csv');
    expect(cli('export', project, '--question', 'Topic', '--format', 'csv', '--filter', 'all', '--out', out)).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain(`${MARKER}2`);
    const spill = join(dir, 'spill.csv');
    writeFileSync(spill, `id,text\nx1,${MARKER}A first part, ${MARKER}B spilled part\n`);
    expect(cli('import', project, spill, '--text-column', 'text', '--id-column', 'id', '--on-text-spill', 'error')).not.toBe(0);
    const json = join(dir, 'broken.json');
    writeFileSync(json, `[{"id": "j1", "text": "${MARKER}E fine"}, {"id": "j2", "text": "${MARKER}F broken" "x"}]`);
    expect(cli('import', project, json, '--text-column', 'text')).not.toBe(0);
    expect(stderr.join('').length).toBeGreaterThan(0);
    expect(stderr.filter((s) => s.includes(MARKER))).toEqual([]);
  });
});
