// Rewrites the unfused self-attention of a hub-layout (BERT/RoBERTa/XLM-R export) graph into
// onnxruntime's com.microsoft MultiHeadAttention, which its CPU provider implements.
import { PrelabelError } from '../../../../common/contract';
import { floatValues, tensorDims } from '../precision/quantize/int8-weights';
import { onnx, toNumber, type ModelProto, type NodeProto, type TensorProto } from '../precision/quantize/onnx-file';

/**
 * [Note: attention rewrite] The hub layout computes each layer's attention as
 *   q = Transpose[0,2,1,3](Reshape(Q, [0,0,N,H])), k = Transpose[0,2,3,1](Reshape(K, ..)), v like q
 *   p = Softmax(Add(Div(MatMul(q, k), sqrt H), mask)),  out = Reshape(Transpose[0,2,1,3](MatMul(p, v)), [0,0,N*H])
 * with mask = Mul(Sub(1, Cast(Unsqueeze(attention_mask))), -10000). That is 12 nodes and four
 * [B,N,S,H]-sized copies a layer. MultiHeadAttention(Q, K, V, key_padding_mask) does the same in
 * one kernel: onnxruntime's CPU kernel adds mask_filter_value where the int32 key_padding_mask
 * is 0, exactly the additive mask above, and scales Q·Kᵀ by `scale` (1/sqrt H here, where the
 * graph divides by sqrt H: the products differ by rounding only, within 1e-6 on the tiny model).
 * Q, K and V stay the outputs of the model's own projections, so the int8 quantiser converts them
 * as before. A layer whose nodes differ from this pattern is left as it is and reported.
 */
export interface AttentionRewrite {
  layersFused: number;
  /** Softmax nodes not rewritten, with why. */
  skipped: Array<{ node: string; reason: string }>;
}

