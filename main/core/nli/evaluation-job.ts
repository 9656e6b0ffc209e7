// The job of kind 'evaluate-model' (`model.evaluate`, the CLI's `evaluate-model`): the active
// model (or its int8 variant) scores the XNLI files of a folder, with progress and cancel, and the
// call answers with the accuracy per language beside the model card's. The files are read and the
// model's classes checked before the job starts, so a wrong folder or model is the call's error.
import type { ModelEvaluation, ParsedInput, XnliLanguageResult } from '../../../common/contract';
import type { CoreServices } from '../core-services';
import type { LoadedModel } from '../models/model-loader';
import { physicalCores } from './inference/cpu-cores';
import type { InferenceClient } from './inference/inference-client';
import { nliTask, scoreXnli } from './evaluate-model';
import { summariseEvaluation } from './evaluation-summary';
import type { RunnerTuning } from './runs/run-tuning';
import { readXnliFolder } from './xnli-files';

export interface EvaluationDeps {
  core: CoreServices;
  client: InferenceClient;
  tuning: RunnerTuning & { maxLength?: number };
  /** The loaded int8 variant of an fp32 model (precision/precision-switch.ts). */
  int8Of(fp32: LoadedModel, onQuantise: () => void): Promise<LoadedModel>;
}

/** The job:done result leaves the per-pair predictions to the call's answer. */
function withoutPredictions(e: ModelEvaluation): ModelEvaluation {
  return { ...e, languages: e.languages.map(({ predictions: _p, ...l }): XnliLanguageResult => l) };
}

export async function evaluateModel(
  deps: EvaluationDeps,
  input: ParsedInput<'model.evaluate'>,
  fp32: LoadedModel,
): Promise<ModelEvaluation> {
  const task = nliTask(fp32.config);
  const folder = readXnliFolder(input.xnliDir, { languages: input.languages, limit: input.limit });
  const total = folder.sets.reduce((a, s) => a + s.pairs.length, 0);
  const threads = input.threads ?? physicalCores();
  const started = deps.core.jobs.start(
    'evaluate-model',
    async (job) => {
      const model =
        input.precision === 'int8'
          ? await deps.int8Of(fp32, () =>
              job.progress({ phase: 'quantising', language: null, done: 0, total, pairsPerSecond: 0, etaSeconds: null }),
            )
          : fp32;
      const maxLength = deps.tuning.maxLength ?? model.info.maxLength;
      const t0 = performance.now();
      let last = 0;
      const scored = await scoreXnli({
        client: deps.client,
        model,
        task,
        sets: folder.sets,
        threads,
        maxLength,
        tuning: deps.tuning,
        signal: job.signal,
        onProgress(language, done) {
          const now = performance.now();
          if (done < total && now - last < deps.tuning.progressIntervalMs) return;
          last = now;
          const rate = done / Math.max(1e-3, (now - t0) / 1000);
          job.progress({
            phase: 'scoring',
            language,
            done,
            total,
            pairsPerSecond: rate,
            etaSeconds: rate > 0 ? (total - done) / rate : null,
          });
        },
      });
      return summariseEvaluation({
        model,
        fp32,
        precision: input.precision,
        maxLength,
        task,
        xnliDir: folder.dir,
        skipped: folder.skipped,
        scored,
        seconds: (performance.now() - t0) / 1000,
        threads,
        provider: deps.client.provider,
        withPredictions: input.predictions,
      });
    },
    { jobId: input.jobId, result: withoutPredictions },
  );
  return started.value;
}
