// npm run bench:nli — the NLI engines side by side on one machine, in one run: the transformers.js
// zero-shot pipeline, Prelabel fp32 and Prelabel int8, and each option of issue 18 on and off
// (the attention and SkipLayerNormalization rewrites in fp32 and int8, the other int8 form,
// threads by measurement, reuse of identical inputs on texts with repeats), on the generated
// `full` model (the real model's sizes, random weights) and real texts in nine languages with 5
// labels. Reports wall pairs/s and CPU time a pair by length bucket, achieved GFLOP/s against
// the fp32 and int8 single-MatMul peaks measured in every repetition, peak memory, the fp32 scores
// against the pipeline's and every row's logits against the row it changes. Each row runs in a
// process of its own, the rows take turns in every repetition, and the spread is reported.
//
//   tsx scripts/bench/bench-nli.ts [--reps 3] [--texts 1000] [--seed 42] [--threads N]
//     [--engines all|base|ROW,...] [--repeat-share 0.3] [--model DIR] [--int8 DIR] [--work DIR]
//     [--keep] [--json FILE] [--wait-quiet SECONDS]
//     [--sweep ROWSxTOKENS[xLOOKAHEAD[xPROCESSES]],...]   (Prelabel fp32 only, all texts, one run per setting)
// Rows (scripts/bench/nli/rows.ts): pipeline, fp32, int8 (`base`), fp32-attention, fp32-skip,
// int8-attention, int8-skip, int8-form, fp32-threads, int8-threads, fp32-reuse-off, fp32-reuse-on;
// all by default. With the defaults (1,000 texts, 3 repetitions) about an hour on a quiet 2-core
// machine (some 20 minutes a repetition, estimated from the base rows' times); fewer --texts and
// --reps for a shorter run (docs/BENCHMARKS.md gives the one used there).
// Env: PRELABEL_BENCH_MODEL_DIR / PRELABEL_BENCH_INT8_DIR reuse model folders; PRELABEL_DATA_DIR
// points at the corpora.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { physicalCores } from '../../main/core/nli/inference/cpu-cores';
import { makeModel } from '../model/gen/make-model';
import { MODEL_SIZES } from '../model/gen/model-sizes';
import { NliTokenizer } from '../../main/core/nli/scoring/tokenizer';
import { singleLabelScores } from '../../main/core/nli/scoring/zero-shot';
import { FLOPS_FORMULA, pairFlops, type EncoderSize } from './nli/flops';
import { measureIpcCost } from './nli/ipc-cost';
import { cpuBusy, describeMachine, load1, loadAverages, otherLoadMonitor, waitForQuiet, type Machine } from './nli/machine';
import type { MatMulPeak } from './nli/matmul-peak';
import type {
  BenchJob,
  EngineTuningOverride,
  JobText,
  PipelineResult,
  PrelabelResult,
  PrelabelRunResult,
  PrelabelRunSpec,
} from './nli/protocol';
import { SCOPES, median, pct, printReport, spread, type EngineRep, type Measure, type RowDiff, type Scope } from './nli/report';
import { modelKey, rowModelFolder, selectRows, type RowSpec } from './nli/rows';
import { BUCKETS, LABELS, TEMPLATE, sampleTexts, warmupTexts, withRepeats, type BenchText, type Bucket } from './nli/sample';

const TARGETS = { fp32VsPipeline: 2.5, fp32OfPeak: 0.8, int8VsPipeline: 4, scoreDiff: 1e-4, int8VsFp32Short: 2 };

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

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

