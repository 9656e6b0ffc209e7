// npx tsx scripts/bench/graph-variants.ts [--model DIR] [--threads 2] [--reps 5] [--tokens 52,120,400]
//   [--forms matmul-integer,dynamic-quantize-matmul] [--rewrites attention,attention+skip] [--budget 2048]
// Speed of the graph variants of one model, side by side in one process: fp32 and each int8 form,
// each plain and after each graph rewrite ([Note: attention rewrite], [Note: skip layer norm
// rewrite]; `--rewrites ''` for none), by pair length. Every
// repetition runs all variants in turn on the same batches, so that a shared machine's load falls
// on all alike; medians of wall time and of this process's CPU time per pair are reported, and the
// largest logit difference each rewrite makes against its unfused graph; the fp32 and int8 MatMul
// peaks are measured before and after, in the same process.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg as osLoad, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { rewriteAttention } from '../../main/core/nli/graph/attention-rewrite';
import { rewriteSkipLayerNorm } from '../../main/core/nli/graph/skip-layer-norm';
import { readModelFile, writeModelFile } from '../../main/core/nli/precision/quantize/onnx-file';
import { MATMUL_FORMS, type MatMulForm } from '../../main/core/nli/precision/quantize/quantize-graph';
import { quantizeModelFile } from '../../main/core/nli/precision/quantize/quantize-model';
import { makeModel } from '../model/gen/make-model';
import { measureInt8Peak } from './nli/int8-peak';
import { measureMatMulPeak } from './nli/matmul-peak';

