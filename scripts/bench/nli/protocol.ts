// What the benchmark's orchestrator (bench-nli.ts) and its engine processes exchange: a JSON job
// file in, a JSON result file out.
import type { Bucket } from './sample';

export interface JobText {
  id: string;
  text: string;
  bucket: Bucket;
}

export interface CommonJob {
  texts: JobText[];
  warmup: JobText[];
  labels: string[];
  template: string;
  threads: number;
  out: string;
}

/** transformers.js zero-shot pipeline, one pipeline call per text. */
export interface PipelineJob extends CommonJob {
  engine: 'pipeline';
  /** transformers.js's localModelPath and the model folder's name inside it. */
  modelRoot: string;
  modelName: string;
}

export interface EngineTuningOverride {
  maxRows?: number;
  maxBatchTokens?: number;
  lookahead?: number;
  /** Inference processes (the client's maxProcesses; the engine's default is 2). */
  processes?: number;
}

/** One pre-label run of the real engine over a set of the texts, in a project of its own. */
export interface PrelabelRunSpec {
  name: string;
  /** Ids of `texts` (or of `warmup` for the warm-up run). */
  ids: string[];
  warmup?: boolean;
  tuning?: EngineTuningOverride;
  /** Return this run's stored logits (for the score comparison). */
  collect?: boolean;
}

export interface PrelabelJob extends CommonJob {
  engine: 'prelabel';
  label: string;
  modelDir: string;
  workDir: string;
  runs: PrelabelRunSpec[];
  /** 'fixed' (default): every run uses `threads`; 'measured': the warm-up run lets the engine measure
   * the thread count ([Note: thread calibration]) and the timed runs use what it chose. */
  threadChoice?: 'fixed' | 'measured';
  /** Reuse of identical model inputs (RunnerTuning.reuse; default the engine's default). */
  reuse?: boolean;
  /** Also time the model file without the cache and a first load in a fresh data folder (default true). */
  loadTimes?: boolean;
  /** Before each run, wait up to this long for other processes to leave the CPU (0: no wait). */
  quietWaitMs?: number;
}

export interface MatMulJob {
  engine: 'matmul';
  dir: string;
  threads: number;
  runs: number;
  out: string;
  /** Also measure the int8 peak (the same shape as one DynamicQuantizeMatMul) in the same process. */
  int8?: boolean;
}

export type BenchJob = PipelineJob | PrelabelJob | MatMulJob;

export interface TextTiming {
  id: string;
  ms: number;
  /** CPU time of the process (all its threads) for this text. */
  cpuMs?: number;
}

export interface PipelineResult {
  engine: 'pipeline';
  loadMs: number;
  warmupMs: number;
  /** Per text, in job order. */
  timings: TextTiming[];
  /** Per text: scores in the job's label order (single-label). */
  scores: Record<string, number[]>;
  /** Per text and label: token count and a hash of the ids the pipeline fed the model. */
  pairs: Record<string, Array<{ tokens: number; hash: string }>>;
  maxRssBytes: number;
  sessionOptions: Record<string, unknown>;
  /** CPU (cores) used by processes outside this engine meanwhile. */
  otherCores: number | null;
}

export interface PrelabelRunResult {
  name: string;
  documents: number;
  pairs: number;
  seconds: number;
  tokens: number;
  paddedTokens: number;
  batches: number;
  runMs: number;
  /** CPU (cores) used by processes outside this engine meanwhile. */
  otherCores: number | null;
  /** Inference-process idle time during the run (between session.run calls), ms, summed over processes. */
  childIdleMs: number;
  /** Inference processes the run used. */
  processes: number;
  /** Pairs copied from identical model inputs instead of scored (issue 18), and the core process's
   * CPU ms per pair stored (the runner's SessionStats). */
  reusedPairs: number;
  coreMsPerPair: number;
  /** CPU time (ms) of the engine's processes during the run: the core and its inference processes. */
  cpuMs: number | null;
  /** Intra-op threads the run used. */
  threads: number;
  /** Per document (external id): logits [label][class] of window 0, and whether it was truncated. */
  logits?: Record<string, { truncated: boolean; rows: number[][] }>;
  /** Per document and label: token count and hash of the pair's ids. */
  pairsInfo?: Record<string, Array<{ tokens: number; hash: string }>>;
}

export interface PrelabelResult {
  engine: 'prelabel';
  label: string;
  /** model.select in a core whose data folder holds the optimised-model cache (the app's usual load). */
  loadMs: number;
  /** Session creation alone (the inference process's own measure), and what the cache did. */
  sessionLoadMs: number;
  cache: string;
  /** The first load in a fresh data folder (it writes the cache). */
  firstLoadMs: number;
  firstSessionLoadMs: number;
  firstCache: string;
  /** Session creation from the model file without the cache, and that process's peak memory. */
  uncachedSessionLoadMs: number;
  uncachedMaxRssBytes: number;
  runs: PrelabelRunResult[];
  coreMaxRssBytes: number;
  inferenceMaxRssBytes: number;
  entailment: number;
  contradiction: number;
  importedMismatches: number;
  /** The threads of the timed runs, and for threadChoice 'measured' the choice the engine stored
   * (settings.json's threadChoices entry for this model; null when it stored none). */
  threads: number;
  threadChoice: 'fixed' | 'measured';
  calibration?: unknown;
}

export type BenchResult = PipelineResult | PrelabelResult;

/** FNV-1a over token ids: equal ids give equal hashes (for comparing tokenisations). */
export function idsHash(ids: ArrayLike<number | bigint>): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < ids.length; i++) {
    let v = Number(ids[i]);
    for (let k = 0; k < 3; k++) {
      h ^= v & 0xff;
      h = Math.imul(h, 0x01000193);
      v >>>= 8;
    }
  }
  return (h >>> 0).toString(16);
}
