// The machine's practical int8 limit as onnxruntime-node sees it: the fp32 peak's one-MatMul graph
// ([M x K] x [K x N]) quantised by Prelabel's quantiser into one DynamicQuantizeMatMul (u8
// activations quantised per run x s8 weights), timed like the fp32 peak (best and median of N).
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { readModelFile, writeModelFile } from '../../../main/core/nli/precision/quantize/onnx-file';
import { quantizeGraph } from '../../../main/core/nli/precision/quantize/quantize-graph';
import { writeMatMulModel, type MatMulPeak } from './matmul-peak';

export async function measureInt8Peak(
  dir: string,
  opts: { m?: number; k?: number; n?: number; threads: number; runs?: number },
): Promise<MatMulPeak> {
  const [m, k, n, runs] = [opts.m ?? 2048, opts.k ?? 384, opts.n ?? 1536, opts.runs ?? 40];
  const { model } = readModelFile(writeMatMulModel(dir, k, n));
  quantizeGraph(model, { form: 'dynamic-quantize-matmul', embedding: false });
  const path = join(dir, `matmul-${k}x${n}.int8.onnx`);
  writeModelFile(path, model);
  const session = await ort.InferenceSession.create(path, {
    intraOpNumThreads: opts.threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const a = new Float32Array(m * k);
  for (let i = 0; i < a.length; i++) a[i] = Math.sin(i) * 0.5;
  const feeds = { a: new ort.Tensor('float32', a, [m, k]) };
  for (let i = 0; i < 5; i++) await session.run(feeds);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await session.run(feeds);
    times.push(performance.now() - t);
  }
  await session.release();
  times.sort((x, y) => x - y);
  const ops = 2 * m * k * n;
  const [bestMs, medianMs] = [times[0]!, times[Math.floor(times.length / 2)]!];
  return { m, k, n, threads: opts.threads, runs, bestMs, medianMs, gflops: ops / bestMs / 1e6, medianGflops: ops / medianMs / 1e6 };
}
