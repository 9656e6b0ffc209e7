// The DeBERTa-v2 (and v3) sequence-classification graph, written with standard ONNX ops (opset 17)
// as transformers' modeling_deberta_v2 computes it:
// - embeddings: word + token type (no absolute positions: position_biased_input = false), LayerNorm,
//   times the attention mask;
// - disentangled self-attention with a shared attention key (share_att_key): content-to-content plus
//   content-to-position (c2p) and position-to-content (p2c) terms over log-bucketed relative
//   positions (make_log_bucket_position), each divided by sqrt(head_dim * 3);
// - relative embeddings LayerNorm'ed once by the encoder (norm_rel_ebd = "layer_norm");
// - ContextPooler (dense + GELU on [CLS]) and the classifier.
// Weight names follow Hugging Face's; MatMul weights are stored [in, out] (x @ W).
// scripts/reference/deberta_reference.py is the independent numpy forward pass it is checked against.
import { onnx, type InitializerSpec } from './onnx-writer';
import type { WeightInit } from './prng';
import type { onnx as OnnxTypes } from 'onnx-proto';

type Attr = OnnxTypes.IAttributeProto;
const AT = onnx.AttributeProto.AttributeType;
const T = onnx.TensorProto.DataType;

export interface DebertaSize {
  layers: number;
  hidden: number;
  heads: number;
  ffn: number;
  /** position_buckets: relative positions beyond half of it are log-bucketed. */
  buckets: number;
  /** max_relative_positions (DeBERTa takes max_position_embeddings when it is -1). */
  maxRelative: number;
  typeVocab: number;
  layerNormEps: number;
  /** id2label in id order. */
  labels: string[];
}

/** Weight scales: see [Note: a model that reacts] in xlmr-graph.ts. */
function scales(hidden: number, ffn: number) {
  const fan = (gain: number, fanIn: number): WeightInit => ({ mean: 0, std: gain / Math.sqrt(fanIn) });
  return {
    embedding: { mean: 0, std: 1 },
    tokenType: { mean: 0, std: 0.5 },
    relative: { mean: 0, std: 1 },
    gamma: { mean: 1, std: 0.2 },
    beta: { mean: 0, std: 0.2 },
    bias: { mean: 0, std: 0.1 },
    qk: fan(1.4, hidden),
    vo: fan(1, hidden),
    ffnIn: fan(1.4, hidden),
    ffnOut: fan(1, ffn),
    head: fan(1.5, hidden),
    classifier: fan(4, hidden),
  };
}

