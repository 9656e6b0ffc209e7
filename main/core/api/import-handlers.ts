// Contract handlers for imports: the preview, the dry run that lists problems, and the import job
// with progress and cancel.
import { randomUUID } from 'node:crypto';
import { PrelabelError } from '../../../common/contract';
import type { CoreContext } from '../core-context';
import { analyzeImport, previewImport, runImport } from '../importers/import-job';
import { resolveSource } from '../importers/import-source';
import { toErrorResult, type Handlers } from './dispatcher';

type ImportHandlers = Pick<Handlers, 'import.preview' | 'import.analyze' | 'import.start' | 'job.cancel'>;

export function importHandlers(ctx: CoreContext): ImportHandlers {
  return {
    'import.preview': ({ source, options }) => previewImport(resolveSource(source, ctx.config.uploadsDir), options),

    'import.analyze': async ({ jobId, source, options, mapping }) => {
      const file = resolveSource(source, ctx.config.uploadsDir);
      const job = ctx.startJob(jobId, 'analyze');
      try {
        return await analyzeImport(file, options, mapping, job.signal, (p) => ctx.emit('job:progress', { jobId, kind: 'analyze', phase: 'reading', ...p }));
      } finally {
        job.end();
      }
    },

    'import.start': async ({ source, options, mapping, decisions }) => {
      const store = ctx.requireProject();
      const file = resolveSource(source, ctx.config.uploadsDir);
      if ([...ctx.jobs.values()].some((j) => j.kind === 'import')) {
        throw new PrelabelError('BUSY', 'Another import is running. Wait for it to finish or cancel it.');
      }
      const jobId = randomUUID();
      const importId = randomUUID();
      const job = ctx.startJob(jobId, 'import');
      void (async () => {
        try {
          const result = await runImport({
            db: store.db,
            file,
            options,
            mapping,
            decisions,
            importId,
            signal: job.signal,
            onProgress: (p) => ctx.emit('job:progress', { jobId, kind: p.phase === 'indexing' ? 'index' : 'import', phase: p.phase, ...p.progress }),
          });
          ctx.emit('job:done', { jobId, kind: 'import', status: 'done', counts: { imported: result.imported, skipped: result.skipped, flagged: result.flagged } });
          ctx.emit('project:changed', { project: store.info() });
        } catch (err) {
          if (job.signal.aborted) ctx.emit('job:done', { jobId, kind: 'import', status: 'cancelled' });
          else {
            const r = toErrorResult(err, 'import');
            ctx.emit('job:done', { jobId, kind: 'import', status: 'failed', error: r.ok ? undefined : r.error });
          }
        } finally {
          job.end();
        }
      })();
      return { jobId, importId };
    },

    'job.cancel': async ({ jobId }) => {
      const job = ctx.jobs.get(jobId);
      // Pre-label runs are paused or cancelled through prelabel.pause / prelabel.cancel.
      if (!job || job.kind === 'prelabel') return { cancelled: false };
      job.abort.abort();
      await job.done;
      return { cancelled: true };
    },
  };
}
