// Contract handlers for imports: the preview, the dry run that lists problems, the import job
// with progress and cancel, and the background job that completes an unfinished search index.
import { randomUUID } from 'node:crypto';
import { PrelabelError, type JobDone } from '../../../common/contract';
import type { CoreContext } from '../core-context';
import { analyzeImport, previewImport, runImport } from '../importers/import-job';
import { resolveSource } from '../importers/import-source';
import { ImportLock } from '../store/import-lock';
import type { ProjectStore } from '../store/project-store';
import { indexImport, pendingOf, unindexedImports } from '../store/search-index';
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

/**
 * Completes the search index of committed imports whose index step was cut short (a kill, a crash,
 * a window closed while indexing), as a background job: `job:progress` of kind 'index', then
 * `job:done`; the project stays usable meanwhile and Browse says search is still being built.
 * Imports another window is still indexing (their lock is held) are left to it. Closing the project
 * stops the job between chunks; the next open goes on from the recorded state
 * ([Note: resumable search index]). Does nothing when an index job runs already; returns whether it
 * started one.
 */
export function resumeSearchIndex(ctx: CoreContext, store: ProjectStore): boolean {
  if ([...ctx.jobs.values()].some((j) => j.kind === 'index')) return false;
  const ids = unindexedImports(store.db);
  if (ids.length === 0) return false;
  const jobId = randomUUID();
  const job = ctx.startJob(jobId, 'index');
  const total = ids.reduce((sum, id) => sum + pendingOf(store.db, id), 0);
  const progress = (done: number) => ctx.emit('job:progress', { jobId, kind: 'index', phase: 'indexing', done, total, unit: 'rows' });
  void (async () => {
    let done: JobDone = { jobId, kind: 'index', status: 'done' };
    try {
      let offset = 0;
      for (const id of ids) {
        if (job.signal.aborted) break;
        const lock = ImportLock.tryAcquire(store.db, id);
        if (!lock) continue; // another window imports or indexes it
        try {
          let last = 0;
          await indexImport(store.db, id, (p) => progress(offset + (last = p.done)), job.signal);
          offset += last;
        } finally {
          lock.release();
        }
      }
      if (job.signal.aborted) done = { ...done, status: 'cancelled' };
    } catch (err) {
      const r = toErrorResult(err, 'index');
      done = { ...done, status: 'failed', error: r.ok ? undefined : r.error };
    } finally {
      job.end();
    }
    ctx.emit('job:done', done);
  })();
  return true;
}
