// The NLI engine of one core: the active model, the inference process, the pre-label run in
// progress (one at a time: there is one inference process), status, suggestions and the playground.
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import {
  PrelabelError,
  type CodebookQuestion,
  type DocumentRow,
  type ModelInfo,
  type NliResult,
  type PrelabelStatus,
  type RunInfo,
} from '../../../common/contract';
import { findQuestion, readCodebook } from '../codebook/codebook-read';
import { hypothesisFor, modelInputHash, scoredLabels } from '../codebook/hypotheses';
import type { CoreContext } from '../core-context';
import type { Db } from '../store/project-db';
import {
  currentPredictions,
  getRun,
  insertRun,
  latestRun,
  latestRunModelSha,
  pauseOrphanedRuns,
  pendingCount,
  predictionCounts,
  runInfo,
  setRunStatus,
  visibleDocumentCount,
  type RunRecord,
} from '../store/prediction-store';
import type { ProjectStore } from '../store/project-store';
import { cudaUnavailableReason, physicalCores } from './cpu-cores';
import { InferenceClient, InferenceCrashedError } from './inference-client';
import type { ExecutionProvider } from './inference-protocol';
import { sha256Cached } from './model-hash';
import { loadModel, type LoadedModel } from './model-loader';
import { readStoredModel, writeStoredModel } from './model-settings';
import { PairPlanner, type Hypothesis } from './pair-batch';
import { DEFAULT_TUNING, PrelabelRunner, type RunnerTuning, type SessionStats } from './prelabel-runner';
import { suggestionsFrom } from './suggestions';
import { padBatch } from './tokenizer';

export interface EngineTuning extends RunnerTuning {
  /** Overrides the model's maximum sequence length (tests use short windows). */
  maxLength?: number;
  /** Premise tokens shared by consecutive windows; default a quarter of a window, at most 64. */
  windowOverlap?: number;
}

interface ActiveRun {
  runner: PrelabelRunner;
  done: Promise<RunRecord>;
  db: Db;
}

const NO_MODEL = 'No NLI model is selected. Choose a model folder (config.json, tokenizer.json, onnx/model.onnx) first.';

export class NliEngine {
  readonly client = new InferenceClient();
  readonly tuning: EngineTuning = { ...DEFAULT_TUNING };
  /** A model used by this core only, without changing the saved choice (the CLI's --model). */
  private override: LoadedModel | null = null;
  private cached: LoadedModel | null = null;
  private active: ActiveRun | null = null;
  private readonly sessions = new Map<string, SessionStats>();
  private readonly reconciled = new WeakSet<Db>();

  constructor(private readonly ctx: CoreContext) {
    // See [Note: optimised model cache]: model loads after the first take well under a second.
    this.client.modelCache = { dir: join(ctx.config.dataDir, 'model-cache'), sha256: (path) => sha256Cached(path, ctx.config.dataDir) };
    // One inference process with all the run's threads: see [Note: processes and threads].
    this.client.maxProcesses = 1;
  }

  // ---- execution provider ----

  get provider(): ExecutionProvider {
    return this.client.provider;
  }

  /**
   * Where this core's inference runs from the next model load on (the CLI's --provider). CUDA is
   * checked here, before any model loads, so that a missing provider is reported as what it is,
   * with how to get it; `prelabel models` and the app keep the CPU.
   */
  setProvider(provider: ExecutionProvider): void {
    this.assertIdle();
    if (provider === 'cuda') {
      const reason = cudaUnavailableReason();
      if (reason) throw new PrelabelError('UNSUPPORTED', reason);
    }
    // A model the child holds with the other provider loads again on next use (ensureLoaded).
    this.client.provider = provider;
  }

  // ---- models ----

  private assertIdle(): void {
    if (this.active) throw new PrelabelError('BUSY', 'A pre-label run is going. Pause or cancel it before changing the model.');
  }

  /** Validates a model folder (its ONNX file loaded once in the inference process) and makes it
   * the active model; `persist: false` keeps the app's saved choice as it is. */
  async selectModel(path: string, opts: { persist: boolean } = { persist: true }): Promise<ModelInfo> {
    this.assertIdle();
    const model = await loadModel(path, { client: this.client, dataDir: this.ctx.config.dataDir, threads: physicalCores() });
    if (opts.persist) {
      writeStoredModel(this.ctx.config.dataDir, { path: model.dir, info: model.info, size: model.size, mtimeMs: model.mtimeMs });
      this.cached = model;
      this.override = null;
    } else {
      this.override = model;
    }
    return model.info;
  }

