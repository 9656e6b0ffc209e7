// The DeBERTa path, tested where it can fail: model.evaluate (the CLI's evaluate-model) and a
// pre-label run's zero-shot scores with a generated DeBERTa-v2 model whose planted classifier bias
// spreads its predictions over the classes (the plain tiny model predicts entailment for 164 of 200
// XNLI dev pairs and neutral for 1, so many wrong evaluations would go unseen). Everything is checked against the independent numpy
// reference (scripts/reference/deberta_spread_reference.py), which also gives what a wrong
// implementation would find: every type id 0, relative positions without log buckets, the pair's
// tail cut instead of the premise, entailment and contradiction swapped. The tests show that each
// of those changes the result, and two of them are run end to end as negative controls.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ModelEvaluation, QueuePage } from '../../../common/contract';
import { corpusFile } from '../test-support/corpora';
import { useTempDir } from '../test-support/temp-dir';
import { makeTestCore, type TestCore } from '../test-support/test-core';
import { NliTokenizer } from './scoring/tokenizer';
import type { DebertaModel } from './test-support/deberta-model';
import {
  loadDebertaSpreadReference,
  makeDebertaSpreadModel,
  spreadRun,
  type SpreadRun,
  type WrongKind,
} from './test-support/deberta-spread';
import { prelabelProject, runEnd, setQuestions, type PrelabelProject } from './test-support/prelabel-project';
import { LOGIT_TOLERANCE, maxAbsDiff } from './test-support/tiny-model';
import { expectMatchesReference, type XnliReferenceRun } from './test-support/xnli-fixture';

const ref = loadDebertaSpreadReference();
const tmp = useTempDir();
let model: DebertaModel;
let t: TestCore | null = null;
let project: PrelabelProject | null = null;
const CLASSES = ['entailment', 'neutral', 'contradiction'];

beforeAll(() => {
  model = makeDebertaSpreadModel(ref);
});
afterAll(() => model?.cleanup());
afterEach(async () => {
  if (t) await t.core.context.engine.close();
  t = null;
  await project?.close();
  project = null;
});

async function core(modelDir = model.dir): Promise<TestCore> {
  t = makeTestCore(tmp());
  await t.call('model.select', { path: modelDir, persist: false });
  return t;
}

const evaluate = (c: TestCore, input: Record<string, unknown>) =>
  c.call('model.evaluate', { predictions: true, threads: 1, ...input } as never) as Promise<ModelEvaluation>;

const predictionsOf = (run: SpreadRun, kind?: WrongKind) => run.languages.flatMap((l) => (kind ? l.wrong[kind] : l.predictions));
const differing = (a: string[], b: string[]) => a.filter((x, i) => x !== b[i]).length;
const shares = (predictions: string[]) => CLASSES.map((c) => predictions.filter((p) => p === c).length / predictions.length);

/** A copy of the model folder with one file edited. */
function editedCopy(name: string, file: string, edit: (json: Record<string, unknown>) => void): string {
  const dir = join(tmp(), name);
  cpSync(model.dir, dir, { recursive: true });
  const json = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
  edit(json);
  writeFileSync(join(dir, file), JSON.stringify(json));
  return dir;
}

describe('the DeBERTa spread reference discriminates', () => {
  it('spreads every run over the three classes (each at least 10%) and every wrong implementation changes its predictions', () => {
    for (const run of ref.runs) {
      const right = predictionsOf(run);
      for (const share of shares(right)) expect(share, `${run.name}: ${shares(right)}`).toBeGreaterThanOrEqual(0.1);
      // Dropping the type ids or the log buckets moves predictions in every run; swapping the labels
      // moves every entailment and contradiction prediction.
      for (const kind of ['zeroTypeIds', 'linearPositions'] as const)
        expect(differing(predictionsOf(run, kind), right), `${run.name} ${kind}`).toBeGreaterThanOrEqual(Math.ceil(0.05 * right.length));
      expect(differing(predictionsOf(run, 'swappedLabels'), right)).toBe(right.filter((p) => p !== 'neutral').length);
      // Cutting the tail instead of the premise only matters where a pair is cut.
      const truncated = run.languages.reduce((a, l) => a + l.truncated, 0);
      if (truncated === 0) expect(predictionsOf(run, 'tailCut')).toEqual(right);
      else
        expect(differing(predictionsOf(run, 'tailCut'), right), `${run.name} tailCut`).toBeGreaterThanOrEqual(Math.ceil(0.1 * truncated));
    }
    expect(spreadRun(ref, 'xnli-dev-max64').languages.reduce((a, l) => a + l.truncated, 0)).toBeGreaterThan(10);
    // The planted bias is all that differs from the tiny DeBERTa model (DEBERTA_TINY_SPREAD).
    expect(ref.meta.label2id).toEqual({ neutral: 0, contradiction: 1, entailment: 2 });
  });

  it('the zero-shot scores of the real texts spread over the labels and each wrong implementation changes them', () => {
    const zs = ref.zeroShot;
    const top = (scores: number[]) => scores.indexOf(Math.max(...scores));
    const tops = zs.documents.map((d) => top(d.single));
    for (let l = 0; l < zs.labels.length; l++)
      expect(tops.filter((x) => x === l).length, `${zs.labels[l]} tops`).toBeGreaterThanOrEqual(Math.ceil(0.1 * zs.documents.length));
    expect(zs.documents.some((d) => d.truncated)).toBe(true);
    expect(zs.documents.some((d) => !d.truncated)).toBe(true);
    for (const kind of ['zeroTypeIds', 'linearPositions', 'tailCut', 'swappedLabels'] as const) {
      const moved = zs.documents.filter((d) => maxAbsDiff(d.wrongSingle[kind], d.single) > 0.01).length;
      expect(moved, kind).toBeGreaterThan(0);
    }
  });
});

