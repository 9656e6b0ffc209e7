// The one job event family of the contract. Every long piece of work the core does (an import, the
// search index, an import's dry run, an export, a model download, an int8 agreement check, a
// pre-label run, a model's evaluation on XNLI) is a job with an id and a kind: while it runs the core sends
// `job:progress {jobId, kind, ...}` with the fields of its kind, and at its end exactly one
// `job:done {jobId, kind, status, result | error}`. A job is added here (its kind, its progress
// fields, its result) and started through the core's job registry (main/core/jobs.ts).
import { errorCodes } from './errors';
import type { ExportResult } from './export';
import type { DownloadedModel } from './models';
import type { ModelEvaluation, PrecisionResult, RunInfo } from './prelabel';
import type { SegmentsResult } from './segments';
import type { TuningResult } from './tuning';
import type { CalibrationEvaluation } from './calibration';
import { typed, z } from './zod';

export const jobKinds = [
  'import',
  'index',
  'analyze',
  'export',
  'download',
  'precision',
  'prelabel',
  'segment',
  'evaluate-model',
  'tuning',
  'calibration',
] as const;
export type JobKind = (typeof jobKinds)[number];

/** Rows or bytes of a file, for the jobs that read or write tables. */
const rowProgress = z.object({
  /** e.g. 'reading', 'writing', 'indexing' (an import indexes its documents after the commit). */
  phase: z.string(),
  done: z.number(),
  /** Bytes or rows, depending on the phase; null when unknown. */
  total: z.number().nullable(),
  unit: z.enum(['rows', 'bytes']),
});

const downloadProgress = z.object({
  phase: z.enum(['downloading', 'verifying', 'done']),
  /** The file in hand (repository path) and its place in the list. */
  file: z.string(),
  fileIndex: z.number(),
  fileCount: z.number(),
  fileBytes: z.number(),
  fileTotal: z.number(),
  /** All files together, including what an earlier attempt left. */
  bytes: z.number(),
  total: z.number(),
  /** Moving averages; null until there is enough to tell. */
  bytesPerSecond: z.number().nullable(),
  etaSeconds: z.number().nullable(),
});

const runStatus = z.enum(['running', 'paused', 'cancelled', 'done', 'failed']);

const precisionProgress = z.object({
  phase: z.enum(['quantising', 'fp32', 'int8', 'done', 'failed']),
  /** Documents scored in the phase. */
  done: z.number(),
  total: z.number(),
  error: z.string().optional(),
});

const prelabelProgress = z.object({
  questionId: z.string(),
  /** The run's status; a pre-label job's id is its run's id. */
  status: runStatus,
  done: z.number(),
  total: z.number(),
  pairsPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
  error: z.string().optional(),
  /** Pairs of this session stored from identical texts instead of scored ([Note: reuse of identical inputs]). */
  reusedPairs: z.number().optional(),
  /** The run's intra-op threads and how they were chosen: --threads ('override'), measured on this
   * machine now ('calibrated') or before ('stored'), the paused run's own ('run'), or the physical
   * cores unmeasured ('cores': while another run holds the process, or measuring turned off). */
  threads: z.number().optional(),
  threadSource: z.enum(['override', 'stored', 'calibrated', 'run', 'cores']).optional(),
  /** The thread choice was measured while other processes used the CPU: used, kept flagged, measured again when quiet. */
  threadsBusy: z.boolean().optional(),
  /** Present while the threads are measured before the run starts ("Measuring threads (step of
   * steps)"): the job's id is then the run's to be, and done/total are 0 (no document scored yet). */
  measuring: z.object({ step: z.number(), steps: z.number() }).optional(),
});

const evaluateModelProgress = z.object({
  /** 'quantising' the int8 variant first (when asked for int8), then 'scoring' language by language. */
  phase: z.enum(['quantising', 'scoring']),
  language: z.string().nullable(),
  /** Pairs scored of all languages. */
  done: z.number(),
  total: z.number(),
  pairsPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
});

/** "Try it" (tuning.try): the variants' changed pairs through the model, variant by variant. */
const tuningProgress = z.object({
  phase: z.enum(['scoring', 'metrics']),
  /** The variant being scored (0-based) of `variants`. */
  variant: z.number(),
  variants: z.number(),
  /** Pairs scored of all variants. */
  done: z.number(),
  total: z.number(),
  pairsPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
});

/** calibration.evaluate: reading the decisions, fitting fold after fold, the bootstrap. */
const calibrationProgress = z.object({ phase: z.enum(['reading', 'folds', 'bootstrap']), done: z.number(), total: z.number() });

/** What a pre-label job scored in this session of its run (a resumed run counts anew). `pairs` were
 * scored by the model; `reusedPairs` copied from identical model inputs (of `reusedDocuments`);
 * `coreMsPerPair`: the core process's CPU time per pair stored. */
const sessionStats = z.object({
  documents: z.number(),
  pairs: z.number(),
  seconds: z.number(),
  pairsPerSecond: z.number(),
  reusedDocuments: z.number().optional(),
  reusedPairs: z.number().optional(),
  coreMsPerPair: z.number().optional(),
});

