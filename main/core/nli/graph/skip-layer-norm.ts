// Rewrites LayerNormalization(Add(x, residual)) into com.microsoft SkipLayerNormalization, which
// onnxruntime's CPU provider implements and which its own optimiser did not fuse in the hub-layout
// graph (docs/BENCHMARKS.md, per-operator profile).
import { onnx, toNumber, type ModelProto, type NodeProto } from '../precision/quantize/onnx-file';
import { tensorDims } from '../precision/quantize/int8-weights';

/**
 * [Note: skip layer norm rewrite] Every LayerNormalization over the last axis whose input is an
 * Add of two computed tensors read by nothing else becomes one SkipLayerNormalization(x, residual,
 * gamma, beta[, bias]): the sum and the normalisation in one pass over the rows instead of two.
 * When one addend is itself `Add(MatMul(..), b)` with a constant [hidden] bias b read only there
 * (the dense layer before the residual), b moves into the kernel's bias input and that Add goes
 * too. The kernel sums x + residual + bias in another order than the graph did, so results differ
 * by float rounding only (a test holds them within 1e-5).
 */
export interface SkipLayerNormRewrite {
  fused: number;
  biasesFolded: number;
}

const MS_DOMAIN = 'com.microsoft';
const isDefault = (n: NodeProto) => !n.domain || n.domain === 'ai.onnx';

export function rewriteSkipLayerNorm(model: ModelProto): SkipLayerNormRewrite {
  const graph = model.graph!;
  const nodes = graph.node ?? [];
  const inits = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
  const producer = new Map<string, NodeProto>();
  const uses = new Map<string, number>();
  for (const n of nodes) {
    for (const o of n.output ?? []) producer.set(o, n);
    for (const i of n.input ?? []) if (i) uses.set(i, (uses.get(i) ?? 0) + 1);
  }
  for (const o of graph.output ?? []) uses.set(o.name ?? '', (uses.get(o.name ?? '') ?? 0) + 1);
  const onlyUse = (name: string) => uses.get(name) === 1;
  const computed = (name: string | undefined) => !!name && !inits.has(name) && producer.has(name);

  const removed = new Set<NodeProto>();
  const replacement = new Map<NodeProto, NodeProto>();
  let fused = 0;
  let biasesFolded = 0;
  for (const ln of nodes) {
    if (ln.opType !== 'LayerNormalization' || !isDefault(ln) || (ln.output?.length ?? 0) !== 1) continue;
    const axis = ln.attribute?.find((a) => a.name === 'axis');
    if (axis && toNumber(axis.i) !== -1) continue;
    const gamma = inits.get(ln.input?.[1] ?? '');
    const beta = ln.input?.[2] ? inits.get(ln.input[2]) : undefined;
    if (!gamma || tensorDims(gamma).length !== 1 || (ln.input?.[2] && !beta)) continue;
    const hidden = tensorDims(gamma)[0]!;
    const add = producer.get(ln.input![0]!);
    if (!add || add.opType !== 'Add' || !isDefault(add) || !onlyUse(add.output![0]!)) continue;
    const [x, residual] = add.input as [string, string];
    if (!computed(x) || !computed(residual) || x === residual) continue;

    // A dense layer's bias on either addend moves into the kernel.
    let inputs = [x, residual];
    let bias = '';
    for (const [i, name] of inputs.entries()) {
      const biasAdd = producer.get(name);
      if (!biasAdd || biasAdd.opType !== 'Add' || !isDefault(biasAdd) || !onlyUse(name)) continue;
      const [a, b] = biasAdd.input as [string, string];
      const constant = inits.has(b) ? b : inits.has(a) ? a : null;
      const other = constant === b ? a : b;
      const t = constant ? inits.get(constant)! : null;
      const mm = producer.get(other);
      if (!t || t.dataType !== onnx.TensorProto.DataType.FLOAT || tensorDims(t).join() !== String(hidden) || mm?.opType !== 'MatMul')
        continue;
      inputs = inputs.map((v, j) => (j === i ? other : v));
      bias = constant!;
      removed.add(biasAdd);
      biasesFolded++;
      break;
    }
    const epsilon = ln.attribute?.find((a) => a.name === 'epsilon')?.f ?? 1e-5;
    replacement.set(ln, {
      opType: 'SkipLayerNormalization',
      domain: MS_DOMAIN,
      input: [...inputs, ln.input![1]!, ln.input?.[2] ?? '', ...(bias ? [bias] : [])],
      output: [ln.output![0]!],
      name: `${ln.name || ln.output![0]}_SkipLayerNorm`,
      attribute: [{ name: 'epsilon', type: onnx.AttributeProto.AttributeType.FLOAT, f: epsilon }],
    });
    removed.add(add);
    fused++;
  }
  graph.node = nodes.flatMap((n) => {
    const r = replacement.get(n);
    return r ? [r] : removed.has(n) ? [] : [n];
  });
  if (fused && !(model.opsetImport ?? []).some((o) => o.domain === MS_DOMAIN)) {
    model.opsetImport = [...(model.opsetImport ?? []), { domain: MS_DOMAIN, version: 1 }];
  }
  return { fused, biasesFolded };
}
