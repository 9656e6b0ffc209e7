// The intra-op threads of a pre-label run: --threads when given, else the choice measured for this
// machine and model ([Note: thread calibration]), measured on the first use of the model.
import type { LoadedModel } from '../../models/model-loader';
import type { InferenceClient } from '../inference/inference-client';
import { chooseThreads, readThreadChoice, type CalibrationStep, type ThreadSource } from '../inference/thread-calibration';
import { physicalCores } from '../inference/cpu-cores';

export interface RunThreads {
  threads: number;
  /** 'run': a paused run resumed with the threads it was started with; 'cores': the physical cores,
   * not measured (while another run holds the process, or with threadCalibrationMs 0). */
  source: ThreadSource | 'run' | 'cores';
  /** Measured while other processes used the CPU (now, or stored so): kept flagged, measured again when quiet. */
  busy?: boolean;
}

export class RunThreadChoice {
  /** One measurement at a time per model (two starts at once share it). */
  private readonly measuring = new Map<string, Promise<RunThreads>>();

  /** `calibrationMs`: the measurement's budget (RunnerTuning.threadCalibrationMs); 0 measures nothing
   * and takes the physical cores (an explicit choice of tests and benchmarks, never a default). */
  constructor(
    private readonly client: InferenceClient,
    private readonly dataDir: string,
    private readonly calibrationMs: () => number,
  ) {}

  /** The stored choice or the physical cores, never measuring (while a run holds the process). */
  withoutMeasuring(model: LoadedModel, override?: number): RunThreads {
    if (override !== undefined) return { threads: override, source: 'override' };
    const stored = readThreadChoice(this.dataDir, model.info.sha256);
    if (!stored) return { threads: physicalCores(), source: 'cores' };
    return { threads: stored.threads, source: 'stored', ...(stored.load?.busy ? { busy: true } : {}) };
  }

  /** `onStep`: each thread count as it is measured (the run's "Measuring threads (n of m)"); a start
   * that joins a measurement already going hears nothing more of it. */
  async choose(model: LoadedModel, override?: number, onStep?: CalibrationStep): Promise<RunThreads> {
    if (override !== undefined || this.calibrationMs() <= 0) return this.withoutMeasuring(model, override);
    const sha = model.info.sha256;
    let pending = this.measuring.get(sha);
    if (!pending) {
      pending = chooseThreads({
        client: this.client,
        dataDir: this.dataDir,
        onnxPath: model.onnxPath,
        modelSha256: sha,
        budgetMs: this.calibrationMs(),
        output: model.outputName,
        onStep,
      })
        .then((c): RunThreads => ({ threads: c.threads, source: c.source, ...(c.choice?.load?.busy ? { busy: true } : {}) }))
        .finally(() => this.measuring.delete(sha));
      this.measuring.set(sha, pending);
    }
    return pending;
  }
}
