// The NLI playground: one premise and one hypothesis through the active model, with the
// probabilities of every class (softmax over the three logits, by label2id name), the raw logits
// and whether the premise was cut. Only the premise is ever cut (tokenizer.ts).
import { PrelabelError, type NliResult } from '../../../common/contract';
import type { LoadedModel } from '../models/model-loader';
import { physicalCores } from './inference/cpu-cores';
import { InferenceCrashedError, type InferenceClient } from './inference/inference-client';
import { chooseThreads } from './inference/thread-calibration';
import { padBatch } from './scoring/tokenizer';

export async function playground(
  client: InferenceClient,
  model: LoadedModel,
  maxLength: number | undefined,
  premise: string,
  hypothesis: string,
  /** The app data folder: the model's first use on this machine measures its threads there ([Note: thread calibration]). */
  calibration?: { dataDir: string; budgetMs: number },
): Promise<NliResult> {
  const loaded = client.loadedModel;
  // With `calibration` (nothing else holds the process) the model's measured choice, else the threads it is loaded with.
  const threads = calibration
    ? (await chooseThreads({ client, ...calibration, onnxPath: model.onnxPath, modelSha256: model.info.sha256, output: model.outputName }))
        .threads
    : loaded && loaded.onnxPath === model.onnxPath
      ? loaded.threads
      : physicalCores();
  const pair = model.tokenizer.encodePair(premise, hypothesis, maxLength ?? model.info.maxLength);
  const batch = padBatch([pair.inputIds], model.tokenizer.padId, pair.tokenTypeIds && [pair.tokenTypeIds]);
  let logits: Float32Array | null = null;
  for (let attempt = 0; !logits; attempt++) {
    try {
      await client.ensureLoaded(model.onnxPath, threads);
      logits = (await client.run({ output: model.outputName, ...batch })).logits;
    } catch (err) {
      // One retry after a crash of the inference process (it restarts); any other error is reported.
      if (!(err instanceof InferenceCrashedError) || attempt >= 1) {
        throw new PrelabelError('INTERNAL', `The model could not score this pair: ${(err as Error).message}`);
      }
    }
  }
  const row = Array.from(logits);
  const top = Math.max(...row);
  const exps = row.map((v) => Math.exp(v - top));
  const z = exps.reduce((a, b) => a + b, 0);
  const p = exps.map((v) => v / z);
  const idx = model.config.indices;
  return {
    entailment: p[idx.entailment]!,
    neutral: idx.neutral === undefined ? null : p[idx.neutral]!,
    contradiction: p[idx.contradiction]!,
    logits: row,
    truncated: pair.truncated,
  };
}
