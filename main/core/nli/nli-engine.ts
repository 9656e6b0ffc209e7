// The NLI engine of one core: the inference process, the active model, the project's precision, the
// pre-label run in progress (one at a time: there is one inference process), the current hash,
// suggestions, the playground and the model's evaluation on XNLI. It holds the pieces and their shared
// state; each piece lives with what it changes with (models/model-choice.ts, precision/precision-switch.ts,
// runs/run-lifecycle.ts, playground.ts, evaluation-job.ts, inference/provider.ts). The context carries one engine, made by createCore.
import { join } from 'node:path';
import type {
  CodebookQuestion,
  DocumentRow,
  ModelEvaluation,
  ModelInfo,
  ModelThreads,
  NliResult,
  ParsedInput,
  PrecisionResult,
  PrecisionState,
  PrelabelStatus,
  RunInfo,
} from '../../../common/contract';
import { PrelabelError } from '../../../common/contract';
import type { CoreServices } from '../core-services';
import { sha256Cached } from '../models/model-hash';
import { evaluateModel } from './evaluation-job';
import { ModelChoice } from '../models/model-choice';
import type { LoadedModel } from '../models/model-loader';
import { currentPredictions, latestRunModelSha } from '../store/prediction-store';
import type { Db } from '../store/project-db';
import type { ProjectStore } from '../store/project-store';
import { InferenceClient } from './inference/inference-client';
import type { ExecutionProvider } from './inference/inference-protocol';
import { useProvider } from './inference/provider';
import { playground } from './playground';
import { modelThreads } from './inference/model-threads';
import { PrecisionSwitch } from './precision/precision-switch';
import { ModelTurns } from './runs/model-turns';
import { RunLifecycle, type StartRun } from './runs/run-lifecycle';
import { DEFAULT_TUNING, type RunnerTuning, type SessionStats } from './runs/run-tuning';
import { questionOf, type PlannerTuning } from './scoring/question-plan';
import { readScoringMode, runHash } from './scoring/scoring-mode';
import { suggestionLabels } from './scoring/suggestion-labels';
import { suggestionsFrom } from './scoring/suggestions';

/** What a run and a check may be tuned with (tests and benchmarks set it on the engine). */
export type EngineTuning = RunnerTuning & PlannerTuning;

export class NliEngine {
  readonly client = new InferenceClient();
  readonly tuning: EngineTuning = { ...DEFAULT_TUNING };
  private readonly models: ModelChoice;
  private readonly precision: PrecisionSwitch;
  private readonly runs: RunLifecycle;
  /** An XNLI evaluation holds the inference process (evaluation-job.ts). */
  private evaluating = false;
  /** A try-it job's turn on the model ([Note: try it and a run share the model]). */
  private readonly turns = new ModelTurns();

  constructor(private readonly core: CoreServices) {
    // See [Note: optimised model cache]: model loads after the first take well under a second.
    this.client.modelCache = { dir: join(core.config.dataDir, 'model-cache'), sha256: (path) => sha256Cached(path, core.config.dataDir) };
    // One inference process with all the run's threads: see [Note: processes and threads].
    this.client.maxProcesses = 1;
    this.models = new ModelChoice(this.client, core.config.dataDir, () => this.assertIdle());
    this.precision = new PrecisionSwitch(core, this.client, this.tuning, this.models, () => this.runs.going);
    this.runs = new RunLifecycle(
      core,
      this.client,
      this.tuning,
      this.precision,
      (db, question) => this.currentHash(db, question),
      this.turns,
    );
  }

  /** Nothing holds the inference process: no run, no int8 check, no try-it job. */
  private assertIdle(): void {
    if (this.runs.going) throw new PrelabelError('BUSY', 'A pre-label run is going. Pause or cancel it before changing the model.');
    this.precision.assertNotChecking();
    this.assertNotEvaluating();
    this.assertNotTrying();
  }

  private assertNotTrying(): void {
    if (this.turns.held)
      throw new PrelabelError('BUSY', 'Variants of a wording are being tried ("try it"). Wait for them to finish or cancel them.');
  }

  // ---- "try it" (tuning/try-hypothesis.ts) ----

  /** Takes the inference process for a try-it job ([Note: try it and a run share the model]): a run
   * waits for it between groups; int8 checks, XNLI evaluations and model changes are refused until
   * the returned function gives it back. */
  beginTrying(): () => void {
    this.precision.assertNotChecking();
    this.assertNotEvaluating();
    return this.turns.take();
  }

  /** Whether a try-it job holds the inference process. */
  get trying(): boolean {
    return this.turns.held;
  }

  private assertNotEvaluating(): void {
    if (this.evaluating) throw new PrelabelError('BUSY', 'A model evaluation on XNLI is going. Wait for it to finish or cancel it.');
  }

  // ---- execution provider (the CLI's --provider) ----

  get provider(): ExecutionProvider {
    return this.client.provider;
  }

  setProvider(provider: ExecutionProvider): void {
    this.assertIdle();
    useProvider(this.client, provider);
  }

  // ---- models ----

  selectModel(path: string, opts: { persist: boolean } = { persist: true }): Promise<ModelInfo> {
    return this.models.selectModel(path, opts);
  }

