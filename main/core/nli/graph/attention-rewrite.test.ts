// The attention rewrite on the generated tiny model (hub layout): every layer becomes one
// MultiHeadAttention that onnxruntime's CPU provider runs, the old attention nodes are gone, and
// logits and scores stay within 1e-5 of the unfused graph on padded batches of real XNLI pairs,
// fp32 and int8 (the quantiser runs on the rewritten graph as before).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../../test-support/corpora';
import { quantizeModelFile } from '../precision/quantize/quantize-model';
import { readModelFile, writeModelFile, type ModelProto } from '../precision/quantize/onnx-file';
import { NliTokenizer } from '../scoring/tokenizer';
import { openSession, runLogits } from '../test-support/run-logits';
import { loadFixtures, makeTinyModel, maxAbsDiff, type TinyModel } from '../test-support/tiny-model';
import { rewriteAttention } from './attention-rewrite';

const fixtures = loadFixtures();
let tiny: TinyModel;
let seqs: number[][];
const path = (name: string) => join(tiny.dir, 'onnx', name);

const opCounts = (m: ModelProto) => {
  const counts: Record<string, number> = {};
  for (const n of m.graph!.node!) counts[n.opType!] = (counts[n.opType!] ?? 0) + 1;
  return counts;
};
const softmaxRows = (rows: number[][]) =>
  rows.map((r) => {
    const m = Math.max(...r);
    const e = r.map((x) => Math.exp(x - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / s);
  });

/** Logits of `file` for the pairs, in padded batches of 8 (so most rows carry padding). */
async function logits(file: string): Promise<number[][]> {
  const session: ort.InferenceSession = await openSession(file);
  try {
    const out: number[][] = [];
    for (let i = 0; i < seqs.length; i += 8) out.push(...(await runLogits(session, seqs.slice(i, i + 8))));
    return out;
  } finally {
    await session.release();
  }
}

beforeAll(() => {
  tiny = makeTinyModel(fixtures);
  const tok = NliTokenizer.fromModelDir(tiny.dir);
  seqs = ['en', 'de', 'zh', 'ar'].flatMap((lang) => {
    const rows = readFileSync(corpusFile('xnli_dev', `dev-${lang}.tsv`), 'utf8').split('\n');
    return Array.from({ length: 12 }, (_, i) => {
      const [p, h] = rows[i * 7]!.split('\t');
      return tok.encodePair(p!, h!, 128).inputIds;
    });
  });
  const { model } = readModelFile(path('model.onnx'));
  const done = rewriteAttention(model);
  expect(done).toEqual({ layersFused: 2, skipped: [] });
  writeModelFile(path('model.attention.onnx'), model);
});
afterAll(() => tiny?.cleanup());

describe('attention rewrite', () => {
  it('replaces each layer’s 12 attention nodes and the mask chain by one MultiHeadAttention', () => {
    const before = opCounts(readModelFile(path('model.onnx')).model);
    const after = readModelFile(path('model.attention.onnx')).model;
    const counts = opCounts(after);
    expect(counts.MultiHeadAttention).toBe(2);
    expect(counts.Softmax).toBeUndefined();
    expect(counts.Transpose).toBeUndefined();
    expect(before.MatMul! - (counts.MatMul ?? 0)).toBe(4); // Q·Kᵀ and P·V of both layers
    expect(before.Reshape! - (counts.Reshape ?? 0)).toBe(8);
    const mha = after.graph!.node!.find((n) => n.opType === 'MultiHeadAttention')!;
    expect(mha.domain).toBe('com.microsoft');
    const attr = Object.fromEntries(mha.attribute!.map((a) => [a.name, a.type === 2 ? Number(a.i) : a.f]));
    expect(attr.num_heads).toBe(4);
    expect(attr.mask_filter_value).toBe(-10000);
    expect(attr.scale).toBeCloseTo(1 / Math.sqrt(8), 7);
    // The padding mask is cast once and shared by both layers; the additive-mask nodes are gone.
    expect(counts.Sub).toBeUndefined();
    expect(after.graph!.node!.filter((n) => n.opType === 'MultiHeadAttention').map((n) => n.input![4])).toEqual(
      Array(2).fill(mha.input![4]),
    );
    expect(after.opsetImport!.some((o) => o.domain === 'com.microsoft')).toBe(true);
  });

  it('gives fp32 logits and scores within 1e-5 of the unfused graph on padded batches', async () => {
    const [plain, fused] = [await logits(path('model.onnx')), await logits(path('model.attention.onnx'))];
    expect(seqs.some((s) => s.length < Math.max(...seqs.map((x) => x.length)))).toBe(true);
    expect(maxAbsDiff(fused.flat(), plain.flat())).toBeLessThan(1e-5);
    expect(maxAbsDiff(softmaxRows(fused).flat(), softmaxRows(plain).flat())).toBeLessThan(1e-5);
  });

  it('negative control: the same graph without its key padding mask is far off on padded rows', async () => {
    const { model } = readModelFile(path('model.attention.onnx'));
    for (const n of model.graph!.node!) if (n.opType === 'MultiHeadAttention') n.input![4] = '';
    writeModelFile(path('model.nomask.onnx'), model);
    const [plain, unmasked] = [await logits(path('model.onnx')), await logits(path('model.nomask.onnx'))];
    expect(maxAbsDiff(unmasked.flat(), plain.flat())).toBeGreaterThan(0.1);
  });

  it('quantises the rewritten graph to int8 with the same logits as int8 of the unfused graph', async () => {
    quantizeModelFile(path('model.onnx'), path('model.int8.onnx'));
    quantizeModelFile(path('model.attention.onnx'), path('model.attention.int8.onnx'));
    const [plain, fused] = [await logits(path('model.int8.onnx')), await logits(path('model.attention.int8.onnx'))];
    expect(maxAbsDiff(softmaxRows(fused).flat(), softmaxRows(plain).flat())).toBeLessThan(1e-5);
  });

  it('refuses a graph without the hub layout in one line', () => {
    const { model } = readModelFile(path('model.onnx'));
    for (const n of model.graph!.node!) if (n.opType === 'Div') n.opType = 'Mul';
    expect(() => rewriteAttention(model)).toThrow(/^No attention layer of this model has the hub layout/);
  });
});
