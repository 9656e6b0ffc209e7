// Contract handlers for imports: the preview, and the import job with progress and cancel.
import { randomUUID } from 'node:crypto';
import { PrelabelError } from '../../../common/contract';
import type { CoreContext } from '../core-context';
import { previewCsv, runCsvImport } from '../importers/csv-import';
import { resolveSource } from '../importers/import-source';
import { toErrorResult, type Handlers } from './dispatcher';

type ImportHandlers = Pick<Handlers, 'import.preview' | 'import.start' | 'job.cancel'>;

export function importHandlers(ctx: CoreContext): ImportHandlers {
  return {
    'import.preview': async ({ source, options }) => {
      const file = resolveSource(source, ctx.config.uploadsDir);
      return previewCsv(file, options);
    },

    'import.start': async ({ source, options, mapping }) => {
      const store = ctx.requireProject();
      const file = resolveSource(source, ctx.config.uploadsDir);
      if ([...ctx.jobs.values()].some((j) => j.kind === 'import')) {
        throw new PrelabelError('BUSY', 'Another import is running. Wait for it to finish or cancel it.');
      }
      const jobId = randomUUID();
      const importId = randomUUID();
      const abort = new AbortController();
      const done = (async () => {
        try {
          const result = await runCsvImport({
            db: store.db,
            file,
            options,
            mapping,
            importId,
            signal: abort.signal,
            onProgress: (p) => ctx.emit('job:progress', { jobId, kind: p.phase === 'indexing' ? 'index' : 'import', ...p }),
          });
          ctx.emit('job:done', { jobId, kind: 'import', status: 'done', counts: { imported: result.imported, skipped: result.skipped } });
          ctx.emit('project:changed', { project: store.info() });
        } catch (err) {
          if (abort.signal.aborted) {
            ctx.emit('job:done', { jobId, kind: 'import', status: 'cancelled' });
          } else {
            const r = toErrorResult(err, 'import');
            ctx.emit('job:done', { jobId, kind: 'import', status: 'failed', error: r.ok ? undefined : r.error });
          }
        } finally {
          ctx.jobs.delete(jobId);
        }
      })();
      ctx.jobs.set(jobId, { id: jobId, kind: 'import', abort, done });
      return { jobId, importId };
    },

    'job.cancel': async ({ jobId }) => {
      const job = ctx.jobs.get(jobId);
      if (!job) return { cancelled: false };
      job.abort.abort();
      await job.done;
      return { cancelled: true };
    },
  };
}
