// The generated DeBERTa-v2 graph under onnxruntime reproduces the independent numpy forward pass
// (scripts/reference/deberta_reference.py: disentangled attention, log-bucketed relative positions,
// ContextPooler) within 1e-4, alone and in a padded batch; its token type ids matter.
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { padBatch } from './tokenizer';
import { openSession } from '../test-support/run-logits';
import { loadDebertaFixtures, makeDebertaTinyModel, type DebertaModel } from '../test-support/deberta-model';
import { LOGIT_TOLERANCE, maxAbsDiff } from '../test-support/tiny-model';

const fixtures = loadDebertaFixtures();
let model: DebertaModel;
let session: ort.InferenceSession;

beforeAll(async () => {
  model = makeDebertaTinyModel(fixtures);
  session = await openSession(`${model.dir}/onnx/model.onnx`);
});
afterAll(async () => {
  await session?.release();
  model?.cleanup();
});

async function run(ids: number[][], types: number[][] | null, padId = 0): Promise<number[][]> {
  const p = padBatch(ids, padId, types ?? ids.map((r) => r.map(() => 0)));
  const dims = [p.batch, p.sequence];
  const out = await session.run({
    input_ids: new ort.Tensor('int64', p.inputIds, dims),
    attention_mask: new ort.Tensor('int64', p.attentionMask, dims),
    token_type_ids: new ort.Tensor('int64', p.tokenTypeIds!, dims),
  });
  const data = out.logits!.data as Float32Array;
  const classes = out.logits!.dims[1]!;
  return ids.map((_, b) => Array.from(data.subarray(b * classes, (b + 1) * classes)));
}

describe('generated DeBERTa-v2 graph', () => {
  it('takes input_ids, attention_mask and token_type_ids, and outputs logits', () => {
    expect([...session.inputNames].sort()).toEqual(['attention_mask', 'input_ids', 'token_type_ids']);
    expect(session.outputNames).toEqual(['logits']);
  });

  it('reaches the log buckets: a reference pair is longer than the 16 exact relative positions on each side', () => {
    expect(Math.max(...fixtures.pairs.map((p) => p.inputIds.length))).toBeGreaterThan(32);
  });
});

describe('logits match the numpy reference', () => {
  it.each(fixtures.pairs.map((p) => [`${p.name} / ${p.label} (${p.inputIds.length} tokens)`, p] as const))('%s, alone', async (_n, p) => {
    const [got] = await run([p.inputIds], [p.tokenTypeIds]);
    expect(maxAbsDiff(got!, p.logits)).toBeLessThan(LOGIT_TOLERANCE);
  });

  it("in the reference's padded batch of mixed lengths (pad id 0, type 0, mask 0)", async () => {
    const b = fixtures.batch;
    const lengths = b.attentionMask.map((m) => m.reduce((a, x) => a + x, 0));
    expect(new Set(lengths).size).toBeGreaterThan(1);
    const got = await run(
      b.inputIds.map((r, i) => r.slice(0, lengths[i])),
      b.tokenTypeIds.map((r, i) => r.slice(0, lengths[i])),
    );
    b.logits.forEach((row, i) => expect(maxAbsDiff(got[i]!, row)).toBeLessThan(LOGIT_TOLERANCE));
  });

  it('with every type id 0 gives the logits the reference gives for that input, far from the right ones', async () => {
    const p = fixtures.pairs.find((x) => x.name === fixtures.zeroTypeIds.name && x.label === fixtures.zeroTypeIds.label)!;
    const [got] = await run([p.inputIds], null);
    expect(maxAbsDiff(got!, fixtures.zeroTypeIds.logits)).toBeLessThan(LOGIT_TOLERANCE);
    expect(maxAbsDiff(got!, p.logits)).toBeGreaterThan(100 * LOGIT_TOLERANCE);
  });

  it('a token moved by one position changes the logits (relative positions matter)', async () => {
    const p = fixtures.pairs[0]!;
    const swapped = [...p.inputIds];
    [swapped[1], swapped[2]] = [swapped[2]!, swapped[1]!];
    const [a] = await run([p.inputIds], [p.tokenTypeIds]);
    const [b] = await run([swapped], [p.tokenTypeIds]);
    expect(maxAbsDiff(a!, b!)).toBeGreaterThan(100 * LOGIT_TOLERANCE);
  });
});
