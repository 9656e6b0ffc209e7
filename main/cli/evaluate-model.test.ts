// `prelabel evaluate-model` through the built CLI (bin/prelabel.mjs -> out/main/cli.js; build first)
// with the generated tiny model: its --json output equals the independent reference
// (scripts/reference/make_xnli_fixture.py) pair for pair; the human output is the model card's
// layout; bad input exits non-zero with one line. The card's row is checked on a made-up evaluation
// of the card's model (the real model is not on these machines).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelEvaluation } from '../../common/contract';
import { corpusFile } from '../core/test-support/corpora';
import { loadFixtures, makeTinyModel, type TinyModel } from '../core/nli/test-support/tiny-model';
import { expectMatchesReference, loadXnliReference, referenceRun } from '../core/nli/test-support/xnli-fixture';
import { evaluationLines } from './commands/evaluate-model-table';

const root = fileURLToPath(new URL('../..', import.meta.url));
const built = existsSync(join(root, 'out/main/cli.js')) && existsSync(join(root, 'out/main/inference-process.js'));
const reference = loadXnliReference();
let model: TinyModel;
const home = mkdtempSync(join(tmpdir(), 'prelabel-evaluate-home-'));

beforeAll(() => {
  model = makeTinyModel(loadFixtures());
});
afterAll(() => model?.cleanup());

const cli = (...argv: string[]) =>
  spawnSync(process.execPath, [join(root, 'bin/prelabel.mjs'), ...argv], {
    env: { ...process.env, PRELABEL_HOME: home },
    encoding: 'utf8',
    timeout: 120_000,
  });

describe.skipIf(!built)(`prelabel evaluate-model (the built CLI${built ? '' : '; skipped: run npm run build first'})`, () => {
  it('--json --predictions equals the independent reference on the first 20 pairs of every XNLI dev file', () => {
    const run = referenceRun(reference, 'xnli-dev');
    const r = cli('evaluate-model', '--model', model.dir, '--xnli', corpusFile('xnli_dev'), '--limit', '20', '--json', '--predictions');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const e = JSON.parse(r.stdout) as ModelEvaluation & { ok: boolean };
    expect(e.ok).toBe(true);
    expectMatchesReference(e, run);
    expect(e.model).toMatchObject({ id: 'tiny-xlmr', precision: 'fp32', sha256: reference.meta.modelSha256, maxLength: 512 });
    // Without --predictions the JSON leaves the per-pair classes out.
    const plain = JSON.parse(
      cli('evaluate-model', '--model', model.dir, '--xnli', corpusFile('xnli_dev'), '--languages', 'sw', '--limit', '20', '--json').stdout,
    );
    expect(plain.languages[0].predictions).toBeUndefined();
    expect(plain.languages[0].correct).toBe(run.languages.find((l) => l.language === 'sw')!.correct);
  });

  it('the German test file with --languages de matches the reference, and prints the card layout for people', () => {
    const run = referenceRun(reference, 'xnli-de-test');
    const dir = corpusFile('xnli_de_test');
    const json = cli(
      'evaluate-model',
      '--model',
      model.dir,
      '--xnli',
      dir,
      '--languages',
      'de',
      '--limit',
      '30',
      '--json',
      '--predictions',
    );
    expect(json.status).toBe(0);
    expectMatchesReference(JSON.parse(json.stdout), run);
    const human = cli('evaluate-model', '--model', model.dir, '--xnli', dir, '--languages', 'de', '--limit', '30');
    expect(human.status).toBe(0);
    expect(human.stderr).toBe('');
    const lines = human.stdout.split('\n');
    expect(lines[0]).toBe(
      `Model: tiny-xlmr (${model.dir}), fp32, sha256 ${reference.meta.modelSha256.slice(0, 12)}…; label2id contradiction 0, entailment 1, neutral 2`,
    );
    const acc = run.languages[0]!.accuracy.toFixed(3);
    expect(lines).toContain('Datasets         avg_xnli     de');
    expect(lines).toContain(`Accuracy (test)     ${acc}  ${acc}`);
    expect(lines).toContain('Pairs                  30     30');
    expect(human.stdout).toMatch(
      /^30 pairs in \d+\.\d s \(\d+ pairs\/s\), cpu, \d+ threads?; pooled accuracy \d\.\d{3}; 0 premises cut to 512 tokens/m,
    );
    expect(human.stdout).toContain('Prelabel knows no model card for this model');
  });

  it('exits non-zero with one line on bad input', () => {
    const dev = corpusFile('xnli_dev');
    const cases: Array<[string[], RegExp]> = [
      [['evaluate-model', '--xnli', dev], /^prelabel evaluate-model: --model DIR is required/],
      [['evaluate-model', '--model', model.dir], /^prelabel evaluate-model: --xnli DIR is required/],
      [
        ['evaluate-model', '--model', model.dir, '--xnli', dev, '--languages', 'de,Deutsch'],
        /--languages takes language codes separated by commas/,
      ],
      [['evaluate-model', '--model', model.dir, '--xnli', dev, '--languages', 'ja'], /has no XNLI file for ja; it has ar, de, en/],
      [['evaluate-model', '--model', model.dir, '--xnli', dev, '--limit', '0'], /--limit must be a whole number of pairs per language/],
      [['evaluate-model', '--model', model.dir, '--xnli', dev, '--predictions'], /--predictions goes with --json/],
      [['evaluate-model', '--model', model.dir, '--xnli', dev, '--precision', 'fp16'], /--precision must be fp32 or int8/],
    ];
    for (const [argv, message] of cases) {
      const r = cli(...argv);
      expect(r.status, argv.join(' ')).toBe(1);
      expect(r.stderr.trim()).toMatch(message);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
    }
  });
});

