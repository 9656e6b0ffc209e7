// The NLI engine of one core: the active model, the inference process, the pre-label run in
// progress (one at a time: there is one inference process), status, suggestions and the playground.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import {
  PrelabelError,
  type ApiError,
  type CodebookQuestion,
  type DocumentRow,
  type JobStatus,
  type ModelInfo,
  type NliResult,
  type ParsedInput,
  type PrecisionCheck,
  type PrecisionProgress,
  type PrecisionResult,
  type PrecisionState,
  type PrelabelStatus,
  type RunInfo,
  type SessionStatsSummary,
} from '../../../common/contract';
import { findQuestion, readCodebook } from '../codebook/codebook-read';
import { hypothesisFor, modelInputHash, scoredLabels } from '../codebook/hypotheses';
import type { CoreServices } from '../core-services';
import type { JobControl } from '../jobs';
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
import { cudaUnavailableReason, physicalCores } from './inference/cpu-cores';
import { InferenceClient, InferenceCrashedError } from './inference/inference-client';
import type { ExecutionProvider } from './inference/inference-protocol';
import { sha256Cached } from '../models/model-hash';
import { loadModel, type LoadedModel } from '../models/model-loader';
import { readStoredModel, writeStoredModel } from '../models/model-settings';
import { labelHierarchy, type LabelHierarchy } from './scoring/label-hierarchy';
import { suggestionLabels } from './scoring/suggestion-labels';
import { PairPlanner, type Hypothesis } from './scoring/pair-batch';
import { checkAgreement, CheckCancelled } from './precision/precision-check';
import { DEFAULT_TUNING, PrelabelRunner, type RunnerTuning, type SessionStats } from './prelabel-runner';
import { readPrecision, readScoringMode, writePrecision, writeScoringMode, type ScoringMode } from './precision/project-precision';
import { quantizeModelFile } from './precision/quantize/quantize-model';
import { suggestionsFrom } from './scoring/suggestions';
import { padBatch } from './scoring/tokenizer';

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

/** int8 files an exported model folder may already hold (Optimum writes model_quantized.onnx). */
const FOLDER_INT8_FILES = ['model_quantized.onnx', 'model_int8.onnx', 'model.int8.onnx'];

/**
 * The hash that makes predictions current: the codebook's model input (hypotheses, long-text mode,
 * the model file that ran: an int8 file has its own SHA-256) and, for hierarchical runs, the mode,
 * the number of top parents and the label tree, since they decide which labels a document is asked.
 */
export function runHash(question: CodebookQuestion, modelSha256: string, mode: ScoringMode): string {
  const base = modelInputHash(question, modelSha256);
  if (!mode.hierarchical) return base;
  const tree = scoredLabels(question).map((l) => [l.id, l.parent]);
  return createHash('sha256').update(JSON.stringify({ base, scoring: 'parents-first', topParents: mode.topParents, tree })).digest('hex');
}

const NO_MODEL = 'No NLI model is selected. Choose a model folder (config.json, tokenizer.json, onnx/model.onnx) first.';

export class NliEngine {
  readonly client = new InferenceClient();
  readonly tuning: EngineTuning = { ...DEFAULT_TUNING };
  /** A model used by this core only, without changing the saved choice (the CLI's --model). */
  private override: LoadedModel | null = null;
  private cached: LoadedModel | null = null;
  private active: ActiveRun | null = null;
  /** An int8 agreement check holds the inference process. */
  private checking = false;
  private int8Cached: LoadedModel | null = null;
  private readonly sessions = new Map<string, SessionStats>();
  private readonly reconciled = new WeakSet<Db>();

  constructor(private readonly ctx: CoreServices) {
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
    this.assertNotChecking();
  }

