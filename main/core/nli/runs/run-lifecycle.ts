// The pre-label runs of a core: one run at a time (there is one inference process), started,
// paused, resumed and cancelled through the contract, registered as a job so that closing the
// project pauses it, and what each session of a run scored (the CLI's summary).
// Over 300 lines on purpose: start, pause, resume, cancel and the job registration of a run share
// one state machine, kept in one place so no transition is missed.
import { randomUUID } from 'node:crypto';
import {
  PrelabelError,
  type ApiError,
  type CodebookQuestion,
  type JobStatus,
  type PrelabelStatus,
  type RunInfo,
  type SessionStatsSummary,
} from '../../../../common/contract';
import type { CoreServices } from '../../core-services';
import type { LoadedModel } from '../../models/model-loader';
import {
  getRun,
  insertRun,
  latestRun,
  pendingCount,
  predictionCounts,
  runInfo,
  setRunStatus,
  visibleDocumentCount,
  type RunRecord,
} from '../../store/prediction-store';
import type { Db } from '../../store/project-db';
import type { InferenceClient } from '../inference/inference-client';
import type { PrecisionSwitch } from '../precision/precision-switch';
import type { PairPlanner } from '../scoring/pair-batch';
import { hierarchyFor, plannerFor, questionOf, type PlannerTuning, type RunHierarchy } from '../scoring/question-plan';
import { modeOf, readScoringMode, runHash, writeScoringMode, type ScoringMode } from '../scoring/scoring-mode';
import { PrelabelRunner } from './prelabel-runner';
import type { ModelTurns } from './model-turns';
import { RunLeases } from './run-lease';
import { RunThreadChoice, type RunThreads } from './run-threads';
import { runInputRecord, type RunInputRecord } from './run-record';
import type { RunnerTuning, SessionStats } from './run-tuning';

interface ActiveRun {
  runner: PrelabelRunner;
  done: Promise<RunRecord>;
  db: Db;
}

export interface StartRun {
  questionId: string;
  priorityDocumentIds: number[];
  threads?: number;
  hierarchical?: boolean;
  topParents?: number;
}

export class RunLifecycle {
  private active: ActiveRun | null = null;
  private readonly sessions = new Map<string, SessionStats>();
  private readonly reconciled = new WeakSet<Db>();
  /** Which process pre-labels a question now ([Note: run lease]). */
  private readonly leases = new RunLeases();
  private readonly threadChoice: RunThreadChoice;

  /** `currentHash` is the engine's: the hash under which a question's predictions are current;
   * `turns`: a try-it job's hold on the model ([Note: try it and a run share the model]). */
  constructor(
    private readonly core: CoreServices,
    private readonly client: InferenceClient,
    private readonly tuning: RunnerTuning & PlannerTuning,
    private readonly precision: PrecisionSwitch,
    private readonly currentHash: (db: Db, question: CodebookQuestion) => Promise<string>,
    private readonly turns: ModelTurns,
  ) {
    this.threadChoice = new RunThreadChoice(client, core.config.dataDir, () => tuning.threadCalibrationMs);
  }

  /** Whether a run holds the inference process. */
  get going(): boolean {
    return this.active !== null;
  }

  /** A run left 'running' by a process that died shows as paused (once per opened project). */
  private reconcile(db: Db): void {
    if (this.reconciled.has(db)) return;
    this.leases.pauseOrphaned(db, this.active?.db === db ? this.active.runner.runId : null);
    this.reconciled.add(db);
  }

  private launch(
    db: Db,
    run: RunRecord,
    model: LoadedModel,
    planner: PairPlanner,
    question: CodebookQuestion,
    priority: readonly number[],
    { threads, source, busy }: RunThreads,
    hierarchy?: RunHierarchy,
  ): RunInfo {
    // The run is a job of kind 'prelabel' with the run's id: closing the project (stopAll) pauses
    // it after the current batch and waits for that batch's write; job:done carries the run and
    // what this session scored. job.cancel leaves it alone: prelabel.pause / prelabel.cancel stop it.
    let runner!: PrelabelRunner;
    const job = this.core.jobs.start(
      'prelabel',
      (job) => {
        // Made before start returns ([Note: work starts at once] in main/core/jobs.ts).
        runner = new PrelabelRunner({
          db,
          client: this.client,
          model,
          planner,
          run,
          question,
          priority,
          threads,
          tuning: this.tuning,
          // Every progress says the threads and how they were chosen (the CLI's "chose N threads after measuring").
          onProgress: (p) => job.progress({ ...p, threads, threadSource: source, ...(busy ? { threadsBusy: true } : {}) }),
          signal: job.signal,
          hierarchy,
          turns: this.turns,
        });
        return runner.execute().finally(() => {
          // Before job:done goes out: whoever hears it may start the next run at once.
          this.sessions.set(run.id, runner.stats);
          if (this.active?.runner === runner) this.active = null;
          this.leases.release(db, run.questionId);
        });
      },
      {
        jobId: run.id,
        cancellable: false,
        result: (record) => ({ run: runInfo(record), session: sessionSummary(runner.stats) }),
        outcome: runOutcome,
      },
    );
    this.active = { runner, done: job.value, db };
    return runInfo(runner.run);
  }

