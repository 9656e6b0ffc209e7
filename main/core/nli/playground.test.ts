// 'nli.playground': one pair through the inference process, three probabilities that sum to 1,
// the logits of an independent session on the reference encoding, by label2id names.
import type { InferenceSession } from 'onnxruntime-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support/temp-dir';
import { makeTestCore, type TestCore } from '../test-support/test-core';
import { loadModelConfig } from '../models/model-config';
import { openSession, runLogits } from './test-support/run-logits';
import { LOGIT_TOLERANCE, loadFixtures, makeTinyModel, maxAbsDiff, type TinyModel } from './test-support/tiny-model';
import { NliTokenizer } from './scoring/tokenizer';

const fixtures = loadFixtures();
const tmp = useTempDir();
let model: TinyModel;
let session: InferenceSession;
let tok: NliTokenizer;
let t: TestCore | null = null;

beforeAll(async () => {
  model = makeTinyModel(fixtures);
  session = await openSession(`${model.dir}/onnx/model.onnx`);
  tok = NliTokenizer.fromModelDir(model.dir);
});
afterAll(async () => {
  await session?.release();
  model?.cleanup();
});
afterEach(async () => {
  if (t) await t.core.context.engine.close();
  t = null;
});

function softmax(v: number[]): number[] {
  const m = Math.max(...v);
  const e = v.map((x) => Math.exp(x - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / z);
}

describe('nli.playground', () => {
  it('says to choose a model first when none is selected', async () => {
    t = makeTestCore(tmp());
    await expect(t.call('nli.playground', { premise: 'a', hypothesis: 'b' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/No NLI model is selected/),
    });
  });

  it('returns probabilities that sum to 1 and the logits of an independent session, by label2id names', async () => {
    t = makeTestCore(tmp());
    await t.call('model.select', { path: model.dir });
    const idx = loadModelConfig(model.dir).indices;
    for (const pair of fixtures.pairs.filter((p) => p.maxLength === 512)) {
      const r = await t.call('nli.playground', { premise: pair.premise, hypothesis: pair.hypothesis });
      const [local] = await runLogits(session, [tok.encodePair(pair.premise, pair.hypothesis, 512).inputIds]);
      expect(maxAbsDiff(r.logits, local!)).toBeLessThan(1e-6);
      expect(maxAbsDiff(r.logits, pair.logits)).toBeLessThan(LOGIT_TOLERANCE);
      const p = softmax(local!);
      expect(r.entailment + r.neutral! + r.contradiction).toBeCloseTo(1, 10);
      expect(r.entailment).toBeCloseTo(p[idx.entailment]!, 6);
      expect(r.neutral).toBeCloseTo(p[idx.neutral!]!, 6);
      expect(r.contradiction).toBeCloseTo(p[idx.contradiction]!, 6);
      expect(r.truncated).toBe(false);
    }
  });

  it('cuts only the premise of a long text, and says so', async () => {
    t = makeTestCore(tmp());
    await t.call('model.select', { path: model.dir });
    const premise = 'The committee debated the new asylum law for many hours. '.repeat(60);
    const hypothesis = 'This text is about migration.';
    const r = await t.call('nli.playground', { premise, hypothesis });
    expect(r.truncated).toBe(true);
    const pair = tok.encodePair(premise, hypothesis, 512);
    expect(pair.inputIds).toHaveLength(512);
    const [local] = await runLogits(session, [pair.inputIds]);
    expect(maxAbsDiff(r.logits, local!)).toBeLessThan(1e-5);
  });
});