describe("evaluate-model's human output beside the model card", () => {
  it("puts the card's row under the measured one, one column per language, and names card numbers outside the measured interval", () => {
    const lang = (language: string, accuracy: number, interval: [number, number], card: number) => ({
      language,
      file: `dev-${language}.tsv`,
      split: 'dev' as const,
      pairs: 2490,
      correct: Math.round(accuracy * 2490),
      accuracy,
      interval,
      card,
      truncated: 0,
      confusion: [],
    });
    const e: ModelEvaluation = {
      model: {
        id: 'MoritzLaurer/multilingual-MiniLMv2-L6-mnli-xnli',
        path: '/m',
        sha256: 'f'.repeat(64),
        precision: 'fp32',
        maxLength: 512,
      },
      task: '3-way',
      classes: ['entailment', 'neutral', 'contradiction'],
      id2label: ['entailment', 'neutral', 'contradiction'],
      classOfLogit: ['entailment', 'neutral', 'contradiction'],
      xnliDir: '/data/xnli_dev',
      skipped: [],
      languages: [lang('ar', 0.69, [0.672, 0.708], 0.687), lang('sw', 0.61, [0.591, 0.629], 0.642)],
      average: { accuracy: 0.65, pooled: 0.65, pairs: 4980, correct: 3237, card: 0.6645 },
      card: {
        name: 'MoritzLaurer/multilingual-MiniLMv2-L6-mnli-xnli',
        source: 'https://huggingface.co/x',
        split: 'test',
        average: 0.713,
        matchedBy: 'sha256',
      },
      truncated: 0,
      seconds: 20,
      pairsPerSecond: 249,
      threads: 2,
      provider: 'cpu',
    };
    const lines = evaluationLines(e);
    expect(lines.slice(3, 9)).toEqual([
      'Datasets        avg_xnli     ar     sw',
      'Accuracy (dev)     0.650  0.690  0.610',
      '95% low                   0.672  0.591',
      '95% high                  0.708  0.629',
      'Card (test)        0.664  0.687  0.642',
      'Pairs               4980   2490   2490',
    ]);
    const text = lines.join('\n');
    expect(text).toContain(
      'recognised by the SHA-256 of onnx/model.onnx. Its avg_xnli is 0.713 over its 15 languages, 0.664 over the 2 here.',
    );
    expect(text).toContain('The card reports the test split');
    expect(text).toContain('Outside the measured 95% interval: sw (card 0.642, measured 0.610).');
  });
});
