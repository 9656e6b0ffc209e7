// Messages between the core and its inference process (inference-main.ts). Types only, so the
// child's bundle stays small: onnxruntime-node and nothing of the core.

export interface TensorInfo {
  name: string;
  /** 'int64', 'float32', ...; null for a non-tensor value. */
  type: string | null;
  /** Numbers for fixed dimensions, names for symbolic ones. */
  shape: Array<number | string>;
}

/** Where onnxruntime runs the model: the CPU everywhere, CUDA on Linux x64 when installed. */
export type ExecutionProvider = 'cpu' | 'cuda';
export const EXECUTION_PROVIDERS: readonly ExecutionProvider[] = ['cpu', 'cuda'];

export interface LoadRequest {
  type: 'load';
  id: number;
  onnxPath: string;
  threads: number;
  /** Default 'cpu'. 'cuda' creates the session with ['cuda', 'cpu'] (see [Note: CUDA provider]). */
  provider?: ExecutionProvider;
  /** The model's folder in the optimised-model cache, named by the model file's SHA-256 (see
   * [Note: optimised model cache]); absent: load the file as it is. */
  cacheDir?: string;
}

/** What the optimised-model cache did for a load. */
export type ModelCacheUse = 'hit' | 'written' | 'off' | 'failed';

/** One padded batch, row-major [batch, sequence]. */
export interface RunRequest {
  type: 'run';
  id: number;
  output: string;
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  /** token_type_ids for a graph that takes them (DeBERTa, BERT); absent: all 0. */
  tokenTypeIds?: BigInt64Array;
  batch: number;
  sequence: number;
}

/** What the child has done so far (benchmarks, diagnostics). */
export interface StatsRequest {
  type: 'stats';
  id: number;
}

/**
 * [Note: inference test hooks] Faults the tests inject into the child: a native crash (SIGKILL of
 * itself) when a batch holds a given token sequence, and a delay before each run so a test can kill
 * the process mid-batch. The child honours them only under vitest (VITEST set in its environment);
 * in the app and the CLI the message is ignored.
 */
export interface TestHooksRequest {
  type: 'test-hooks';
  crashOnIds?: number[];
  runDelayMs?: number;
}

export type ToInference = LoadRequest | RunRequest | StatsRequest | TestHooksRequest;

export interface InferenceStats {
  /** Peak resident memory of the child (process.resourceUsage().maxRSS, in bytes). */
  maxRssBytes: number;
  rssBytes: number;
  /** Batches run since the model was loaded, and the milliseconds spent inside session.run. */
  runs: number;
  runMs: number;
  /** Milliseconds from the end of one session.run to the start of the next (the child waiting for
   * work); the wait before the first batch after a stats request is not counted. */
  idleMs: number;
}

export type FromInference =
  | { type: 'ready'; pid: number }
  | {
      type: 'loaded';
      id: number;
      inputs: TensorInfo[];
      outputs: TensorInfo[];
      threads: number;
      provider: ExecutionProvider;
      loadMs: number;
      cache: ModelCacheUse;
    }
  | { type: 'result'; id: number; logits: Float32Array; dims: number[]; runMs: number }
  | ({ type: 'stats'; id: number } & InferenceStats)
  /** `provider`: the execution provider is unusable here; the message says how to get it. */
  | { type: 'error'; id: number; message: string; kind?: 'provider' };