  private assertNotChecking(): void {
    if (this.checking) throw new PrelabelError('BUSY', 'An int8 agreement check is going. Wait for it to finish or cancel it.');
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

  /** No model is active any more (the Models screen removed the last usable one). */
  forgetModel(): void {
    this.assertIdle();
    writeStoredModel(this.ctx.config.dataDir, null);
    this.cached = null;
    this.override = null;
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

  /** The active (fp32) model file's hash without loading it; null when there is none. */
  private async fp32Sha(): Promise<string | null> {
    if (this.override) return this.override.info.sha256;
    const stored = readStoredModel(this.ctx.config.dataDir);
    const stat = stored ? statOrNull(stored.info.path) : null;
    if (!stored || !stat) return null;
    // Unchanged since it was selected (the check currentModel makes): its stored hash holds. Every
    // queue and Browse page asks for the current hash, so this spares them the hash cache's file.
    if (stat.size === stored.size && stat.mtimeMs === stored.mtimeMs) return stored.info.sha256;
    return sha256Cached(onnxPathOf(stored.info), this.ctx.config.dataDir);
  }

  /** The hash that makes a question's predictions current: the codebook's hypotheses and scoring
   * mode with the active model (or its int8 variant in force) or, when none is selected, with the
   * model of the question's latest run; '' when no model was ever used for it. */
  async currentHash(db: Db, question: CodebookQuestion): Promise<string> {
    const fp32 = await this.fp32Sha();
    const sha = (fp32 ? (this.int8Check(db, fp32)?.int8Sha256 ?? fp32) : null) ?? latestRunModelSha(db, question.id);
    return sha ? runHash(question, sha, readScoringMode(db, question.id)) : '';
  }

  // ---- precision ----

  /** The accepted int8 check in force for this fp32 file, or null: then fp32 runs. */
  private int8Check(db: Db, fp32Sha256: string): PrecisionCheck | null {
    const stored = readPrecision(db);
    const check = stored.check;
    if (stored.precision !== 'int8' || !check?.accepted || check.fp32Sha256 !== fp32Sha256 || !existsSync(check.int8Path)) return null;
    return check;
  }

  async precisionState(): Promise<PrecisionState> {
    const db = this.ctx.requireProject().db;
    const stored = readPrecision(db);
    const fp32 = await this.fp32Sha().catch(() => null);
    return { precision: stored.precision, effective: fp32 && this.int8Check(db, fp32) ? 'int8' : 'fp32', check: stored.check };
  }

  /** The int8 variant of an fp32 model: a file of its folder, an earlier quantisation, or a new one. */
  private async int8Variant(fp32: LoadedModel, onQuantise: () => void): Promise<{ path: string; source: PrecisionCheck['int8Source'] }> {
    for (const name of FOLDER_INT8_FILES) {
      const path = join(fp32.dir, 'onnx', name);
      if (existsSync(path)) return { path, source: 'model-folder' };
    }
    const dir = join(this.ctx.config.dataDir, 'int8-models', fp32.info.sha256);
    const path = join(dir, 'model.onnx');
    if (existsSync(path)) return { path, source: 'cached' };
    onQuantise();
    await yieldToLoop(); // let the progress event leave before the quantiser holds the thread
    mkdirSync(dir, { recursive: true });
    // Synchronous: about 5 s for the 428 MB model (docs/BENCHMARKS.md), once per model file.
    quantizeModelFile(fp32.onnxPath, path);
    return { path, source: 'quantised' };
  }

  private async loadInt8(fp32: LoadedModel, path: string): Promise<LoadedModel> {
    const c = this.int8Cached;
    const stat = statSync(path);
    if (c && c.onnxPath === path && c.dir === fp32.dir && c.size === stat.size && c.mtimeMs === stat.mtimeMs) return c;
    const model = await loadModel(fp32.dir, { client: this.client, dataDir: this.ctx.config.dataDir, threads: physicalCores(), onnxFile: { path, precision: 'int8' } });
    this.int8Cached = model;
    return model;
  }

  /** The model the project's runs use: its int8 variant after an accepted check, else fp32. */
  private async projectModel(db: Db): Promise<LoadedModel> {
    const fp32 = await this.activeModel();
    const check = this.int8Check(db, fp32.info.sha256);
    if (!check) return fp32;
    const int8 = await this.loadInt8(fp32, check.int8Path);
    if (int8.info.sha256 !== check.int8Sha256) {
      throw new PrelabelError(
        'INVALID_INPUT',
        `The int8 model file ${check.int8Path} changed since its agreement check. Switch the project to int8 again to check the new file, or back to fp32.`,
      );
    }
    return int8;
  }

  /**
   * Switches the open project's precision. fp32 always succeeds. int8 first gets the active
   * model's int8 variant (quantising it into the app data folder when there is none) and checks
   * top-label agreement with fp32 on a seeded sample of the project's documents ([Note: int8
   * agreement check]); below `minAgreement` the switch is refused and the project stays as it was.
   */
  async setPrecision(input: ParsedInput<'prelabel.setPrecision'>): Promise<PrecisionResult> {
    const db = this.ctx.requireProject().db;
    if (this.active) throw new PrelabelError('BUSY', 'A pre-label run is going. Pause or cancel it before changing the precision.');
    this.assertNotChecking();
    const stored = readPrecision(db);
    if (input.precision === 'fp32') {
      writePrecision(db, { precision: 'fp32', check: stored.check });
      return { state: await this.precisionState(), check: null };
    }
    const { question } = this.question(db, input.questionId!);
    if (visibleDocumentCount(db) === 0) {
      throw new PrelabelError('INVALID_INPUT', "The project has no documents yet: the int8 check compares fp32 and int8 on a sample of the project's own documents. Import documents first.");
    }
    const fp32 = await this.activeModel();
    const planner = this.planner(fp32, question);
    // A job of kind 'precision': its progress as job:progress, cancelled by job.cancel.
    return this.ctx.jobs.start('precision', (job) => this.checkInt8(job, input, db, question, fp32, planner), { jobId: input.jobId }).value;
  }

  private async checkInt8(
    job: JobControl<'precision'>,
    input: ParsedInput<'prelabel.setPrecision'>,
    db: Db,
    question: CodebookQuestion,
    fp32: LoadedModel,
    planner: PairPlanner,
  ): Promise<PrecisionResult> {
    const progress = (phase: PrecisionProgress['phase'], done: number, total: number, error?: string) => job.progress({ phase, done, total, ...(error ? { error } : {}) });
    this.checking = true;
    const started = performance.now();
    try {
      const variant = await this.int8Variant(fp32, () => progress('quantising', 0, 1));
      const int8 = await this.loadInt8(fp32, variant.path);
      const result = await checkAgreement({
        db,
        client: this.client,
        fp32,
        int8,
        planner,
        question,
        sampleSize: input.sampleSize,
        seed: input.seed,
        threads: physicalCores(),
        tuning: this.tuning,
        signal: job.signal,
        onProgress: (phase, done, total) => progress(phase, done, total),
      });
      const check: PrecisionCheck = {
        questionId: question.id,
        documents: result.documents,
        pairs: result.pairs,
        seed: input.seed,
        agreement: result.agreement,
        minAgreement: input.minAgreement,
        accepted: result.agreement >= input.minAgreement,
        relativeError: result.relativeError,
        maxScoreDiff: result.maxScoreDiff,
        fp32Sha256: fp32.info.sha256,
        int8Sha256: int8.info.sha256,
        int8Path: variant.path,
        int8Source: variant.source,
        seconds: (performance.now() - started) / 1000,
        checkedAt: new Date().toISOString(),
      };
      // A refused check changes nothing: the project keeps the precision (and check) it had.
      if (check.accepted) writePrecision(db, { precision: 'int8', check });
      progress('done', result.documents, result.documents);
      return { state: await this.precisionState(), check };
    } catch (err) {
      const message = err instanceof CheckCancelled ? err.message : (err as Error).message;
      progress('failed', 0, 0, message);
      if (err instanceof CheckCancelled) throw new PrelabelError('CANCELLED', message);
      throw err;
    } finally {
      this.checking = false;
    }
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

  /** The runner's label tree for a hierarchical run (indices into the planner's hypotheses). */
  private hierarchy(question: CodebookQuestion, mode: ScoringMode): { tree: LabelHierarchy; topParents: number } | undefined {
    if (!mode.hierarchical) return undefined;
    const tree = labelHierarchy(scoredLabels(question));
    if (tree.below.size === 0) {
      throw new PrelabelError(
        'INVALID_INPUT',
        `The question "${question.name}" has no labels with a parent, so there is nothing to score hierarchically. Give labels a parent in the codebook (e.g. Manifesto codes under their domains) or score all labels.`,
      );
    }
    return { tree, topParents: mode.topParents };
  }

  private launch(
    db: Db,
    run: RunRecord,
    model: LoadedModel,
    planner: PairPlanner,
    question: CodebookQuestion,
    priority: readonly number[],
    threads: number,
    hierarchy?: { tree: LabelHierarchy; topParents: number },
  ): RunInfo {
    // The run is a job of kind 'prelabel' with the run's id: closing the project (stopAll) pauses
    // it after the current batch and waits for that batch's write; job:done carries the run and
    // what this session scored. job.cancel leaves it alone: prelabel.pause / prelabel.cancel stop it.
    let runner!: PrelabelRunner;
    const job = this.ctx.jobs.start(
      'prelabel',
      (job) => {
        // Made before start returns ([Note: work starts at once] in main/core/jobs.ts).
        runner = new PrelabelRunner({ db, client: this.client, model, planner, run, question, priority, threads, tuning: this.tuning, onProgress: job.progress, signal: job.signal, hierarchy });
        return runner.execute().finally(() => {
          // Before job:done goes out: whoever hears it may start the next run at once.
          this.sessions.set(run.id, runner.stats);
          if (this.active?.runner === runner) this.active = null;
        });
      },
      { jobId: run.id, cancellable: false, result: (record) => ({ run: runInfo(record), session: sessionSummary(runner.stats) }), outcome: runOutcome },
    );
    this.active = { runner, done: job.value, db };
    return runInfo(runner.run);
  }

  async start(input: { questionId: string; priorityDocumentIds: number[]; threads?: number; hierarchical?: boolean; topParents?: number }): Promise<RunInfo> {
    const db = this.ctx.requireProject().db;
    this.reconcile(db);
    this.assertNotChecking();
    const { question, revisionId } = this.question(db, input.questionId);
    if (question.archived) throw new PrelabelError('INVALID_INPUT', `The question "${question.name}" is archived; restore it to pre-label it.`);
    // Without the options the question keeps the mode it was last run with (a caller that only
    // adds priority documents must not turn a hierarchical run into a full one).
    const previous = readScoringMode(db, question.id);
    const mode: ScoringMode = { hierarchical: input.hierarchical ?? previous.hierarchical, topParents: input.topParents ?? previous.topParents };
    const hierarchy = this.hierarchy(question, mode);
    const model = await this.projectModel(db);
    const hash = runHash(question, model.info.sha256, mode);
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
    writeScoringMode(db, question.id, mode);
    const planner = this.planner(model, question);
    const threads = input.threads ?? physicalCores();
    const latest = latestRun(db, question.id);
    if (latest && latest.modelInputHash === hash && latest.status === 'paused') {
      return this.launch(db, latest, model, planner, question, input.priorityDocumentIds, input.threads ?? threadsOf(latest) ?? threads, hierarchy);
    }
    if (latest && latest.modelInputHash === hash && latest.status === 'done' && pendingCount(db, question.id, hash) === 0) {
      // Everything is scored already: no new, empty run; the caller still hears that it is done,
      // as a job of the run's id that ends at once, having scored nothing.
      const documents = visibleDocumentCount(db);
      const info = runInfo(latest);
      this.ctx.jobs.start(
        'prelabel',
        async (job) => {
          job.progress({ questionId: question.id, status: 'done', done: documents, total: documents, pairsPerSecond: 0, etaSeconds: 0 });
          return info;
        },
        { jobId: latest.id, cancellable: false, result: (run) => ({ run, session: { documents: 0, pairs: 0, seconds: 0, pairsPerSecond: 0 } }) },
      );
      return info;
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
        precision: model.info.precision ?? 'fp32',
        hierarchical: mode.hierarchical,
        ...(mode.hierarchical ? { topParents: mode.topParents } : {}),
      },
    });
    return this.launch(db, run, model, planner, question, input.priorityDocumentIds, threads, hierarchy);
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
    this.assertNotChecking();
    const { question } = this.question(db, run.questionId);
    const model = await this.projectModel(db);
    const mode = modeOf(run);
    if (runHash(question, model.info.sha256, mode) !== run.modelInputHash) {
      throw new PrelabelError(
        'INVALID_INPUT',
        'The hypotheses or the model changed since this run started, so its predictions are stale. Start a new run (the old predictions are kept).',
      );
    }
    writeScoringMode(db, question.id, mode);
    return this.launch(db, run, model, this.planner(model, question), question, [], threadsOf(run) ?? physicalCores(), this.hierarchy(question, mode));
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
    // A hierarchical run asked only some labels of each document: the suggestion is the top of
    // the leaves it asked ([Note: hierarchical scoring]).
    const { labels, partial } = suggestionLabels(store.db, question);
    return (ids) => (hash && labels.length ? suggestionsFrom(currentPredictions(store.db, question.id, hash, ids), labels, question.multiLabel, partial) : new Map());
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

/** What job:done reports of a session of a run. */
function sessionSummary(stats: SessionStats): SessionStatsSummary {
  return { documents: stats.documents, pairs: stats.pairs, seconds: stats.seconds, pairsPerSecond: stats.pairsPerSecond };
}

/** A run's end as its job's status: finished, stopped (paused or cancelled: resumable or not), or failed. */
function runOutcome(record: RunRecord): { status: JobStatus; error?: ApiError } {
  if (record.status === 'done') return { status: 'done' };
  if (record.status === 'failed') return { status: 'failed', error: { code: 'INTERNAL', message: record.error ?? 'The pre-label run failed.' } };
  return { status: 'cancelled' };
}

function modeOf(run: RunRecord): ScoringMode {
  const top = run.options.topParents;
  return { hierarchical: run.options.hierarchical === true, topParents: typeof top === 'number' && Number.isInteger(top) && top >= 1 ? top : 2 };
}

function threadsOf(run: RunRecord): number | undefined {
  const t = run.options.threads;
  return typeof t === 'number' && Number.isInteger(t) && t >= 1 ? t : undefined;
}

/** The engine of a core: the one its context carries (the CLI's commands reach it this way). */
export function engineFor(ctx: { readonly engine: NliEngine }): NliEngine {
  return ctx.engine;
}
