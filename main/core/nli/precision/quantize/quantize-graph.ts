// Rewrites an fp32 transformer graph in place for dynamic int8: every MatMul with a constant 2-D
// float weight and the word-embedding Gather. See [Note: int8 graph forms] for the node patterns.
// Over 300 lines on purpose: the node patterns of [Note: int8 graph forms] and their rewrites are
// read together; splitting them would separate each pattern from its rewrite.
import { PrelabelError } from '../../../../../common/contract';
import {
  FULL_RANGE,
  REDUCED_RANGE,
  quantizePerColumn,
  quantizePerRow,
  rawTensor,
  floatValues,
  tensorDims,
  type WeightQmax,
} from './int8-weights';
import { onnx, toNumber, type ModelProto, type NodeProto, type TensorProto } from './onnx-file';

/**
 * [Note: int8 graph forms] How a MatMul(A, W) with constant W becomes int8 (u8 activations x s8
 * weights, the fast path of onnxruntime's x86 kernels):
 * - `matmul-integer`: what onnxruntime's own quantize_dynamic writes. One DynamicQuantizeLinear per
 *   activation tensor (Q, K and V share one), MatMulInteger, Cast to float, Mul by a_scale * w_scale.
 *   onnxruntime's optimiser fuses MatMulInteger+Cast+Mul and the following bias Add into
 *   MatMulIntegerToFloat; the shared DynamicQuantizeLinear stays a node of its own.
 * - `matmul-integer-unshared`: the same with one DynamicQuantizeLinear per MatMul, which the
 *   optimiser then fuses whole into com.microsoft DynamicQuantizeMatMul (Q, K and V each quantise A).
 * - `dynamic-quantize-matmul`: com.microsoft DynamicQuantizeMatMul written directly, bias folded in.
 * Weights are symmetric int8 with one scale per output column and zero point 0: the zero point is
 * the same scalar for every column, so per-column scales are exact in both forms (the kernels apply
 * them per column in the GEMM's output stage).
 */
export type MatMulForm = 'matmul-integer' | 'matmul-integer-unshared' | 'dynamic-quantize-matmul';
export const MATMUL_FORMS: readonly MatMulForm[] = ['matmul-integer', 'matmul-integer-unshared', 'dynamic-quantize-matmul'];

export interface GraphQuantizeOptions {
  form?: MatMulForm;
  /**
   * The MatMul weights' range: 127, or 64 for 7-bit weights (see [Note: U8S8 saturation]). The
   * word embedding always uses 127: it is looked up and turned back into floats, never multiplied
   * by an integer kernel, so it cannot saturate.
   */
  qmax?: WeightQmax;
  /** Quantise the word-embedding table (default true). */
  embedding?: boolean;
  /** MatMuls whose weight name matches stay fp32 (e.g. /classifier/ for the head). */
  keepFloat?: RegExp;
}

export interface GraphQuantization {
  matmulsConverted: number;
  /** MatMuls left in fp32 and why (computed weights, as in attention, are not listed). */
  matmulsSkipped: Array<{ node: string; reason: string }>;
  embedding: { table: string; rows: number; cols: number } | null;
  /** fp32 weights still needed by other nodes, so kept beside their int8 copy. */
  keptFloat: string[];
}

const T = onnx.TensorProto.DataType;
const MS_DOMAIN = 'com.microsoft';
const ALREADY_QUANTIZED = new Set([
  'MatMulInteger',
  'DynamicQuantizeLinear',
  'QuantizeLinear',
  'DequantizeLinear',
  'QLinearMatMul',
  'DynamicQuantizeMatMul',
  'MatMulIntegerToFloat',
  'QAttention',
  'QGemm',
  'MatMulNBits',
  'QEmbedLayerNormalization',
  'ConvInteger',
  'QLinearConv',
]);
const FLOAT_NAMES: Record<number, string> = { [T.FLOAT16]: 'float16', [T.BFLOAT16]: 'bfloat16', [T.DOUBLE]: 'float64' };

const isDefaultDomain = (n: NodeProto) => !n.domain || n.domain === 'ai.onnx';
const intAttr = (n: NodeProto, name: string, fallback: number) => {
  const a = n.attribute?.find((x) => x.name === name);
  return a ? toNumber(a.i) : fallback;
};