export function buildDebertaGraph(size: DebertaSize, vocabSize: number): { graph: OnnxTypes.IGraphProto; initializers: InitializerSpec[] } {
  const { hidden: h, heads, ffn, buckets: span } = size;
  const d = h / heads;
  if (!Number.isInteger(d)) throw new Error(`hidden ${h} is not divisible by ${heads} heads`);
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
  const perm = (p: number[]): Attr => ({ name: 'perm', type: AT.INTS, ints: p });
  const linear = (x: string, prefix: string, inDim: number, outDim: number, init: WeightInit): string =>
    node('Add', [node('MatMul', [x, weight(`${prefix}.weight`, [inDim, outDim], init)]), weight(`${prefix}.bias`, [outDim], s.bias)]);
  const layerNorm = (x: string, prefix: string): string =>
    node(
      'LayerNormalization',
      [x, weight(`${prefix}.weight`, [h], s.gamma), weight(`${prefix}.bias`, [h], s.beta)],
      [int('axis', -1), { name: 'epsilon', type: AT.FLOAT, f: size.layerNormEps }],
    );
  const sqrt2 = f32('const_sqrt_2', Math.SQRT2);
  const one = f32('const_one', 1);
  const half = f32('const_half', 0.5);
  const gelu = (x: string) => node('Mul', [node('Mul', [x, node('Add', [node('Erf', [node('Div', [x, sqrt2])]), one])]), half]);

  // Embeddings: word + token type, LayerNorm, then zero at padding (DebertaV2Embeddings).
  const wordEmb = weight('deberta.embeddings.word_embeddings.weight', [vocabSize, h], s.embedding);
  let emb = node('Gather', [wordEmb, 'input_ids']);
  if (size.typeVocab > 0) {
    const typeEmb = weight('deberta.embeddings.token_type_embeddings.weight', [size.typeVocab, h], s.tokenType);
    emb = node('Add', [emb, node('Gather', [typeEmb, 'token_type_ids'])]);
  }
  const maskF = node('Cast', ['attention_mask'], [int('to', T.FLOAT)]);
  let hiddenState = node('Mul', [layerNorm(emb, 'deberta.embeddings.LayerNorm'), node('Unsqueeze', [maskF, i64('const_axes_2', [2])])]);

  // Relative positions q - k for the sequence length, log-bucketed (make_log_bucket_position), in
  // float32 as torch computes them.
  const seqLen = node('Gather', [node('Shape', ['input_ids']), i64('const_index_1', [1], [])]);
  const ids = node('Range', [i64('const_zero_scalar', [0], []), seqLen, i64('const_one_scalar', [1], [])]);
  const rel = node(
    'Cast',
    [node('Sub', [node('Unsqueeze', [ids, i64('const_axes_1', [1])]), node('Unsqueeze', [ids, i64('const_axes_0', [0])])])],
    [int('to', T.FLOAT)],
  );
  const mid = Math.floor(span / 2);
  const maxPosition = size.maxRelative;
  const midF = f32('const_mid', mid);
  const inside = node('And', [node('Less', [rel, midF]), node('Greater', [rel, f32('const_minus_mid', -mid)])]);
  const absPos = node('Where', [inside, f32('const_mid_minus_1', mid - 1), node('Abs', [rel])]);
  const logDenominator = node('Log', [f32('const_log_base', Math.fround((maxPosition - 1) / mid))]);
  const logPos = node('Add', [
    node('Ceil', [
      node('Mul', [node('Div', [node('Log', [node('Div', [absPos, midF])]), logDenominator]), f32('const_mid_minus_1b', mid - 1)]),
    ]),
    midF,
  ]);
  const bucket = node('Where', [node('LessOrEqual', [absPos, midF]), rel, node('Mul', [logPos, node('Sign', [rel])])]);
  const spanF = f32('const_span', span);
  const clipLow = f32('const_clip_low', 0);
  const clipHigh = f32('const_clip_high', 2 * span - 1);
  const c2pIndex = node('Cast', [node('Clip', [node('Add', [bucket, spanF]), clipLow, clipHigh])], [int('to', T.INT64)]);
  const p2cIndex = node('Cast', [node('Clip', [node('Sub', [spanF, bucket]), clipLow, clipHigh])], [int('to', T.INT64)]);

  // The relative embedding table, LayerNorm'ed once by the encoder.
  const relEmb = layerNorm(weight('deberta.encoder.rel_embeddings.weight', [2 * span, h], s.relative), 'deberta.encoder.LayerNorm');
  const keyMask = node('Cast', [node('Unsqueeze', ['attention_mask', i64('const_axes_1_2', [1, 2])])], [int('to', T.BOOL)]);
  const minFloat = f32('const_float_min', -3.4028234663852886e38);
  const headShape = i64('const_head_shape', [0, 0, heads, d]);
  const relHeadShape = i64('const_rel_head_shape', [2 * span, heads, d]);
  const mergedShape = i64('const_merged_shape', [0, 0, h]);
  const scale = f32('const_scale', Math.sqrt(d * 3)); // 1 + len(pos_att_type) = 3

  for (let l = 0; l < size.layers; l++) {
    const p = `deberta.encoder.layer.${l}`;
    const split = (x: string) => node('Transpose', [node('Reshape', [x, headShape])], [perm([0, 2, 1, 3])]); // [B, H, L, d]
    const relSplit = (x: string) => node('Transpose', [node('Reshape', [x, relHeadShape])], [perm([1, 2, 0])]); // [H, d, 2span]
    const qProj = `${p}.attention.self.query_proj`;
    const kProj = `${p}.attention.self.key_proj`;
    const q = split(linear(hiddenState, qProj, h, h, s.qk));
    const k = split(linear(hiddenState, kProj, h, h, s.qk));
    const v = split(linear(hiddenState, `${p}.attention.self.value_proj`, h, h, s.vo));
    // share_att_key: the positions go through the same query and key projections (bias included).
    const posQuery = relSplit(node('Add', [node('MatMul', [relEmb, `${qProj}.weight`]), `${qProj}.bias`]));
    const posKey = relSplit(node('Add', [node('MatMul', [relEmb, `${kProj}.weight`]), `${kProj}.bias`]));
    const c2c = node('MatMul', [q, node('Transpose', [k], [perm([0, 1, 3, 2])])]); // [B, H, L, L]
    const full = node('Shape', [c2c]);
    // c2p[i, j] = q_i . posKey[c2pIndex[i, j]]
    const c2p = node('GatherElements', [node('MatMul', [q, posKey]), node('Expand', [c2pIndex, full])], [int('axis', -1)]);
    // p2c[i, j] = k_j . posQuery[p2cIndex[j, i]]: gathered per key row, then transposed.
    const p2cRows = node('GatherElements', [node('MatMul', [k, posQuery]), node('Expand', [p2cIndex, full])], [int('axis', -1)]);
    const p2c = node('Transpose', [p2cRows], [perm([0, 1, 3, 2])]);
    const scores = node('Div', [node('Add', [node('Add', [c2c, c2p]), p2c]), scale]);
    // Padding keys masked (transformers masks m_i * m_j and zeroes padded query rows; those rows never
    // reach a real token or [CLS], so the logits are the same: the numpy reference does it its way).
    const probs = node('Softmax', [node('Where', [keyMask, scores, minFloat])], [int('axis', -1)]);
    const context = node('Reshape', [node('Transpose', [node('MatMul', [probs, v])], [perm([0, 2, 1, 3])]), mergedShape]);
    const attnOut = linear(context, `${p}.attention.output.dense`, h, h, s.vo);
    const afterAttn = layerNorm(node('Add', [attnOut, hiddenState]), `${p}.attention.output.LayerNorm`);
    const inter = gelu(linear(afterAttn, `${p}.intermediate.dense`, h, ffn, s.ffnIn));
    const ffnOut = linear(inter, `${p}.output.dense`, ffn, h, s.ffnOut);
    hiddenState = layerNorm(node('Add', [ffnOut, afterAttn]), `${p}.output.LayerNorm`);
  }

  // ContextPooler on [CLS] (dense + GELU), then the classifier.
  const cls = node('Gather', [hiddenState, i64('const_zero', [0], [])], [int('axis', 1)]);
  const pooled = gelu(linear(cls, 'pooler.dense', h, h, s.head));
  node(
    'Add',
    [
      node('MatMul', [pooled, weight('classifier.weight', [h, size.labels.length], s.classifier)]),
      weight('classifier.bias', [size.labels.length], s.bias),
    ],
    [],
    'logits',
  );

  const dims = (...names: Array<string | number>) => names.map((x) => (typeof x === 'string' ? { dimParam: x } : { dimValue: x }));
  const tensorType = (elemType: number, shape: ReturnType<typeof dims>) => ({ tensorType: { elemType, shape: { dim: shape } } });
  const idsInput = (name: string) => ({ name, type: tensorType(T.INT64, dims('batch', 'sequence')) });
  return {
    graph: {
      name: 'main_graph',
      node: nodes,
      input: [idsInput('input_ids'), idsInput('attention_mask'), ...(size.typeVocab > 0 ? [idsInput('token_type_ids')] : [])],
      output: [{ name: 'logits', type: tensorType(T.FLOAT, dims('batch', size.labels.length)) }],
    },
    initializers: inits,
  };
}
