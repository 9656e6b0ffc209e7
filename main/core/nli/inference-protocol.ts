// Messages between the core and its inference process (inference-process.ts). Types only, so the
// child's bundle stays small: onnxruntime-node and nothing of the core.

export interface TensorInfo {
  name: string;
  /** 'int64', 'float32', ...; null for a non-tensor value. */
  type: string | null;
  /** Numbers for fixed dimensions, names for symbolic ones. */
  shape: Array<number | string>;
}

export interface LoadRequest {
  type: 'load';
  id: number;
  onnxPath: string;
  threads: number;
}

/** One padded batch, row-major [batch, sequence]. */
export interface RunRequest {
  type: 'run';
  id: number;
  output: string;
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  batch: number;
  sequence: number;
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

export type ToInference = LoadRequest | RunRequest | TestHooksRequest;

export type FromInference =
  | { type: 'ready'; pid: number }
  | { type: 'loaded'; id: number; inputs: TensorInfo[]; outputs: TensorInfo[]; threads: number }
  | { type: 'result'; id: number; logits: Float32Array; dims: number[] }
  | { type: 'error'; id: number; message: string };
