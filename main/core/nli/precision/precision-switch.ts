// The open project's precision as the engine uses it: which model file its runs take (the int8
// variant after an accepted agreement check, else fp32), and the switch itself, which gets the
// int8 variant (a file of the model folder, an earlier quantisation, or a new one) and checks it
// first ([Note: int8 agreement check] in precision-check.ts).
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import {
  PrelabelError,
  type CodebookQuestion,
  type ParsedInput,
  type PrecisionCheck,
  type PrecisionProgress,
  type PrecisionResult,
  type PrecisionState,
} from '../../../../common/contract';
import type { CoreServices } from '../../core-services';
import type { JobControl } from '../../jobs';
import type { ModelChoice } from '../../models/model-choice';
import { loadModel, type LoadedModel } from '../../models/model-loader';
import type { Db } from '../../store/project-db';
import { visibleDocumentCount } from '../../store/prediction-store';
import { physicalCores } from '../inference/cpu-cores';
import type { InferenceClient } from '../inference/inference-client';
import type { RunnerTuning } from '../runs/run-tuning';
import type { PairPlanner } from '../scoring/pair-batch';
import { plannerFor, questionOf, type PlannerTuning } from '../scoring/question-plan';
import { checkAgreement, CheckCancelled } from './precision-check';
import { readPrecision, writePrecision } from './project-precision';
import { assertInt8RunsHere, int8Cpu, int8Refusal, int8WeightRange } from './quantize/int8-range';
import { quantizeModelFile } from './quantize/quantize-model';

/** int8 files an exported model folder may already hold (Optimum writes model_quantized.onnx). */
const FOLDER_INT8_FILES = ['model_quantized.onnx', 'model_int8.onnx', 'model.int8.onnx'];

/**
 * The app data folder's int8 files: int8-models/<fp32 SHA-256>/7-bit/model.onnx. The range is a
 * folder of its own since full range was the default before (int8-models/<sha>/model.onnx): such
 * an old file is never handed to a new switch. A project whose accepted check names it keeps it,
 * where the CPU computes it right ([Note: int8 range check]).
 */
export const INT8_CACHE_SUBFOLDER = '7-bit';

export class PrecisionSwitch {
  /** An int8 agreement check holds the inference process. */
  private checking = false;
  private int8Cached: LoadedModel | null = null;

  /** `runGoing` says whether a pre-label run holds the inference process (runs/run-lifecycle.ts). */
  constructor(
    private readonly core: CoreServices,
    private readonly client: InferenceClient,
    private readonly tuning: RunnerTuning & PlannerTuning,
    private readonly models: ModelChoice,
    private readonly runGoing: () => boolean,
  ) {}

  assertNotChecking(): void {
    if (this.checking) throw new PrelabelError('BUSY', 'An int8 agreement check is going. Wait for it to finish or cancel it.');
  }

  /** The accepted int8 check in force for this fp32 file, or null: then fp32 runs. */
  int8Check(db: Db, fp32Sha256: string): PrecisionCheck | null {
    const stored = readPrecision(db);
    const check = stored.check;
    if (stored.precision !== 'int8' || !check?.accepted || check.fp32Sha256 !== fp32Sha256 || !existsSync(check.int8Path)) return null;
    return check;
  }

  async precisionState(): Promise<PrecisionState> {
    const db = this.core.requireProject().db;
    const stored = readPrecision(db);
    const fp32 = await this.models.fp32Sha().catch(() => null);
    return { precision: stored.precision, effective: fp32 && this.int8Check(db, fp32) ? 'int8' : 'fp32', check: stored.check };
  }

  /** The int8 variant of an fp32 model: a file of its folder, an earlier quantisation, or a new one. */
  private async int8Variant(fp32: LoadedModel, onQuantise: () => void): Promise<{ path: string; source: PrecisionCheck['int8Source'] }> {
    for (const name of FOLDER_INT8_FILES) {
      const path = join(fp32.dir, 'onnx', name);
      // A folder file this CPU would compute wrong (full-range weights without VNNI) is passed
      // over: Prelabel quantises its own 7-bit file instead.
      if (existsSync(path) && !int8Refusal(path, int8WeightRange(path), int8Cpu())) return { path, source: 'model-folder' };
    }
    const dir = join(this.core.config.dataDir, 'int8-models', fp32.info.sha256, INT8_CACHE_SUBFOLDER);
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
    // Refused in one line before loading when this CPU would compute the file wrong.
    assertInt8RunsHere(path);
    const model = await loadModel(fp32.dir, {
      client: this.client,
      dataDir: this.core.config.dataDir,
      threads: physicalCores(),
      onnxFile: { path, precision: 'int8' },
    });
    this.int8Cached = model;
    return model;
  }

  /** The int8 variant of an fp32 model, loaded, without a project or an agreement check (the XNLI
   * evaluation measures it itself); `onQuantise` is called before a new quantisation. */
  async int8Of(fp32: LoadedModel, onQuantise: () => void): Promise<LoadedModel> {
    const variant = await this.int8Variant(fp32, onQuantise);
    return this.loadInt8(fp32, variant.path);
  }

  /** The model the project's runs use: its int8 variant after an accepted check, else fp32. */
  async projectModel(db: Db): Promise<LoadedModel> {
    const fp32 = await this.models.activeModel();
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
    const db = this.core.requireProject().db;
    if (this.runGoing()) throw new PrelabelError('BUSY', 'A pre-label run is going. Pause or cancel it before changing the precision.');
    this.assertNotChecking();
    const stored = readPrecision(db);
    if (input.precision === 'fp32') {
      writePrecision(db, { precision: 'fp32', check: stored.check });
      return { state: await this.precisionState(), check: null };
    }
    const { question } = questionOf(db, input.questionId!);
    if (visibleDocumentCount(db) === 0) {
      throw new PrelabelError(
        'INVALID_INPUT',
        "The project has no documents yet: the int8 check compares fp32 and int8 on a sample of the project's own documents. Import documents first.",
      );
    }
    const fp32 = await this.models.activeModel();
    const planner = plannerFor(fp32, question, this.tuning);
    // A job of kind 'precision': its progress as job:progress, cancelled by job.cancel.
    return this.core.jobs.start('precision', (job) => this.checkInt8(job, input, db, question, fp32, planner), { jobId: input.jobId })
      .value;
  }

  private async checkInt8(
    job: JobControl<'precision'>,
    input: ParsedInput<'prelabel.setPrecision'>,
    db: Db,
    question: CodebookQuestion,
    fp32: LoadedModel,
    planner: PairPlanner,
  ): Promise<PrecisionResult> {
    const progress = (phase: PrecisionProgress['phase'], done: number, total: number, error?: string) =>
      job.progress({ phase, done, total, ...(error ? { error } : {}) });
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
}
