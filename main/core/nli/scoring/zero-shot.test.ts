// Zero-shot scores (both modes), window aggregation and label lookup, against the Python reference.
import type { InferenceSession } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelConfig, parseModelConfig } from '../../models/model-config';
import { NliTokenizer } from './tokenizer';
import { aggregateWindows, hypothesisFor, labelIndices, zeroShotScores, type LabelIndices } from './zero-shot';
import { openSession, runLogits } from '../test-support/run-logits';
import { loadFixtures, makeTinyModel, SCORE_TOLERANCE, type ScoredFixture, type TinyModel } from '../test-support/tiny-model';

const fixtures = loadFixtures();
const idx: LabelIndices = labelIndices(fixtures.meta.label2id);

function expectScores(got: Array<{ label: string; score: number }>, want: ScoredFixture): void {
  expect(got.map((s) => s.label)).toEqual(want.labels);
  got.forEach((s, i) => expect(Math.abs(s.score - want.scores[i]!)).toBeLessThan(SCORE_TOLERANCE));
}

describe('scores from the reference logits (pure math)', () => {
  it.each(fixtures.zeroShot.map((z) => [z.name, z] as const))('%s, single- and multi-label', (_n, z) => {
    expectScores(zeroShotScores(z.logits, z.labels, idx, false), z.single);
    expectScores(zeroShotScores(z.logits, z.labels, idx, true), z.multi);
  });

  it("reads the tiny model's label order, which differs from the real model's", () => {
    expect(idx).toEqual({ entailment: fixtures.meta.entailmentIndex, contradiction: fixtures.meta.contradictionIndex, neutral: 2 });
    expect(idx.entailment).not.toBe(0);
  });
});

describe('end to end: tokenizer + onnxruntime + scores', () => {
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

  it.each(fixtures.zeroShot.map((z) => [z.name, z] as const))('%s matches the reference within 1e-5', async (_n, z) => {
    const config = loadModelConfig(model.dir);
    const hyps = z.labels.map((l) => hypothesisFor(l, z.template));
    expect(hyps).toEqual(z.hypotheses);
    const logits = await runLogits(
      session,
      hyps.map((h) => tok.encodePair(z.premise, h, 512).inputIds),
      tok.padId,
    );
    expectScores(zeroShotScores(logits, z.labels, config.indices, false), z.single);
    expectScores(zeroShotScores(logits, z.labels, config.indices, true), z.multi);
  });
});

describe('window aggregation', () => {
  it.each(fixtures.windows.map((d) => [d.name, d] as const))('%s: max entailment window with its own contradiction', (_n, doc) => {
    const labels = doc.labels.map((l) => l.label);
    const chosen = doc.labels.map((l) =>
      aggregateWindows(
        l.windows.map((w) => w.logits),
        idx,
      ),
    );
    doc.labels.forEach((l, i) => {
      const best = Math.max(...l.windows.map((w) => w.logits[idx.entailment]!));
      expect(chosen[i]!.logits).toEqual(l.windows[chosen[i]!.window]!.logits);
      expect(chosen[i]!.logits[idx.entailment]).toBe(best);
    });
    // Normalisation after aggregation is the usual one, so it can be recomputed from stored logits.
    const multi = zeroShotScores(
      chosen.map((c) => c.logits),
      labels,
      idx,
      true,
    );
    multi.forEach((s) => {
      const l = chosen[s.index]!.logits;
      expect(s.score).toBeCloseTo(1 / (1 + Math.exp(l[idx.contradiction]! - l[idx.entailment]!)), 12);
    });
  });

  it('records the earliest window on ties and refuses an empty list', () => {
    expect(
      aggregateWindows(
        [
          [0, 1, 0],
          [5, 1, 5],
        ],
        { entailment: 1, contradiction: 0 },
      ).window,
    ).toBe(0);
    expect(() => aggregateWindows([], idx)).toThrow();
  });
});

describe('labels and hypotheses', () => {
  it('finds entailment by prefix and contradiction or not_entailment by name, case-insensitively', () => {
    expect(labelIndices({ ENTAILMENT: 0, neutral: 1, CONTRADICTION: 2 })).toEqual({ entailment: 0, contradiction: 2, neutral: 1 });
    expect(labelIndices({ not_entailment: 0, entailed: 1 })).toEqual({ entailment: 1, contradiction: 0 });
  });
  it('refuses a model without an entailment class, naming config.json', () => {
    expect(() => labelIndices({ LABEL_0: 0, LABEL_1: 1, LABEL_2: 2 })).toThrow(/config\.json: label2id has no entailment class/);
    expect(() => parseModelConfig({ label2id: { positive: 0, negative: 1 } }, '/m/config.json')).toThrow(/\/m\/config\.json: .*entailment/);
  });
  it('refuses inconsistent label2id indices', () => {
    expect(() => parseModelConfig({ label2id: { entailment: 0, contradiction: 0 } })).toThrow(/config\.json: label2id indices/);
  });
  it("uses a label's own hypothesis when it has one, the template otherwise", () => {
    expect(hypothesisFor('sport', 'This text is about {}.')).toBe('This text is about sport.');
    expect(hypothesisFor('sport', 'This text is about {}.', 'Es geht um Sport.')).toBe('Es geht um Sport.');
    expect(() => hypothesisFor('sport', 'No placeholder')).toThrow(/has no \{\}/);
  });
  it('uses the multi-label form for a single candidate label', () => {
    const z = fixtures.zeroShot.find((x) => x.labels.length === 1)!;
    expect(zeroShotScores(z.logits, z.labels, idx, false)[0]!.score).toBeCloseTo(z.multi.scores[0]!, 12);
  });
});