  /** The active model's description, without loading it when its file is unchanged. */
  async currentModel(): Promise<ModelInfo | null> {
    if (this.override) return this.override.info;
    const stored = readStoredModel(this.ctx.config.dataDir);
    if (!stored) return null;
    const stat = statOrNull(stored.info.path);
    if (!stat) return null; // the folder moved or was deleted: the user picks it again
    if (stat.size === stored.size && stat.mtimeMs === stored.mtimeMs) return stored.info;
    return (await this.activeModel()).info;
  }

  /** The active model, loaded (tokenizer here, session in the inference process). */
  async activeModel(): Promise<LoadedModel> {
    if (this.override) return this.override;
    const stored = readStoredModel(this.ctx.config.dataDir);
    if (!stored) throw new PrelabelError('NOT_FOUND', NO_MODEL);
    const stat = statOrNull(stored.info.path);
    if (!stat) throw new PrelabelError('NOT_FOUND', `The model folder ${stored.path} is gone (moved or deleted). Choose the model folder again.`);
    const c = this.cached;
    if (c && c.dir === stored.path && c.size === stat.size && c.mtimeMs === stat.mtimeMs) return c;
    const model = await loadModel(stored.path, { client: this.client, dataDir: this.ctx.config.dataDir, threads: physicalCores() });
    writeStoredModel(this.ctx.config.dataDir, { path: model.dir, info: model.info, size: model.size, mtimeMs: model.mtimeMs });
    this.cached = model;
    return model;
  }

  /** The active model file's hash without loading it; null when there is none. */
  private async currentSha(): Promise<string | null> {
    if (this.override) return this.override.info.sha256;
    const stored = readStoredModel(this.ctx.config.dataDir);
    if (!stored || !statOrNull(stored.info.path)) return null;
    return sha256Cached(onnxPathOf(stored.info), this.ctx.config.dataDir);
  }

  /** The hash that makes a question's predictions current: the codebook's hypotheses with the
   * active model or, when none is selected, with the model of the question's latest run. */
  private async currentHash(db: Db, question: CodebookQuestion): Promise<string> {
    const sha = (await this.currentSha()) ?? latestRunModelSha(db, question.id);
    return sha ? modelInputHash(question, sha) : '';
  }

  // ---- runs ----

  /** A run left 'running' by a process that died shows as paused (once per opened project). */
  private reconcile(db: Db): void {
    if (this.reconciled.has(db)) return;
    pauseOrphanedRuns(db, this.active?.db === db ? this.active.runner.runId : null);
    this.reconciled.add(db);
  }

  private question(db: Db, questionId: string): { question: CodebookQuestion; revisionId: string | null } {
    const codebook = readCodebook(db);
    const question = findQuestion(codebook, questionId);
    if (!question) throw new PrelabelError('NOT_FOUND', 'This question is not in the codebook (it may have been deleted).');
    return { question, revisionId: codebook.revisionId };
  }

  private planner(model: LoadedModel, question: CodebookQuestion): PairPlanner {
    const labels = scoredLabels(question);
    if (labels.length === 0) throw new PrelabelError('INVALID_INPUT', `The question "${question.name}" has no labels to score. Add labels in the codebook first.`);
    const hyps: Hypothesis[] = labels.map((l) => ({ labelId: l.id, label: l.name, ids: model.tokenizer.tokenize(hypothesisFor(question, l)) }));
    const maxLength = this.tuning.maxLength ?? model.info.maxLength;
    const window = maxLength - model.tokenizer.specialCount - Math.max(...hyps.map((h) => h.ids.length));
    const overlap = this.tuning.windowOverlap ?? Math.max(0, Math.min(64, Math.floor(window / 4)));
    return new PairPlanner(model.tokenizer, hyps, maxLength, question.longText, overlap);
  }

  private launch(db: Db, run: RunRecord, model: LoadedModel, planner: PairPlanner, question: CodebookQuestion, priority: readonly number[], threads: number): RunInfo {
    // The run registers as a job so that closing the project (stopJobs) pauses it after the
    // current batch and waits for that batch's write.
    const job = this.ctx.startJob(run.id, 'prelabel');
    const runner = new PrelabelRunner({ db, client: this.client, model, planner, run, question, priority, threads, tuning: this.tuning, emit: this.ctx.emit, signal: job.signal });
    const done = runner.execute().finally(() => {
      this.sessions.set(run.id, runner.stats);
      if (this.active?.runner === runner) this.active = null;
      job.end();
    });
    this.active = { runner, done, db };
    return runInfo(runner.run);
  }

