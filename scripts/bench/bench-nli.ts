// npm run bench:nli — the NLI engines side by side on one machine, in one run: the transformers.js
// zero-shot pipeline, Prelabel fp32 and Prelabel int8, on the generated `full` model (the real
// model's sizes, random weights) and 1,000 real texts in nine languages with 5 labels. Reports
// pairs/s by length bucket and overall, achieved GFLOP/s against a single-MatMul peak measured in
// the same run, peak memory, and the fp32 scores against the pipeline's. Each engine runs in a
// process of its own, the engines take turns in every repetition, and the spread is reported.
//
//   tsx scripts/bench/bench-nli.ts [--reps 3] [--texts 1000] [--seed 42] [--threads N]
//     [--engines pipeline,fp32,int8] [--model DIR] [--int8 DIR] [--work DIR] [--keep] [--json FILE]
//     [--sweep ROWSxTOKENS[xLOOKAHEAD[xPROCESSES]],...]   (Prelabel fp32 only, all texts, one run per setting)
// Env: PRELABEL_BENCH_MODEL_DIR / PRELABEL_BENCH_INT8_DIR reuse model folders; PRELABEL_DATA_DIR
// points at the corpora.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { physicalCores } from '../../main/core/nli/inference/cpu-cores';
import { makeModel } from '../model/gen/make-model';
import { MODEL_SIZES } from '../model/gen/model-sizes';
import { quantizeModelFile } from '../../main/core/nli/precision/quantize/quantize-model';
import { NliTokenizer } from '../../main/core/nli/scoring/tokenizer';
import { singleLabelScores } from '../../main/core/nli/scoring/zero-shot';
import { FLOPS_FORMULA, pairFlops, type EncoderSize } from './nli/flops';
import { measureIpcCost } from './nli/ipc-cost';
import { cpuBusy, describeMachine, load1, otherLoadMonitor, waitForQuiet, type Machine } from './nli/machine';
import type { MatMulPeak } from './nli/matmul-peak';
import type { BenchJob, EngineTuningOverride, JobText, PipelineResult, PrelabelResult, PrelabelRunSpec } from './nli/protocol';
import { BUCKETS, LABELS, TEMPLATE, sampleTexts, warmupTexts, type BenchText, type Bucket } from './nli/sample';

type EngineName = 'pipeline' | 'fp32' | 'int8';
const ENGINES: EngineName[] = ['pipeline', 'fp32', 'int8'];
const TARGETS = { fp32VsPipeline: 2.5, fp32OfPeak: 0.8, int8VsPipeline: 4, scoreDiff: 1e-4 };
const SCOPES = ['64', '128', '512', 'all'] as const;
type Scope = (typeof SCOPES)[number];

interface Measure {
  pairs: number;
  seconds: number;
  flops: number;
  tokens?: number;
  paddedTokens?: number;
  runMs?: number;
  childIdleMs?: number;
  processes?: number;
  reusedPairs?: number;
  coreMsPerPair?: number;
}

