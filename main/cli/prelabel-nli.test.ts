// The CLI's NLI faces end to end with the generated tiny model: `prelabel prelabel` scores every
// question of a project without changing the app's saved model, `prelabel nli` prints the three
// probabilities; bad input exits non-zero with one line.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from './cli-main';
import { cudaUnavailableReason } from '../core/nli/inference/cpu-cores';
import { useTempDir } from '../core/test-support/temp-dir';
import { writeAgNewsSubset } from '../core/nli/test-support/prelabel-project';
import { loadFixtures, makeTinyModel, type TinyModel } from '../core/nli/test-support/tiny-model';

const tmp = useTempDir();
const root = fileURLToPath(new URL('../..', import.meta.url));
const built = existsSync(join(root, 'out/main/cli.js')) && existsSync(join(root, 'out/main/inference-process.js'));
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

async function projectWithCodebook(): Promise<string> {
  const dir = tmp();
  const project = join(dir, 'news.prelabel');
  const csv = join(dir, 'news.csv');
  writeAgNewsSubset(csv, 30);
  expect((await run('init', project)).code).toBe(0);
  expect((await run('import', project, csv, '--no-header', '--text-column', '2', '--text-column', '3')).code).toBe(0);
  const codebook = join(dir, 'codebook.json');
  writeFileSync(
    codebook,
    JSON.stringify({
      questions: [
        {
          name: 'Topic',
          template: 'This news story is about {}.',
          labels: [{ name: 'politics' }, { name: 'sports' }, { name: 'business' }, { name: 'science' }],
        },
        { name: 'Tone', multiLabel: true, template: 'The tone of this text is {}.', labels: [{ name: 'neutral' }, { name: 'alarming' }] },
      ],
    }),
  );
  expect((await run('codebook', project, '--set', codebook)).code).toBe(0);
  return project;
}

describe('prelabel CLI: NLI', () => {
  beforeEach(() => {
    process.env.PRELABEL_HOME = join(tmp(), 'home');
  });

  it('prelabel scores every question with --json, leaves the saved model alone, and a second call has nothing left to do', async () => {
    const project = await projectWithCodebook();
    const r = await run('prelabel', project, '--model', model.dir, '--threads', '1', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.out);
    expect(parsed).toMatchObject({
      ok: true,
      runs: [
        { question: 'Topic', status: 'done', documents: 30, pairs: 120, runId: expect.any(String) },
        { question: 'Tone', status: 'done', documents: 30, pairs: 60 },
      ],
    });
    for (const r of parsed.runs) {
      expect(r.seconds).toBeGreaterThan(0);
      expect(r.pairsPerSecond).toBeGreaterThan(0);
    }
    const db = new Database(project, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM predictions').pluck().get()).toBe(180);
    expect(JSON.parse(db.prepare('SELECT options FROM prelabel_runs LIMIT 1').pluck().get() as string)).toMatchObject({
      threads: 1,
      provider: 'cpu',
    });
    db.close();
    const settings = join(process.env.PRELABEL_HOME!, 'settings.json');
    expect(existsSync(settings) ? JSON.parse(readFileSync(settings, 'utf8')).nliModel : undefined).toBeUndefined();

    const again = await run('prelabel', project, '--model', model.dir, '--question', 'Topic');
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/^Topic: 0 documents, 0 pairs in /);
  });

  it('nli prints the three probabilities (JSON: summing to 1), the percentages for people', async () => {
    const premise = 'The striker scored twice in the final minutes of the match.';
    const hypothesis = 'This text is about sports.';
    const json = await run('nli', '--model', model.dir, '--premise', premise, '--hypothesis', hypothesis, '--json');
    expect(json.code).toBe(0);
    const r = JSON.parse(json.out);
    expect(r).toMatchObject({ ok: true, model: 'tiny-xlmr', truncated: false, logits: expect.any(Array) });
    expect(r.entailment + r.neutral + r.contradiction).toBeCloseTo(1, 10);
    const human = await run('nli', '--model', model.dir, '--premise', premise, '--hypothesis', hypothesis);
    expect(human.code).toBe(0);
    const pct = (p: number) => `${(100 * p).toFixed(1)}%`;
    expect(human.out).toBe(`entailment ${pct(r.entailment)}  neutral ${pct(r.neutral)}  contradiction ${pct(r.contradiction)}`);
  });

  it('exits non-zero with a one-line message on bad input', async () => {
    const project = await projectWithCodebook();
    const cases: Array<[string[], RegExp]> = [
      [['prelabel', project], /^prelabel prelabel: --model DIR is required/],
      [['prelabel', project, '--model', join(tmp(), 'nope')], /no such folder/],
      [
        ['prelabel', project, '--model', join(model.dir, 'onnx')],
        /onnx: not a complete model folder; missing config\.json, tokenizer\.json, onnx\/model\.onnx/,
      ],
      [
        ['prelabel', project, '--model', model.dir, '--question', 'Stance'],
        /The codebook has no question "Stance" \(it has "Topic", "Tone"\)/,
      ],
      [['prelabel', project, '--model', model.dir, '--threads', 'many'], /--threads must be a whole number from 1 to 64/],
      [['prelabel', project, '--model', model.dir, '--provider', 'gpu'], /--provider must be one of cpu, cuda \(got "gpu"\)/],
      [['nli', '--model', model.dir, '--premise', 'x'], /^prelabel nli: --hypothesis TEXT is required/],
    ];
    for (const [argv, message] of cases) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.err).toMatch(message);
      expect(r.err.split('\n')).toHaveLength(1);
    }
  });
});

