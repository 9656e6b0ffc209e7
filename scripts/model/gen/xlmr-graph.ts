// The XLM-R sequence-classification graph, written with the standard ONNX ops that a torch export
// produces (opset 17), so onnxruntime's optimizer can fuse attention, LayerNorm and GELU.
// Weight names follow Hugging Face's; MatMul weights are stored [in, out] (x @ W).
import { onnx, type InitializerSpec } from './onnx-writer';
import { LAYER_NORM_EPS, MAX_POSITIONS, PAD_ID, type ModelSize } from './model-sizes';
import type { WeightInit } from './prng';
import type { onnx as OnnxTypes } from 'onnx-proto';

type Attr = OnnxTypes.IAttributeProto;
const AT = onnx.AttributeProto.AttributeType;

/**
 * [Note: a model that reacts] With std 0.02 weights every output is about 1/3 whatever the input,
 * and a 1e-4 parity tolerance would pass a broken tokenizer. Weights scale with 1/sqrt(fan_in) and
 * embeddings have unit std, so attention is far from uniform and one token moves the logits by
 * much more than the tolerance (the negative-control tests measure it).
 */
function scales(hidden: number, ffn: number) {
  const fan = (gain: number, fanIn: number): WeightInit => ({ mean: 0, std: gain / Math.sqrt(fanIn) });
  return {
    embedding: { mean: 0, std: 1 },
    tokenType: { mean: 0, std: 0.5 },
    gamma: { mean: 1, std: 0.2 },
    beta: { mean: 0, std: 0.2 },
    bias: { mean: 0, std: 0.1 },
    qk: fan(1.4, hidden),
    vo: fan(1, hidden),
    ffnIn: fan(1.4, hidden),
    ffnOut: fan(1, ffn),
    head: fan(1.5, hidden),
    outProj: fan(4, hidden),
  };
}

export interface XlmrGraph {
  graph: OnnxTypes.IGraphProto;
  initializers: InitializerSpec[];
}