/** Every name a (sub)graph's nodes read, so a weight used inside an If or Loop body counts as used. */
function collectUses(nodes: readonly NodeProto[], uses: Map<string, number>): void {
  for (const n of nodes) {
    for (const i of n.input ?? []) if (i) uses.set(i, (uses.get(i) ?? 0) + 1);
    for (const a of n.attribute ?? []) {
      for (const g of [a.g, ...(a.graphs ?? [])]) if (g) collectUses(g.node ?? [], uses);
    }
  }
}

export function quantizeGraph(model: ModelProto, opts: GraphQuantizeOptions = {}): GraphQuantization {
  const form = opts.form ?? 'matmul-integer';
  const qmax = opts.qmax ?? REDUCED_RANGE;
  const graph = model.graph!;
  const nodes = graph.node ?? [];
  const inits = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
  const graphInputs = new Set((graph.input ?? []).map((i) => i.name ?? '').filter((n) => !inits.has(n)));

  const quantized = nodes.filter((n) => ALREADY_QUANTIZED.has(n.opType ?? ''));
  if (quantized.length) {
    const ops = [...new Set(quantized.map((n) => n.opType))].sort().join(', ');
    throw new PrelabelError('UNSUPPORTED', `This model is already quantised (it has ${ops} nodes); give the quantiser the fp32 model.`);
  }
  const opset = (model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  if (!opset || toNumber(opset.version) < 11) {
    throw new PrelabelError(
      'UNSUPPORTED',
      `The model uses ONNX opset ${opset ? toNumber(opset.version) : 'unknown'}; int8 needs opset 11 or later (DynamicQuantizeLinear). Export it again with a newer opset.`,
    );
  }

  const taken = new Set<string>([...inits.keys(), ...graphInputs]);
  for (const n of nodes) for (const o of n.output ?? []) taken.add(o);
  for (const n of nodes) if (n.name) taken.add(n.name);
  const unique = (base: string): string => {
    let name = base;
    for (let i = 1; taken.has(name); i++) name = `${base}_${i}`;
    taken.add(name);
    return name;
  };

  // Which MatMuls qualify; a float16 or float64 model is refused rather than half converted.
  const matmulWeights = new Map<NodeProto, TensorProto>();
  const skipped: GraphQuantization['matmulsSkipped'] = [];
  for (const n of nodes) {
    if (n.opType !== 'MatMul' || !isDefaultDomain(n)) continue;
    const w = inits.get(n.input?.[1] ?? '');
    if (!w) continue; // a computed operand (attention scores): stays fp32
    if (w.dataType !== T.FLOAT) {
      const kind = FLOAT_NAMES[w.dataType ?? 0];
      if (kind)
        throw new PrelabelError(
          'UNSUPPORTED',
          `The model stores its weights as ${kind} (${w.name}); the quantiser reads fp32 models. Use the fp32 export.`,
        );
      skipped.push({ node: n.name ?? '', reason: `weight ${w.name} is not float` });
      continue;
    }
    if (opts.keepFloat?.test(w.name ?? '')) {
      skipped.push({ node: n.name ?? '', reason: `weight ${w.name} is kept fp32 on request` });
      continue;
    }
    if (tensorDims(w).length !== 2) {
      skipped.push({ node: n.name ?? '', reason: `weight ${w.name} has shape [${tensorDims(w).join(', ')}], not 2-D` });
      continue;
    }
    matmulWeights.set(n, w);
  }
  if (matmulWeights.size === 0) {
    const count = nodes.filter((n) => n.opType === 'MatMul').length;
    throw new PrelabelError(
      'UNSUPPORTED',
      `Nothing to quantise: the model has ${count} MatMul node${count === 1 ? '' : 's'} and none multiplies by a constant 2-D float32 weight. ` +
        'Int8 quantisation expects a transformer exported from PyTorch (Linear layers as MatMul with a weight initializer).',
    );
  }

  // The word embedding: a Gather (axis 0) of a 2-D float table indexed straight by a graph input
  // such as input_ids; the largest, so position and token-type tables stay fp32.
  let embedding: NodeProto | null = null;
  if (opts.embedding !== false) {
    for (const n of nodes) {
      if (n.opType !== 'Gather' || !isDefaultDomain(n) || intAttr(n, 'axis', 0) !== 0) continue;
      const table = inits.get(n.input?.[0] ?? '');
      if (!table || table.dataType !== T.FLOAT || tensorDims(table).length !== 2 || !graphInputs.has(n.input?.[1] ?? '')) continue;
      const size = (t: TensorProto) => tensorDims(t)[0]! * tensorDims(t)[1]!;
      if (!embedding || size(table) > size(inits.get(embedding.input![0]!)!)) embedding = n;
    }
    if (!embedding) {
      throw new PrelabelError(
        'UNSUPPORTED',
        'Unexpected model graph: no word-embedding lookup was found (a Gather of a constant 2-D float32 table indexed by a model input such as input_ids).',
      );
    }
  }

  // Uses of each name by nodes that stay, to know which fp32 weights can go.
  const convertedNodes = new Set<NodeProto>([...matmulWeights.keys(), ...(embedding ? [embedding] : [])]);
  const remainingUses = new Map<string, number>();
  collectUses(
    nodes.filter((n) => !convertedNodes.has(n)),
    remainingUses,
  );
  for (const o of graph.output ?? []) remainingUses.set(o.name ?? '', (remainingUses.get(o.name ?? '') ?? 0) + 1);

  const consumers = new Map<string, NodeProto[]>();
  for (const n of nodes) for (const i of n.input ?? []) if (i) consumers.set(i, [...(consumers.get(i) ?? []), n]);
  const graphOutputs = new Set((graph.output ?? []).map((o) => o.name ?? ''));

  const newInits: TensorProto[] = [];
  const replacedInits = new Map<string, TensorProto[]>();
  const zeroPoint = unique('prelabel_int8_zero_point');
  newInits.push(rawTensor(zeroPoint, [], T.INT8, new Int8Array(1)));
  const int8Weights = new Map<string, { q: string; scale: string; n: number }>();
  const weightOf = (w: TensorProto) => {
    const name = w.name ?? '';
    let done = int8Weights.get(name);
    if (!done) {
      const [k, n] = tensorDims(w) as [number, number];
      const { values, scales } = quantizePerColumn(floatValues(w), k, n, qmax);
      done = { q: unique(`${name}_quantized`), scale: unique(`${name}_scale`), n };
      replacedInits.set(name, [rawTensor(done.q, [k, n], T.INT8, values), rawTensor(done.scale, [n], T.FLOAT, scales)]);
      int8Weights.set(name, done);
    }
    return done;
  };

  const out: NodeProto[] = [];
  const dropped = new Set<NodeProto>();
  const sharedQuant = new Map<string, { q: string; scale: string; zp: string }>();
  const node = (opType: string, input: string[], output: string[], base: string, extra: Partial<NodeProto> = {}) =>
    out.push({ opType, input, output, name: unique(base), ...extra });
  const dynamicQuant = (a: string, base: string) => {
    const shared = form === 'matmul-integer' ? sharedQuant.get(a) : undefined;
    if (shared) return shared;
    const made = { q: unique(`${a}_quantized`), scale: unique(`${a}_scale`), zp: unique(`${a}_zero_point`) };
    node('DynamicQuantizeLinear', [a], [made.q, made.scale, made.zp], `${base}_QuantizeLinear`);
    if (form === 'matmul-integer') sharedQuant.set(a, made);
    return made;
  };

  for (const n of nodes) {
    if (dropped.has(n)) continue;
    const w = matmulWeights.get(n);
    if (w) {
      const [a, y] = [n.input![0]!, n.output![0]!];
      const base = n.name || y;
      const weight = weightOf(w);
      if (form === 'dynamic-quantize-matmul') {
        const bias = foldableBias(y, weight.n, consumers, graphOutputs, inits);
        if (bias) dropped.add(bias.add);
        node(
          'DynamicQuantizeMatMul',
          [a, weight.q, weight.scale, zeroPoint, ...(bias ? [bias.name] : [])],
          [bias ? bias.add.output![0]! : y],
          `${base}_quant`,
          { domain: MS_DOMAIN },
        );
      } else {
        const aq = dynamicQuant(a, base);
        const int32 = unique(`${y}_MatMulInteger`);
        const asFloat = unique(`${y}_cast`);
        const scale = unique(`${y}_scales_mul`);
        node('MatMulInteger', [aq.q, weight.q, aq.zp, zeroPoint], [int32], `${base}_MatMulInteger`);
        node('Cast', [int32], [asFloat], `${base}_cast`, {
          attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: T.FLOAT }],
        });
        node('Mul', [aq.scale, weight.scale], [scale], `${base}_scales_mul`);
        node('Mul', [asFloat, scale], [y], `${base}_output_mul`);
      }
      continue;
    }
    if (n === embedding) {
      const table = inits.get(n.input![0]!)!;
      const [rows, cols] = tensorDims(table) as [number, number];
      const { values, scales } = quantizePerRow(table, rows, cols, FULL_RANGE);
      const [ids, y] = [n.input![1]!, n.output![0]!];
      const q = unique(`${table.name}_quantized`);
      const rowScales = unique(`${table.name}_row_scale`);
      replacedInits.set(table.name ?? '', [rawTensor(q, [rows, cols], T.INT8, values), rawTensor(rowScales, [rows, 1], T.FLOAT, scales)]);
      // Only the looked-up rows are turned back into floats, never the whole table.
      const base = n.name || y;
      const gathered = unique(`${y}_int8`);
      const asFloat = unique(`${y}_cast`);
      const scaleOfRow = unique(`${y}_row_scale`);
      node('Gather', [q, ids], [gathered], `${base}_int8`);
      node('Cast', [gathered], [asFloat], `${base}_cast`, {
        attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: T.FLOAT }],
      });
      node('Gather', [rowScales, ids], [scaleOfRow], `${base}_row_scale`);
      node('Mul', [asFloat, scaleOfRow], [y], `${base}_dequantize`);
      continue;
    }
    out.push(n);
  }

  // Initializers in their old order, each converted one replaced by its int8 values and scales.
  const keptFloat: string[] = [];
  const initializers: TensorProto[] = [];
  for (const t of graph.initializer ?? []) {
    const replacement = replacedInits.get(t.name ?? '');
    if (!replacement) {
      initializers.push(t);
      continue;
    }
    if ((remainingUses.get(t.name ?? '') ?? 0) > 0) {
      keptFloat.push(t.name ?? '');
      initializers.push(t);
    }
    initializers.push(...replacement);
  }
  initializers.push(...newInits);
  graph.initializer = initializers;
  graph.node = out;
  const live = new Set(initializers.map((t) => t.name));
  graph.input = (graph.input ?? []).filter((i) => !inits.has(i.name ?? '') || live.has(i.name));
  if (form === 'dynamic-quantize-matmul' && !(model.opsetImport ?? []).some((o) => o.domain === MS_DOMAIN)) {
    model.opsetImport = [...(model.opsetImport ?? []), { domain: MS_DOMAIN, version: 1 }];
  }

  const table = embedding ? inits.get(embedding.input![0]!)! : null;
  return {
    matmulsConverted: matmulWeights.size,
    matmulsSkipped: skipped,
    embedding: table ? { table: table.name ?? '', rows: tensorDims(table)[0]!, cols: tensorDims(table)[1]! } : null,
    keptFloat,
  };
}

/** The bias Add right after a MatMul (its only consumer), with a constant [n] float bias. */
function foldableBias(
  y: string,
  n: number,
  consumers: Map<string, NodeProto[]>,
  graphOutputs: Set<string>,
  inits: Map<string, TensorProto>,
): { add: NodeProto; name: string } | null {
  const users = consumers.get(y) ?? [];
  if (users.length !== 1 || graphOutputs.has(y)) return null;
  const add = users[0]!;
  if (add.opType !== 'Add' || !isDefaultDomain(add) || add.input?.length !== 2) return null;
  const other = add.input[0] === y ? add.input[1]! : add.input[0]!;
  if (other === y) return null;
  const bias = inits.get(other);
  const dims = bias ? tensorDims(bias) : [];
  return bias && bias.dataType === T.FLOAT && dims.length === 1 && dims[0] === n ? { add, name: other } : null;
}