  async start(input: { questionId: string; priorityDocumentIds: number[]; threads?: number }): Promise<RunInfo> {
    const db = this.ctx.requireProject().db;
    this.reconcile(db);
    const { question, revisionId } = this.question(db, input.questionId);
    if (question.archived) throw new PrelabelError('INVALID_INPUT', `The question "${question.name}" is archived; restore it to pre-label it.`);
    const model = await this.activeModel();
    const hash = modelInputHash(question, model.info.sha256);
    if (this.active) {
      const going = this.active.runner;
      if (going.run.questionId !== question.id) {
        throw new PrelabelError('BUSY', 'Another question is being pre-labelled. Pause or cancel that run first.');
      }
      if (going.run.modelInputHash === hash) {
        going.addPriority(input.priorityDocumentIds);
        return runInfo(going.run);
      }
      // The codebook or the model changed under a running run: its predictions are stale anyway.
      going.requestStop('cancel');
      await this.active?.done;
    }
    const planner = this.planner(model, question);
    const threads = input.threads ?? physicalCores();
    const latest = latestRun(db, question.id);
    if (latest && latest.modelInputHash === hash && latest.status === 'paused') {
      return this.launch(db, latest, model, planner, question, input.priorityDocumentIds, input.threads ?? threadsOf(latest) ?? threads);
    }
    if (latest && latest.modelInputHash === hash && latest.status === 'done' && pendingCount(db, question.id, hash) === 0) {
      // Everything is scored already: no new, empty run; the caller still hears that it is done.
      const documents = visibleDocumentCount(db);
      this.ctx.emit('prelabel:progress', { runId: latest.id, questionId: question.id, status: 'done', done: documents, total: documents, pairsPerSecond: 0, etaSeconds: 0 });
      return runInfo(latest);
    }
    const run = insertRun(db, {
      id: randomUUID(),
      questionId: question.id,
      modelId: model.info.id,
      modelSha256: model.info.sha256,
      modelInputHash: hash,
      codebookRevisionId: revisionId,
      options: {
        longText: question.longText,
        maxLength: planner.maxLength,
        windowOverlap: planner.overlap,
        threads,
        provider: this.client.provider,
        maxBatchTokens: this.tuning.maxBatchTokens,
        maxRows: this.tuning.maxRows,
        labels: planner.hypotheses.map((h) => h.labelId),
      },
    });
    return this.launch(db, run, model, planner, question, input.priorityDocumentIds, threads);
  }

  private runOrThrow(db: Db, runId: string): RunRecord {
    const run = getRun(db, runId);
    if (!run) throw new PrelabelError('NOT_FOUND', 'This pre-label run does not exist in the open project.');
    return run;
  }

  async pause(runId: string): Promise<RunInfo> {
    const db = this.ctx.requireProject().db;
    this.reconcile(db);
    if (this.active?.runner.runId === runId) {
      this.active.runner.requestStop('pause');
      return runInfo(await this.active.done);
    }
    const run = this.runOrThrow(db, runId);
    return runInfo(run.status === 'running' ? setRunStatus(db, runId, 'paused') : run);
  }

  async cancel(runId: string): Promise<RunInfo> {
    const db = this.ctx.requireProject().db;
    this.reconcile(db);
    if (this.active?.runner.runId === runId) {
      this.active.runner.requestStop('cancel');
      return runInfo(await this.active.done);
    }
    const run = this.runOrThrow(db, runId);
    return runInfo(run.status === 'running' || run.status === 'paused' ? setRunStatus(db, runId, 'cancelled') : run);
  }

  async resume(runId: string): Promise<RunInfo> {
    const db = this.ctx.requireProject().db;
    this.reconcile(db);
    if (this.active?.runner.runId === runId) return runInfo(this.active.runner.run);
    const run = this.runOrThrow(db, runId);
    if (run.status === 'done') return runInfo(run);
    if (run.status === 'cancelled') throw new PrelabelError('INVALID_INPUT', 'This run was cancelled. Start a new run to score the remaining documents.');
    if (this.active) throw new PrelabelError('BUSY', 'Another pre-label run is going. Pause or cancel it first.');
    const { question } = this.question(db, run.questionId);
    const model = await this.activeModel();
    if (modelInputHash(question, model.info.sha256) !== run.modelInputHash) {
      throw new PrelabelError(
        'INVALID_INPUT',
        'The hypotheses or the model changed since this run started, so its predictions are stale. Start a new run (the old predictions are kept).',
      );
    }
    return this.launch(db, run, model, this.planner(model, question), question, [], threadsOf(run) ?? physicalCores());
  }