interface EngineRep {
  engine: EngineName;
  rep: number;
  byScope: Partial<Record<Scope, Measure>>;
  loadMs: number;
  sessionLoadMs?: number;
  loads?: {
    uncachedSession: number;
    firstSession: number;
    firstCache: string;
    laterSession: number;
    laterCache: string;
    firstSelect: number;
    uncachedRss: number;
  };
  rss: { process: number; inference?: number };
  busyBefore: number | null;
  /** CPU (in cores) that processes outside the engine's own used during its run. */
  otherCores: number | null;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const spread = (xs: number[], digits = 1) =>
  xs.length > 1 ? ` (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})` : '';
const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(0)}%`);

let quietWaitMs = 0;

/** Runs one engine process; `otherCores`: CPU used meanwhile by processes outside its tree. */
async function runChild<T>(
  script: string,
  job: BenchJob,
  dir: string,
  name: string,
): Promise<{ result: T; otherCores: number | null; busyBefore: number | null }> {
  const jobFile = join(dir, `${name}.job.json`);
  writeFileSync(jobFile, JSON.stringify(job));
  const quiet = quietWaitMs > 0 ? await waitForQuiet(quietWaitMs) : { waitedMs: 0, busy: await cpuBusy(1000) };
  if (quiet.waitedMs > 1500)
    console.log(`  (waited ${(quiet.waitedMs / 1000).toFixed(0)} s for other processes to leave the CPU; busy ${pct(quiet.busy)})`);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'nli', script), jobFile], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const monitor = otherLoadMonitor(child.pid ?? 0);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const otherCores = monitor.stop();
      if (code !== 0) return reject(new Error(`${script} (${name}) failed: ${signal ?? `exit ${code}`}`));
      resolvePromise({ result: JSON.parse(readFileSync(job.out, 'utf8')) as T, otherCores, busyBefore: quiet.busy });
    });
  });
}

/** A model folder with the int8 ONNX file in place of the fp32 one (same tokenizer and config). */
function int8Folder(fp32Dir: string, target: string): { dir: string; note: string } {
  mkdirSync(join(target, 'onnx'), { recursive: true });
  for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json']) {
    if (existsSync(join(fp32Dir, f))) copyFileSync(join(fp32Dir, f), join(target, f));
  }
  const r = quantizeModelFile(join(fp32Dir, 'onnx', 'model.onnx'), join(target, 'onnx', 'model.onnx'));
  const note = `${r.matmulsConverted} MatMuls (${r.form}), attention layers fused ${r.rewritten.attentionLayers}, embedding ${r.embedding ? 'int8' : 'fp32'}, ${mb(r.inputBytes)} -> ${mb(r.outputBytes)} in ${(r.milliseconds / 1000).toFixed(1)} s`;
  return { dir: target, note };
}

function parseSweep(spec: string): Array<{ name: string; tuning: EngineTuningOverride }> {
  return spec.split(',').map((s) => {
    const [rows, tokens, lookahead, processes] = s.split('x').map(Number);
    if (!rows || !tokens) throw new Error(`--sweep: "${s}" is not ROWSxTOKENS[xLOOKAHEAD[xPROCESSES]]`);
    const tuning: EngineTuningOverride = { maxRows: rows, maxBatchTokens: tokens };
    if (lookahead !== undefined) tuning.lookahead = lookahead;
    if (processes !== undefined) tuning.processes = processes;
    return {
      name: `r${rows}-t${tokens}${lookahead !== undefined ? `-la${lookahead}` : ''}${processes !== undefined ? `-p${processes}` : ''}`,
      tuning,
    };
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      reps: { type: 'string', default: '3' },
      texts: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '42' },
      threads: { type: 'string' },
      engines: { type: 'string', default: ENGINES.join(',') },
      model: { type: 'string' },
      int8: { type: 'string' },
      work: { type: 'string' },
      keep: { type: 'boolean', default: false },
      json: { type: 'string' },
      sweep: { type: 'string' },
      'wait-quiet': { type: 'string', default: '120' },
    },
  });
  quietWaitMs = Number(values['wait-quiet']) * 1000;
  const reps = Number(values.reps);
  const count = Number(values.texts);
  const threads = values.threads ? Number(values.threads) : physicalCores();
  const engines = values.engines!.split(',').map((e) => e.trim()) as EngineName[];
  for (const e of engines) if (!ENGINES.includes(e)) throw new Error(`--engines: unknown engine "${e}" (${ENGINES.join(', ')})`);
  const work = values.work ? resolve(values.work) : mkdtempSync(join(tmpdir(), 'prelabel-bench-nli-'));
  mkdirSync(work, { recursive: true });
  const machine: Machine = describeMachine();
  console.log(
    `Machine: ${machine.cpu}, ${machine.physicalCores} cores (${machine.logicalCpus} logical), ${machine.memoryGiB.toFixed(0)} GiB, ${machine.flags.join(' ')}`,
  );
  console.log(
    `Node ${machine.node}, onnxruntime-node ${machine.onnxruntime}, @huggingface/transformers ${machine.transformers}, ${machine.os}, ${machine.date}`,
  );

  // Models.
  let fp32Dir = values.model ?? process.env.PRELABEL_BENCH_MODEL_DIR;
  if (!fp32Dir) {
    const t = performance.now();
    fp32Dir = makeModel({ size: 'full', outDir: join(work, 'models', 'full-fp32') }).dir;
    console.log(`Generated the full model in ${((performance.now() - t) / 1000).toFixed(1)} s: ${fp32Dir}`);
  }
  fp32Dir = resolve(fp32Dir);
  let int8Dir = values.int8 ?? process.env.PRELABEL_BENCH_INT8_DIR;
  let int8Note = 'given';
  if (engines.includes('int8') && !int8Dir && !values.sweep) {
    const made = int8Folder(fp32Dir, join(work, 'models', 'full-int8'));
    int8Dir = made.dir;
    int8Note = made.note;
    console.log(`Quantised to int8 (Prelabel's quantiser): ${int8Note}`);
  }
  const rawConfig = JSON.parse(readFileSync(join(fp32Dir, 'config.json'), 'utf8')) as Record<string, number>;
  const size: EncoderSize = {
    layers: rawConfig.num_hidden_layers!,
    hidden: rawConfig.hidden_size!,
    ffn: rawConfig.intermediate_size!,
    classes: MODEL_SIZES.full.labels.length,
  };

  // Texts.
  const tok = NliTokenizer.fromModelDir(fp32Dir);
  const sample: BenchText[] = await sampleTexts(tok, { count, seed: Number(values.seed) });
  const warmup = warmupTexts(sample, 3);
  const langs = [...new Set(sample.map((t) => t.lang))].sort();
  const inBucket = (b: Bucket) => sample.filter((t) => t.bucket === b);
  console.log(
    `Texts: ${sample.length} in ${langs.length} languages (${langs.join(', ')}), seed ${values.seed}; by longest pair: ` +
      BUCKETS.map((b) => `<= ${b}: ${inBucket(b).length}`).join(', ') +
      `; ${sample.filter((t) => t.truncated).length} longer than 512 tokens a pair (truncated). Labels: ${LABELS.join(', ')}; template "${TEMPLATE}".`,
  );
  const jobTexts: JobText[] = sample.map((t) => ({ id: t.id, text: t.text, bucket: t.bucket }));
  const jobWarmup: JobText[] = warmup.map((t) => ({ id: t.id, text: t.text, bucket: t.bucket }));
  const common = { texts: jobTexts, warmup: jobWarmup, labels: LABELS, template: TEMPLATE, threads };

  // FLOPs per text, from the pairs' real tokens (Prelabel's only-first truncation).
  const hypTokens = LABELS.map((l) => tok.tokenize(TEMPLATE.replace('{}', l)).length);
  const budget = (k: number) => 512 - tok.specialCount - hypTokens[k]!;
  const textFlops = new Map(
    sample.map((t) => [
      t.id,
      hypTokens.reduce((a, h, k) => a + pairFlops(tok.specialCount + h + Math.min(t.premiseTokens, budget(k)), size), 0),
    ]),
  );
  const scopeTexts = (s: Scope) => (s === 'all' ? sample : inBucket(Number(s) as Bucket));
  const scopeFlops = (s: Scope) => scopeTexts(s).reduce((a, t) => a + textFlops.get(t.id)!, 0);
  const realTokens = sample.reduce(
    (a, t) => a + hypTokens.reduce((b, h, k) => b + tok.specialCount + h + Math.min(t.premiseTokens, budget(k)), 0),
    0,
  );
  console.log(
    `Mean tokens a pair: ${(realTokens / (sample.length * LABELS.length)).toFixed(1)}; FLOPs: ${FLOPS_FORMULA} (L ${size.layers}, H ${size.hidden}, F ${size.ffn}, C ${size.classes})`,
  );

  const busyStart = await cpuBusy(2000);
  console.log(
    `CPU busy before the run (all processes): ${pct(busyStart)}, load average ${load1().toFixed(2)}${busyStart !== null && busyStart > 0.15 ? ' -- another process is using the CPU: timings will be low' : ''}`,
  );

  if (values.sweep) {
    await sweep(parseSweep(values.sweep), { work, fp32Dir, common, reps, scopeFlops: scopeFlops('all') });
    if (!values.keep && !values.work) rmSync(work, { recursive: true, force: true });
    return;
  }

  const peaks: Array<MatMulPeak & { maxRssBytes: number }> = [];
  const results: EngineRep[] = [];
  let pipelineScores: PipelineResult | null = null;
  const collected: Partial<Record<'fp32' | 'int8', PrelabelResult>> = {};
  const prelabelRuns: PrelabelRunSpec[] = [
    { name: 'warmup', ids: jobWarmup.map((t) => t.id), warmup: true },
    ...BUCKETS.map((b) => ({ name: String(b), ids: inBucket(b).map((t) => t.id) })),
    { name: 'all', ids: sample.map((t) => t.id), collect: true },
  ];

  for (let rep = 1; rep <= reps; rep++) {
    const { result: peak } = await runChild<MatMulPeak & { maxRssBytes: number }>(
      'matmul-child.ts',
      { engine: 'matmul', dir: work, threads, runs: 40, out: join(work, `matmul-${rep}.json`) },
      work,
      `matmul-${rep}`,
    );
    peaks.push(peak);
    console.log(
      `rep ${rep}: MatMul [${peak.m} x ${peak.k}] x [${peak.k} x ${peak.n}] fp32, ${threads} threads: best ${peak.gflops.toFixed(0)} GFLOP/s, median ${peak.medianGflops.toFixed(0)}`,
    );
    // The engines take turns, starting with a different one each repetition.
    const order = engines.map((_, i) => engines[(i + rep - 1) % engines.length]!);
    for (const engine of order) {
      const out = join(work, `${engine}-${rep}.json`);
      const others = (x: number | null) => (x === null ? '' : `, other processes ${x.toFixed(2)} cores`);
      if (engine === 'pipeline') {
        const child = await runChild<PipelineResult>(
          'pipeline-child.ts',
          { ...common, engine: 'pipeline', modelRoot: dirname(fp32Dir), modelName: basename(fp32Dir), out },
          work,
          `${engine}-${rep}`,
        );
        const r = child.result;
        const ms = new Map(r.timings.map((x) => [x.id, x.ms]));
        const byScope: EngineRep['byScope'] = {};
        for (const s of SCOPES) {
          const texts = scopeTexts(s);
          byScope[s] = {
            pairs: texts.length * LABELS.length,
            seconds: texts.reduce((a, t) => a + ms.get(t.id)!, 0) / 1000,
            flops: scopeFlops(s),
          };
        }
        results.push({
          engine,
          rep,
          byScope,
          loadMs: r.loadMs,
          rss: { process: r.maxRssBytes },
          busyBefore: child.busyBefore,
          otherCores: child.otherCores,
        });
        pipelineScores ??= r;
        console.log(
          `rep ${rep}: pipeline ${(byScope.all!.pairs / byScope.all!.seconds).toFixed(1)} pairs/s (load ${(r.loadMs / 1000).toFixed(1)} s${others(child.otherCores)})`,
        );
      } else {
        const modelDir = engine === 'fp32' ? fp32Dir : int8Dir!;
        const child = await runChild<PrelabelResult>(
          'prelabel-child.ts',
          { ...common, engine: 'prelabel', label: engine, modelDir, workDir: join(work, `${engine}-${rep}`), runs: prelabelRuns, out },
          work,
          `${engine}-${rep}`,
        );
        const r = child.result;
        const byScope: EngineRep['byScope'] = {};
        for (const run of r.runs) {
          const s = run.name as Scope;
          byScope[s] = {
            pairs: run.pairs,
            seconds: run.seconds,
            flops: scopeFlops(s),
            tokens: run.tokens,
            paddedTokens: run.paddedTokens,
            runMs: run.runMs,
            childIdleMs: run.childIdleMs,
            processes: run.processes,
            reusedPairs: run.reusedPairs,
            coreMsPerPair: run.coreMsPerPair,
          };
        }
        results.push({
          engine,
          rep,
          byScope,
          loadMs: r.loadMs,
          sessionLoadMs: r.sessionLoadMs,
          loads: {
            uncachedSession: r.uncachedSessionLoadMs,
            firstSession: r.firstSessionLoadMs,
            firstCache: r.firstCache,
            laterSession: r.sessionLoadMs,
            laterCache: r.cache,
            firstSelect: r.firstLoadMs,
            uncachedRss: r.uncachedMaxRssBytes,
          },
          rss: { process: r.coreMaxRssBytes, inference: r.inferenceMaxRssBytes },
          busyBefore: child.busyBefore,
          otherCores: child.otherCores,
        });
        if (r.importedMismatches > 0) console.log(`  warning: ${r.importedMismatches} texts came back from the importer changed`);
        collected[engine] ??= r;
        console.log(
          `rep ${rep}: Prelabel ${engine} ${(byScope.all!.pairs / byScope.all!.seconds).toFixed(1)} pairs/s (model load ${(r.loadMs / 1000).toFixed(1)} s${others(child.otherCores)})`,
        );
      }
    }
  }

  // ---- report ----
  const rate = (e: EngineName, s: Scope) =>
    results.filter((r) => r.engine === e && r.byScope[s]).map((r) => r.byScope[s]!.pairs / r.byScope[s]!.seconds);
  const gflops = (e: EngineName, s: Scope) =>
    results.filter((r) => r.engine === e && r.byScope[s]).map((r) => r.byScope[s]!.flops / r.byScope[s]!.seconds / 1e9);
  const peakMedian = median(peaks.map((p) => p.gflops));
  const names: Record<EngineName, string> = { pipeline: 'transformers.js pipeline (fp32)', fp32: 'Prelabel fp32', int8: 'Prelabel int8' };
  console.log('');
  console.log(`Pairs/s by length bucket (longest pair of a text), median of ${reps} run(s) (min–max):`);
  console.log(
    `| engine | ${SCOPES.map((s) => (s === 'all' ? 'all 1,000 texts' : `<= ${s} tokens`)).join(' | ')} | GFLOP/s (all) | x pipeline |`,
  );
  console.log(`|---|${SCOPES.map(() => '---:').join('|')}|---:|---:|`);
  const pipeAll = engines.includes('pipeline') ? median(rate('pipeline', 'all')) : NaN;
  for (const e of engines) {
    const cells = SCOPES.map((s) => `${median(rate(e, s)).toFixed(1)}${spread(rate(e, s))}`);
    const g = gflops(e, 'all');
    console.log(
      `| ${names[e]} | ${cells.join(' | ')} | ${median(g).toFixed(0)}${spread(g, 0)} | ${(median(rate(e, 'all')) / pipeAll).toFixed(2)} |`,
    );
  }
  console.log('');
  console.log(
    `Speed-up over the pipeline by bucket: ${engines
      .filter((e) => e !== 'pipeline')
      .map((e) => `${e} ${SCOPES.map((s) => `${s}: ${(median(rate(e, s)) / median(rate('pipeline', s))).toFixed(2)}x`).join(', ')}`)
      .join('; ')}`,
  );
  console.log(
    `GFLOP/s by bucket: ${engines.map((e) => `${e} ${SCOPES.map((s) => `${s}: ${median(gflops(e, s)).toFixed(0)}`).join(', ')}`).join('; ')}`,
  );
  console.log(
    `MatMul peak [2048 x 384] x [384 x 1536] fp32, ${threads} threads, best of 40 per run: ${peakMedian.toFixed(0)} GFLOP/s median${spread(
      peaks.map((p) => p.gflops),
      0,
    )}`,
  );
  for (const e of engines.filter((x) => x !== 'pipeline')) {
    const reps_ = results.filter((r) => r.engine === e);
    const all = reps_.map((r) => r.byScope.all!);
    const padding = median(all.map((m) => m.tokens! / m.paddedTokens!));
    const inRun = median(all.map((m) => m.runMs! / 1000 / m.seconds / m.processes!));
    const idle = median(all.map((m) => m.childIdleMs! / 1000 / m.seconds / m.processes!));
    const sec = (f: (r: EngineRep) => number) => `${(median(reps_.map(f)) / 1000).toFixed(2)} s`;
    const l = reps_[0]!.loads!;
    console.log(
      `${names[e]}: ${all[0]!.processes} inference process(es); real/padded tokens ${padding.toFixed(3)}; time inside session.run ${pct(inRun)} of the run, idle between batches ${pct(idle)} (per process)`,
    );
    console.log(
      `  core process CPU ${median(all.map((m) => m.coreMsPerPair ?? NaN)).toFixed(3)} ms a pair; pairs reused from identical texts ${median(all.map((m) => m.reusedPairs ?? 0))} (scripts/bench/bench-reuse.ts measures reuse on corpora with repeats)`,
    );
    console.log(
      `  model load (session creation in the inference process): from the file ${sec((r) => r.loads!.uncachedSession)}; first load in a new data folder ${sec((r) => r.loads!.firstSession)} (cache ${l.firstCache}); ` +
        `later loads ${sec((r) => r.loads!.laterSession)} (cache ${l.laterCache}); model.select in all (hash, tokenizer, session): first ${sec((r) => r.loads!.firstSelect)}, later ${sec((r) => r.loadMs)}`,
    );
  }
  console.log('');
  console.log('Peak resident memory (max over runs):');
  for (const e of engines) {
    const reps_ = results.filter((r) => r.engine === e);
    const p = Math.max(...reps_.map((r) => r.rss.process));
    if (e === 'pipeline') console.log(`  ${names[e]}: ${mb(p)} (one process: tokenizer, pipeline and session)`);
    else {
      console.log(
        `  ${names[e]}: inference process ${mb(Math.max(...reps_.map((r) => r.rss.inference!)))} (model from the cache; ${mb(Math.max(...reps_.map((r) => r.loads!.uncachedRss)))} when loaded from the file), core (bench) process ${mb(p)}`,
      );
    }
  }
  console.log(
    `  bench orchestrator: ${mb(process.resourceUsage().maxRSS * 1024)}; MatMul process ${mb(Math.max(...peaks.map((p) => p.maxRssBytes)))}`,
  );

  // IPC: what a batch costs between the core and the inference process, apart from the model.
  const ipc = await measureIpcCost(work, [
    [64, 32],
    [64, 128],
    [16, 512],
  ]);
  console.log('');
  console.log(
    `IPC per batch (median round trip minus session.run, tiny model): ${ipc.map((c) => `${c.batch}x${c.sequence} (${(c.bytes / 1024).toFixed(0)} KiB of ids and mask): ${c.ipcMs.toFixed(2)} ms`).join('; ')}`,
  );

  // ---- scores ----
  let scoreDiff = NaN;
  const parity: Record<string, unknown> = {};
  const fp32 = collected.fp32?.runs.find((r) => r.name === 'all');
  if (pipelineScores && fp32?.logits) {
    const idx = { entailment: collected.fp32!.entailment, contradiction: collected.fp32!.contradiction };
    let compared = 0;
    let idsDiffer = 0;
    let truncatedDiff = 0;
    scoreDiff = 0;
    for (const t of sample) {
      const ours = fp32.logits[t.id]!;
      const s = singleLabelScores(ours.rows, LABELS, idx);
      const mine = LABELS.map((_, k) => s.find((x) => x.index === k)!.score);
      const theirs = pipelineScores.scores[t.id]!;
      const d = Math.max(...mine.map((v, k) => Math.abs(v - theirs[k]!)));
      if (ours.truncated) {
        truncatedDiff = Math.max(truncatedDiff, d);
        continue;
      }
      compared++;
      scoreDiff = Math.max(scoreDiff, d);
      const a = fp32.pairsInfo![t.id]!;
      const b = pipelineScores.pairs[t.id]!;
      if (a.some((p, k) => p.hash !== b[k]!.hash || p.tokens !== b[k]!.tokens)) idsDiffer++;
    }
    Object.assign(parity, { compared, idsDiffer, scoreDiff, truncatedDiff });
    console.log('');
    console.log(
      `fp32 scores vs the pipeline's (single-label softmax over the 5 labels) on the ${compared} texts that need no truncation: max |diff| ${scoreDiff.toExponential(2)}; ` +
        `token ids differ for ${idsDiffer} of them. On the ${sample.length - compared} truncated texts the max |diff| is ${truncatedDiff.toFixed(3)} (the pipeline cuts the pair's tail, hypothesis included; Prelabel cuts only the text).`,
    );
  }
  const int8 = collected.int8?.runs.find((r) => r.name === 'all');
  if (fp32?.logits && int8?.logits) {
    const idx = { entailment: collected.fp32!.entailment, contradiction: collected.fp32!.contradiction };
    let agree = 0;
    let maxDiff = 0;
    for (const t of sample) {
      const a = singleLabelScores(fp32.logits[t.id]!.rows, LABELS, idx);
      const b = singleLabelScores(int8.logits[t.id]!.rows, LABELS, idx);
      if (a[0]!.index === b[0]!.index) agree++;
      for (const x of a) maxDiff = Math.max(maxDiff, Math.abs(x.score - b.find((y) => y.index === x.index)!.score));
    }
    Object.assign(parity, { int8TopAgreement: agree / sample.length, int8MaxScoreDiff: maxDiff });
    console.log(
      `int8 vs fp32 (random-weight model): top label agrees on ${((100 * agree) / sample.length).toFixed(1)}% of texts, max |score diff| ${maxDiff.toFixed(3)}.`,
    );
  }

  // ---- targets ----
  console.log('');
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const targets: Record<string, { value: number; target: number; met: boolean }> = {};
  if (engines.includes('pipeline') && engines.includes('fp32')) {
    const x = median(rate('fp32', 'all')) / pipeAll;
    targets.fp32VsPipeline = { value: x, target: TARGETS.fp32VsPipeline, met: x >= TARGETS.fp32VsPipeline };
    console.log(
      `Prelabel fp32 vs pipeline: ${x.toFixed(2)}x (target >= ${TARGETS.fp32VsPipeline}x): ${verdict(x >= TARGETS.fp32VsPipeline)}`,
    );
  }
  if (engines.includes('fp32')) {
    const x = median(gflops('fp32', 'all')) / peakMedian;
    targets.fp32OfPeak = { value: x, target: TARGETS.fp32OfPeak, met: x >= TARGETS.fp32OfPeak };
    console.log(
      `Prelabel fp32 achieved ${median(gflops('fp32', 'all')).toFixed(0)} GFLOP/s = ${(100 * x).toFixed(0)}% of the MatMul peak (target >= ${100 * TARGETS.fp32OfPeak}%): ${verdict(x >= TARGETS.fp32OfPeak)}`,
    );
  }
  if (engines.includes('pipeline') && engines.includes('int8')) {
    const x = median(rate('int8', 'all')) / pipeAll;
    targets.int8VsPipeline = { value: x, target: TARGETS.int8VsPipeline, met: x >= TARGETS.int8VsPipeline };
    console.log(
      `Prelabel int8 vs pipeline: ${x.toFixed(2)}x (target >= ${TARGETS.int8VsPipeline}x): ${verdict(x >= TARGETS.int8VsPipeline)}`,
    );
  }
  if (Number.isFinite(scoreDiff)) {
    targets.scoreDiff = { value: scoreDiff, target: TARGETS.scoreDiff, met: scoreDiff <= TARGETS.scoreDiff };
    console.log(
      `fp32 scores vs pipeline, texts without truncation: max |diff| ${scoreDiff.toExponential(2)} (target <= 1e-4): ${verdict(scoreDiff <= TARGETS.scoreDiff)}`,
    );
  }
  const loaded = results.filter((r) => r.otherCores !== null && r.otherCores > 0.1);
  if (loaded.length > 0) {
    console.log(
      `Note: other processes used the CPU during ${loaded.map((r) => `${r.engine} #${r.rep} (${r.otherCores!.toFixed(2)} cores)`).join(', ')}: those runs are slower than this machine can do.`,
    );
  }

  if (values.json) {
    writeFileSync(
      values.json,
      JSON.stringify(
        {
          machine,
          threads,
          reps,
          int8: int8Note,
          texts: { count: sample.length, langs, buckets: Object.fromEntries(BUCKETS.map((b) => [b, inBucket(b).length])) },
          peaks,
          results,
          ipc,
          parity,
          targets,
        },
        null,
        2,
      ),
    );
  }
  if (!values.keep && !values.work) rmSync(work, { recursive: true, force: true });
}

