// Per-operator time of one ONNX model, from onnxruntime's own profiler (SessionOptions
// enableProfiling). The operators of the optimised graph: main/core/nli/graph/optimised-ops.ts.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';

export interface OpTime {
  op: string;
  /** Microseconds summed over the measured runs. */
  micros: number;
  /** Kernel calls summed over the measured runs. */
  calls: number;
}

export interface OpProfile {
  /** Milliseconds a run (sum of node kernel times / runs). */
  kernelMsPerRun: number;
  /** Wall milliseconds a run, median (model_run events). */
  runMs: number;
  /** Runs measured (warm-up excluded). */
  runs: number;
  ops: OpTime[];
}

interface ProfileEvent {
  cat: string;
  name: string;
  ts: number;
  dur: number;
  args?: { op_name?: string };
}

/**
 * Runs `feeds` `warmup + runs` times in a profiled session and sums kernel time per operator
 * type over the last `runs` runs (the profile is read back from the JSON trace onnxruntime writes).
 */
export async function profileOps(
  modelPath: string,
  feeds: Record<string, ort.Tensor>,
  opts: { threads: number; runs: number; warmup?: number; options?: ort.InferenceSession.SessionOptions },
): Promise<OpProfile> {
  const dir = mkdtempSync(join(tmpdir(), 'prelabel-profile-'));
  try {
    const session = await ort.InferenceSession.create(modelPath, {
      ...opts.options,
      intraOpNumThreads: opts.threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: opts.options?.graphOptimizationLevel ?? 'all',
      enableProfiling: true,
      profileFilePrefix: join(dir, 'profile'),
    });
    const warmup = opts.warmup ?? 2;
    for (let i = 0; i < warmup + opts.runs; i++) await session.run(feeds);
    session.endProfiling();
    await session.release();
    const file = readdirSync(dir).find((f) => f.endsWith('.json'));
    if (!file) throw new Error(`onnxruntime wrote no profile into ${dir}`);
    return summarise(JSON.parse(readFileSync(join(dir, file), 'utf8')) as ProfileEvent[], warmup);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Kernel time per operator type in the runs after the first `warmup` model_run events. */
export function summarise(events: ProfileEvent[], warmup: number): OpProfile {
  const runs = events.filter((e) => e.cat === 'Session' && e.name === 'model_run').sort((a, b) => a.ts - b.ts);
  const measured = runs.slice(warmup);
  if (measured.length === 0) throw new Error('the profile holds no measured model_run');
  const from = measured[0]!.ts;
  const byOp = new Map<string, OpTime>();
  for (const e of events) {
    if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time') || e.ts < from) continue;
    const op = e.args?.op_name ?? '?';
    const t = byOp.get(op) ?? { op, micros: 0, calls: 0 };
    t.micros += e.dur;
    t.calls += 1;
    byOp.set(op, t);
  }
  const ops = [...byOp.values()].sort((a, b) => b.micros - a.micros);
  const durations = measured.map((r) => r.dur).sort((a, b) => a - b);
  return {
    kernelMsPerRun: ops.reduce((s, o) => s + o.micros, 0) / 1000 / measured.length,
    runMs: durations[Math.floor(durations.length / 2)]! / 1000,
    runs: measured.length,
    ops,
  };
}
