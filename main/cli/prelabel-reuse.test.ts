// The CLI reports the pairs reused from identical texts ([Note: reuse of identical inputs]) and the
// core's own CPU time per pair, in its text summary and in --json; a second import of the same rows
// is stored without scoring a pair.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from './cli-main';
import { useTempDir } from '../core/test-support/temp-dir';
import { corpusFile } from '../core/test-support/corpora';
import { loadFixtures, makeTinyModel, type TinyModel } from '../core/nli/test-support/tiny-model';

const tmp = useTempDir();
let model: TinyModel;

beforeAll(() => {
  model = makeTinyModel(loadFixtures());
});
afterAll(() => model?.cleanup());

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('prelabel CLI: pairs reused from identical texts', () => {
  beforeEach(() => {
    process.env.PRELABEL_HOME = join(tmp(), 'home');
  });

  it('counts the reused pairs and the core ms per pair, in text and --json', async () => {
    const dir = join(tmp(), 'p');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'news.prelabel');
    const ag = readFileSync(corpusFile('ag_news', 'test.csv'), 'utf8').split('\n');
    const csv = join(dir, 'news.csv');
    writeFileSync(csv, [...ag.slice(0, 30), ...ag.slice(0, 10)].join('\n') + '\n'); // 10 repeats
    const importIt = async () =>
      expect((await run('import', path, csv, '--no-header', '--text-column', '2', '--text-column', '3')).code).toBe(0);
    expect((await run('init', path)).code).toBe(0);
    await importIt();
    const codebook = join(dir, 'codebook.json');
    const labels = ['politics', 'sports', 'business', 'science'].map((name) => ({ name }));
    writeFileSync(codebook, JSON.stringify({ questions: [{ name: 'Topic', template: 'This news story is about {}.', labels }] }));
    expect((await run('codebook', path, '--set', codebook)).code).toBe(0);

    const text = await run('prelabel', path, '--model', model.dir);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^Topic: 40 documents, 120 pairs in [\d.]+ s \(\d+ pairs\/s\), 40 pairs reused from identical texts$/);

    await importIt(); // the same 40 rows again: every pair is stored already
    const json = await run('prelabel', path, '--model', model.dir, '--json');
    expect(json.code).toBe(0);
    const r = JSON.parse(json.out).runs[0];
    expect(r).toMatchObject({ documents: 40, pairs: 0, reusedDocuments: 40, reusedPairs: 160 });
    expect(r.coreMsPerPair).toBeGreaterThan(0);
  });
});
