// The intra-op thread choice of the active model on this machine ([Note: thread calibration] in
// main/core/nli/inference/thread-calibration.ts): shown, measured again, or forgotten
// (`prelabel threads`, the Models screen).

/** A stored (or just made) measurement: the choice, when, the timings and the machine's load meanwhile. */
export interface ThreadMeasurement {
  threads: number;
  /** Median pairs/s at each thread count measured. */
  measured: Array<{ threads: number; pairsPerSecond: number }>;
  at: string;
  /** What other processes used while measuring (null: measured before the load was recorded).
   * `busy`: at least a tenth of the machine; such a choice is used but measured again when quiet. */
  load: { otherCores: number; logicalCpus: number; busy: boolean; method: 'proc-stat' | 'loadavg' | 'none' } | null;
}

export interface ModelThreads {
  model: { id: string; path: string; sha256: string };
  /** This machine as the choice is keyed: CPU model, logical CPUs, physical cores, platform. */
  machine: string;
  /** The choice stored for this machine and model; null: not measured here (the next run measures). */
  stored: ThreadMeasurement | null;
  /** model.measureThreads only: the measurement just made; `kept` false when it was made on a busy
   * machine and a quiet measurement stays stored instead. */
  measuredNow?: { choice: ThreadMeasurement; kept: boolean };
  /** model.forgetThreads only: whether a stored choice was forgotten. */
  forgotten?: boolean;
}