const MS_DOMAIN = 'com.microsoft';
const AT = onnx.AttributeProto.AttributeType;
const T = onnx.TensorProto.DataType;
const isDefault = (n: NodeProto) => !n.domain || n.domain === 'ai.onnx';
const ints = (n: NodeProto, name: string) => (n.attribute?.find((a) => a.name === name)?.ints ?? []).map(toNumber);
const same = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function rewriteAttention(model: ModelProto): AttentionRewrite {
  const graph = model.graph!;
  const nodes = graph.node ?? [];
  const inits = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
  const producer = new Map<string, NodeProto>();
  const consumers = new Map<string, NodeProto[]>();
  for (const n of nodes) {
    for (const o of n.output ?? []) producer.set(o, n);
    for (const i of n.input ?? []) if (i) consumers.set(i, [...(consumers.get(i) ?? []), n]);
  }
  const graphOutputs = new Set((graph.output ?? []).map((o) => o.name ?? ''));
  const from = (name: string | undefined, op: string): NodeProto | null => {
    const n = name === undefined ? undefined : producer.get(name);
    return n && n.opType === op && isDefault(n) ? n : null;
  };
  const onlyUse = (name: string) => (consumers.get(name)?.length ?? 0) === 1 && !graphOutputs.has(name);
  const scalar = (name: string | undefined): number | null => {
    const t: TensorProto | undefined = name === undefined ? undefined : inits.get(name);
    if (!t || t.dataType !== T.FLOAT || tensorDims(t).reduce((a, b) => a * b, 1) !== 1) return null;
    return floatValues(t)[0]!;
  };
  const constInts = (name: string | undefined): number[] | null => {
    const t = name === undefined ? undefined : inits.get(name);
    if (!t || t.dataType !== T.INT64) return null;
    if (t.rawData && t.rawData.length) {
      const raw = t.rawData;
      return Array.from(new BigInt64Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)), Number);
    }
    return (t.int64Data ?? []).map(toNumber);
  };

  /** Head split: Transpose[perm](Reshape(x, [0,0,N,H])) -> { x, N, H }. */
  const split = (name: string | undefined, perm: number[]) => {
    const tr = from(name, 'Transpose');
    if (!tr || !same(ints(tr, 'perm'), perm) || !onlyUse(tr.output![0]!)) return null;
    const rs = from(tr.input?.[0], 'Reshape');
    const shape = constInts(rs?.input?.[1]);
    if (!rs || !shape || shape.length !== 4 || shape[0] !== 0 || shape[1] !== 0 || shape[2]! < 1 || shape[3]! < 1) return null;
    if (!onlyUse(rs.output![0]!)) return null;
    return { x: rs.input![0]!, heads: shape[2]!, headSize: shape[3]!, nodes: [tr, rs] };
  };

  /** The additive mask -> the 2-D 0/1 mask input it is made from and the value it adds. */
  const padMask = (name: string | undefined) => {
    const mul = from(name, 'Mul');
    if (!mul) return null;
    const [a, b] = mul.input!;
    const value = scalar(b) ?? scalar(a);
    const sub = from(scalar(b) !== null ? a : b, 'Sub');
    if (value === null || !sub || scalar(sub.input?.[0]) !== 1) return null;
    const cast = from(sub.input?.[1], 'Cast');
    const unsq = from(cast?.input?.[0], 'Unsqueeze');
    const axes = unsq ? (constInts(unsq.input?.[1]) ?? ints(unsq, 'axes')) : null;
    if (!unsq || !axes || !same(axes, [1, 2])) return null;
    return { mask: unsq.input![0]!, value };
  };

  const taken = new Set<string>([...inits.keys(), ...nodes.flatMap((n) => [...(n.output ?? []), n.name ?? ''])]);
  const unique = (base: string) => {
    let name = base;
    for (let i = 1; taken.has(name); i++) name = `${base}_${i}`;
    taken.add(name);
    return name;
  };

  const removed = new Set<NodeProto>();
  const replacement = new Map<NodeProto, NodeProto[]>();
  const masks = new Map<string, string>();
  const skipped: AttentionRewrite['skipped'] = [];
  let layersFused = 0;
  for (const sm of nodes) {
    if (sm.opType !== 'Softmax' || !isDefault(sm)) continue;
    const skip = (reason: string) => skipped.push({ node: sm.name ?? sm.output![0]!, reason });
    const axis = sm.attribute?.find((a) => a.name === 'axis');
    if (axis && toNumber(axis.i) !== -1 && toNumber(axis.i) !== 3) {
      skip('softmax is not over the last axis');
      continue;
    }
    const add = from(sm.input?.[0], 'Add');
    const div = add ? (from(add.input?.[0], 'Div') ?? from(add.input?.[1], 'Div')) : null;
    const mask = add && div ? padMask(add.input![0] === div.output![0] ? add.input![1] : add.input![0]) : null;
    const qk = from(div?.input?.[0], 'MatMul');
    const root = scalar(div?.input?.[1]);
    const q = split(qk?.input?.[0], [0, 2, 1, 3]);
    const k = split(qk?.input?.[1], [0, 2, 3, 1]);
    const pvUsers = consumers.get(sm.output![0]!) ?? [];
    const pv = pvUsers.length === 1 && pvUsers[0]!.opType === 'MatMul' && pvUsers[0]!.input![0] === sm.output![0] ? pvUsers[0]! : null;
    const v = split(pv?.input?.[1], [0, 2, 1, 3]);
    const back = pv && onlyUse(pv.output![0]!) ? consumers.get(pv.output![0]!)![0]! : null;
    const merge =
      back && back.opType === 'Transpose' && same(ints(back, 'perm'), [0, 2, 1, 3]) && onlyUse(back.output![0]!)
        ? consumers.get(back.output![0]!)![0]!
        : null;
    const merged = merge?.opType === 'Reshape' ? constInts(merge.input?.[1]) : null;
    if (!add || !div || !qk || root === null || !q || !k || !v || !pv || !back || !merge || !merged) {
      skip('the nodes around it are not the hub layout of [Note: attention rewrite]');
      continue;
    }
    if (!mask) {
      skip('its mask is not made from a 0/1 attention mask input');
      continue;
    }
    if (q.heads !== k.heads || q.heads !== v.heads || q.headSize !== k.headSize || q.headSize !== v.headSize) {
      skip('Q, K and V are split into different heads');
      continue;
    }
    if (!same(merged, [0, 0, q.heads * q.headSize]) || Math.abs(root * root - q.headSize) > 1e-3 * q.headSize) {
      skip('the scores are not scaled by 1/sqrt(head size) or the heads are merged into another shape');
      continue;
    }
    if (![add, div, qk, pv, back].every((n) => onlyUse(n.output![0]!))) {
      skip('an intermediate result is used elsewhere');
      continue;
    }
    let keyMask = masks.get(mask.mask);
    const made: NodeProto[] = [];
    if (!keyMask) {
      keyMask = unique(`${mask.mask}_int32`);
      masks.set(mask.mask, keyMask);
      made.push({
        opType: 'Cast',
        input: [mask.mask],
        output: [keyMask],
        name: unique(`${mask.mask}_to_int32`),
        attribute: [{ name: 'to', type: AT.INT, i: T.INT32 }],
      });
    }
    made.push({
      opType: 'MultiHeadAttention',
      domain: MS_DOMAIN,
      input: [q.x, k.x, v.x, '', keyMask],
      output: [merge.output![0]!],
      name: unique(`${sm.name || 'attention'}_MultiHeadAttention`),
      attribute: [
        { name: 'num_heads', type: AT.INT, i: q.heads },
        { name: 'mask_filter_value', type: AT.FLOAT, f: mask.value },
        { name: 'scale', type: AT.FLOAT, f: 1 / root },
      ],
    });
    for (const n of [...q.nodes, ...k.nodes, ...v.nodes, qk, div, add, sm, pv, back, merge]) removed.add(n);
    replacement.set(merge, made);
    layersFused++;
  }
  if (layersFused === 0) {
    throw new PrelabelError(
      'UNSUPPORTED',
      `No attention layer of this model has the hub layout the rewrite knows (${skipped[0]?.reason ?? 'it has no Softmax'}); use the model unfused.`,
    );
  }
  graph.node = nodes.flatMap((n) => replacement.get(n) ?? (removed.has(n) ? [] : [n]));
  removeDeadNodes(model);
  if (!(model.opsetImport ?? []).some((o) => o.domain === MS_DOMAIN)) {
    model.opsetImport = [...(model.opsetImport ?? []), { domain: MS_DOMAIN, version: 1 }];
  }
  return { layersFused, skipped };
}

/** Drops nodes none of whose outputs is read (the old mask chain), repeatedly. */
function removeDeadNodes(model: ModelProto): void {
  const graph = model.graph!;
  const outputs = new Set((graph.output ?? []).map((o) => o.name ?? ''));
  for (;;) {
    const used = new Set<string>(outputs);
    for (const n of graph.node ?? []) for (const i of n.input ?? []) used.add(i);
    const live = (graph.node ?? []).filter((n) => (n.output ?? []).some((o) => used.has(o)));
    if (live.length === graph.node!.length) break;
    graph.node = live;
  }
  const used = new Set<string>();
  for (const n of graph.node ?? []) for (const i of n.input ?? []) used.add(i);
  graph.initializer = (graph.initializer ?? []).filter((t) => used.has(t.name ?? ''));
}
