// How a pre-label run is tuned (batch limits, crash retries, progress rate, the length look-ahead)
// and what one session of a run did. The engine holds one tuning that tests and benchmarks change.
export interface RunnerTuning {
  /** Padded tokens (rows x longest row) in one inference call. */
  maxBatchTokens: number;
  /** Pairs in one inference call. */
  maxRows: number;
  /** Crashes of the inference process on one batch before the run fails. */
  maxCrashes: number;
  /** At most one progress event per this many ms (status changes always go out). */
  progressIntervalMs: number;
  /** Documents tokenised ahead and kept sorted by length (see [Note: length look-ahead]); 0 or 1 turns it off. */
  lookahead: number;
  /** Copy the logits of documents whose model input was scored already ([Note: reuse of identical inputs]). */
  reuse: boolean;
  /** Scored pairs held before one transaction writes them, and the longest they wait (ms). */
  writeRows: number;
  writeIntervalMs: number;
  /** Budget (ms) of the thread measurement on a model's first use on this machine ([Note: thread
   * calibration]); 0 skips it and takes the physical cores (tests and benchmarks say so explicitly). */
  threadCalibrationMs: number;
}

export const DEFAULT_TUNING: RunnerTuning = {
  maxBatchTokens: 4096,
  maxRows: 32,
  maxCrashes: 3,
  progressIntervalMs: 200,
  lookahead: 256,
  reuse: true,
  writeRows: 4096,
  writeIntervalMs: 500,
  threadCalibrationMs: 3000,
};

export interface SessionStats {
  /** Documents and pairs scored by this session of the run (a resumed run counts anew). */
  documents: number;
  pairs: number;
  seconds: number;
  pairsPerSecond: number;
  /** Crashes of inference processes during the run (their batches were retried). */
  crashes: number;
  /** Tokens of the pairs sent, and tokens with padding (rows x longest row, summed over batches). */
  tokens: number;
  paddedTokens: number;
  /** Inference calls, and the milliseconds spent inside session.run (the child's own measure). */
  batches: number;
  runMs: number;
  /** Documents and prediction rows copied from identical model inputs instead of scored (not in `pairs`). */
  reusedDocuments: number;
  reusedPairs: number;
  /** CPU time of the core's own process during the session (tokenising, batching, writing; the model
   * runs in the inference process), in ms, and per pair stored (scored or reused). */
  coreCpuMs: number;
  coreMsPerPair: number;
}
