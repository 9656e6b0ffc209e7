// Contract handlers of the model registry: the models on this machine, adding a folder, and the
// consented download of the default model (the only network use of the app).
import { join } from 'node:path';
import type { ModelEntry } from '../../../common/contract';
import type { CoreContext } from '../core-context';
import { ModelDownloadError } from '../models/download-errors';
import { modelCatalogEntry } from '../models/model-catalog';
import { downloadModel } from '../models/model-download';
import { addModelFolder, bundledModelsDirs, checkModelFolder, listModelFolders, modelsDir } from '../models/model-folders';
import { hubBaseUrl, manifestBytes, resolveManifest } from '../models/model-manifest';
import { engineFor } from '../nli/nli-engine';
import { toErrorResult, type Handlers } from './dispatcher';

type ModelsHandlers = Pick<Handlers, 'models.list' | 'models.add' | 'models.downloadOffer' | 'models.download'>;

export function modelsHandlers(ctx: CoreContext): ModelsHandlers {
  const dataDir = ctx.config.dataDir;
  const engine = engineFor(ctx);

  const list = async (): Promise<ModelEntry[]> => {
    const current = await engine.currentModel().catch(() => null);
    return listModelFolders({ dataDir, bundledDirs: bundledModelsDirs() }).map((f) => modelCatalogEntry(f, current?.path ?? null));
  };

  const destFor = () => {
    const manifest = resolveManifest();
    return { manifest, destDir: join(modelsDir(dataDir), manifest.repo.split('/').pop()!) };
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

    'models.downloadOffer': () => {
      const { manifest, destDir } = destFor();
      return { repo: manifest.repo, revision: manifest.revision, totalBytes: manifestBytes(manifest), host: new URL(hubBaseUrl()).host, destDir };
    },

    'models.download': ({ consent, jobId }) => {
      const { manifest, destDir } = destFor();
      const job = ctx.startJob(jobId, 'download');
      void (async () => {
        try {
          const record = await downloadModel({
            consent,
            manifest,
            destDir,
            signal: job.signal,
            onProgress: (p) =>
              ctx.emit('models:progress', { jobId, phase: p.phase, file: p.file, bytes: p.bytes, total: p.total, bytesPerSecond: p.bytesPerSecond, etaSeconds: p.etaSeconds }),
          });
          await engine.selectModel(record.dir);
          ctx.emit('models:done', { jobId, status: 'done', path: record.dir });
        } catch (err) {
          if (job.signal.aborted) ctx.emit('models:done', { jobId, status: 'cancelled' });
          else {
            const r = toErrorResult(err, 'models.download');
            const reason = err instanceof ModelDownloadError ? err.reason : undefined;
            ctx.emit('models:done', { jobId, status: 'failed', error: r.ok ? undefined : { ...r.error, ...(reason ? { reason } : {}) } });
          }
        } finally {
          job.end();
        }
      })();
      return { jobId };
    },
  };
}