describe('model.evaluate with the DeBERTa spread model against the numpy reference', () => {
  it('scores the first 20 pairs of every XNLI dev file as the reference: every prediction, accuracy, interval, confusion, average', async () => {
    const c = await core();
    const run = spreadRun(ref, 'xnli-dev');
    const e = await evaluate(c, { xnliDir: corpusFile('xnli_dev'), limit: run.limit });
    expectMatchesReference(e, run as XnliReferenceRun);
    expect(e).toMatchObject({
      task: '3-way',
      id2label: ['neutral', 'contradiction', 'entailment'],
      classOfLogit: ['neutral', 'contradiction', 'entailment'],
    });
    for (const share of shares(e.languages.flatMap((l) => l.predictions!))) expect(share).toBeGreaterThanOrEqual(0.1);
  });

  it('cuts only the premise: at 64 tokens the predictions and truncated counts are the reference', async () => {
    const c = await core();
    c.core.context.engine.tuning.maxLength = 64;
    const run = spreadRun(ref, 'xnli-dev-max64');
    const e = await evaluate(c, { xnliDir: corpusFile('xnli_dev'), languages: ['fr', 'en', 'hi', 'de'], limit: run.limit });
    expectMatchesReference(e, run as XnliReferenceRun);
    expect(e.truncated).toBe(run.languages.reduce((a, l) => a + l.truncated, 0));
  });

  it('scores the German XNLI test file as the reference', async () => {
    const c = await core();
    const run = spreadRun(ref, 'xnli-de-test');
    const e = await evaluate(c, { xnliDir: corpusFile('xnli_de_test'), languages: ['de'], limit: run.limit });
    expectMatchesReference(e, run as XnliReferenceRun);
  });

  it('encodes every pair as the reference: [CLS] premise [SEP] hypothesis [SEP], type ids 1 from the hypothesis on, only the premise cut', () => {
    const tok = NliTokenizer.fromModelDir(model.dir);
    for (const run of ref.runs) {
      const dir = corpusFile(run.folder);
      for (const lang of run.languages) {
        const lines = readFileSync(join(dir, lang.file), 'utf8').split('\n').slice(0, run.limit);
        lines.forEach((line, i) => {
          const [premise, hypothesis] = line.split('\t') as [string, string];
          const pair = tok.encodePair(premise, hypothesis, run.maxLength);
          expect(pair.inputIds, `${run.name} ${lang.language} pair ${i}`).toEqual(lang.inputIds[i]);
          const firstSep = pair.inputIds.indexOf(2);
          expect(pair.tokenTypeIds).toEqual(pair.inputIds.map((_, k) => (k <= firstSep ? 0 : 1)));
        });
      }
    }
  });

  it('negative control: a tokenizer whose pair template gives every token type 0 predicts what the reference predicts with type ids 0, not the right classes', async () => {
    const dir = editedCopy('zero-types', 'tokenizer.json', (tj) => {
      const post = tj.post_processor as { pair: Array<{ Sequence?: { type_id: number }; SpecialToken?: { type_id: number } }> };
      for (const item of post.pair) (item.Sequence ?? item.SpecialToken)!.type_id = 0;
    });
    const c = await core(dir);
    const run = spreadRun(ref, 'xnli-dev');
    const e = await evaluate(c, { xnliDir: corpusFile('xnli_dev'), limit: run.limit });
    const got = e.languages.flatMap((l) => l.predictions!);
    expect(got).toEqual(predictionsOf(run, 'zeroTypeIds'));
    expect(differing(got, predictionsOf(run))).toBeGreaterThanOrEqual(Math.ceil(0.05 * got.length));
  });

  it('negative control: entailment and contradiction swapped in config.json swap the predictions, so the classes come from label2id', async () => {
    const dir = editedCopy('swapped', 'config.json', (config) => {
      config.label2id = { neutral: 0, entailment: 1, contradiction: 2 };
      config.id2label = { 0: 'neutral', 1: 'entailment', 2: 'contradiction' };
    });
    const c = await core(dir);
    const run = spreadRun(ref, 'xnli-dev');
    const e = await evaluate(c, { xnliDir: corpusFile('xnli_dev'), limit: run.limit });
    const got = e.languages.flatMap((l) => l.predictions!);
    expect(got).toEqual(predictionsOf(run, 'swappedLabels'));
    expect(e.average.accuracy).not.toBeCloseTo(run.average, 6);
  });
});

