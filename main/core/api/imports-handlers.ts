// Contract handlers for imports: the preview, the dry run that lists problems, the import job
// with progress and cancel, and the background job that completes an unfinished search index.
import { randomUUID } from 'node:crypto';
import { PrelabelError, type ImportOptions } from '../../../common/contract';
import type { CoreContext } from '../core-context';
import { analyzeImport, previewImport, runImport } from '../imports/import-job';
import { rememberedDecodeEntities } from '../imports/html-entities';
import { resolveSource } from '../imports/import-source';
import { StoppedByProblem } from '../imports/row-problems';
import { ImportLock } from '../store/import-lock';
import type { ProjectStore } from '../store/project-store';
import { indexImport, pendingOf, unindexedImports } from '../store/search-index';
import type { Handlers } from './dispatcher';

type ImportHandlers = Pick<Handlers, 'import.preview' | 'import.analyze' | 'import.start'>;

export function importHandlers(ctx: CoreContext): ImportHandlers {
  // Options left out take the open project's last choice (html-entities.ts).
  const remembered = (options: ImportOptions): ImportOptions =>
    options.decodeHtmlEntities !== undefined || !ctx.project
      ? options
      : { ...options, decodeHtmlEntities: rememberedDecodeEntities(ctx.project.db) };
  return {
    'import.preview': ({ source, options }) => previewImport(resolveSource(source, ctx.config.uploadsDir), remembered(options)),

    'import.analyze': ({ jobId, source, options, mapping }) => {
      const file = resolveSource(source, ctx.config.uploadsDir);
      const job = ctx.jobs.start(
        'analyze',
        (job) => analyzeImport(file, remembered(options), mapping, job.signal, (p) => job.progress({ phase: 'reading', ...p })),
        {
          jobId,
          result: (analysis) => ({ rows: analysis.rows }),
        },
      );
      return job.value;
    },

    'import.start': async ({ source, options, mapping, decisions, segment }) => {
      const store = ctx.requireProject();
      const file = resolveSource(source, ctx.config.uploadsDir);
      if (ctx.jobs.isRunning('import')) {
        throw new PrelabelError('BUSY', 'Another import is running. Wait for it to finish or cancel it.');
      }
      const importId = randomUUID();
      const job = ctx.jobs.start(
        'import',
        async (job) => {
          const result = await runImport({
            db: store.db,
            file,
            options: remembered(options),
            mapping,
            decisions,
            importId,
            ...(segment ? { segment } : {}),
            signal: job.signal,
            // Reading, then (with `segment`) splitting, then indexing the committed documents for search (phase 'indexing').
            onProgress: (p) => job.progress({ phase: p.phase, ...p.progress }),
          });
          return {
            imported: result.imported,
            skipped: result.skipped,
            flagged: result.flagged,
            ...(result.segments !== undefined ? { segments: result.segments } : {}),
          };
        },
        { reason: (err) => (err instanceof StoppedByProblem ? err.problem : undefined) },
      );
      // After job:done: the project's counts changed.
      job.value.then(
        () => ctx.emit('project:changed', { project: store.info() }),
        () => {},
      );
      return { jobId: job.jobId, importId };
    },
  };
}

/**
 * Completes the search index of committed imports whose index step was cut short (a kill, a crash,
 * a window closed while indexing), as a background job of kind 'index' (`job:progress`, then
 * `job:done`); the project stays usable meanwhile and Browse says search is still being built.
 * Imports another window is still indexing (their lock is held) are left to it. Closing the project
 * stops the job between chunks; the next open goes on from the recorded state
 * ([Note: resumable search index]). Does nothing when an index job runs already; returns whether it
 * started one.
 */
export function resumeSearchIndex(ctx: CoreContext, store: ProjectStore): boolean {
  if (ctx.jobs.isRunning('index')) return false;
  const ids = unindexedImports(store.db);
  if (ids.length === 0) return false;
  const total = ids.reduce((sum, id) => sum + pendingOf(store.db, id), 0);
  ctx.jobs.start('index', async (job) => {
    let offset = 0;
    for (const id of ids) {
      job.signal.throwIfAborted();
      const lock = ImportLock.tryAcquire(store.db, id);
      if (!lock) continue; // another window imports or indexes it
      try {
        let last = 0;
        await indexImport(
          store.db,
          id,
          (p) => job.progress({ phase: 'indexing', done: offset + (last = p.done), total, unit: 'rows' }),
          job.signal,
        );
        offset += last;
      } finally {
        lock.release();
      }
    }
    // Stopped between chunks (the project closed): cancelled, and resumed on the next open.
    job.signal.throwIfAborted();
    return null;
  });
  return true;
}
