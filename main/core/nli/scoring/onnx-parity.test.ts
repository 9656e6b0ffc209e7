// onnxruntime on the generated tiny model reproduces the independent torch forward pass
// (scripts/reference/make_fixtures.py) within 1e-4, one pair at a time and in padded batches.
import type { InferenceSession } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NliTokenizer } from './tokenizer';
import { openSession, runLogits } from '../test-support/run-logits';
import { LOGIT_TOLERANCE, loadFixtures, makeTinyModel, maxAbsDiff, type TinyModel } from '../test-support/tiny-model';

const fixtures = loadFixtures();
let model: TinyModel;
let session: InferenceSession;
let tok: NliTokenizer;

beforeAll(async () => {
  model = makeTinyModel(fixtures);
  session = await openSession(`${model.dir}/onnx/model.onnx`);
  tok = NliTokenizer.fromModelDir(model.dir);
});
afterAll(async () => {
  await session?.release();
  model?.cleanup();
});

describe('generated model graph', () => {
  it('declares exactly input_ids and attention_mask, and outputs logits', () => {
    expect([...session.inputNames].sort()).toEqual(['attention_mask', 'input_ids']);
    expect(session.outputNames).toEqual(['logits']);
  });
});

describe('logits match the torch reference', () => {
  it.each(fixtures.pairs.map((p) => [`${p.name} / ${p.hypothesis} (${p.inputIds.length} tokens)`, p] as const))(
    '%s, alone',
    async (_n, p) => {
      const [got] = await runLogits(session, [tok.encodePair(p.premise, p.hypothesis, p.maxLength).inputIds]);
      expect(maxAbsDiff(got!, p.logits)).toBeLessThan(LOGIT_TOLERANCE);
    },
  );

  it.each(fixtures.batches.map((b) => [b.name, b] as const))('padded batch %s', async (_n, b) => {
    const seqs = b.inputIds.map((row, i) =>
      row.slice(
        0,
        b.attentionMask[i]!.reduce((a, m) => a + m, 0),
      ),
    );
    const got = await runLogits(session, seqs, tok.padId);
    b.logits.forEach((row, i) => expect(maxAbsDiff(got[i]!, row)).toBeLessThan(LOGIT_TOLERANCE));
  });

  it('gives every pair the same logits alone and inside one batch of all pairs of mixed length', async () => {
    const got = await runLogits(
      session,
      fixtures.pairs.map((p) => p.inputIds),
      tok.padId,
    );
    fixtures.pairs.forEach((p, i) => expect(maxAbsDiff(got[i]!, p.logits)).toBeLessThan(LOGIT_TOLERANCE));
  });
});