  async start(input: StartRun): Promise<RunInfo> {
    const db = this.core.requireProject().db;
    this.reconcile(db);
    this.precision.assertNotChecking();
    const { question, revisionId } = questionOf(db, input.questionId);
    if (question.archived)
      throw new PrelabelError('INVALID_INPUT', `The question "${question.name}" is archived; restore it to pre-label it.`);
    // Without the options the question keeps the mode it was last run with (a caller that only
    // adds priority documents must not turn a hierarchical run into a full one).
    const previous = readScoringMode(db, question.id);
    const mode: ScoringMode = {
      hierarchical: input.hierarchical ?? previous.hierarchical,
      topParents: input.topParents ?? previous.topParents,
    };
    const hierarchy = hierarchyFor(question, mode);
    const model = await this.precision.projectModel(db);
    const hash = runHash(question, model.info.sha256, mode);
    const planner = plannerFor(model, question, this.tuning);
    // [Note: run provenance] What a new run is made with, stored with it (read before the checks
    // below, so that nothing else is awaited between them and the run's insert).
    const inputs = await runInputRecord(question, planner.hypotheses, model.info.path);
    // Measured before the checks below (never while a run holds the inference process), and not
    // when another process pre-labels the question (it would be refused after measuring).
    this.leases.assertFree(db, question.id, question.name);
    const latest = latestRun(db, question.id);
    const resumable = latest && latest.modelInputHash === hash && latest.status === 'paused' ? latest : null;
    // The run's id before it exists, for the progress of measuring threads ("Measuring threads (n of m)").
    const runId = resumable?.id ?? randomUUID();
    const ownThreads = input.threads === undefined && resumable ? threadsOf(resumable) : undefined;
    // Nor while a try-it job scores: the measurement would time its batches too.
    const chosen: RunThreads =
      this.active || this.turns.held
        ? this.threadChoice.withoutMeasuring(model, input.threads)
        : ownThreads
          ? { threads: ownThreads, source: 'run' } // a paused run resumes with its own threads: nothing to measure
          : await this.threadChoice.choose(model, input.threads, (step, steps) => this.measuring(runId, question.id, step, steps));
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
    // Another process pre-labelling this question refuses the start ([Note: run lease]).
    this.leases.acquire(db, question.id, question.name);
    try {
      return this.startLeased(db, input, question, revisionId, model, hash, planner, mode, hierarchy, inputs, chosen, runId);
    } catch (err) {
      this.leases.release(db, question.id);
      throw err;
    }
  }