async function sweep(
  settings: Array<{ name: string; tuning: EngineTuningOverride }>,
  o: {
    work: string;
    fp32Dir: string;
    common: { texts: JobText[]; warmup: JobText[]; labels: string[]; template: string; threads: number };
    reps: number;
    scopeFlops: number;
  },
): Promise<void> {
  // One process, the model loaded once; every setting runs `reps` times, settings interleaved.
  const runs: PrelabelRunSpec[] = [{ name: 'warmup', ids: o.common.warmup.map((t) => t.id), warmup: true }];
  for (let rep = 1; rep <= o.reps; rep++) {
    for (const s of settings) runs.push({ name: `${s.name}#${rep}`, ids: o.common.texts.map((t) => t.id), tuning: s.tuning });
  }
  const out = join(o.work, 'sweep.json');
  const { result: r, otherCores } = await runChild<PrelabelResult>(
    'prelabel-child.ts',
    {
      ...o.common,
      engine: 'prelabel',
      label: 'sweep',
      modelDir: o.fp32Dir,
      workDir: join(o.work, 'sweep'),
      runs,
      out,
      quietWaitMs: quietWaitMs,
    },
    o.work,
    'sweep',
  );
  console.log(`Other processes used ${otherCores?.toFixed(2) ?? 'n/a'} cores on average during the sweep.`);
  console.log(
    `| setting | pairs/s median (min–max) | best | GFLOP/s best | real/padded tokens | batches | in session.run | child idle | other load (cores, max) |`,
  );
  console.log(`|---|---:|---:|---:|---:|---:|---:|---:|---:|`);
  for (const s of settings) {
    const mine = r.runs.filter((x) => x.name.startsWith(`${s.name}#`));
    const rates = mine.map((x) => x.pairs / x.seconds);
    const g = mine.map((x) => o.scopeFlops / x.seconds / 1e9);
    const m = mine[0]!;
    console.log(
      `| ${s.name} | ${median(rates).toFixed(1)}${spread(rates)} | ${Math.max(...rates).toFixed(1)} | ${Math.max(...g).toFixed(0)} | ${(m.tokens / m.paddedTokens).toFixed(3)} | ${m.batches} | ${pct(median(mine.map((x) => x.runMs / 1000 / x.seconds / x.processes)))} | ${pct(median(mine.map((x) => x.childIdleMs / 1000 / x.seconds / x.processes)))} | ${Math.max(...mine.map((x) => x.otherCores ?? 0)).toFixed(2)} |`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
