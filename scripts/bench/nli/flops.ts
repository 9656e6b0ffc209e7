// FLOPs of one premise/hypothesis pair through the encoder, counted from the model's sizes and the
// pair's real (unpadded) tokens T; a multiply-add counts as 2.
//   per layer: 2*T*(4*H*H + 2*H*F)  Q, K, V and output projections, FFN in and out
//            + 2*2*T*T*H            attention scores (Q K^T) and context (P V), all heads together
//   head:      2*(H*H + H*C)         dense and out_proj on the <s> token
// Embedding lookups, layer norms, softmax, GELU and biases are left out (a few percent at most).
// Padding is not counted: work spent on pad tokens is work the engine wasted.

export interface EncoderSize {
  layers: number;
  hidden: number;
  ffn: number;
  classes: number;
}

export const FLOPS_FORMULA = 'L * (2*T*(4*H^2 + 2*H*F) + 4*T^2*H) + 2*(H^2 + H*C), T = real tokens of the pair';

export function pairFlops(tokens: number, s: EncoderSize): number {
  const { layers: L, hidden: H, ffn: F, classes: C } = s;
  const T = tokens;
  return L * (2 * T * (4 * H * H + 2 * H * F) + 4 * T * T * H) + 2 * (H * H + H * C);
}