  async status(questionId: string): Promise<PrelabelStatus> {
    const db = this.ctx.requireProject().db;
    this.reconcile(db);
    const { question } = this.question(db, questionId);
    const counts = predictionCounts(db, question.id, await this.currentHash(db, question));
    const latest = latestRun(db, question.id);
    return { run: latest ? runInfo(latest) : null, ...counts };
  }

  /** What this core's last session of a run scored (the CLI's summary). */
  sessionStats(runId: string): SessionStats | undefined {
    return this.sessions.get(runId);
  }

  /** Resolves when the run in progress (if it is this one) stops. */
  async waitForRun(runId: string): Promise<RunInfo | null> {
    if (this.active?.runner.runId !== runId) return null;
    return runInfo(await this.active.done);
  }

  /** The suggestion of each document of a page, from current predictions (one query a page). */
  async suggester(store: ProjectStore, questionId: string): Promise<(ids: number[]) => Map<number, NonNullable<DocumentRow['suggestion']>>> {
    const { question } = this.question(store.db, questionId);
    const hash = await this.currentHash(store.db, question);
    const labels = scoredLabels(question).map((l) => ({ id: l.id, name: l.name }));
    return (ids) => (hash && labels.length ? suggestionsFrom(currentPredictions(store.db, question.id, hash, ids), labels, question.multiLabel) : new Map());
  }

  // ---- playground ----

  async playground(premise: string, hypothesis: string): Promise<NliResult> {
    const model = await this.activeModel();
    const loaded = this.client.loadedModel;
    const threads = loaded && loaded.onnxPath === model.onnxPath ? loaded.threads : physicalCores();
    const pair = model.tokenizer.encodePair(premise, hypothesis, this.tuning.maxLength ?? model.info.maxLength);
    const batch = padBatch([pair.inputIds], model.tokenizer.padId);
    let logits: Float32Array | null = null;
    for (let attempt = 0; !logits; attempt++) {
      try {
        await this.client.ensureLoaded(model.onnxPath, threads);
        logits = (await this.client.run({ output: model.outputName, ...batch })).logits;
      } catch (err) {
        if (!(err instanceof InferenceCrashedError) || attempt >= 1) {
          throw new PrelabelError('INTERNAL', `The model could not score this pair: ${(err as Error).message}`);
        }
      }
    }
    const row = Array.from(logits);
    const top = Math.max(...row);
    const exps = row.map((v) => Math.exp(v - top));
    const z = exps.reduce((a, b) => a + b, 0);
    const p = exps.map((v) => v / z);
    const idx = model.config.indices;
    return { entailment: p[idx.entailment]!, neutral: idx.neutral === undefined ? null : p[idx.neutral]!, contradiction: p[idx.contradiction]!, logits: row, truncated: pair.truncated };
  }

  /** Pauses a run in progress and stops the inference process. */
  async close(): Promise<void> {
    if (this.active) {
      this.active.runner.requestStop('pause');
      await this.active.done;
    }
    await this.client.close();
  }
}

function onnxPathOf(info: ModelInfo): string {
  return join(info.path, 'onnx', 'model.onnx');
}

function statOrNull(modelDir: string): { size: number; mtimeMs: number } | null {
  try {
    const s = statSync(join(modelDir, 'onnx', 'model.onnx'));
    return { size: s.size, mtimeMs: s.mtimeMs };
  } catch {
    return null;
  }
}

function threadsOf(run: RunRecord): number | undefined {
  const t = run.options.threads;
  return typeof t === 'number' && Number.isInteger(t) && t >= 1 ? t : undefined;
}

const engines = new WeakMap<CoreContext, NliEngine>();

/** The engine of a core, made on first use. */
export function engineFor(ctx: CoreContext): NliEngine {
  let engine = engines.get(ctx);
  if (!engine) {
    engine = new NliEngine(ctx);
    engines.set(ctx, engine);
  }
  return engine;
}
