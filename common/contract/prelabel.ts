// The NLI engine's part of the contract: the model in use, pre-label runs, the playground.
import { nonEmpty, uuid, z } from './zod';

export interface ModelInfo {
  /** A name for people: the hub id for known models, else the folder name. */
  id: string;
  path: string;
  /** SHA-256 of onnx/model.onnx. */
  sha256: string;
  labels: { entailment: number; neutral: number | null; contradiction: number };
  inputs: string[];
  maxLength: number;
  sizeBytes: number;
  /** Absent or 'fp32' for the model folder's own file; 'int8' for its quantised variant. */
  precision?: Precision;
}

export type Precision = 'fp32' | 'int8';

/** How a project's switch to int8 was judged: fp32 and int8 on the same sample of its documents. */
export interface PrecisionCheck {
  questionId: string;
  /** Documents in the seeded sample, and pairs (document x label x window) each model scored. */
  documents: number;
  pairs: number;
  seed: number;
  /** Share of the sampled documents whose top label is the same with int8 as with fp32. */
  agreement: number;
  /** The threshold the user set; the switch is refused below it. */
  minAgreement: number;
  accepted: boolean;
  /** ||int8 - fp32|| / ||fp32|| over the raw logits, and the largest difference of a label's score. */
  relativeError: number;
  maxScoreDiff: number;
  fp32Sha256: string;
  int8Sha256: string;
  int8Path: string;
  /** Where the int8 file came from: the model folder, an earlier quantisation, or quantised now. */
  int8Source: 'model-folder' | 'cached' | 'quantised';
  seconds: number;
  checkedAt: string;
}

export interface PrecisionState {
  /** What the project asked for. */
  precision: Precision;
  /** What runs now: int8 only while the accepted check belongs to the active model's file. */
  effective: Precision;
  /** The latest check (accepted or refused) for the active model, if any. */
  check: PrecisionCheck | null;
}

export interface PrecisionResult {
  state: PrecisionState;
  /** The check made by this call (null when switching back to fp32). */
  check: PrecisionCheck | null;
}

export interface RunInfo {
  id: string;
  questionId: string;
  status: 'running' | 'paused' | 'cancelled' | 'done' | 'failed';
  modelId: string;
  modelSha256: string;
  modelInputHash: string;
  createdAt: string;
  finishedAt: string | null;
  error: string | null;
}

export interface PrelabelStatus {
  /** The latest run for the question, if any. */
  run: RunInfo | null;
  documents: number;
  /** Documents with current (not stale) predictions for the question. */
  scored: number;
  /** Documents whose predictions were made with another template, hypotheses or model. */
  stale: number;
  /** Scored documents that were longer than the model's window and were cut. */
  truncated: number;
}

export interface NliResult {
  entailment: number;
  neutral: number | null;
  contradiction: number;
  logits: number[];
  truncated: boolean;
}

/** Where inference runs: the CPU, or an NVIDIA GPU through onnxruntime-node's CUDA provider. */
export const executionProviders = ['cpu', 'cuda'] as const;
export type ExecutionProvider = (typeof executionProviders)[number];

export const modelSelectInput = z
  .object({
    path: nonEmpty,
    /** false: this core uses the model until it stops, and the saved choice stays as it is (the
     * CLI's --model DIR). */
    persist: z.boolean().default(true),
  })
  .strict();
export const providerSetInput = z.object({ provider: z.enum(executionProviders) }).strict();
export const prelabelStartInput = z
  .object({
    questionId: uuid,
    /** Documents the coder is about to see: scored first. */
    priorityDocumentIds: z.array(z.number().int().positive()).max(1000).default([]),
    threads: z.number().int().min(1).max(64).optional(),
    /** Score the top-level labels first, then only the labels under the top parents (the runner's
     * [Note: hierarchical scoring]); absent: the mode the question was last run with (full at first). */
    hierarchical: z.boolean().optional(),
    /** How many top parents' children are scored (default 2). */
    topParents: z.number().int().min(1).max(100).optional(),
  })
  .strict();
