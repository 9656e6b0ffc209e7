// model.evaluate (the CLI's evaluate-model) with the generated tiny model against the independent
// reference (scripts/reference/make_xnli_fixture.py: SentencePiece tokens and a float64 torch
// forward pass): the same predicted class for every XNLI pair, the pair layout of MODEL.md with only
// the premise cut, classes named by label2id, and the job's refusals, exclusivity and cancel.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JobDone, ModelEvaluation } from '../../../common/contract';
import { corpusFile } from '../test-support/corpora';
import { useTempDir } from '../test-support/temp-dir';
import { makeTestCore, type TestCore } from '../test-support/test-core';
import { NliTokenizer } from './scoring/tokenizer';
import { loadFixtures, makeTinyModel, type TinyModel } from './test-support/tiny-model';
import { expectMatchesReference, loadXnliReference, referenceRun } from './test-support/xnli-fixture';

const reference = loadXnliReference();
const tmp = useTempDir();
let model: TinyModel;
let t: TestCore | null = null;
const xnliDev = () => corpusFile('xnli_dev');
const xnliDeTest = () => corpusFile('xnli_de_test');

beforeAll(() => {
  model = makeTinyModel(loadFixtures());
  expect(reference.meta.modelSha256, 'the XNLI reference was made from another tiny model: regenerate it').toBe(
    loadFixtures().meta.modelSha256,
  );
});
afterAll(() => model?.cleanup());
afterEach(async () => {
  if (t) await t.core.context.engine.close();
  t = null;
});

async function core(modelDir = model.dir): Promise<TestCore> {
  t = makeTestCore(tmp());
  await t.call('model.select', { path: modelDir, persist: false });
  return t;
}

const evaluate = (c: TestCore, input: Parameters<TestCore['call']>[1] & object) =>
  c.call('model.evaluate', { predictions: true, ...input } as never) as Promise<ModelEvaluation>;

