// Contract handlers of the model registry: the models on this machine, adding and removing a
// folder, and the consented download of the default model (the only network use of the app), a
// job of kind 'download'.
import { join, resolve } from 'node:path';
import { PrelabelError, type ModelEntry } from '../../../common/contract';
import type { CoreContext } from '../core-context';
import { ModelDownloadError } from '../models/download-errors';
import { isUsable, modelCatalogEntry } from '../models/model-catalog';
import { downloadModel, stagedBytes } from '../models/model-download';
import {
  addModelFolder,
  bundledModelsDirs,
  checkModelFolder,
  listModelFolders,
  listUnfinishedDownloads,
  modelsDir,
  type ModelFolderInfo,
} from '../models/model-folders';
import { hubBaseUrl, manifestBytes, resolveManifest } from '../models/model-manifest';
import { removeModelFolder } from '../models/model-remove';
import { readStoredModel } from '../models/model-settings';
import type { NliEngine } from '../nli/nli-engine';
import type { Handlers } from './dispatcher';

type ModelsHandlers = Pick<
  Handlers,
  'models.list' | 'models.add' | 'models.folders' | 'models.addFolder' | 'models.remove' | 'models.downloadOffer' | 'models.download'
>;

/** Which model takes over from a removed active one: the bundled model first, then a download, then
 * an added folder; the first that loads. */
const FALLBACK_ORDER: Record<ModelFolderInfo['source'], number> = { bundled: 0, downloaded: 1, added: 2 };

async function activateFallback(engine: NliEngine, folders: ModelFolderInfo[]): Promise<void> {
  const candidates = folders.filter(isUsable).sort((a, b) => FALLBACK_ORDER[a.source] - FALLBACK_ORDER[b.source]);
  for (const c of candidates) {
    try {
      await engine.selectModel(c.path);
      return;
    } catch (err) {
      // A run going on is a reason to stop; a folder that does not load is skipped.
      if (err instanceof PrelabelError && err.code === 'BUSY') throw err;
    }
  }
  engine.forgetModel();
}

export function modelsHandlers(ctx: CoreContext): ModelsHandlers {
  const dataDir = ctx.config.dataDir;
  const { engine } = ctx;

  const list = async (): Promise<ModelEntry[]> => {
    const current = await engine.currentModel().catch(() => null);
    return listModelFolders({ dataDir, bundledDirs: bundledModelsDirs() }).map((f) => modelCatalogEntry(f, current?.path ?? null));
  };

  /** The manifest, and the folder a download goes into: the caller's (where the face lets callers
   * choose, CoreConfig.writes), else the manifest's folder name in the app data's models folder. */
  const destFor = (dir: string | undefined) => {
    if (dir !== undefined && ctx.config.writes.chosenBy === 'server') {
      throw new PrelabelError('FORBIDDEN', 'Here the model is downloaded into the app data folder; another folder cannot be chosen.');
    }
    const manifest = resolveManifest();
    return { manifest, destDir: dir !== undefined ? resolve(dir) : join(modelsDir(dataDir), manifest.id) };
  };

  return {
    'models.list': list,

    'models.add': async ({ path }) => {
      checkModelFolder(path);
      // Validate the whole folder (tokenizer, config, ONNX inputs) before recording it.
      await engine.selectModel(path);
      addModelFolder(dataDir, path);
      return list();
    },

    'models.folders': () => ({
      dataDir,
      models: listModelFolders({ dataDir, bundledDirs: bundledModelsDirs() }),
      unfinishedDownloads: listUnfinishedDownloads(dataDir),
    }),

    // Checks only that the files are there: the folder is loaded when it is chosen.
    'models.addFolder': ({ path }) => addModelFolder(dataDir, path),

    'models.remove': async ({ path }) => {
      const target = resolve(path);
      const folders = listModelFolders({ dataDir, bundledDirs: bundledModelsDirs() });
      const folder = folders.find((f) => resolve(f.path) === target);
      if (!folder) throw new PrelabelError('NOT_FOUND', `${path} is not in the list of models, so there is nothing to remove.`);
      if (folder.source === 'bundled') await removeModelFolder(dataDir, folder); // refuses, with the reason
      // The saved choice, also when its folder is gone for now: it must not come back with the disk.
      const stored = readStoredModel(dataDir);
      if (stored && resolve(stored.path) === target) {
        await activateFallback(
          engine,
          folders.filter((f) => f !== folder),
        );
      }
      await removeModelFolder(dataDir, folder);
      return list();
    },

    'models.downloadOffer': ({ dir }) => {
      const { manifest, destDir } = destFor(dir);
      return {
        repo: manifest.repo,
        revision: manifest.revision,
        totalBytes: manifestBytes(manifest),
        host: new URL(hubBaseUrl()).host,
        destDir,
        resumeBytes: stagedBytes(destDir),
      };
    },

    'models.download': ({ consent, jobId, dir, proxy, activate }) => {
      const { manifest, destDir } = destFor(dir);
      ctx.jobs.start(
        'download',
        async (job) => {
          const model = await downloadModel({ consent, manifest, destDir, proxy, signal: job.signal, onProgress: (p) => job.progress(p) });
          if (activate) await engine.selectModel(model.dir);
          return { path: model.dir, model };
        },
        { jobId, reason: (err) => (err instanceof ModelDownloadError ? err.reason : undefined) },
      );
      return { jobId };
    },
  };
}
