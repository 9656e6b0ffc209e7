// What onnxruntime runs for each int8 form: the optimised graph (level all, as the app loads it) of
// the quantised tiny model must hold the fused CPU kernels and none of the pieces they fuse, with
// and without the attention rewrite. See [Note: int8 graph forms] and [Note: attention rewrite].
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rewriteAttention } from '../../graph/attention-rewrite';
import { optimisedOpCounts } from '../../graph/optimised-ops';
import { loadFixtures, makeTinyModel, type TinyModel } from '../../test-support/tiny-model';
import { readModelFile, writeModelFile } from './onnx-file';
import { MATMUL_FORMS, type MatMulForm } from './quantize-graph';
import { quantizeModelFile, QUANTIZATION_METADATA_KEY } from './quantize-model';

let tiny: TinyModel;
const path = (name: string) => join(tiny.dir, 'onnx', name);
// The tiny model: 2 layers, each with Q, K, V, attention output, FFN in and FFN out; plus the head's dense and out_proj.
const LAYERS = 2;
const WEIGHT_MATMULS = 6 * LAYERS + 2;

beforeAll(() => {
  tiny = makeTinyModel(loadFixtures());
  const { model } = readModelFile(path('model.onnx'));
  rewriteAttention(model);
  writeModelFile(path('model.attention.onnx'), model);
});
afterAll(() => tiny?.cleanup());

async function optimisedInt8(source: string, form: MatMulForm): Promise<Record<string, number>> {
  const out = path(`${source}.${form}.onnx`);
  quantizeModelFile(path(`${source}.onnx`), out, { form, rewrites: [] });
  return Object.fromEntries(await optimisedOpCounts(out, 'all'));
}

describe('int8 fusions onnxruntime applies', () => {
  it.each(MATMUL_FORMS.flatMap((form) => [['model', form] as const, ['model.attention', form] as const]))(
    '%s, form %s: every weight MatMul is one fused int8 kernel with its bias',
    async (source, form) => {
      const ops = await optimisedInt8(source, form);
      // Nothing of the unfused pattern is left: no integer MatMul, no float MatMul with a weight.
      expect(ops.MatMulInteger).toBeUndefined();
      expect(ops['com.microsoft:MatMulIntegerToFloat'] ?? 0) // shared-activation Q, K, V (matmul-integer forms)
        .toBe(form === 'dynamic-quantize-matmul' ? 0 : 3 * LAYERS);
      expect((ops['com.microsoft:MatMulIntegerToFloat'] ?? 0) + ops['com.microsoft:DynamicQuantizeMatMul']!).toBe(WEIGHT_MATMULS);
      // One quantisation of the attention input per layer in the matmul-integer forms: onnxruntime's
      // common-subexpression pass merges the unshared form's three back into one, so both forms run alike.
      expect(ops.DynamicQuantizeLinear ?? 0).toBe(form === 'dynamic-quantize-matmul' ? 0 : LAYERS);
      // Biases folded into the int8 kernels: GELU stands alone, no BiasGelu (its bias went in).
      expect(ops['com.microsoft:Gelu']).toBe(LAYERS);
      expect(ops['com.microsoft:BiasGelu']).toBeUndefined();
      if (source === 'model.attention') {
        expect(ops['com.microsoft:MultiHeadAttention']).toBe(LAYERS);
        expect(ops.MatMul ?? 0).toBe(0);
        expect(ops.Transpose ?? 0).toBe(0);
        expect(ops.Softmax ?? 0).toBe(0);
      } else {
        // Q·Kᵀ (fused with its scaling) and P·V stay fp32 MatMuls.
        expect(ops['com.microsoft:FusedMatMul']).toBe(LAYERS);
        expect(ops.MatMul).toBe(LAYERS);
      }
      // Bias Adds gone: left are the residual Adds (2 a layer), the embeddings' 2 and the positions' 1, and the mask's in the unfused graph.
      expect(ops.Add).toBe(2 * LAYERS + 3 + (source === 'model' ? LAYERS : 0));
    },
  );

  it('quantizeModelFile does the asked rewrites first and records them; a graph without the hub layout is quantised unfused', async () => {
    const done = quantizeModelFile(path('model.onnx'), path('asked.onnx'), { rewrites: ['attention', 'skip-layer-norm'] });
    expect(done.rewritten).toEqual({ attentionLayers: LAYERS, skipLayerNorms: 2 * LAYERS + 1 });
    const meta = readModelFile(path('asked.onnx')).model.metadataProps!.find((p) => p.key === QUANTIZATION_METADATA_KEY)!;
    expect(JSON.parse(meta.value!).rewritten).toEqual(done.rewritten);
    const ops = Object.fromEntries(await optimisedOpCounts(path('asked.onnx')));
    expect(ops['com.microsoft:SkipLayerNormalization']).toBe(2 * LAYERS + 1);
    expect(ops['com.microsoft:MultiHeadAttention']).toBe(LAYERS);

    const { model } = readModelFile(path('model.onnx'));
    for (const n of model.graph!.node!) if (n.opType === 'Div') n.opType = 'Mul';
    writeModelFile(path('not-hub.onnx'), model);
    const plain = quantizeModelFile(path('not-hub.onnx'), path('not-hub.int8.onnx'), { rewrites: ['attention'] });
    expect(plain.rewritten.attentionLayers).toBe(0);
    expect(plain.matmulsConverted).toBe(WEIGHT_MATMULS);
  });

  it('by default an int8 model is not rewritten ([Note: int8 default rewrites])', async () => {
    const done = quantizeModelFile(path('model.onnx'), path('default.onnx'));
    expect(done.rewritten).toEqual({ attentionLayers: 0, skipLayerNorms: 0 });
    const ops = Object.fromEntries(await optimisedOpCounts(path('default.onnx')));
    expect(ops['com.microsoft:MultiHeadAttention']).toBeUndefined();
    expect(ops.LayerNormalization).toBe(2 * LAYERS + 1);
  });
});
