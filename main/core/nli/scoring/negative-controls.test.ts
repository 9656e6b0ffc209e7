// Negative controls: each deliberate fault must move the outputs by more than 100x the parity
// tolerance, proving that the parity tests would catch it ([Note: a model that reacts] in
// scripts/model/gen/xlmr-graph.ts). A model with std-0.02 weights would pass all of these faults.
import type { InferenceSession } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { padBatch } from './tokenizer';
import { labelIndices, zeroShotScores } from './zero-shot';
import { openSession, runLogits } from '../test-support/run-logits';
import { LOGIT_TOLERANCE, SCORE_TOLERANCE, loadFixtures, makeTinyModel, maxAbsDiff, type TinyModel } from '../test-support/tiny-model';

const fixtures = loadFixtures();
const idx = labelIndices(fixtures.meta.label2id);
const MARGIN = 100;
let model: TinyModel;
let session: InferenceSession;

beforeAll(async () => {
  model = makeTinyModel(fixtures);
  session = await openSession(`${model.dir}/onnx/model.onnx`);
});
afterAll(async () => {
  await session?.release();
  model?.cleanup();
});

/** The smallest move over all fixture pairs that a fault causes, so one weak case fails the test. */
async function smallestMove(fault: (ids: number[]) => number[]): Promise<number> {
  const moved = await runLogits(
    session,
    fixtures.pairs.map((p) => fault([...p.inputIds])),
  );
  return Math.min(...fixtures.pairs.map((p, i) => maxAbsDiff(moved[i]!, p.logits)));
}

describe("faults in the token ids move every pair's logits far beyond 1e-4", () => {
  it('one changed premise token', async () => {
    const move = await smallestMove((ids) => {
      const i = Math.floor(ids.indexOf(2) / 2) || 1; // a token in the middle of the premise
      ids[i] = ids[i] === 5 ? 6 : 5;
      return ids;
    });
    expect(move).toBeGreaterThan(MARGIN * LOGIT_TOLERANCE);
  });

  it('a dropped final </s>', async () => {
    expect(await smallestMove((ids) => ids.slice(0, -1))).toBeGreaterThan(MARGIN * LOGIT_TOLERANCE);
  });

  it('a dropped </s> between premise and hypothesis', async () => {
    expect(await smallestMove((ids) => ids.toSpliced(ids.indexOf(2), 1))).toBeGreaterThan(MARGIN * LOGIT_TOLERANCE);
  });
});

describe('a wrong pad id (0 instead of 1)', () => {
  const batch = fixtures.batches[0]!;
  const seqs = batch.inputIds.map((row, i) =>
    row.slice(
      0,
      batch.attentionMask[i]!.reduce((a, m) => a + m, 0),
    ),
  );

  it('fails the token-level parity of the padded batch', () => {
    const wrong = padBatch(seqs, 0);
    expect(Array.from(wrong.inputIds, Number)).not.toEqual(batch.inputIds.flat());
  });

  it('moves the logits where the attention mask is derived from the ids (ids != pad_token_id)', async () => {
    const wrong = padBatch(seqs, 0);
    const derivedMask = wrong.inputIds.map((id) => (id !== 1n ? 1n : 0n));
    const got = await runLogits(session, seqs, 0, derivedMask);
    const moves = batch.logits.map((row, i) => maxAbsDiff(got[i]!, row));
    const padded = seqs.map((s) => s.length < batch.inputIds[0]!.length);
    expect(Math.min(...moves.filter((_, i) => padded[i]))).toBeGreaterThan(MARGIN * LOGIT_TOLERANCE);
  });

  // Why the token-level check is the guard: in XLM-R the pad positions are masked keys, so with
  // right padding and a mask built from the lengths the pad id cannot reach the real tokens'
  // outputs (their position ids come from the prefix cumsum). Pinned here so nobody relies on the
  // logits to catch a wrong pad id in that configuration.
  it('is invisible in the logits under right padding with a length-based mask', async () => {
    const got = await runLogits(session, seqs, 0);
    batch.logits.forEach((row, i) => expect(maxAbsDiff(got[i]!, row)).toBeLessThan(LOGIT_TOLERANCE));
  });
});

describe('wrong label indices move the scores far beyond 1e-5', () => {
  const swapped = { entailment: idx.contradiction, contradiction: idx.entailment };
  const realModelOrder = { entailment: 0, contradiction: 2 }; // hard-coded from the real config
  for (const [name, wrong] of [
    ['swapped entailment/contradiction', swapped],
    ['hard-coded real-model indices', realModelOrder],
  ] as const) {
    it(`${name}, both modes`, () => {
      for (const z of fixtures.zeroShot) {
        for (const [multi, want] of [
          [false, z.single],
          [true, z.multi],
        ] as const) {
          const got = zeroShotScores(z.logits, z.labels, wrong, multi);
          const byLabel = new Map(got.map((s) => [s.label, s.score]));
          const move = Math.max(...want.labels.map((l, i) => Math.abs(byLabel.get(l)! - want.scores[i]!)));
          expect(move, `${z.name} multi=${multi}`).toBeGreaterThan(MARGIN * SCORE_TOLERANCE);
        }
      }
    });
  }
});
