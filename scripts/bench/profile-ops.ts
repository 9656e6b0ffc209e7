// npm run bench:profile -- [--model DIR] [--threads 2] [--batch 32] [--tokens 52] [--runs 10] [--forms a,b]
//   [--rewrites attention,skip-layer-norm] (each model also profiled after those graph rewrites)
// Per-operator time (onnxruntime's own profiler) of the generated full model in fp32 and in each int8
// form Prelabel's quantiser writes, on short pairs (default 32 pairs of 52 tokens: the length of
// an average review pair), and the operators of the optimised graph each one runs (which fusions
// happened). Prints markdown tables for docs/BENCHMARKS.md. Without --model the full model is
// generated into a temporary folder (428 MB).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { MATMUL_FORMS, type MatMulForm } from '../../main/core/nli/precision/quantize/quantize-graph';
import { GRAPH_REWRITES, quantizeModelFile, type GraphRewrite } from '../../main/core/nli/precision/quantize/quantize-model';
import { readModelFile, writeModelFile } from '../../main/core/nli/precision/quantize/onnx-file';
import { rewriteAttention } from '../../main/core/nli/graph/attention-rewrite';
import { rewriteSkipLayerNorm } from '../../main/core/nli/graph/skip-layer-norm';
import { makeModel } from '../model/gen/make-model';
import { optimisedOpCounts } from '../../main/core/nli/graph/optimised-ops';
import { profileOps, type OpProfile } from './nli/op-profile';

const positive = (v: string | undefined, name: string, fallback: number): number => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, not "${v}"`);
  return n;
};

/** Seeded short pairs: <s> ids </s></s> ids </s>, every position attended. */
function shortBatch(batch: number, tokens: number, vocab: number): Record<string, ort.Tensor> {
  const ids = new BigInt64Array(batch * tokens);
  let state = 42;
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < tokens; t++) {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      ids[b * tokens + t] = BigInt(5 + (state % (vocab - 5)));
    }
    ids[b * tokens] = 0n;
    ids[b * tokens + tokens - 1] = 2n;
  }
  const mask = new BigInt64Array(batch * tokens).fill(1n);
  return { input_ids: new ort.Tensor('int64', ids, [batch, tokens]), attention_mask: new ort.Tensor('int64', mask, [batch, tokens]) };
}

function table(name: string, p: OpProfile, top = 14): string {
  const lines = [
    `${name}: ${p.runMs.toFixed(1)} ms a run (median), kernels ${p.kernelMsPerRun.toFixed(1)} ms`,
    '',
    '| operator | ms a run | share | calls a run |',
    '|---|---:|---:|---:|',
  ];
  const total = p.ops.reduce((s, o) => s + o.micros, 0);
  for (const o of p.ops.slice(0, top)) {
    lines.push(`| ${o.op} | ${(o.micros / 1000 / p.runs).toFixed(2)} | ${((100 * o.micros) / total).toFixed(1)}% | ${o.calls / p.runs} |`);
  }
  const rest = p.ops.slice(top);
  if (rest.length) {
    const micros = rest.reduce((s, o) => s + o.micros, 0);
    lines.push(`| ${rest.length} others | ${(micros / 1000 / p.runs).toFixed(2)} | ${((100 * micros) / total).toFixed(1)}% | |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      threads: { type: 'string' },
      batch: { type: 'string' },
      tokens: { type: 'string' },
      runs: { type: 'string' },
      forms: { type: 'string' },
      rewrites: { type: 'string' },
    },
  });
  const threads = positive(values.threads, 'threads', 2);
  const batch = positive(values.batch, 'batch', 32);
  const tokens = positive(values.tokens, 'tokens', 52);
  const runs = positive(values.runs, 'runs', 10);
  const forms = (values.forms ?? MATMUL_FORMS.join(',')).split(',').filter(Boolean) as MatMulForm[];
  for (const f of forms) if (!MATMUL_FORMS.includes(f)) throw new Error(`--forms: "${f}" is not one of ${MATMUL_FORMS.join(', ')}`);

  const rewrites = (values.rewrites ?? '').split(',').filter(Boolean) as GraphRewrite[];
  for (const r of rewrites)
    if (!GRAPH_REWRITES.includes(r)) throw new Error(`--rewrites: "${r}" is not one of ${GRAPH_REWRITES.join(', ')}`);
  const work = mkdtempSync(join(tmpdir(), 'prelabel-profile-ops-'));
  try {
    const fp32Dir = values.model ?? makeModel({ size: 'full', outDir: join(work, 'full') }).dir;
    const fp32 = join(fp32Dir, 'onnx', 'model.onnx');
    const variants: Array<{ name: string; path: string }> = [{ name: 'fp32', path: fp32 }];
    const fused = ` + ${rewrites.join(' + ')}`;
    if (rewrites.length) {
      const { model } = readModelFile(fp32);
      if (rewrites.includes('attention')) rewriteAttention(model);
      if (rewrites.includes('skip-layer-norm')) rewriteSkipLayerNorm(model);
      writeModelFile(join(work, 'fp32-fused.onnx'), model);
      variants.push({ name: `fp32${fused}`, path: join(work, 'fp32-fused.onnx') });
    }
    for (const form of forms) {
      const path = join(work, `int8-${form}.onnx`);
      quantizeModelFile(fp32, path, { form, rewrites: [] });
      variants.push({ name: `int8 ${form}`, path });
      if (rewrites.length) {
        quantizeModelFile(fp32, join(work, `int8-${form}-fused.onnx`), { form, rewrites });
        variants.push({ name: `int8 ${form}${fused}`, path: join(work, `int8-${form}-fused.onnx`) });
      }
    }
    const feeds = shortBatch(batch, tokens, 250002);
    console.log(
      `onnxruntime-node ${ort.env.versions.common}, ${threads} intra-op threads, ${batch} pairs x ${tokens} tokens, ${runs} runs after 2 warm-up\n`,
    );
    const counts: Array<Map<string, number>> = [];
    for (const v of variants) {
      const p = await profileOps(v.path, feeds, { threads, runs });
      console.log(`${table(v.name, p)}\n`);
      counts.push(await optimisedOpCounts(v.path, 'all', threads));
    }
    const ops = [...new Set(counts.flatMap((c) => [...c.keys()]))].sort();
    console.log(`Operators of the optimised graph (level all):\n`);
    console.log(`| operator | ${variants.map((v) => v.name).join(' | ')} |`);
    console.log(`|---|${variants.map(() => '---:').join('|')}|`);
    for (const op of ops) console.log(`| ${op} | ${counts.map((c) => c.get(op) ?? 0).join(' | ')} |`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`profile-ops: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