describe('a pre-label run with the DeBERTa spread model on real texts', () => {
  it('stores the reference logits and shows its single- and multi-label zero-shot scores, spread over the labels, with the premise cut where the reference cuts it', async () => {
    const zs = ref.zeroShot;
    const texts = zs.documents.map((d) => d.text);
    const p = (project = await prelabelProject(tmp(), { count: 0, extraTexts: texts, modelDir: model.dir }));
    expect(p.documents.map((d) => d.text)).toEqual(texts);
    p.engine.tuning.maxLength = zs.maxLength;
    const labels = zs.labels.map((name) => ({ name }));
    const codebook = await setQuestions(p.t, [
      { name: 'Topic', template: zs.template, labels },
      { name: 'Topics', template: zs.template, multiLabel: true, labels },
    ]);
    const order = Object.entries(ref.meta.label2id).sort((a, b) => a[1] - b[1]);
    for (const [q, question] of codebook.questions.entries()) {
      const from = p.t.events.length;
      const info = await p.t.call('prelabel.start', { questionId: question.id, priorityDocumentIds: [] });
      expect(await runEnd(p.t, info.id, from)).toMatchObject({ status: 'done', done: texts.length });
      const db = p.t.core.context.project!.db;
      const stored = db
        .prepare(
          `SELECT p.document_id, l.name AS label, p.entailment, p.neutral, p.contradiction FROM predictions p
           JOIN labels l ON l.id = p.label_id WHERE p.run_id = ? AND p.window = 0`,
        )
        .all(info.id) as Array<Record<string, number | string>>;
      expect(stored).toHaveLength(texts.length * labels.length);
      const truncated = db.prepare('SELECT document_id FROM prediction_documents WHERE run_id = ? AND truncated = 1').pluck().all(info.id);
      expect(truncated.sort()).toEqual(
        p.documents
          .filter((_, i) => zs.documents[i]!.truncated)
          .map((d) => d.id)
          .sort(),
      );

      const page = (await p.t.call('annotate.queue', { questionId: question.id, scope: 'all', limit: 50 })) as QueuePage;
      expect(page.items).toHaveLength(texts.length);
      const tops = new Array<number>(labels.length).fill(0);
      for (const item of page.items) {
        const i = p.documents.findIndex((d) => d.id === item.document.id);
        const want = zs.documents[i]!;
        zs.labels.forEach((name, k) => {
          const row = stored.find((r) => r.document_id === item.document.id && r.label === name)!;
          expect(
            maxAbsDiff(
              order.map(([n]) => row[n] as number),
              want.logits[k]!,
            ),
            `${want.text} / ${name}`,
          ).toBeLessThan(LOGIT_TOLERANCE);
        });
        const scores = question.labels.map((l) => item.suggestion!.scores.find((s) => s.labelId === l.id)!.score);
        expect(maxAbsDiff(scores, q === 0 ? want.single : want.multi), want.text).toBeLessThan(1e-4);
        tops[scores.indexOf(Math.max(...scores))]!++;
      }
      // Every label is the top one for at least 10% of the texts (single-label; multi-label as it falls).
      if (q === 0) for (const n of tops) expect(n, `tops ${tops}`).toBeGreaterThanOrEqual(Math.ceil(0.1 * texts.length));
    }
  });
});
