// Which NLI model a core uses: the saved choice of the app (settings in the app data folder, shared by
// every face), or a model this core uses alone without changing that choice (the CLI's --model). The
// chosen model is loaded lazily and kept while its file is unchanged; a changed file loads again.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { PrelabelError, type ModelInfo } from '../../../common/contract';
import { physicalCores } from '../nli/inference/cpu-cores';
import type { InferenceClient } from '../nli/inference/inference-client';
import { sha256Cached } from './model-hash';
import { loadModel, type LoadedModel } from './model-loader';
import { readStoredModel, writeStoredModel } from './model-settings';

const NO_MODEL = 'No NLI model is selected. Choose a model folder (config.json, tokenizer.json, onnx/model.onnx) first.';

export class ModelChoice {
  /** A model used by this core only, without changing the saved choice (the CLI's --model). */
  private override: LoadedModel | null = null;
  private cached: LoadedModel | null = null;

  /** `assertIdle` refuses a change while a run or an int8 check holds the inference process. */
  constructor(
    private readonly client: InferenceClient,
    private readonly dataDir: string,
    private readonly assertIdle: () => void,
  ) {}

  /** Validates a model folder (its ONNX file loaded once in the inference process) and makes it
   * the active model; `persist: false` keeps the app's saved choice as it is. */
  async selectModel(path: string, opts: { persist: boolean } = { persist: true }): Promise<ModelInfo> {
    this.assertIdle();
    const model = await loadModel(path, { client: this.client, dataDir: this.dataDir, threads: physicalCores() });
    if (opts.persist) {
      writeStoredModel(this.dataDir, { path: model.dir, info: model.info, size: model.size, mtimeMs: model.mtimeMs });
      this.cached = model;
      this.override = null;
    } else {
      this.override = model;
    }
    return model.info;
  }

  /** No model is active any more (the Models screen removed the last usable one). */
  forgetModel(): void {
    this.assertIdle();
    writeStoredModel(this.dataDir, null);
    this.cached = null;
    this.override = null;
  }

  /** The active model's description, without loading it when its file is unchanged. */
  async currentModel(): Promise<ModelInfo | null> {
    if (this.override) return this.override.info;
    const stored = readStoredModel(this.dataDir);
    if (!stored) return null;
    const stat = statOrNull(stored.info.path);
    if (!stat) return null; // the folder moved or was deleted: the user picks it again
    if (stat.size === stored.size && stat.mtimeMs === stored.mtimeMs) return stored.info;
    return (await this.activeModel()).info;
  }

  /** The active model, loaded (tokenizer here, session in the inference process). */
  async activeModel(): Promise<LoadedModel> {
    if (this.override) return this.override;
    const stored = readStoredModel(this.dataDir);
    if (!stored) throw new PrelabelError('NOT_FOUND', NO_MODEL);
    const stat = statOrNull(stored.info.path);
    if (!stat)
      throw new PrelabelError('NOT_FOUND', `The model folder ${stored.path} is gone (moved or deleted). Choose the model folder again.`);
    const c = this.cached;
    if (c && c.dir === stored.path && c.size === stat.size && c.mtimeMs === stat.mtimeMs) return c;
    const model = await loadModel(stored.path, { client: this.client, dataDir: this.dataDir, threads: physicalCores() });
    writeStoredModel(this.dataDir, { path: model.dir, info: model.info, size: model.size, mtimeMs: model.mtimeMs });
    this.cached = model;
    return model;
  }

  /** The active (fp32) model file's hash without loading it; null when there is none. */
  async fp32Sha(): Promise<string | null> {
    if (this.override) return this.override.info.sha256;
    const stored = readStoredModel(this.dataDir);
    const stat = stored ? statOrNull(stored.info.path) : null;
    if (!stored || !stat) return null;
    // Unchanged since it was selected (the check currentModel makes): its stored hash holds. Every
    // queue and Browse page asks for the current hash, so this spares them the hash cache's file.
    if (stat.size === stored.size && stat.mtimeMs === stored.mtimeMs) return stored.info.sha256;
    return sha256Cached(join(stored.info.path, 'onnx', 'model.onnx'), this.dataDir);
  }
}

function statOrNull(modelDir: string): { size: number; mtimeMs: number } | null {
  try {
    const s = statSync(join(modelDir, 'onnx', 'model.onnx'));
    return { size: s.size, mtimeMs: s.mtimeMs };
  } catch {
    return null;
  }
}
