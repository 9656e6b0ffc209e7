// The machine's practical fp32 limit as onnxruntime-node sees it: a one-node MatMul graph
// ([M x K] x [K x N], the weight an initializer), run with the given intra-op threads, best of N.
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { onnx, writeOnnxModel } from '../../model/gen/onnx-writer';

export interface MatMulPeak {
  m: number;
  k: number;
  n: number;
  threads: number;
  runs: number;
  bestMs: number;
  medianMs: number;
  /** 2 * M * K * N / best time. */
  gflops: number;
  medianGflops: number;
}

/** Writes matmul.onnx ([M x K] input times a [K x N] fp32 initializer) into `dir`. */
export function writeMatMulModel(dir: string, k: number, n: number): string {
  const T = onnx.TensorProto.DataType;
  const path = join(dir, `matmul-${k}x${n}.onnx`);
  const shape = (...d: Array<string | number>) => ({ dim: d.map((x) => (typeof x === 'string' ? { dimParam: x } : { dimValue: x })) });
  writeOnnxModel(
    path,
    {
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      producerName: 'prelabel bench',
      graph: {
        name: 'matmul',
        node: [{ opType: 'MatMul', input: ['a', 'b'], output: ['c'], name: 'mm' }],
        input: [{ name: 'a', type: { tensorType: { elemType: T.FLOAT, shape: shape('m', k) } } }],
        output: [{ name: 'c', type: { tensorType: { elemType: T.FLOAT, shape: shape('m', n) } } }],
      },
    },
    [{ name: 'b', dims: [k, n], data: { mean: 0, std: 0.05 } }],
    1,
  );
  return path;
}

export async function measureMatMulPeak(
  dir: string,
  opts: { m?: number; k?: number; n?: number; threads: number; runs?: number },
): Promise<MatMulPeak> {
  const m = opts.m ?? 2048;
  const k = opts.k ?? 384;
  const n = opts.n ?? 1536;
  const runs = opts.runs ?? 40;
  const session = await ort.InferenceSession.create(writeMatMulModel(dir, k, n), {
    intraOpNumThreads: opts.threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const a = new Float32Array(m * k);
  for (let i = 0; i < a.length; i++) a[i] = Math.sin(i) * 0.5;
  const feeds = { a: new ort.Tensor('float32', a, [m, k]) };
  for (let i = 0; i < 5; i++) await session.run(feeds); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await session.run(feeds);
    times.push(performance.now() - t);
  }
  await session.release();
  times.sort((x, y) => x - y);
  const flop = 2 * m * k * n;
  const bestMs = times[0]!;
  const medianMs = times[Math.floor(times.length / 2)]!;
  return { m, k, n, threads: opts.threads, runs, bestMs, medianMs, gflops: flop / bestMs / 1e6, medianGflops: flop / medianMs / 1e6 };
}