/** One Prelabel row's bucket runs as scopes; "all" is their sum (every text is in one bucket). */
function prelabelScopes(runs: PrelabelRunResult[], flopsOf: (s: Scope) => number): EngineRep['byScope'] {
  const byScope: EngineRep['byScope'] = {};
  for (const run of runs) {
    const s = run.name as Scope;
    byScope[s] = {
      pairs: run.pairs,
      storedPairs: run.pairs + run.reusedPairs,
      seconds: run.seconds,
      flops: flopsOf(s),
      cpuMs: run.cpuMs,
      tokens: run.tokens,
      paddedTokens: run.paddedTokens,
      runMs: run.runMs,
      childIdleMs: run.childIdleMs,
      processes: run.processes,
      reusedPairs: run.reusedPairs,
      coreMsPerPair: run.coreMsPerPair,
      otherCores: run.otherCores,
    };
  }
  const parts = BUCKETS.map((b) => byScope[String(b) as Scope]).filter((m): m is Measure => m !== undefined);
  const sum = (f: (m: Measure) => number) => parts.reduce((a, m) => a + f(m), 0);
  const stored = sum((m) => m.storedPairs);
  byScope.all = {
    pairs: sum((m) => m.pairs),
    storedPairs: stored,
    seconds: sum((m) => m.seconds),
    flops: flopsOf('all'),
    cpuMs: parts.some((m) => m.cpuMs === null) ? null : sum((m) => m.cpuMs!),
    tokens: sum((m) => m.tokens!),
    paddedTokens: sum((m) => m.paddedTokens!),
    runMs: sum((m) => m.runMs!),
    childIdleMs: sum((m) => m.childIdleMs!),
    processes: parts[0]?.processes,
    reusedPairs: sum((m) => m.reusedPairs!),
    coreMsPerPair: sum((m) => m.coreMsPerPair! * m.storedPairs) / stored,
    otherCores: sum((m) => (m.otherCores ?? 0) * m.seconds) / sum((m) => m.seconds),
  };
  return byScope;
}

