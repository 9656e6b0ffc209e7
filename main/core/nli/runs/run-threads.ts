// The intra-op threads of a pre-label run: --threads when given, else the choice measured for this
// machine and model ([Note: thread calibration]), measured on the first use of the model.
import type { LoadedModel } from '../../models/model-loader';
import type { InferenceClient } from '../inference/inference-client';
import { chooseThreads, readThreadChoice, type ThreadSource } from '../inference/thread-calibration';
import { physicalCores } from '../inference/cpu-cores';

export interface RunThreads {
  threads: number;
  /** 'run': a paused run resumed with the threads it was started with; 'cores': the physical cores,
   * not measured (while another run holds the process, or with threadCalibrationMs 0). */
  source: ThreadSource | 'run' | 'cores';
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
    return stored ? { threads: stored.threads, source: 'stored' } : { threads: physicalCores(), source: 'cores' };
  }

  async choose(model: LoadedModel, override?: number): Promise<RunThreads> {
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
      })
        .then((c) => ({ threads: c.threads, source: c.source }))
        .finally(() => this.measuring.delete(sha));
      this.measuring.set(sha, pending);
    }
    return pending;
  }
}