export const precisionSetInput = z
  .object({
    precision: z.enum(['fp32', 'int8']),
    /** The question whose hypotheses the int8 check asks (required for int8). */
    questionId: uuid.optional(),
    /** Share of sampled documents whose top label must agree; the switch is refused below it. */
    minAgreement: z.number().min(0).max(1).default(0.95),
    sampleSize: z.number().int().min(10).max(5000).default(200),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1),
    /** Progress arrives as `job:progress` (kind 'precision') with this id; job.cancel stops the check. */
    jobId: uuid.optional(),
  })
  .strict()
  .refine((v) => v.precision === 'fp32' || v.questionId !== undefined, {
    message: "switching to int8 needs a questionId: the check asks that question's hypotheses",
  });
export const runRef = z.object({ runId: uuid }).strict();
export const playgroundInput = z.object({ premise: nonEmpty.max(100_000), hypothesis: nonEmpty.max(1000) }).strict();

/** One language of a model evaluation on XNLI (`model.evaluate`). */
export interface XnliLanguageResult {
  language: string;
  /** The file in the XNLI folder, and its split as its name says (null: not named). */
  file: string;
  split: 'dev' | 'test' | null;
  pairs: number;
  correct: number;
  accuracy: number;
  /** Wilson 95% interval of the accuracy. */
  interval: [number, number];
  /** The model card's accuracy for this language (its XNLI test split), where the card has one. */
  card: number | null;
  /** Pairs whose premise was cut to the model's length (the hypothesis is always kept whole). */
  truncated: number;
  /** Counts by gold class (rows) and predicted class (columns), in the order of `classes`. */
  confusion: number[][];
  /** The predicted class of every pair, in file order (only when asked for). */
  predictions?: string[];
}

export interface ModelEvaluation {
  model: { id: string; path: string; sha256: string; precision: Precision; maxLength: number };
  /** 3-way (entailment, neutral, contradiction) or, for a 2-class model, 2-way: the gold neutral and
   * contradiction both count as not_entailment. */
  task: '3-way' | '2-way';
  classes: string[];
  /** The model's class names in logit order (config.json's label2id), and the task's class of each. */
  id2label: string[];
  classOfLogit: string[];
  xnliDir: string;
  /** Files of the folder that were not scored, with why. */
  skipped: Array<{ file: string; reason: string }>;
  languages: XnliLanguageResult[];
  /** Mean of the languages' accuracies (the card's avg_xnli is this mean over its 15 languages),
   * the pooled accuracy over every pair, and the card's mean over the same languages. */
  average: { accuracy: number; pooled: number; pairs: number; correct: number; card: number | null };
  /** The card the model was recognised by (its SHA-256 or its name), with where its numbers come from. */
  card: { name: string; source: string; split: 'test'; average: number; matchedBy: 'sha256' | 'name' } | null;
  truncated: number;
  seconds: number;
  pairsPerSecond: number;
  threads: number;
  provider: ExecutionProvider;
}

export const modelEvaluateInput = z
  .object({
    /** A folder of XNLI files: dev-<lang>.tsv / test-<lang>.tsv, or one test.tsv whose language `languages` names. */
    xnliDir: nonEmpty,
    languages: z
      .array(z.string().regex(/^[a-z]{2,3}$/, 'a language is a two- or three-letter code such as de'))
      .max(100)
      .optional(),
    /** The first N pairs of each file. */
    limit: z.number().int().min(1).max(10_000_000).optional(),
    /** int8: the active model's int8 variant (a file of its folder, an earlier quantisation, or a new one). */
    precision: z.enum(['fp32', 'int8']).default('fp32'),
    threads: z.number().int().min(1).max(64).optional(),
    /** Return every pair's predicted class. */
    predictions: z.boolean().default(false),
    /** Progress arrives as `job:progress` (kind 'evaluate-model') with this id; job.cancel stops it. */
    jobId: uuid.optional(),
  })
  .strict();