describe('prelabel CLI: --provider cuda', () => {
  beforeEach(() => {
    process.env.PRELABEL_HOME = join(tmp(), 'home');
  });

  it.skipIf(cudaUnavailableReason() === null)(
    'says the CUDA provider is not installed and how to get it (or that CUDA is Linux x64 only), in one line, before loading anything',
    async () => {
      const project = await projectWithCodebook();
      const r = await run('prelabel', project, '--model', model.dir, '--provider', 'cuda');
      expect(r.code).toBe(1);
      expect(r.err.split('\n')).toHaveLength(1);
      if (process.platform === 'linux' && process.arch === 'x64') {
        expect(r.err).toMatch(
          /The CUDA provider of onnxruntime-node is not installed \(libonnxruntime_providers_shared\.so and libonnxruntime_providers_cuda\.so missing in .*\)/,
        );
        expect(r.err).toContain('ONNXRUNTIME_NODE_INSTALL=cuda12 node script/install');
      } else {
        expect(r.err).toMatch(/CUDA is only available on Linux x64/);
      }
      // Nothing was scored.
      const db = new Database(project, { readonly: true });
      expect(db.prepare('SELECT count(*) FROM predictions').pluck().get()).toBe(0);
      db.close();
    },
  );

  it('--provider cpu is the default and is recorded with the run', async () => {
    const project = await projectWithCodebook();
    const r = await run('prelabel', project, '--model', model.dir, '--question', 'Tone', '--threads', '1', '--provider', 'cpu', '--json');
    expect(r.code).toBe(0);
    const db = new Database(project, { readonly: true });
    expect(JSON.parse(db.prepare('SELECT options FROM prelabel_runs LIMIT 1').pluck().get() as string)).toMatchObject({ provider: 'cpu' });
    db.close();
  });
});

describe.skipIf(!built)('the built CLI (bin/prelabel.mjs -> out/main/cli.js)', () => {
  it('forks out/main/inference-process.js from its chunk, scores, and exits on its own', async () => {
    const home = join(tmp(), 'home');
    process.env.PRELABEL_HOME = home;
    const project = await projectWithCodebook();
    const cli = (...argv: string[]) =>
      spawnSync(process.execPath, [join(root, 'bin/prelabel.mjs'), ...argv], {
        env: { ...process.env, PRELABEL_HOME: home },
        encoding: 'utf8',
        timeout: 60_000,
      });
    const scored = cli('prelabel', project, '--model', model.dir, '--question', 'Tone', '--json');
    expect(scored.stderr).toBe('');
    expect(scored.status).toBe(0);
    expect(JSON.parse(scored.stdout)).toMatchObject({ ok: true, runs: [{ question: 'Tone', status: 'done', documents: 30, pairs: 60 }] });
    const nli = cli(
      'nli',
      '--model',
      model.dir,
      '--premise',
      'Rain is expected tomorrow.',
      '--hypothesis',
      'This text is about the weather.',
      '--json',
    );
    expect(nli.status).toBe(0);
    expect(JSON.parse(nli.stdout)).toMatchObject({ ok: true, truncated: false });
  });
});
