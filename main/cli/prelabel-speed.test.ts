// The CLI's int8 switch and hierarchical scoring with the generated tiny model: `--precision int8`
// goes through the app's agreement check and is refused below `--min-agreement` (exit 1, the
// project unchanged); accepted, the runs carry the int8 file's hash; `--hierarchical --top-parents`
// stores only the labels asked.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from './cli-main';
import { useTempDir } from '../core/test-support/temp-dir';
import { writeAgNewsSubset } from '../core/nli/test-support/prelabel-project';
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

async function project(labels: Array<{ name: string; parent?: string }>, sub = 'a'): Promise<string> {
  const dir = join(tmp(), sub);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'news.prelabel');
  const csv = join(dir, 'news.csv');
  writeAgNewsSubset(csv, 30);
  expect((await run('init', path)).code).toBe(0);
  expect((await run('import', path, csv, '--no-header', '--text-column', '2', '--text-column', '3')).code).toBe(0);
  const codebook = join(dir, 'codebook.json');
  writeFileSync(codebook, JSON.stringify({ questions: [{ name: 'Topic', template: 'This news story is about {}.', labels }] }));
  expect((await run('codebook', path, '--set', codebook)).code).toBe(0);
  return path;
}

const FLAT = [{ name: 'politics' }, { name: 'sports' }, { name: 'business' }, { name: 'science' }];

describe('prelabel CLI: int8 and hierarchical scoring', () => {
  beforeEach(() => {
    process.env.PRELABEL_HOME = join(tmp(), 'home');
  });

  it('--precision int8 checks agreement with fp32: refused below --min-agreement (exit 1, nothing scored), accepted at it, and the run carries the int8 hash', async () => {
    const path = await project(FLAT);
    const accepted = await run('prelabel', path, '--model', model.dir, '--precision', 'int8', '--min-agreement', '0', '--json');
    expect(accepted.code).toBe(0);
    const r = JSON.parse(accepted.out);
    expect(r.precision).toMatchObject({ accepted: true, documents: 30, pairs: 120, minAgreement: 0, int8Source: 'quantised' });
    expect(r.runs[0]).toMatchObject({ documents: 30, modelSha256: r.precision.int8Sha256 });
    const agreement: number = r.precision.agreement;
    // Measured on the tiny random-weight model: not every top label survives int8.
    expect(agreement).toBeLessThan(1);

    const fresh = await project(FLAT, 'b');
    const refused = await run('prelabel', fresh, '--model', model.dir, '--precision', 'int8', '--min-agreement', '100%');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      `int8 refused: the top label agreed with fp32 on ${(100 * agreement).toFixed(1)}% of 30 sampled documents ("Topic"), below the minimum of 100.0%.`,
    );
    const db = new Database(fresh, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM prelabel_runs').pluck().get()).toBe(0);
    expect(db.prepare("SELECT count(*) FROM project_meta WHERE key = 'nli.precision'").pluck().get()).toBe(0);
    db.close();
  });

  it('--hierarchical --top-parents 1 stores the top-level labels and the children of one parent per document', async () => {
    const path = await project([
      { name: 'public affairs' },
      { name: 'politics', parent: 'public affairs' },
      { name: 'business', parent: 'public affairs' },
      { name: 'leisure' },
      { name: 'sports', parent: 'leisure' },
      { name: 'travel', parent: 'leisure' },
    ]);
    const r = await run('prelabel', path, '--model', model.dir, '--hierarchical', '--top-parents', '1', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).runs[0]).toMatchObject({ documents: 30, pairs: 30 * 4 });
    const db = new Database(path, { readonly: true });
    expect(JSON.parse(db.prepare('SELECT options FROM prelabel_runs').pluck().get() as string)).toMatchObject({
      hierarchical: true,
      topParents: 1,
      precision: 'fp32',
    });
    db.close();
  });

  it('refuses bad values of the new flags with one line', async () => {
    const path = await project(FLAT);
    const cases: Array<[string[], RegExp]> = [
      [['--precision', 'int4'], /--precision must be fp32 or int8 \(got "int4"\)/],
      [['--precision', 'int8', '--min-agreement', '1.5x'], /--min-agreement must be a share from 0 to 1 or a percentage/],
      [['--precision', 'int8', '--min-agreement', '120%'], /--min-agreement must be a share/],
      [['--top-parents', '2'], /--top-parents goes with --hierarchical/],
      [['--hierarchical', '--top-parents', '0'], /--top-parents must be a whole number from 1 to 100/],
      [['--hierarchical'], /has no labels with a parent/],
    ];
    for (const [flags, message] of cases) {
      const r = await run('prelabel', path, '--model', model.dir, ...flags);
      expect(r.code, flags.join(' ')).toBe(1);
      expect(r.err).toMatch(message);
    }
  });
});
