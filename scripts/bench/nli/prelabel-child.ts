// The benchmark's Prelabel engine, in a process of its own that plays the core: a core with its own
// data folder, one project per run (texts imported through the importer), a codebook question with
// the benchmark's labels, and `prelabel.start` through the contract: the same runner, batching,
// inference process and SQLite writes as the app. Timing is the runner's own (SessionStats); CPU
// time is that of this process and its inference processes over each run (/proc).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Codebook } from '../../../common/contract';
import { InferenceClient } from '../../../main/core/nli/inference/inference-client';
import { PairPlanner } from '../../../main/core/nli/scoring/pair-batch';
import { DEFAULT_TUNING } from '../../../main/core/nli/runs/run-tuning';
import { makeTestCore } from '../../../main/core/test-support/test-core';
import { settingsFile } from '../../../main/core/models/model-settings';
import { otherLoadMonitor, processTreeCpuMs, waitForQuiet } from './machine';
import { idsHash, type JobText, type PrelabelJob, type PrelabelResult, type PrelabelRunResult } from './protocol';

async function main(): Promise<void> {
  const job = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as PrelabelJob;
  mkdirSync(job.workDir, { recursive: true });
  const onnxPath = join(job.modelDir, 'onnx', 'model.onnx');
  // Load times: the file as it is (a client without the cache), then an app's first load (writes
  // the optimised-model cache) and a later one (a new core and inference process on the same data
  // folder: reads the cache). The runs use the later one, so peak memory is a running app's.
  // Without loadTimes (the option rows) the file is not loaded uncached, but the app's first load
  // still writes the cache, so every row scores on a session read from the optimised-model cache
  // (a review found option rows scoring on a first, in-process optimisation while the base rows
  // used the cache: a difference besides the option).
  const loadTimes = job.loadTimes ?? true;
  let uncached = { loadMs: NaN };
  let uncachedRss = NaN;
  let firstLoadMs = NaN;
  let firstSession = { loadMs: NaN, cache: 'not measured' };
  let started = 0;
  if (loadTimes) {
    const raw = new InferenceClient();
    uncached = await raw.load(onnxPath, job.threads);
    uncachedRss = (await raw.stats())?.maxRssBytes ?? NaN;
    await raw.close();
  }
  {
    const first = makeTestCore(job.workDir);
    const firstEngine = first.core.context.engine;
    started = performance.now();
    await firstEngine.selectModel(job.modelDir, { persist: false });
    firstLoadMs = performance.now() - started;
    firstSession = firstEngine.client.loadedModel!.info;
    await first.core.shutdown();
    await firstEngine.close();
  }

  const t = makeTestCore(job.workDir);
  const { engine } = t.core.context;
  const DEFAULT_PROCESSES = engine.client.maxProcesses;
  started = performance.now();
  await engine.selectModel(job.modelDir, { persist: false });
  const loadMs = performance.now() - started;
  const session = engine.client.loadedModel!.info;
  const model = await engine.activeModel();
  const byId = new Map<string, JobText>([...job.texts, ...job.warmup].map((x) => [x.id, x]));
  const runs: PrelabelRunResult[] = [];
  let importedMismatches = 0;
  const threadChoice = job.threadChoice ?? 'fixed';
  // 'measured': the first run (the warm-up) starts without a thread count, so the engine measures
  // one as on a model's first use; later runs pass what it chose.
  let runThreads: number | undefined = threadChoice === 'measured' ? undefined : job.threads;

  for (const spec of job.runs) {
    await t.call('project.create', { name: spec.name, path: join(job.workDir, 'projects', `${spec.name}.prelabel`) });
    const file = join(job.workDir, `${spec.name}.jsonl`);
    const texts = spec.ids.map((id) => byId.get(id)!);
    writeFileSync(file, texts.map((x) => JSON.stringify({ id: x.id, text: x.text })).join('\n') + '\n');
    const imp = await t.call('import.start', {
      source: { kind: 'path', path: file },
      options: { format: 'jsonl' },
      mapping: { textColumns: ['text'], idColumn: 'id' },
    });
    const done = await t.waitForJob(imp.jobId);
    if (done.status !== 'done') throw new Error(`import of ${spec.name} failed: ${JSON.stringify(done)}`);
    const db = t.core.context.project!.db;
    const stored = new Map(
      (db.prepare('SELECT external_id, text FROM documents').raw().all() as [string, string][]).map(([id, text]) => [id, text]),
    );
    for (const x of texts) if (stored.get(x.id) !== x.text) importedMismatches++;

    const codebook = (await t.call('codebook.set', {
      questions: [{ name: 'Topic', template: job.template, labels: job.labels.map((name) => ({ name })) }],
    })) as Codebook;
    const question = codebook.questions[0]!;
    const { processes, ...tuning } = spec.tuning ?? {};
    Object.assign(engine.tuning, DEFAULT_TUNING, tuning);
    if (job.reuse !== undefined) engine.tuning.reuse = job.reuse;
    engine.client.maxProcesses = processes ?? DEFAULT_PROCESSES;
    // Load now (a changed process count reloads), so the process counters below cover the run only.
    if (runThreads !== undefined) await engine.client.ensureLoaded(onnxPath, runThreads);
    if (job.quietWaitMs) await waitForQuiet(job.quietWaitMs);
    const before = await engine.client.stats();
    const sampler = otherLoadMonitor(process.pid);
    const cpuBefore = processTreeCpuMs(process.pid);
    started = performance.now();
    const info = await t.call('prelabel.start', {
      questionId: question.id,
      priorityDocumentIds: [],
      ...(runThreads !== undefined ? { threads: runThreads } : {}),
    });
    const final = await engine.waitForRun(info.id);
    const cpuAfter = processTreeCpuMs(process.pid);
    const otherCores = sampler.stop();
    runThreads ??= engine.client.loadedModel!.threads;
    if (final?.status !== 'done') throw new Error(`run ${spec.name} ended ${final?.status}: ${final?.error ?? ''}`);
    const after = await engine.client.stats();
    const stats = engine.sessionStats(info.id)!;
    const r: PrelabelRunResult = {
      name: spec.name,
      documents: stats.documents,
      pairs: stats.pairs,
      seconds: stats.seconds,
      tokens: stats.tokens,
      paddedTokens: stats.paddedTokens,
      batches: stats.batches,
      runMs: stats.runMs,
      otherCores,
      childIdleMs: (after?.idleMs ?? 0) - (before?.idleMs ?? 0),
      processes: engine.client.processes,
      reusedPairs: stats.reusedPairs,
      coreMsPerPair: stats.coreMsPerPair,
      cpuMs: cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null,
      threads: runThreads,
    };
    process.stderr.write(
      `  ${job.label} ${spec.name}: ${stats.pairs} pairs in ${stats.seconds.toFixed(2)} s (${(stats.pairs / stats.seconds).toFixed(1)} pairs/s${otherCores !== null && otherCores > 0.1 ? `; other processes used ${otherCores.toFixed(2)} cores` : ''})\n`,
    );
    if (spec.collect) {
      const labelName = new Map(question.labels.map((l) => [l.id, l.name]));
      const logits: NonNullable<PrelabelRunResult['logits']> = {};
      const truncated = new Map(
        (
          db
            .prepare(
              'SELECT d.external_id, pd.truncated FROM prediction_documents pd JOIN documents d ON d.id = pd.document_id WHERE pd.run_id = ?',
            )
            .raw()
            .all(info.id) as [string, number][]
        ).map(([id, tr]) => [id, tr === 1]),
      );
      const rows = db
        .prepare(
          'SELECT d.external_id, p.label_id, p.entailment, p.neutral, p.contradiction FROM predictions p JOIN documents d ON d.id = p.document_id WHERE p.run_id = ? AND p.window = 0',
        )
        .raw()
        .all(info.id) as [string, string, number, number | null, number][];
      const idx = model.config.indices;
      for (const [docId, labelId, e, n, c] of rows) {
        const entry = (logits[docId] ??= { truncated: truncated.get(docId) ?? false, rows: job.labels.map(() => []) });
        const row = [0, 0, 0];
        row[idx.entailment] = e;
        row[idx.contradiction] = c;
        if (idx.neutral !== undefined) row[idx.neutral] = n ?? 0;
        entry.rows[job.labels.indexOf(labelName.get(labelId)!)] = row;
      }
      r.logits = logits;
      // The ids the engine fed the model: the same planner class the run uses.
      const tok = model.tokenizer;
      const hyps = question.labels.map((l) => ({ labelId: l.id, label: l.name, ids: tok.tokenize(job.template.replace('{}', l.name)) }));
      const planner = new PairPlanner(tok, hyps, model.info.maxLength, 'truncate', 0);
      r.pairsInfo = {};
      for (const x of texts) {
        const plan = planner.plan(0, x.id, x.text, 0);
        r.pairsInfo[x.id] = job.labels.map((l) => {
          const ids = planner.rowIds(
            plan,
            0,
            hyps.findIndex((h) => h.label === l),
          );
          return { tokens: ids.length, hash: idsHash(ids) };
        });
      }
    }
    if (!spec.warmup) runs.push(r);
  }
  const child = await engine.client.stats();
  let calibration: unknown = null;
  if (threadChoice === 'measured') {
    try {
      const settings = JSON.parse(readFileSync(settingsFile(join(job.workDir, 'data')), 'utf8')) as {
        threadChoices?: Record<string, Record<string, unknown>>;
      };
      for (const perModel of Object.values(settings.threadChoices ?? {})) calibration ??= perModel[model.info.sha256] ?? null;
    } catch {
      // nothing stored (the engine may keep a choice measured on a busy machine for one run only)
    }
  }
  const result: PrelabelResult = {
    engine: 'prelabel',
    label: job.label,
    loadMs,
    sessionLoadMs: session.loadMs,
    cache: session.cache,
    firstLoadMs,
    firstSessionLoadMs: firstSession.loadMs,
    firstCache: firstSession.cache,
    uncachedSessionLoadMs: uncached.loadMs,
    uncachedMaxRssBytes: uncachedRss,
    runs,
    coreMaxRssBytes: process.resourceUsage().maxRSS * 1024,
    inferenceMaxRssBytes: child?.maxRssBytes ?? NaN,
    entailment: model.config.indices.entailment,
    contradiction: model.config.indices.contradiction,
    importedMismatches,
    threads: runThreads ?? job.threads,
    threadChoice,
    calibration,
  };
  await t.core.shutdown();
  await engine.close();
  writeFileSync(job.out, JSON.stringify(result));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
