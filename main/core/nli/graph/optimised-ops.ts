// The graph onnxruntime actually runs: a model's operators after its graph optimisations, read
// back from the optimised model it writes (SessionOptions optimizedModelFilePath), so that a test
// or a benchmark can check which fusions happened.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { onnx } from '../precision/quantize/onnx-file';

export type GraphLevel = 'basic' | 'extended' | 'all';

/** Operator counts (`domain:op` outside the standard domain) of the graph `modelPath` is optimised into. */
export async function optimisedOpCounts(modelPath: string, level: GraphLevel = 'all', threads = 1): Promise<Map<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'prelabel-optimised-'));
  try {
    const out = join(dir, 'optimised.onnx');
    const session = await ort.InferenceSession.create(modelPath, {
      intraOpNumThreads: threads,
      graphOptimizationLevel: level,
      optimizedModelFilePath: out,
      extra: {
        session: {
          optimized_model_external_initializers_file_name: 'optimised.data',
          optimized_model_external_initializers_min_size_in_bytes: '1024',
        },
      },
    });
    await session.release();
    const counts = new Map<string, number>();
    // The weights went to optimised.data, so the graph file alone is small enough to decode whole.
    for (const n of onnx.ModelProto.decode(readFileSync(out)).graph?.node ?? []) {
      const key = n.domain && n.domain !== 'ai.onnx' ? `${n.domain}:${n.opType}` : (n.opType ?? '');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