describe('model.evaluate against the independent reference', () => {
  it('scores the first 20 pairs of every XNLI dev file as the reference does: every prediction, accuracy, interval, confusion, average', async () => {
    const c = await core();
    const run = referenceRun(reference, 'xnli-dev');
    const e = await evaluate(c, { xnliDir: xnliDev(), limit: run.limit, threads: 1 });
    expectMatchesReference(e, run);
    expect(e).toMatchObject({
      task: '3-way',
      classes: ['entailment', 'neutral', 'contradiction'],
      // The tiny model's label2id is ordered contradiction, entailment, neutral on purpose.
      id2label: ['contradiction', 'entailment', 'neutral'],
      classOfLogit: ['contradiction', 'entailment', 'neutral'],
      card: null,
      skipped: [],
      provider: 'cpu',
      threads: 1,
    });
    expect(e.languages).toHaveLength(10);
    expect(e.languages.every((l) => l.card === null && l.split === 'dev')).toBe(true);
    // The job ended once, done, and its result leaves the per-pair predictions to the call's answer.
    const done = c.events.filter((x) => x.event === 'job:done').map((x) => x.payload as JobDone);
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ kind: 'evaluate-model', status: 'done' });
    const result = (done[0] as Extract<JobDone, { kind: 'evaluate-model' }>).result!;
    expect(result.average).toEqual(e.average);
    expect(result.languages.every((l) => l.predictions === undefined)).toBe(true);
  });

  it('encodes every pair as the reference: <s> premise </s></s> hypothesis </s>, only the premise cut, the hypothesis whole', () => {
    const tok = NliTokenizer.fromModelDir(model.dir);
    let cut = 0;
    for (const run of reference.runs) {
      const dir = corpusFile(run.folder);
      for (const lang of run.languages) {
        const lines = readFileSync(join(dir, lang.file), 'utf8').split('\n').slice(0, run.limit);
        lines.forEach((line, i) => {
          const [premise, hypothesis] = line.split('\t') as [string, string];
          const pair = tok.encodePair(premise, hypothesis, run.maxLength);
          expect(pair.inputIds, `${run.name} ${lang.language} pair ${i}`).toEqual(lang.inputIds[i]);
          const h = tok.tokenize(hypothesis);
          expect(pair.inputIds.length).toBeLessThanOrEqual(run.maxLength);
          expect(pair.inputIds.slice(0, 1)).toEqual([0]);
          expect(pair.inputIds.slice(-h.length - 3)).toEqual([2, 2, ...h, 2]);
          if (pair.truncated) cut++;
        });
      }
    }
    // The max-length-64 run cuts premises; the 512 runs cut none.
    expect(cut).toBe(referenceRun(reference, 'xnli-dev-max64').languages.reduce((a, l) => a + l.truncated, 0));
    expect(cut).toBeGreaterThan(10);
  });

  it("cuts only the premise at the engine's max length: at 64 tokens the predictions and truncated counts match the reference", async () => {
    const c = await core();
    c.core.context.engine.tuning.maxLength = 64;
    const run = referenceRun(reference, 'xnli-dev-max64');
    const e = await evaluate(c, { xnliDir: xnliDev(), languages: ['fr', 'en', 'hi', 'de'], limit: run.limit });
    expectMatchesReference(e, run);
    expect(e.truncated).toBe(run.languages.reduce((a, l) => a + l.truncated, 0));
  });

  it("the German XNLI test file (XGLUE's test.tsv names no language) is scored once --languages names it", async () => {
    const c = await core();
    const run = referenceRun(reference, 'xnli-de-test');
    await expect(evaluate(c, { xnliDir: xnliDeTest(), limit: run.limit })).rejects.toThrow(
      /test\.tsv does not say its language: name it with --languages \(one language, e\.g\. --languages de\)/,
    );
    const e = await evaluate(c, { xnliDir: xnliDeTest(), languages: ['de'], limit: run.limit });
    expectMatchesReference(e, run);
    expect(e.languages[0]).toMatchObject({ language: 'de', file: 'test.tsv', split: 'test' });
  });

  it('names the predicted classes by config.json label2id, never by position', async () => {
    const dir = join(tmp(), 'relabelled');
    cpSync(model.dir, dir, { recursive: true });
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    // The real model's order; the weights are unchanged, so logit k keeps its values and gets a new name.
    config.label2id = { entailment: 0, neutral: 1, contradiction: 2 };
    config.id2label = { 0: 'entailment', 1: 'neutral', 2: 'contradiction' };
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    const c = await core(dir);
    const run = referenceRun(reference, 'xnli-dev');
    const e = await evaluate(c, { xnliDir: xnliDev(), languages: ['en', 'fr'], limit: run.limit });
    const rename = (old: string) => ['entailment', 'neutral', 'contradiction'][reference.meta.label2id[old]!]!;
    for (const l of e.languages) {
      const want = run.languages.find((r) => r.language === l.language)!;
      expect(l.predictions).toEqual(want.predictions.map(rename));
    }
    expect(e.classOfLogit).toEqual(['entailment', 'neutral', 'contradiction']);
  });
});