export function buildXlmrGraph(size: ModelSize, vocabSize: number): XlmrGraph {
  const { hidden: h, heads, ffn } = size;
  const headDim = h / heads;
  if (!Number.isInteger(headDim)) throw new Error(`hidden ${h} is not divisible by ${heads} heads`);
  const s = scales(h, ffn);
  const nodes: OnnxTypes.INodeProto[] = [];
  const inits: InitializerSpec[] = [];
  let counter = 0;

  const node = (op: string, inputs: string[], attrs: Attr[] = [], name?: string): string => {
    const out = name ?? `/${op}_${counter++}_output`;
    nodes.push({ opType: op, input: inputs, output: [out], name: `${op}_${counter++}`, attribute: attrs });
    return out;
  };
  const weight = (name: string, dims: number[], init: WeightInit): string => {
    inits.push({ name, dims, data: init });
    return name;
  };
  const i64 = (name: string, values: number[], dims: number[] = [values.length]): string => {
    inits.push({ name, dims, data: BigInt64Array.from(values.map(BigInt)) });
    return name;
  };
  const f32 = (name: string, value: number): string => {
    inits.push({ name, dims: [], data: Float32Array.of(value) });
    return name;
  };
  const int = (name: string, i: number): Attr => ({ name, type: AT.INT, i });
  const linear = (x: string, prefix: string, inDim: number, outDim: number, init: WeightInit): string =>
    node('Add', [node('MatMul', [x, weight(`${prefix}.weight`, [inDim, outDim], init)]), weight(`${prefix}.bias`, [outDim], s.bias)]);
  const layerNorm = (x: string, prefix: string): string =>
    node(
      'LayerNormalization',
      [x, weight(`${prefix}.weight`, [h], s.gamma), weight(`${prefix}.bias`, [h], s.beta)],
      [int('axis', -1), { name: 'epsilon', type: AT.FLOAT, f: LAYER_NORM_EPS }],
    );

  // Embeddings. Position ids come from input_ids as in MODEL.md: m = ids != pad; cumsum(m) * m + pad.
  const padId = i64('const_pad_id', [PAD_ID], []);
  const notPad = node('Cast', [node('Not', [node('Equal', ['input_ids', padId])])], [int('to', onnx.TensorProto.DataType.INT32)]);
  const cumsum = node('CumSum', [notPad, i64('const_axis_1', [1], [])]);
  const positions = node('Add', [node('Cast', [node('Mul', [cumsum, notPad])], [int('to', onnx.TensorProto.DataType.INT64)]), padId]);
  const wordEmb = weight('roberta.embeddings.word_embeddings.weight', [vocabSize, h], s.embedding);
  const posEmb = weight('roberta.embeddings.position_embeddings.weight', [MAX_POSITIONS, h], s.embedding);
  const typeEmb = weight('roberta.embeddings.token_type_embeddings.weight', [1, h], s.tokenType);
  // No token_type_ids input (the real export has none): all type ids are 0.
  const zeroValue: Attr = { name: 'value', type: AT.TENSOR, t: { dims: [1], dataType: onnx.TensorProto.DataType.INT64, int64Data: [0] } };
  const typeIds = node('ConstantOfShape', [node('Shape', ['input_ids'])], [zeroValue]);
  const summed = node('Add', [
    node('Add', [node('Gather', [wordEmb, 'input_ids']), node('Gather', [typeEmb, typeIds])]),
    node('Gather', [posEmb, positions]),
  ]);
  let hiddenState = layerNorm(summed, 'roberta.embeddings.LayerNorm');

  // Additive attention mask [batch, 1, 1, seq]: 0 where attended, -10000 at padding.
  const maskF = node(
    'Cast',
    [node('Unsqueeze', ['attention_mask', i64('const_axes_1_2', [1, 2])])],
    [int('to', onnx.TensorProto.DataType.FLOAT)],
  );
  const additiveMask = node('Mul', [node('Sub', [f32('const_one', 1), maskF]), f32('const_mask_value', -10000)]);
  const headShape = i64('const_head_shape', [0, 0, heads, headDim]);
  const mergedShape = i64('const_merged_shape', [0, 0, h]);
  const scale = f32('const_sqrt_head_dim', Math.sqrt(headDim));
  const sqrt2 = f32('const_sqrt_2', Math.SQRT2);
  const one = 'const_one';
  const half = f32('const_half', 0.5);
  const perm = (p: number[]): Attr => ({ name: 'perm', type: AT.INTS, ints: p });

  for (let l = 0; l < size.layers; l++) {
    const p = `roberta.encoder.layer.${l}`;
    const split = (x: string, permutation: number[]) => node('Transpose', [node('Reshape', [x, headShape])], [perm(permutation)]);
    const q = split(linear(hiddenState, `${p}.attention.self.query`, h, h, s.qk), [0, 2, 1, 3]);
    const k = split(linear(hiddenState, `${p}.attention.self.key`, h, h, s.qk), [0, 2, 3, 1]);
    const v = split(linear(hiddenState, `${p}.attention.self.value`, h, h, s.vo), [0, 2, 1, 3]);
    const scores = node('Add', [node('Div', [node('MatMul', [q, k]), scale]), additiveMask]);
    const probs = node('Softmax', [scores], [int('axis', -1)]);
    const context = node('Reshape', [node('Transpose', [node('MatMul', [probs, v])], [perm([0, 2, 1, 3])]), mergedShape]);
    const attnOut = linear(context, `${p}.attention.output.dense`, h, h, s.vo);
    const afterAttn = layerNorm(node('Add', [attnOut, hiddenState]), `${p}.attention.output.LayerNorm`);
    // GELU, erf form: x * 0.5 * (1 + erf(x / sqrt 2)), the pattern onnxruntime fuses into Gelu.
    const inter = linear(afterAttn, `${p}.intermediate.dense`, h, ffn, s.ffnIn);
    const gelu = node('Mul', [node('Mul', [inter, node('Add', [node('Erf', [node('Div', [inter, sqrt2])]), one])]), half]);
    const ffnOut = linear(gelu, `${p}.output.dense`, ffn, h, s.ffnOut);
    hiddenState = layerNorm(node('Add', [ffnOut, afterAttn]), `${p}.output.LayerNorm`);
  }

  // Classification head on the <s> token: out_proj(tanh(dense(hidden[:, 0, :]))).
  const cls = node('Gather', [hiddenState, i64('const_zero', [0], [])], [int('axis', 1)]);
  const pooled = node('Tanh', [linear(cls, 'classifier.dense', h, h, s.head)]);
  const outProj = 'classifier.out_proj';
  node(
    'Add',
    [
      node('MatMul', [pooled, weight(`${outProj}.weight`, [h, size.labels.length], s.outProj)]),
      weight(`${outProj}.bias`, [size.labels.length], s.bias),
    ],
    [],
    'logits',
  );

  const dims = (...names: Array<string | number>) => names.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d }));
  const tensorType = (elemType: number, shape: ReturnType<typeof dims>) => ({ tensorType: { elemType, shape: { dim: shape } } });
  return {
    graph: {
      name: 'main_graph',
      node: nodes,
      input: [
        { name: 'input_ids', type: tensorType(onnx.TensorProto.DataType.INT64, dims('batch', 'sequence')) },
        { name: 'attention_mask', type: tensorType(onnx.TensorProto.DataType.INT64, dims('batch', 'sequence')) },
      ],
      output: [{ name: 'logits', type: tensorType(onnx.TensorProto.DataType.FLOAT, dims('batch', size.labels.length)) }],
    },
    initializers: inits,
  };
}