type Logits = NonNullable<PrelabelRunResult['logits']>;
type PairsInfo = NonNullable<PrelabelRunResult['pairsInfo']>;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      reps: { type: 'string', default: '3' },
      texts: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '42' },
      threads: { type: 'string' },
      engines: { type: 'string', default: 'all' },
      'repeat-share': { type: 'string', default: '0.3' },
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
  for (const [name, v] of [
    ['--reps', reps],
    ['--texts', count],
    ['--threads', threads],
  ] as const)
    if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a whole number of at least 1 (got ${v})`);
  const rows = selectRows(values.engines!);
  const work = values.work ? resolve(values.work) : mkdtempSync(join(tmpdir(), 'prelabel-bench-nli-'));
  mkdirSync(work, { recursive: true });
  const machine: Machine = describeMachine();
  const loadBefore = loadAverages();
  console.log(
    `Machine: ${machine.cpu}, ${machine.physicalCores} cores (${machine.logicalCpus} logical), ${machine.memoryGiB.toFixed(0)} GiB, ${machine.flags.join(' ')}`,
  );
  console.log(
    `Node ${machine.node}, onnxruntime-node ${machine.onnxruntime}, @huggingface/transformers ${machine.transformers}, ${machine.os}, ${new Date().toISOString()}; load average ${loadBefore}`,
  );
  console.log(`Rows: ${rows.map((r) => r.name).join(', ')}`);

  // Models: one folder per distinct model the rows load.
  let fp32Dir = values.model ?? process.env.PRELABEL_BENCH_MODEL_DIR;
  if (!fp32Dir) {
    const t = performance.now();
    fp32Dir = makeModel({ size: 'full', outDir: join(work, 'models', 'full-fp32') }).dir;
    console.log(`Generated the full model in ${((performance.now() - t) / 1000).toFixed(1)} s: ${fp32Dir}`);
  }
  fp32Dir = resolve(fp32Dir);
  const givenInt8 = values.int8 ?? process.env.PRELABEL_BENCH_INT8_DIR;
  const modelDirs = new Map<string, string>();
  const modelNotes: Record<string, string> = {};
  let int8Note = 'given';
  if (!values.sweep) {
    for (const row of rows.filter((r) => r.kind === 'prelabel')) {
      const key = modelKey(row);
      if (modelDirs.has(key)) continue;
      if (row.name === 'int8' && givenInt8) {
        modelDirs.set(key, resolve(givenInt8));
        modelNotes[key] = 'given';
        continue;
      }
      const made = rowModelFolder(fp32Dir, join(work, 'models', key), row);
      modelDirs.set(key, made.dir);
      modelNotes[key] = made.note;
      if (key !== 'fp32') console.log(`Model ${key}: ${made.note}`);
    }
    const int8Row = rows.find((r) => r.name === 'int8');
    if (int8Row) int8Note = modelNotes[modelKey(int8Row)]!;
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
  const inBucket = (texts: BenchText[], b: Bucket) => texts.filter((t) => t.bucket === b);
  console.log(
    `Texts: ${sample.length} in ${langs.length} languages (${langs.join(', ')}), seed ${values.seed}; by longest pair: ` +
      BUCKETS.map((b) => `<= ${b}: ${inBucket(sample, b).length}`).join(', ') +
      `; ${sample.filter((t) => t.truncated).length} longer than 512 tokens a pair (truncated). Labels: ${LABELS.join(', ')}; template "${TEMPLATE}".`,
  );
  const repeatShare = Number(values['repeat-share']);
  const repeats = withRepeats(sample, repeatShare, Number(values.seed) + 1);
  if (rows.some((r) => r.texts === 'repeats')) {
    console.log(
      `Texts with repeats (reuse rows): the same ${sample.length} ids, ${repeats.copies} of them (${(100 * repeatShare).toFixed(0)}%, seeded) replaced by copies of others; ${new Set(repeats.texts.map((t) => t.text)).size} distinct texts; by bucket ` +
        BUCKETS.map((b) => `<= ${b}: ${inBucket(repeats.texts, b).length}`).join(', '),
    );
  }
  const textsOf = (row: RowSpec) => (row.texts === 'repeats' ? repeats.texts : sample);
  const toJob = (t: BenchText): JobText => ({ id: t.id, text: t.text, bucket: t.bucket });
  const jobWarmup: JobText[] = warmup.map(toJob);

  // FLOPs per text, from the pairs' real tokens (Prelabel's only-first truncation).
  const hypTokens = LABELS.map((l) => tok.tokenize(TEMPLATE.replace('{}', l)).length);
  const budget = (k: number) => 512 - tok.specialCount - hypTokens[k]!;
  const textFlops = (t: BenchText) =>
    hypTokens.reduce((a, h, k) => a + pairFlops(tok.specialCount + h + Math.min(t.premiseTokens, budget(k)), size), 0);
  const scopeTexts = (texts: BenchText[], s: Scope) => (s === 'all' ? texts : inBucket(texts, Number(s) as Bucket));
  const scopeFlops = (texts: BenchText[], s: Scope) => scopeTexts(texts, s).reduce((a, t) => a + textFlops(t), 0);
  const realTokens = sample.reduce(
    (a, t) => a + hypTokens.reduce((b, h, k) => b + tok.specialCount + h + Math.min(t.premiseTokens, budget(k)), 0),
    0,
  );
  console.log(
    `Mean tokens a pair: ${(realTokens / (sample.length * LABELS.length)).toFixed(1)}; FLOPs: ${FLOPS_FORMULA} (L ${size.layers}, H ${size.hidden}, F ${size.ffn}, C ${size.classes})`,
  );

  const busyStart = await cpuBusy(2000);
  console.log(
    `CPU busy before the run (all processes): ${pct(busyStart)}, load average ${load1().toFixed(2)}${busyStart !== null && busyStart > 0.15 ? ' -- another process is using the CPU: wall timings will be low (CPU time a pair is less affected)' : ''}`,
  );

  if (values.sweep) {
    const common = { texts: sample.map(toJob), warmup: jobWarmup, labels: LABELS, template: TEMPLATE, threads };
    await sweep(parseSweep(values.sweep), { work, fp32Dir, common, reps, scopeFlops: scopeFlops(sample, 'all') });
    if (!values.keep && !values.work) rmSync(work, { recursive: true, force: true });
    return;
  }

  const peaks: Array<MatMulPeak & { maxRssBytes: number; int8?: MatMulPeak }> = [];
  const results: EngineRep[] = [];
  let pipelineScores: PipelineResult | null = null;
  // Per row, from its first repetition: the logits and pair ids of every bucket run together.
  const collected: Record<string, { logits: Logits; pairsInfo: PairsInfo; entailment: number; contradiction: number }> = {};

  for (let rep = 1; rep <= reps; rep++) {
    const { result: peak } = await runChild<MatMulPeak & { maxRssBytes: number; int8?: MatMulPeak }>(
      'matmul-child.ts',
      { engine: 'matmul', dir: work, threads, runs: 40, out: join(work, `matmul-${rep}.json`), int8: true },
      work,
      `matmul-${rep}`,
    );
    peaks.push(peak);
    console.log(
      `rep ${rep}: MatMul [${peak.m} x ${peak.k}] x [${peak.k} x ${peak.n}], ${threads} threads, best of 40: fp32 ${peak.gflops.toFixed(0)} GFLOP/s (median ${peak.medianGflops.toFixed(0)}), int8 ${peak.int8!.gflops.toFixed(0)} (median ${peak.int8!.medianGflops.toFixed(0)}); load ${loadAverages()}`,
    );
    // The rows take turns, starting with a different one each repetition.
    const order = rows.map((_, i) => rows[(i + rep - 1) % rows.length]!);
    for (const row of order) {
      const name = `${row.name}-${rep}`;
      const out = join(work, `${name}.json`);
      const texts = textsOf(row);
      const common = { texts: texts.map(toJob), warmup: jobWarmup, labels: LABELS, template: TEMPLATE, threads };
      const others = (x: number | null) => (x === null ? '' : `, other processes ${x.toFixed(2)} cores`);
      if (row.kind === 'pipeline') {
        const child = await runChild<PipelineResult>(
          'pipeline-child.ts',
          { ...common, engine: 'pipeline', modelRoot: dirname(fp32Dir), modelName: basename(fp32Dir), out },
          work,
          name,
        );
        const r = child.result;
        const timing = new Map(r.timings.map((x) => [x.id, x]));
        const byScope: EngineRep['byScope'] = {};
        for (const s of SCOPES) {
          const inScope = scopeTexts(texts, s);
          const cpu = inScope.map((t) => timing.get(t.id)!.cpuMs);
          byScope[s] = {
            pairs: inScope.length * LABELS.length,
            storedPairs: inScope.length * LABELS.length,
            seconds: inScope.reduce((a, t) => a + timing.get(t.id)!.ms, 0) / 1000,
            flops: scopeFlops(texts, s),
            cpuMs: cpu.every((c) => c !== undefined) ? cpu.reduce((a: number, c) => a + c!, 0) : null,
            otherCores: child.otherCores,
          };
        }
        results.push({
          engine: row.name,
          rep,
          byScope,
          loadMs: r.loadMs,
          rss: { process: r.maxRssBytes },
          busyBefore: child.busyBefore,
          otherCores: child.otherCores,
          threads,
        });
        pipelineScores ??= r;
        console.log(
          `rep ${rep}: ${row.name} ${(byScope.all!.pairs / byScope.all!.seconds).toFixed(1)} pairs/s (load ${(r.loadMs / 1000).toFixed(1)} s${others(child.otherCores)})`,
        );
        continue;
      }
      const base = row.name === 'fp32' || row.name === 'int8';
      const runs: PrelabelRunSpec[] = [
        { name: 'warmup', ids: jobWarmup.map((t) => t.id), warmup: true },
        ...BUCKETS.map((b) => ({ name: String(b), ids: inBucket(texts, b).map((t) => t.id), collect: rep === 1 })),
      ].filter((r) => r.ids.length > 0);
      const workDir = join(work, name);
      const child = await runChild<PrelabelResult>(
        'prelabel-child.ts',
        {
          ...common,
          engine: 'prelabel',
          label: row.name,
          modelDir: modelDirs.get(modelKey(row))!,
          workDir,
          runs,
          out,
          threadChoice: row.threadChoice,
          reuse: row.reuse,
          loadTimes: base,
        },
        work,
        name,
      );
      if (!values.keep) rmSync(workDir, { recursive: true, force: true });
      const r = child.result;
      const byScope = prelabelScopes(r.runs, (s) => scopeFlops(texts, s));
      results.push({
        engine: row.name,
        rep,
        byScope,
        loadMs: r.loadMs,
        sessionLoadMs: r.sessionLoadMs,
        ...(base
          ? {
              loads: {
                uncachedSession: r.uncachedSessionLoadMs,
                firstSession: r.firstSessionLoadMs,
                firstCache: r.firstCache,
                laterSession: r.sessionLoadMs,
                laterCache: r.cache,
                firstSelect: r.firstLoadMs,
                uncachedRss: r.uncachedMaxRssBytes,
              },
            }
          : {}),
        rss: { process: r.coreMaxRssBytes, inference: r.inferenceMaxRssBytes },
        busyBefore: child.busyBefore,
        otherCores: child.otherCores,
        threads: r.threads,
        ...(row.threadChoice === 'measured' ? { calibration: r.calibration } : {}),
      });
      if (r.importedMismatches > 0) console.log(`  warning: ${r.importedMismatches} texts came back from the importer changed`);
      if (rep === 1) {
        const logits: Logits = {};
        const pairsInfo: PairsInfo = {};
        for (const run of r.runs) {
          Object.assign(logits, run.logits ?? {});
          Object.assign(pairsInfo, run.pairsInfo ?? {});
        }
        collected[row.name] = { logits, pairsInfo, entailment: r.entailment, contradiction: r.contradiction };
      }
      const all = byScope.all!;
      console.log(
        `rep ${rep}: ${row.name} ${(all.storedPairs / all.seconds).toFixed(1)} pairs/s, ${all.cpuMs === null ? 'n/a' : (all.cpuMs / all.storedPairs).toFixed(2)} CPU ms a pair, ${r.threads} threads${row.threadChoice === 'measured' ? ' (measured)' : ''}${all.reusedPairs ? `, ${all.reusedPairs} pairs reused` : ''} (model load ${(r.loadMs / 1000).toFixed(1)} s${others(child.otherCores)})`,
      );
    }
  }
  const loadAfter = loadAverages();

  // ---- scores: every row against the row it changes, and the fp32 scores against the pipeline's ----
  const diffs: Record<string, RowDiff> = {};
  const fp32 = collected.fp32;
  const idx = fp32 ? { entailment: fp32.entailment, contradiction: fp32.contradiction } : null;
  for (const row of rows) {
    const mine = collected[row.name];
    const against = row.base ? collected[row.base] : undefined;
    if (!mine) continue;
    const d: RowDiff = { compared: 0, maxLogitDiff: 0, pairsDiffering: 0 };
    if (against) {
      for (const [id, x] of Object.entries(mine.logits)) {
        const y = against.logits[id];
        if (!y) continue;
        x.rows.forEach((r, k) => {
          d.compared++;
          let differs = false;
          r.forEach((v, c) => {
            const w = y.rows[k]![c]!;
            if (!Object.is(v, w)) differs = true;
            d.maxLogitDiff = Math.max(d.maxLogitDiff, Math.abs(v - w));
          });
          if (differs) d.pairsDiffering++;
        });
      }
    }
    if (row.precision === 'int8' && fp32 && idx && row.texts === 'sample') {
      let agree = 0;
      let n = 0;
      for (const t of sample) {
        const a = fp32.logits[t.id];
        const b = mine.logits[t.id];
        if (!a || !b) continue;
        n++;
        if (singleLabelScores(a.rows, LABELS, idx)[0]!.index === singleLabelScores(b.rows, LABELS, idx)[0]!.index) agree++;
      }
      d.topAgreementWithFp32 = n ? agree / n : NaN;
    }
    if (against || d.topAgreementWithFp32 !== undefined) diffs[row.name] = d;
  }

  // ---- report ----
  const peakFp32 = median(peaks.map((p) => p.gflops));
  const peakInt8 = median(peaks.map((p) => p.int8!.gflops));
  const summary = printReport({ rows, results, reps, peakFp32, peakInt8, diffs });
  console.log('');
  console.log(
    `MatMul peaks [2048 x 384] x [384 x 1536], ${threads} threads, best of 40, one process a repetition: fp32 ${peakFp32.toFixed(0)} GFLOP/s median${spread(
      peaks.map((p) => p.gflops),
      0,
    )}, int8 (DynamicQuantizeMatMul) ${peakInt8.toFixed(0)}${spread(
      peaks.map((p) => p.int8!.gflops),
      0,
    )}: int8/fp32 ${(peakInt8 / peakFp32).toFixed(2)}x`,
  );
  for (const row of rows.filter((r) => r.kind === 'prelabel' && r.texts === 'sample' && !r.base)) {
    const reps_ = results.filter((r) => r.engine === row.name);
    const all = reps_.map((r) => r.byScope.all!);
    const padding = median(all.map((m) => m.tokens! / m.paddedTokens!));
    const inRun = median(all.map((m) => m.runMs! / 1000 / m.seconds / m.processes!));
    const idle = median(all.map((m) => m.childIdleMs! / 1000 / m.seconds / m.processes!));
    const sec = (f: (r: EngineRep) => number) => `${(median(reps_.map(f)) / 1000).toFixed(2)} s`;
    const l = reps_[0]!.loads!;
    console.log(
      `${row.label}: ${all[0]!.processes} inference process(es); real/padded tokens ${padding.toFixed(3)}; time inside session.run ${pct(inRun)} of the run, idle between batches ${pct(idle)} (per process)`,
    );
    console.log(
      `  core process CPU ${median(all.map((m) => m.coreMsPerPair ?? NaN)).toFixed(3)} ms a pair; pairs reused from identical texts ${median(all.map((m) => m.reusedPairs ?? 0))}`,
    );
    console.log(
      `  model load (session creation in the inference process): from the file ${sec((r) => r.loads!.uncachedSession)}; first load in a new data folder ${sec((r) => r.loads!.firstSession)} (cache ${l.firstCache}); ` +
        `later loads ${sec((r) => r.loads!.laterSession)} (cache ${l.laterCache}); model.select in all (hash, tokenizer, session): first ${sec((r) => r.loads!.firstSelect)}, later ${sec((r) => r.loadMs)}`,
    );
  }
  for (const row of rows.filter((r) => r.threadChoice === 'measured')) {
    const reps_ = results.filter((r) => r.engine === row.name);
    console.log(
      `${row.label}: chose ${reps_.map((r) => r.threads).join(', ')} threads (one measurement a repetition, in a fresh data folder); stored: ${reps_
        .map((r) => JSON.stringify((r.calibration as { measured?: unknown } | null)?.measured ?? null))
        .join('; ')}`,
    );
  }
  const reuseOn = results.filter((r) => r.engine === 'fp32-reuse-on');
  if (reuseOn.length) {
    console.log(
      `Reuse: ${median(reuseOn.map((r) => r.byScope.all!.reusedPairs ?? 0))} of ${reuseOn[0]!.byScope.all!.storedPairs} pairs reused on the texts with repeats (${repeats.copies} copied texts x ${LABELS.length} labels = ${repeats.copies * LABELS.length}, plus texts whose ids equal another's); logits equal to reuse off bit for bit: ${diffs['fp32-reuse-on'] ? `${diffs['fp32-reuse-on'].compared - diffs['fp32-reuse-on'].pairsDiffering} of ${diffs['fp32-reuse-on'].compared} pairs` : 'n/a'}`,
    );
  }
  console.log('');
  console.log('Peak resident memory (max over runs):');
  for (const row of rows) {
    const reps_ = results.filter((r) => r.engine === row.name);
    const p = Math.max(...reps_.map((r) => r.rss.process));
    if (row.kind === 'pipeline') console.log(`  ${row.label}: ${mb(p)} (one process: tokenizer, pipeline and session)`);
    else {
      const uncached = reps_[0]!.loads ? ` (${mb(Math.max(...reps_.map((r) => r.loads!.uncachedRss)))} when loaded from the file)` : '';
      console.log(
        `  ${row.label}: inference process ${mb(Math.max(...reps_.map((r) => r.rss.inference!)))}${uncached}, core (bench) process ${mb(p)}`,
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

  let scoreDiff = NaN;
  const parity: Record<string, unknown> = {};
  if (pipelineScores && fp32 && idx) {
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
      const a = fp32.pairsInfo[t.id]!;
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
  const int8 = collected.int8;
  if (fp32 && idx && int8) {
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
  parity.rows = diffs;

  // ---- targets ----
  console.log('');
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const targets: Record<string, { value: number; target: number; met: boolean }> = {};
  const has = (name: string) => rows.some((r) => r.name === name);
  const allRate = (name: string) => summary.medians[name]!.all.pairsPerSecond;
  const fp32Gflops = () =>
    median(results.filter((r) => r.engine === 'fp32').map((r) => r.byScope.all!.flops / r.byScope.all!.seconds / 1e9));
  if (has('pipeline') && has('fp32')) {
    const x = allRate('fp32') / allRate('pipeline');
    targets.fp32VsPipeline = { value: x, target: TARGETS.fp32VsPipeline, met: x >= TARGETS.fp32VsPipeline };
    console.log(
      `Prelabel fp32 vs pipeline: ${x.toFixed(2)}x (target >= ${TARGETS.fp32VsPipeline}x): ${verdict(x >= TARGETS.fp32VsPipeline)}`,
    );
  }
  if (has('fp32')) {
    const x = fp32Gflops() / peakFp32;
    targets.fp32OfPeak = { value: x, target: TARGETS.fp32OfPeak, met: x >= TARGETS.fp32OfPeak };
    console.log(
      `Prelabel fp32 achieved ${fp32Gflops().toFixed(0)} GFLOP/s = ${(100 * x).toFixed(0)}% of the MatMul peak (target >= ${100 * TARGETS.fp32OfPeak}%): ${verdict(x >= TARGETS.fp32OfPeak)}`,
    );
  }
  if (has('pipeline') && has('int8')) {
    const x = allRate('int8') / allRate('pipeline');
    targets.int8VsPipeline = { value: x, target: TARGETS.int8VsPipeline, met: x >= TARGETS.int8VsPipeline };
    console.log(
      `Prelabel int8 vs pipeline: ${x.toFixed(2)}x (target >= ${TARGETS.int8VsPipeline}x): ${verdict(x >= TARGETS.int8VsPipeline)}`,
    );
  }
  const short = summary.int8VsFp32.find((x) => x.row === 'int8');
  if (short) {
    const [wall, cpu] = [short.byScope['64'].wall, short.byScope['64'].cpu];
    targets.int8VsFp32Short = { value: wall, target: TARGETS.int8VsFp32Short, met: wall >= TARGETS.int8VsFp32Short };
    targets.int8VsFp32ShortCpu = { value: cpu, target: TARGETS.int8VsFp32Short, met: cpu >= TARGETS.int8VsFp32Short };
    console.log(
      `Prelabel int8 vs fp32 on texts <= 64 tokens: ${wall.toFixed(2)}x by wall pairs/s, ${cpu.toFixed(2)}x by CPU a pair (target >= ${TARGETS.int8VsFp32Short}x): ${verdict(wall >= TARGETS.int8VsFp32Short)} / ${verdict(cpu >= TARGETS.int8VsFp32Short)}`,
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
      `Note: other processes used the CPU during ${loaded.length} of ${results.length} engine runs (up to ${Math.max(...loaded.map((r) => r.otherCores!)).toFixed(2)} cores): their wall pairs/s are lower than this machine can do; compare CPU ms a pair.`,
    );
  }
  console.log(`Load average before ${loadBefore}, after ${loadAfter}.`);

  if (values.json) {
    writeFileSync(
      values.json,
      JSON.stringify(
        {
          machine,
          threads,
          reps,
          int8: int8Note,
          texts: {
            count: sample.length,
            langs,
            buckets: Object.fromEntries(BUCKETS.map((b) => [b, inBucket(sample, b).length])),
            repeats: {
              share: repeatShare,
              copies: repeats.copies,
              buckets: Object.fromEntries(BUCKETS.map((b) => [b, inBucket(repeats.texts, b).length])),
            },
          },
          rows: rows.map((r) => ({ ...r, model: r.kind === 'prelabel' ? modelNotes[modelKey(r)] : undefined })),
          peaks,
          int8Peaks: peaks.map((p) => p.int8),
          results,
          summary,
          ipc,
          parity,
          targets,
          load: { before: loadBefore, after: loadAfter },
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