  forgetModel(): void {
    this.models.forgetModel();
  }

  currentModel(): Promise<ModelInfo | null> {
    return this.models.currentModel();
  }

  activeModel(): Promise<LoadedModel> {
    return this.models.activeModel();
  }

  /** The active model's thread choice on this machine (`prelabel threads`): shown, measured again
   * (only while nothing else holds the inference process), or forgotten. */
  async modelThreads(action: 'get' | 'measure' | 'forget'): Promise<ModelThreads> {
    if (action === 'measure') this.assertIdle();
    const model = await this.models.activeModel();
    if (action === 'measure') this.assertIdle();
    const budgetMs = this.tuning.threadCalibrationMs > 0 ? this.tuning.threadCalibrationMs : DEFAULT_TUNING.threadCalibrationMs;
    return modelThreads({ client: this.client, dataDir: this.core.config.dataDir, model, budgetMs }, action);
  }

  /** The model the open project's runs use: its int8 file after an accepted check, else fp32. */
  projectModel(db: Db): Promise<LoadedModel> {
    return this.precision.projectModel(db);
  }

  /** The hash that makes a question's predictions current: the codebook's hypotheses and scoring
   * mode with the active model (or its int8 variant in force) or, when none is selected, with the
   * model of the question's latest run; '' when no model was ever used for it. */
  async currentHash(db: Db, question: CodebookQuestion): Promise<string> {
    const fp32 = await this.models.fp32Sha();
    const sha = (fp32 ? (this.precision.int8Check(db, fp32)?.int8Sha256 ?? fp32) : null) ?? latestRunModelSha(db, question.id);
    return sha ? runHash(question, sha, readScoringMode(db, question.id)) : '';
  }

  // ---- precision ----

  precisionState(): Promise<PrecisionState> {
    return this.precision.precisionState();
  }

  setPrecision(input: ParsedInput<'prelabel.setPrecision'>): Promise<PrecisionResult> {
    this.assertNotEvaluating();
    this.assertNotTrying();
    return this.precision.setPrecision(input);
  }

  // ---- runs ----

  start(input: StartRun): Promise<RunInfo> {
    this.assertNotEvaluating();
    return this.runs.start(input);
  }

  pause(runId: string): Promise<RunInfo> {
    return this.runs.pause(runId);
  }

  cancel(runId: string): Promise<RunInfo> {
    return this.runs.cancel(runId);
  }

  resume(runId: string): Promise<RunInfo> {
    this.assertNotEvaluating();
    return this.runs.resume(runId);
  }

  status(questionId: string): Promise<PrelabelStatus> {
    return this.runs.status(questionId);
  }

  /** What this core's last session of a run scored (the CLI's summary). */
  sessionStats(runId: string): SessionStats | undefined {
    return this.runs.sessionStats(runId);
  }

  /** Resolves when the run in progress (if it is this one) stops. */
  waitForRun(runId: string): Promise<RunInfo | null> {
    return this.runs.waitForRun(runId);
  }

  // ---- suggestions and the playground ----

  /** The suggestion of each document of a page, from current predictions (one query a page). */
  async suggester(
    store: ProjectStore,
    questionId: string,
  ): Promise<(ids: number[]) => Map<number, NonNullable<DocumentRow['suggestion']>>> {
    const { question } = questionOf(store.db, questionId);
    const hash = await this.currentHash(store.db, question);
    // A hierarchical run asked only some labels of each document: the suggestion is the top of
    // the leaves it asked ([Note: hierarchical scoring]).
    const { labels, partial } = suggestionLabels(store.db, question);
    return (ids) =>
      hash && labels.length
        ? suggestionsFrom(currentPredictions(store.db, question.id, hash, ids), labels, question.multiLabel, partial)
        : new Map();
  }

  async playground(premise: string, hypothesis: string): Promise<NliResult> {
    this.assertNotEvaluating();
    const ms = this.tuning.threadCalibrationMs;
    // Measured only while no run and no try-it job holds the inference process.
    const calibration = ms > 0 && !this.runs.going && !this.turns.held ? { dataDir: this.core.config.dataDir, budgetMs: ms } : undefined;
    return playground(this.client, await this.models.activeModel(), this.tuning.maxLength, premise, hypothesis, calibration);
  }

  // ---- the model's accuracy on XNLI (the CLI's evaluate-model) ----

  /** Scores XNLI files with the active model, as a job of kind 'evaluate-model'; nothing else may
   * use the inference process meanwhile (runs, checks, the playground and model changes are refused). */
  async evaluate(input: ParsedInput<'model.evaluate'>): Promise<ModelEvaluation> {
    this.assertIdle();
    this.evaluating = true;
    try {
      const fp32 = await this.models.activeModel();
      const int8Of = (model: LoadedModel, onQuantise: () => void) => this.precision.int8Of(model, onQuantise);
      return await evaluateModel({ core: this.core, client: this.client, tuning: this.tuning, int8Of }, input, fp32);
    } finally {
      this.evaluating = false;
    }
  }

  /** Pauses a run in progress and stops the inference process. */
  async close(): Promise<void> {
    await this.runs.pauseActive();
    await this.client.close();
  }
}