/** Each kind's progress fields (besides jobId and kind). */
export const jobProgressFields = {
  import: rowProgress,
  index: rowProgress,
  analyze: rowProgress,
  export: rowProgress,
  download: downloadProgress,
  precision: precisionProgress,
  prelabel: prelabelProgress,
  /** Phases 'splitting' (parents done of total) and 'indexing' (units added to search). */
  segment: rowProgress,
  'evaluate-model': evaluateModelProgress,
  tuning: tuningProgress,
  calibration: calibrationProgress,
} as const satisfies Record<JobKind, z.ZodType>;

/** What `job:done` carries in `result` when the job finished (status 'done'; a pre-label job
 * always carries it: its run's status says whether the run finished, paused or failed). */
export const jobResults = {
  /** `segments`: units made by the import's `segment` option (absent without it). */
  import: z.object({ imported: z.number(), skipped: z.number(), flagged: z.number(), segments: z.number().optional() }),
  index: z.null(),
  /** The dry run's answer goes to its caller; the event says only how many rows it read. */
  analyze: z.object({ rows: z.number() }),
  export: typed<ExportResult>(),
  download: z.object({ path: z.string(), model: typed<DownloadedModel>() }),
  precision: typed<PrecisionResult>(),
  prelabel: z.object({ run: typed<RunInfo>(), session: sessionStats }),
  segment: typed<SegmentsResult>(),
  /** The evaluation without the per-pair predictions (the call's answer carries those). */
  'evaluate-model': typed<ModelEvaluation>(),
  tuning: typed<TuningResult>(),
  calibration: typed<CalibrationEvaluation>(),
} as const satisfies Record<JobKind, z.ZodType>;

export type JobProgressFields<K extends JobKind> = z.output<(typeof jobProgressFields)[K]>;
export type JobResult<K extends JobKind> = z.output<(typeof jobResults)[K]>;
export type SessionStatsSummary = z.output<typeof sessionStats>;

export const jobStatuses = ['done', 'cancelled', 'failed'] as const;
export type JobStatus = (typeof jobStatuses)[number];

/** A failed job's error; a model download's also names its reason (offline, checksum, ...). */
const jobError = z.object({ code: z.enum(errorCodes), message: z.string(), reason: z.string().optional() });

const progressOf = <K extends JobKind, S extends z.ZodRawShape>(kind: K, fields: z.ZodObject<S>) =>
  z.object({ ...fields.shape, jobId: z.string(), kind: z.literal(kind) });
const doneOf = <K extends JobKind, R extends z.ZodType>(kind: K, result: R) =>
  z.object({
    jobId: z.string(),
    kind: z.literal(kind),
    status: z.enum(jobStatuses),
    result: result.optional(),
    error: jobError.optional(),
  });

export const jobProgress = z.discriminatedUnion('kind', [
  progressOf('import', jobProgressFields.import),
  progressOf('index', jobProgressFields.index),
  progressOf('analyze', jobProgressFields.analyze),
  progressOf('export', jobProgressFields.export),
  progressOf('download', jobProgressFields.download),
  progressOf('precision', jobProgressFields.precision),
  progressOf('prelabel', jobProgressFields.prelabel),
  progressOf('segment', jobProgressFields.segment),
  progressOf('evaluate-model', jobProgressFields['evaluate-model']),
  progressOf('tuning', jobProgressFields.tuning),
  progressOf('calibration', jobProgressFields.calibration),
]);

export const jobDone = z.discriminatedUnion('kind', [
  doneOf('import', jobResults.import),
  doneOf('index', jobResults.index),
  doneOf('analyze', jobResults.analyze),
  doneOf('export', jobResults.export),
  doneOf('download', jobResults.download),
  doneOf('precision', jobResults.precision),
  doneOf('prelabel', jobResults.prelabel),
  doneOf('segment', jobResults.segment),
  doneOf('evaluate-model', jobResults['evaluate-model']),
  doneOf('tuning', jobResults.tuning),
  doneOf('calibration', jobResults.calibration),
]);

export type JobProgress = z.output<typeof jobProgress>;
export type JobDone = z.output<typeof jobDone>;
export type JobProgressOf<K extends JobKind> = Extract<JobProgress, { kind: K }>;
export type JobDoneOf<K extends JobKind> = Extract<JobDone, { kind: K }>;

// Both unions name every kind: a kind added to jobKinds without its two lines above fails here.
type EveryKind<U extends { kind: JobKind }> = [JobKind] extends [U['kind']] ? true : never;
const _everyJobKindHasEvents: EveryKind<JobProgress> & EveryKind<JobDone> = true;

/** The progress of the jobs that read or write tables (rows or bytes of a file). */
export type RowJobProgress = JobProgressOf<'import' | 'index' | 'analyze' | 'export' | 'segment'>;
/** The progress of the kinds the screens show by name. */
export type PrelabelProgress = JobProgressOf<'prelabel'>;
export type PrecisionProgress = JobProgressOf<'precision'>;
export type ModelDownloadProgress = JobProgressOf<'download'>;

/** A job that is running now (`job.list`). */
export interface RunningJob {
  jobId: string;
  kind: JobKind;
}
