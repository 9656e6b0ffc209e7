// The XLM-R sequence-classification graph, written with the standard ONNX ops that a torch export
// produces (opset 17), so onnxruntime's optimizer can fuse attention, LayerNorm and GELU.
// Weight names follow Hugging Face's; MatMul weights are stored [in, out] (x @ W).
// The pieces shared with the DeBERTa graph are in graph-builder.ts.
import { AT, graphBuilder, int, T, type Attr, type GeneratedGraph } from './graph-builder';
import { LAYER_NORM_EPS, MAX_POSITIONS, PAD_ID, type ModelSize } from './model-sizes';

export type XlmrGraph = GeneratedGraph;

export function buildXlmrGraph(size: ModelSize, vocabSize: number): XlmrGraph {
  const { hidden: h, heads, ffn } = size;
  const headDim = h / heads;
  if (!Number.isInteger(headDim)) throw new Error(`hidden ${h} is not divisible by ${heads} heads`);
  const g = graphBuilder({ hidden: h, ffn, layerNormEps: LAYER_NORM_EPS });
  const { scales: s, node, weight, i64, f32, linear, layerNorm, splitHeads } = g;

  // Embeddings. Position ids come from input_ids as in MODEL.md: m = ids != pad; cumsum(m) * m + pad.
  const padId = i64('const_pad_id', [PAD_ID], []);
  const notPad = node('Cast', [node('Not', [node('Equal', ['input_ids', padId])])], [int('to', T.INT32)]);
  const cumsum = node('CumSum', [notPad, i64('const_axis_1', [1], [])]);
  const positions = node('Add', [node('Cast', [node('Mul', [cumsum, notPad])], [int('to', T.INT64)]), padId]);
  const wordEmb = weight('roberta.embeddings.word_embeddings.weight', [vocabSize, h], s.embedding);
  const posEmb = weight('roberta.embeddings.position_embeddings.weight', [MAX_POSITIONS, h], s.embedding);
  const typeEmb = weight('roberta.embeddings.token_type_embeddings.weight', [1, h], s.tokenType);
  // No token_type_ids input (the real export has none): all type ids are 0.
  const zeroValue: Attr = { name: 'value', type: AT.TENSOR, t: { dims: [1], dataType: T.INT64, int64Data: [0] } };
  const typeIds = node('ConstantOfShape', [node('Shape', ['input_ids'])], [zeroValue]);
  const summed = node('Add', [
    node('Add', [node('Gather', [wordEmb, 'input_ids']), node('Gather', [typeEmb, typeIds])]),
    node('Gather', [posEmb, positions]),
  ]);
  let hiddenState = layerNorm(summed, 'roberta.embeddings.LayerNorm');

  // Additive attention mask [batch, 1, 1, seq]: 0 where attended, -10000 at padding.
  const maskF = node('Cast', [node('Unsqueeze', ['attention_mask', i64('const_axes_1_2', [1, 2])])], [int('to', T.FLOAT)]);
  const one = f32('const_one', 1);
  const additiveMask = node('Mul', [node('Sub', [one, maskF]), f32('const_mask_value', -10000)]);
  const headShape = i64('const_head_shape', [0, 0, heads, headDim]);
  const mergedShape = i64('const_merged_shape', [0, 0, h]);
  const scale = f32('const_sqrt_head_dim', Math.sqrt(headDim));
  const gelu = g.geluWith({ sqrt2: f32('const_sqrt_2', Math.SQRT2), one, half: f32('const_half', 0.5) });

  for (let l = 0; l < size.layers; l++) {
    const p = `roberta.encoder.layer.${l}`;
    const q = splitHeads(linear(hiddenState, `${p}.attention.self.query`, h, h, s.qk), headShape);
    const k = splitHeads(linear(hiddenState, `${p}.attention.self.key`, h, h, s.qk), headShape, [0, 2, 3, 1]);
    const v = splitHeads(linear(hiddenState, `${p}.attention.self.value`, h, h, s.vo), headShape);
    const scores = node('Add', [node('Div', [node('MatMul', [q, k]), scale]), additiveMask]);
    hiddenState = g.outputAndFeedForward(g.attend(scores, v, mergedShape), hiddenState, p, gelu);
  }

  // Classification head on the <s> token: out_proj(tanh(dense(hidden[:, 0, :]))).
  g.classificationHead(hiddenState, {
    dense: 'classifier.dense',
    activation: (x) => node('Tanh', [x]),
    classifier: 'classifier.out_proj',
    classes: size.labels.length,
  });
  return g.finish(['input_ids', 'attention_mask'], size.labels.length);
}
