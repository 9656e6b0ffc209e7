// Graph-building helpers shared by the XLM-R and DeBERTa generators: numbered nodes, initializers
// (seeded random weights and constants), the pieces both encoders share (linear, LayerNorm, GELU,
// heads split and merged, the attention output and feed-forward block, the classification head) and
// the graph's inputs and output. Node names and the initializers' order follow the order of calls,
// so they fix the written bytes: the generated models' SHA-256 are pinned by the committed fixtures
// (main/core/nli/__fixtures__), and a change here that moves them fails those tests.
import { onnx, type InitializerSpec } from './onnx-writer';
import type { WeightInit } from './prng';
import type { onnx as OnnxTypes } from 'onnx-proto';

export type Attr = OnnxTypes.IAttributeProto;
export const AT = onnx.AttributeProto.AttributeType;
export const T = onnx.TensorProto.DataType;

export interface GeneratedGraph {
  graph: OnnxTypes.IGraphProto;
  initializers: InitializerSpec[];
}

/**
 * [Note: a model that reacts] With std 0.02 weights every output is about 1/3 whatever the input,
 * and a 1e-4 parity tolerance would pass a broken tokenizer. Weights scale with 1/sqrt(fan_in) and
 * embeddings have unit std, so attention is far from uniform and one token moves the logits by
 * much more than the tolerance (the negative-control tests measure it).
 */
export function weightScales(hidden: number, ffn: number) {
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

export const int = (name: string, i: number): Attr => ({ name, type: AT.INT, i });
export const perm = (p: number[]): Attr => ({ name: 'perm', type: AT.INTS, ints: p });

const dims = (...names: Array<string | number>) => names.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d }));
const tensorType = (elemType: number, shape: ReturnType<typeof dims>) => ({ tensorType: { elemType, shape: { dim: shape } } });

/** A graph under construction for an encoder of `hidden` units and a feed-forward of `ffn`. */
export function graphBuilder(opts: { hidden: number; ffn: number; layerNormEps: number }) {
  const { hidden: h, ffn } = opts;
  const s = weightScales(h, ffn);
  const nodes: OnnxTypes.INodeProto[] = [];
  const inits: InitializerSpec[] = [];
  let counter = 0;

  const node = (op: string, inputs: string[], attrs: Attr[] = [], name?: string): string => {
    const out = name ?? `/${op}_${counter++}_output`;
    nodes.push({ opType: op, input: inputs, output: [out], name: `${op}_${counter++}`, attribute: attrs });
    return out;
  };
  /** A seeded random weight, or fixed values (a planted tensor). */
  const weight = (name: string, shape: number[], init: WeightInit | Float32Array): string => {
    inits.push({ name, dims: shape, data: init });
    return name;
  };
  const i64 = (name: string, values: number[], shape: number[] = [values.length]): string => {
    inits.push({ name, dims: shape, data: BigInt64Array.from(values.map(BigInt)) });
    return name;
  };
  const f32 = (name: string, value: number): string => {
    inits.push({ name, dims: [], data: Float32Array.of(value) });
    return name;
  };
  const linear = (x: string, prefix: string, inDim: number, outDim: number, init: WeightInit): string =>
    node('Add', [node('MatMul', [x, weight(`${prefix}.weight`, [inDim, outDim], init)]), weight(`${prefix}.bias`, [outDim], s.bias)]);
  const layerNorm = (x: string, prefix: string): string =>
    node(
      'LayerNormalization',
      [x, weight(`${prefix}.weight`, [h], s.gamma), weight(`${prefix}.bias`, [h], s.beta)],
      [int('axis', -1), { name: 'epsilon', type: AT.FLOAT, f: opts.layerNormEps }],
    );
  /** GELU, erf form: x * 0.5 * (1 + erf(x / sqrt 2)), the pattern onnxruntime fuses into Gelu; the
   * constants are the caller's initializers (each generator creates them where it always has). */
  const geluWith =
    (c: { sqrt2: string; one: string; half: string }) =>
    (x: string): string =>
      node('Mul', [node('Mul', [x, node('Add', [node('Erf', [node('Div', [x, c.sqrt2])]), c.one])]), c.half]);
  /** [B, L, hidden] -> [B, H, L, d] (or another permutation of the reshaped [B, L, H, d]). */
  const splitHeads = (x: string, headShape: string, permutation = [0, 2, 1, 3]): string =>
    node('Transpose', [node('Reshape', [x, headShape])], [perm(permutation)]);
  /** softmax(scores) @ v, heads merged back to [B, L, hidden]. */
  const attend = (scores: string, v: string, mergedShape: string): string => {
    const probs = node('Softmax', [scores], [int('axis', -1)]);
    return node('Reshape', [node('Transpose', [node('MatMul', [probs, v])], [perm([0, 2, 1, 3])]), mergedShape]);
  };
  /** The rest of an encoder layer: attention output dense + residual LayerNorm, then the GELU
   * feed-forward + residual LayerNorm (BertLayer's and DebertaV2Layer's order). */
  const outputAndFeedForward = (context: string, residual: string, prefix: string, gelu: (x: string) => string): string => {
    const attnOut = linear(context, `${prefix}.attention.output.dense`, h, h, s.vo);
    const afterAttn = layerNorm(node('Add', [attnOut, residual]), `${prefix}.attention.output.LayerNorm`);
    const inter = gelu(linear(afterAttn, `${prefix}.intermediate.dense`, h, ffn, s.ffnIn));
    const ffnOut = linear(inter, `${prefix}.output.dense`, ffn, h, s.ffnOut);
    return layerNorm(node('Add', [ffnOut, afterAttn]), `${prefix}.output.LayerNorm`);
  };
  /** The first token's hidden state through `dense` and `activation`, then the classifier into the
   * graph output `logits`; `bias` plants the classifier's bias instead of drawing it. */
  const classificationHead = (
    hiddenState: string,
    head: { dense: string; activation: (x: string) => string; classifier: string; classes: number; bias?: Float32Array },
  ): void => {
    const cls = node('Gather', [hiddenState, i64('const_zero', [0], [])], [int('axis', 1)]);
    const pooled = head.activation(linear(cls, head.dense, h, h, s.head));
    if (head.bias && head.bias.length !== head.classes)
      throw new Error(`classifier bias: ${head.bias.length} values for ${head.classes} classes`);
    node(
      'Add',
      [
        node('MatMul', [pooled, weight(`${head.classifier}.weight`, [h, head.classes], s.classifier)]),
        weight(`${head.classifier}.bias`, [head.classes], head.bias ?? s.bias),
      ],
      [],
      'logits',
    );
  };
  /** The graph with int64 [batch, sequence] inputs and float logits [batch, classes]. */
  const finish = (inputs: string[], classes: number): GeneratedGraph => ({
    graph: {
      name: 'main_graph',
      node: nodes,
      input: inputs.map((name) => ({ name, type: tensorType(T.INT64, dims('batch', 'sequence')) })),
      output: [{ name: 'logits', type: tensorType(T.FLOAT, dims('batch', classes)) }],
    },
    initializers: inits,
  });
  return {
    scales: s,
    node,
    weight,
    i64,
    f32,
    linear,
    layerNorm,
    geluWith,
    splitHeads,
    attend,
    outputAndFeedForward,
    classificationHead,
    finish,
  };
}
