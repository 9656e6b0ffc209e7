// The DeBERTa-v2 (and v3) sequence-classification graph, written with standard ONNX ops (opset 17)
// as transformers' modeling_deberta_v2 computes it:
// - embeddings: word + token type (no absolute positions: position_biased_input = false), LayerNorm,
//   times the attention mask;
// - disentangled self-attention with a shared attention key (share_att_key): content-to-content plus
//   content-to-position (c2p) and position-to-content (p2c) terms over log-bucketed relative
//   positions (make_log_bucket_position), each divided by sqrt(head_dim * 3);
// - relative embeddings LayerNorm'ed once by the encoder (norm_rel_ebd = "layer_norm");
// - ContextPooler (dense + GELU on [CLS]) and the classifier.
// Weight names follow Hugging Face's; MatMul weights are stored [in, out] (x @ W). The pieces shared
// with the XLM-R graph are in graph-builder.ts.
// scripts/reference/deberta_reference.py is the independent numpy forward pass it is checked against.
import { graphBuilder, int, perm, T, type GeneratedGraph } from './graph-builder';

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
  /** A planted classifier bias (one value a label, id order) instead of a random one. */
  classifierBias?: number[];
}

export function buildDebertaGraph(size: DebertaSize, vocabSize: number): GeneratedGraph {
  const { hidden: h, heads, ffn, buckets: span } = size;
  const d = h / heads;
  if (!Number.isInteger(d)) throw new Error(`hidden ${h} is not divisible by ${heads} heads`);
  const g = graphBuilder({ hidden: h, ffn, layerNormEps: size.layerNormEps });
  const { scales: s, node, weight, i64, f32, linear, layerNorm, splitHeads } = g;
  const gelu = g.geluWith({ sqrt2: f32('const_sqrt_2', Math.SQRT2), one: f32('const_one', 1), half: f32('const_half', 0.5) });

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
    const relSplit = (x: string) => node('Transpose', [node('Reshape', [x, relHeadShape])], [perm([1, 2, 0])]); // [H, d, 2span]
    const qProj = `${p}.attention.self.query_proj`;
    const kProj = `${p}.attention.self.key_proj`;
    const q = splitHeads(linear(hiddenState, qProj, h, h, s.qk), headShape); // [B, H, L, d]
    const k = splitHeads(linear(hiddenState, kProj, h, h, s.qk), headShape);
    const v = splitHeads(linear(hiddenState, `${p}.attention.self.value_proj`, h, h, s.vo), headShape);
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
    const context = g.attend(node('Where', [keyMask, scores, minFloat]), v, mergedShape);
    hiddenState = g.outputAndFeedForward(context, hiddenState, p, gelu);
  }

  // ContextPooler on [CLS] (dense + GELU), then the classifier.
  g.classificationHead(hiddenState, {
    dense: 'pooler.dense',
    activation: gelu,
    classifier: 'classifier',
    classes: size.labels.length,
    bias: size.classifierBias && Float32Array.from(size.classifierBias),
  });
  const types = size.typeVocab > 0 ? ['token_type_ids'] : [];
  return g.finish(['input_ids', 'attention_mask', ...types], size.labels.length);
}