const list = (v: string | undefined, fallback: string) => (v ?? fallback).split(',').filter(Boolean);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Seeded pairs of `tokens` ids, the first half of each row padded for a quarter of the rows. */
function batchOf(batch: number, tokens: number): Record<string, ort.Tensor> {
  const ids = new BigInt64Array(batch * tokens);
  const mask = new BigInt64Array(batch * tokens);
  let state = tokens * 7919;
  for (let b = 0; b < batch; b++) {
    const length = b % 4 === 3 ? Math.max(4, Math.floor(tokens * 0.8)) : tokens;
    for (let t = 0; t < tokens; t++) {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      const real = t < length;
      ids[b * tokens + t] = real ? BigInt(t === 0 ? 0 : t === length - 1 ? 2 : 5 + (state % 249997)) : 1n;
      mask[b * tokens + t] = real ? 1n : 0n;
    }
  }
  return { input_ids: new ort.Tensor('int64', ids, [batch, tokens]), attention_mask: new ort.Tensor('int64', mask, [batch, tokens]) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      threads: { type: 'string' },
      reps: { type: 'string' },
      tokens: { type: 'string' },
      forms: { type: 'string' },
      budget: { type: 'string' },
      rewrites: { type: 'string' },
    },
  });
  const threads = Number(values.threads ?? 2);
  const reps = Number(values.reps ?? 5);
  const budget = Number(values.budget ?? 2048);
  const lengths = list(values.tokens, '52,120,400').map(Number);
  const rewrites = list(values.rewrites, 'attention,attention+skip');
  for (const r of rewrites)
    if (!r.split('+').every((x) => x === 'attention' || x === 'skip'))
      throw new Error(`--rewrites: "${r}" is not made of attention and skip`);
  const forms = list(values.forms, 'matmul-integer,dynamic-quantize-matmul') as MatMulForm[];
  for (const f of forms) if (!MATMUL_FORMS.includes(f)) throw new Error(`--forms: "${f}" is not one of ${MATMUL_FORMS.join(', ')}`);
  if (![threads, reps, budget, ...lengths].every((n) => Number.isInteger(n) && n > 0)) throw new Error('numbers must be positive integers');

  const work = mkdtempSync(join(tmpdir(), 'prelabel-variants-'));
  try {
    const fp32 = join(values.model ?? makeModel({ size: 'full', outDir: join(work, 'full') }).dir, 'onnx', 'model.onnx');
    const files: Array<{ name: string; path: string; plain?: string }> = [{ name: 'fp32', path: fp32 }];
    const rewritten: Array<{ name: string; path: string }> = [];
    for (const r of rewrites) {
      const { model } = readModelFile(fp32);
      const done = r.split('+').map((step) => (step === 'attention' ? rewriteAttention(model) : rewriteSkipLayerNorm(model)));
      console.log(`${r}: ${JSON.stringify(done)}`);
      const path = join(work, `fp32-${r}.onnx`);
      writeModelFile(path, model);
      rewritten.push({ name: r, path });
      files.push({ name: `fp32 + ${r}`, path, plain: 'fp32' });
    }
    for (const form of forms) {
      quantizeModelFile(fp32, join(work, `${form}.onnx`), { form });
      files.push({ name: `int8 ${form}`, path: join(work, `${form}.onnx`) });
      for (const r of rewritten) {
        const path = join(work, `${form}-${r.name}.onnx`);
        quantizeModelFile(r.path, path, { form });
        files.push({ name: `int8 ${form} + ${r.name}`, path, plain: `int8 ${form}` });
      }
    }
    const options: ort.InferenceSession.SessionOptions = {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    };
    const peaks = async (when: string) => {
      const [f, q] = [await measureMatMulPeak(work, { threads }), await measureInt8Peak(work, { threads })];
      const fmt = (p: typeof f) => `${p.gflops.toFixed(0)} (median ${p.medianGflops.toFixed(0)})`;
      console.log(
        `MatMul peak ${when}, [2048 x 384] x [384 x 1536], GFLOP/s best of 40: fp32 ${fmt(f)}, int8 ${fmt(q)} (load ${loadavg()})`,
      );
    };
    await peaks('before');
    const sessions = await Promise.all(files.map((f) => ort.InferenceSession.create(f.path, options)));
    console.log(`onnxruntime-node ${ort.env.versions.common}, ${threads} threads, ${reps} interleaved repetitions, load ${loadavg()}`);

    for (const tokens of lengths) {
      const batch = Math.max(1, Math.floor(budget / tokens));
      const feeds = batchOf(batch, tokens);
      const rounds = Math.max(1, Math.round(8192 / (batch * tokens)));
      const logits = await Promise.all(sessions.map(async (s) => (await s.run(feeds)).logits!.data as Float32Array));
      const wall = files.map(() => [] as number[]);
      const cpu = files.map(() => [] as number[]);
      for (let r = 0; r < reps; r++) {
        for (let v = 0; v < files.length; v++) {
          const [t0, c0] = [performance.now(), process.cpuUsage()];
          for (let i = 0; i < rounds; i++) await sessions[v]!.run(feeds);
          const c = process.cpuUsage(c0);
          wall[v]!.push((performance.now() - t0) / (rounds * batch));
          cpu[v]!.push((c.user + c.system) / 1000 / (rounds * batch));
        }
      }
      console.log(`\n${tokens} tokens a pair, batches of ${batch}, ${rounds} batches a timing (load ${loadavg()})\n`);
      console.log('| graph | pairs/s (wall, median) | x fp32 | CPU ms a pair | max |logit diff| vs unfused |');
      console.log('|---|---:|---:|---:|---:|');
      const base = median(wall[0]!);
      files.forEach((f, v) => {
        const plain = f.plain ? files.findIndex((g) => g.name === f.plain) : -1;
        let diff = '';
        if (plain >= 0) {
          let m = 0;
          logits[v]!.forEach((x, i) => (m = Math.max(m, Math.abs(x - logits[plain]![i]!))));
          diff = m.toExponential(1);
        }
        const w = median(wall[v]!);
        console.log(`| ${f.name} | ${(1000 / w).toFixed(1)} | ${(base / w).toFixed(2)} | ${median(cpu[v]!).toFixed(2)} | ${diff} |`);
      });
    }
    await Promise.all(sessions.map((s) => s.release()));
    await peaks('after');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const loadavg = () =>
  osLoad()
    .map((x) => x.toFixed(2))
    .join(' ');

main().catch((err: unknown) => {
  console.error(`graph-variants: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