describe('model.evaluate: folders, refusals, exclusivity, cancel, int8', () => {
  function folder(files: Record<string, string>): string {
    const dir = join(tmp(), `xnli-${Object.keys(files).join('-')}`);
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  }

  it('uses the labelled file of a language, passes over XTREME test files without labels, and refuses what it cannot score', async () => {
    const c = await core();
    const dev = 'Er kam.\tEr ist da.\tentailment\nEr kam.\tEr fehlt.\tcontradiction\r\nEr kam.\tEr lacht.\t1\n';
    const e = await evaluate(c, { xnliDir: folder({ 'dev-de.tsv': dev, 'test-de.tsv': 'Er kam.\tEr ist da.\n', 'notes.txt': 'x' }) });
    expect(e.languages.map((l) => [l.file, l.pairs, l.confusion.map((r) => r.reduce((a, b) => a + b, 0))])).toEqual([
      ['dev-de.tsv', 3, [1, 1, 1]],
    ]);
    expect(e.skipped).toEqual([{ file: 'test-de.tsv', reason: 'no label column (XTREME strips the test labels)' }]);
    const cases: Array<[object, RegExp]> = [
      [{ xnliDir: join(tmp(), 'nowhere') }, /nowhere: no such folder\. Name the folder that holds the XNLI files/],
      [{ xnliDir: folder({ 'readme.md': 'x' }) }, /holds no XNLI files: expected dev-<language>\.tsv or test-<language>\.tsv/],
      [{ xnliDir: xnliDev(), languages: ['de', 'ja'] }, /has no XNLI file for ja; it has ar, de, en, es, fr, hi, ru, sw, tr, zh\./],
      [
        { xnliDir: folder({ 'dev-en.tsv': 'A.\tB.\tentailment\nA.\tB.\tmaybe\n' }) },
        /dev-en\.tsv, line 2: the label "maybe" is not entailment, neutral or contradiction/,
      ],
      [{ xnliDir: folder({ 'dev-fr.tsv': 'A.\tB.\tneutral\tx\n' }) }, /dev-fr\.tsv, line 1: 4 tab-separated fields/],
      [{ xnliDir: folder({ 'test-sw.tsv': 'A.\tB.\n' }) }, /none of its XNLI files has a label column/],
    ];
    for (const [input, message] of cases) await expect(evaluate(c, input as never)).rejects.toThrow(message);
    // Latin-1 bytes, not UTF-8.
    const latin = join(tmp(), 'latin');
    mkdirSync(latin);
    writeFileSync(join(latin, 'dev-tr.tsv'), Buffer.from([0x41, 0x09, 0x42, 0x09, 0x6e, 0x65, 0x75, 0x74, 0x72, 0x61, 0x6c, 0xff, 0x0a]));
    await expect(evaluate(c, { xnliDir: latin })).rejects.toThrow(/dev-tr\.tsv: not UTF-8 text/);
  });

  it('holds the inference process while it runs (the playground and a model change are refused) and job.cancel stops it', async () => {
    const c = await core();
    c.core.context.engine.tuning.maxRows = 1;
    c.core.context.engine.tuning.progressIntervalMs = 0;
    const jobId = '123e4567-e89b-42d3-a456-426614174099';
    const running = evaluate(c, { xnliDir: xnliDev(), limit: 50, jobId });
    await new Promise<void>((resolve) => {
      const check = () => (c.events.some((x) => x.event === 'job:progress') ? resolve() : setTimeout(check, 5));
      check();
    });
    await expect(c.call('nli.playground', { premise: 'A.', hypothesis: 'B.' })).rejects.toThrow(/A model evaluation on XNLI is going/);
    await expect(c.call('model.select', { path: model.dir, persist: false })).rejects.toThrow(/A model evaluation on XNLI is going/);
    await expect(evaluate(c, { xnliDir: xnliDev(), limit: 1 })).rejects.toThrow(/A model evaluation on XNLI is going/);
    expect(await c.call('job.cancel', { jobId })).toEqual({ cancelled: true });
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await c.waitForJob(jobId)).toMatchObject({ kind: 'evaluate-model', status: 'cancelled' });
    // The process is free again.
    expect((await c.call('nli.playground', { premise: 'A.', hypothesis: 'B.' })).logits).toHaveLength(3);
  });

  it('int8 evaluates the quantised variant (quantised once, with its own hash) and says so', async () => {
    const c = await core();
    const fp32 = await evaluate(c, { xnliDir: xnliDev(), languages: ['en'], limit: 20 });
    const e = await evaluate(c, { xnliDir: xnliDev(), languages: ['en'], limit: 20, precision: 'int8' });
    expect(e.model.precision).toBe('int8');
    expect(e.model.sha256).not.toBe(fp32.model.sha256);
    expect(e.languages[0]!.pairs).toBe(20);
    expect(c.events.some((x) => x.event === 'job:progress' && (x.payload as { phase?: string }).phase === 'quantising')).toBe(true);
  });
});