  private startLeased(
    db: Db,
    input: StartRun,
    question: CodebookQuestion,
    revisionId: string | null,
    model: LoadedModel,
    hash: string,
    planner: PairPlanner,
    mode: ScoringMode,
    hierarchy: RunHierarchy | undefined,
    inputs: RunInputRecord,
    chosen: RunThreads,
    runId: string,
  ): RunInfo {
    writeScoringMode(db, question.id, mode);
    const threads = chosen.threads;
    const latest = latestRun(db, question.id);
    if (latest && latest.modelInputHash === hash && latest.status === 'paused') {
      return this.launch(
        db,
        latest,
        model,
        planner,
        question,
        input.priorityDocumentIds,
        input.threads === undefined && threadsOf(latest) ? { threads: threadsOf(latest)!, source: 'run' } : chosen,
        hierarchy,
      );
    }
    if (latest && latest.modelInputHash === hash && latest.status === 'done' && pendingCount(db, question.id, hash) === 0) {
      // Everything is scored already: no new, empty run; the caller still hears that it is done,
      // as a job of the run's id that ends at once, having scored nothing.
      const documents = visibleDocumentCount(db);
      const info = runInfo(latest);
      this.leases.release(db, question.id);
      this.core.jobs.start(
        'prelabel',
        async (job) => {
          job.progress({ questionId: question.id, status: 'done', done: documents, total: documents, pairsPerSecond: 0, etaSeconds: 0 });
          return info;
        },
        {
          jobId: latest.id,
          cancellable: false,
          result: (run) => ({ run, session: { documents: 0, pairs: 0, seconds: 0, pairsPerSecond: 0 } }),
        },
      );
      return info;
    }
    const run = insertRun(db, {
      id: runId,
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
        ...inputs,
      },
    });
    return this.launch(db, run, model, planner, question, input.priorityDocumentIds, chosen, hierarchy);
  }

  /** Before the run's job exists: a prelabel progress of the run to be, while its threads are measured. */
  private measuring(runId: string, questionId: string, step: number, steps: number): void {
    this.core.emit('job:progress', {
      jobId: runId,
      kind: 'prelabel',
      questionId,
      status: 'running',
      done: 0,
      total: 0,
      pairsPerSecond: 0,
      etaSeconds: null,
      measuring: { step, steps },
    });
  }

  /** An unfinished run whose question another live process pre-labels is paused or cancelled there ([Note: run lease]). */
  private assertOwnRun(db: Db, run: RunRecord, action: 'pause' | 'cancel'): void {
    if (run.status === 'running' || run.status === 'paused') this.leases.assertNotOwnedElsewhere(db, run.questionId, action);
  }

  private runOrThrow(db: Db, runId: string): RunRecord {
    const run = getRun(db, runId);
    if (!run) throw new PrelabelError('NOT_FOUND', 'This pre-label run does not exist in the open project.');
    return run;
  }

  async pause(runId: string): Promise<RunInfo> {
    const db = this.core.requireProject().db;
    this.reconcile(db);
    if (this.active?.runner.runId === runId) {
      this.active.runner.requestStop('pause');
      return runInfo(await this.active.done);
    }
    const run = this.runOrThrow(db, runId);
    this.assertOwnRun(db, run, 'pause');
    return runInfo(run.status === 'running' ? setRunStatus(db, runId, 'paused') : run);
  }

  async cancel(runId: string): Promise<RunInfo> {
    const db = this.core.requireProject().db;
    this.reconcile(db);
    if (this.active?.runner.runId === runId) {
      this.active.runner.requestStop('cancel');
      return runInfo(await this.active.done);
    }
    const run = this.runOrThrow(db, runId);
    this.assertOwnRun(db, run, 'cancel');
    return runInfo(run.status === 'running' || run.status === 'paused' ? setRunStatus(db, runId, 'cancelled') : run);
  }

  async resume(runId: string): Promise<RunInfo> {
    const db = this.core.requireProject().db;
    this.reconcile(db);
    if (this.active?.runner.runId === runId) return runInfo(this.active.runner.run);
    const run = this.runOrThrow(db, runId);
    if (run.status === 'done') return runInfo(run);
    if (run.status === 'cancelled')
      throw new PrelabelError('INVALID_INPUT', 'This run was cancelled. Start a new run to score the remaining documents.');
    if (this.active) throw new PrelabelError('BUSY', 'Another pre-label run is going. Pause or cancel it first.');
    this.precision.assertNotChecking();
    const { question } = questionOf(db, run.questionId);
    const model = await this.precision.projectModel(db);
    const mode = modeOf(run.options);
    if (runHash(question, model.info.sha256, mode) !== run.modelInputHash) {
      throw new PrelabelError(
        'INVALID_INPUT',
        'The hypotheses or the model changed since this run started, so its predictions are stale. Start a new run (the old predictions are kept).',
      );
    }
    const own = threadsOf(run);
    const chosen: RunThreads = own
      ? { threads: own, source: 'run' }
      : this.turns.held
        ? this.threadChoice.withoutMeasuring(model)
        : await this.threadChoice.choose(model);
    if (this.active) throw new PrelabelError('BUSY', 'Another pre-label run is going. Pause or cancel it first.');
    this.leases.acquire(db, question.id, question.name);
    try {
      writeScoringMode(db, question.id, mode);
      return this.launch(db, run, model, plannerFor(model, question, this.tuning), question, [], chosen, hierarchyFor(question, mode));
    } catch (err) {
      this.leases.release(db, question.id);
      throw err;
    }
  }

  async status(questionId: string): Promise<PrelabelStatus> {
    const db = this.core.requireProject().db;
    this.reconcile(db);
    const { question } = questionOf(db, questionId);
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

  /** Pauses the run in progress, if any, after its current batch (the core is closing). */
  async pauseActive(): Promise<void> {
    if (!this.active) return;
    this.active.runner.requestStop('pause');
    await this.active.done;
  }
}

/** What job:done reports of a session of a run. */
function sessionSummary(stats: SessionStats): SessionStatsSummary {
  return {
    documents: stats.documents,
    pairs: stats.pairs,
    seconds: stats.seconds,
    pairsPerSecond: stats.pairsPerSecond,
    reusedDocuments: stats.reusedDocuments,
    reusedPairs: stats.reusedPairs,
    coreMsPerPair: stats.coreMsPerPair,
  };
}

/** A run's end as its job's status: finished, stopped (paused or cancelled: resumable or not), or failed. */
function runOutcome(record: RunRecord): { status: JobStatus; error?: ApiError } {
  if (record.status === 'done') return { status: 'done' };
  if (record.status === 'failed')
    return { status: 'failed', error: { code: 'INTERNAL', message: record.error ?? 'The pre-label run failed.' } };
  return { status: 'cancelled' };
}

function threadsOf(run: RunRecord): number | undefined {
  const t = run.options.threads;
  return typeof t === 'number' && Number.isInteger(t) && t >= 1 ? t : undefined;
}
