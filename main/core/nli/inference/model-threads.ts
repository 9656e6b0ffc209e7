// The active model's thread choice on this machine, as `prelabel threads` and the Models screen
// see it: shown, measured again now, or forgotten ([Note: thread calibration]).
import type { ModelThreads, ThreadMeasurement } from '../../../../common/contract';
import type { LoadedModel } from '../../models/model-loader';
import type { InferenceClient } from './inference-client';
import { chooseThreads, forgetThreadChoice, machineKey, readThreadChoice, type ThreadChoice } from './thread-calibration';

function measurement(c: ThreadChoice): ThreadMeasurement {
  return { threads: c.threads, measured: c.measured, at: c.at, load: c.load ?? null };
}

export async function modelThreads(
  opts: { client: InferenceClient; dataDir: string; model: LoadedModel; budgetMs: number },
  action: 'get' | 'measure' | 'forget',
): Promise<ModelThreads> {
  const { model, dataDir } = opts;
  const sha = model.info.sha256;
  const extra: Partial<ModelThreads> = {};
  if (action === 'forget') extra.forgotten = forgetThreadChoice(dataDir, sha);
  if (action === 'measure') {
    const r = await chooseThreads({
      client: opts.client,
      dataDir,
      onnxPath: model.onnxPath,
      modelSha256: sha,
      budgetMs: opts.budgetMs,
      output: model.outputName,
      remeasure: true,
    });
    extra.measuredNow = { choice: measurement(r.choice!), kept: r.kept ?? true };
  }
  const stored = readThreadChoice(dataDir, sha);
  return {
    model: { id: model.info.id, path: model.info.path, sha256: sha },
    machine: machineKey(),
    stored: stored ? measurement(stored) : null,
    ...extra,
  };
}
