// Test support: logits from one onnxruntime session for a right-padded batch (the engine's
// inference process, built elsewhere in issue 3, makes the same calls).
import * as ort from 'onnxruntime-node';
import { padBatch } from '../scoring/tokenizer';

export async function openSession(onnxPath: string, intraOpNumThreads = 1): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(onnxPath, { intraOpNumThreads, graphOptimizationLevel: 'all' });
}

/** Logits [batch][classes] for right-padded sequences; pass the model's pad id. */
export async function runLogits(
  session: ort.InferenceSession,
  seqs: ReadonlyArray<readonly number[]>,
  padId = 1,
  mask?: BigInt64Array,
): Promise<number[][]> {
  const padded = padBatch(seqs, padId);
  const dims = [padded.batch, padded.sequence];
  const out = await session.run({
    input_ids: new ort.Tensor('int64', padded.inputIds, dims),
    attention_mask: new ort.Tensor('int64', mask ?? padded.attentionMask, dims),
  });
  const logits = out.logits!;
  const classes = logits.dims[1]!;
  const data = logits.data as Float32Array;
  return Array.from({ length: padded.batch }, (_, b) => Array.from(data.subarray(b * classes, (b + 1) * classes)));
}
