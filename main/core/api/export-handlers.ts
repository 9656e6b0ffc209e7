// Contract handler of exports: checks the target, then runs the export as a job with progress
// (`job:progress`, kind 'export'), cancel (`job.cancel`) and its files in `job:done`.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PrelabelError } from '../../../common/contract';
import type { CoreContext } from '../core-context';
import { checkTarget, runExport } from '../export/export-job';
import type { Handlers } from './dispatcher';
import { toErrorResult } from './dispatcher';

/** Where the browser mode's exports are written, one folder per export id; the server's download
 * route serves files of finished exports from here and nothing else. */
export function browserExportsDir(dataDir: string): string {
  return join(dataDir, 'exports');
}

export function exportHandlers(ctx: CoreContext): Pick<Handlers, 'export.start'> {
  return {
    'export.start': async (input) => {
      const store = ctx.requireProject();
      const browser = ctx.config.face === 'browser';
      // [Note: browser exports] A page must never make the server write where it likes: in the
      // browser mode every export goes into a fresh folder under the data folder and is downloaded.
      if (browser && input.path !== undefined) {
        throw new PrelabelError('FORBIDDEN', 'In the browser, exports are downloaded; a path on the server cannot be chosen.');
      }
      if (!browser && input.path === undefined) {
        throw new PrelabelError('INVALID_INPUT', 'Choose where the export goes: a file (a folder for the Hugging Face format).');
      }
      const exportId = randomUUID();
      let target: { kind: 'file' | 'folder'; path: string };
      if (browser) {
        const root = browserExportsDir(ctx.config.dataDir);
        mkdirSync(root, { recursive: true, mode: 0o700 });
        target = { kind: 'folder', path: join(root, exportId) };
      } else {
        target = { kind: 'file', path: resolve(input.path!) };
        checkTarget(input.format, target.path, store.path);
      }
      const jobId = input.jobId ?? randomUUID();
      const job = ctx.startJob(jobId, 'export');
      void (async () => {
        try {
          const result = await runExport({
            projectPath: store.path,
            exportId,
            questionId: input.questionId,
            format: input.format,
            filter: input.filter,
            seed: input.seed,
            testFraction: input.testFraction,
            target,
            appVersion: ctx.config.version,
            signal: job.signal,
            onProgress: (p) => ctx.emit('job:progress', { jobId, kind: 'export', phase: p.phase, done: p.done, total: p.total, unit: 'rows' }),
          });
          ctx.emit('job:done', { jobId, kind: 'export', status: 'done', export: result });
        } catch (err) {
          if (job.signal.aborted) ctx.emit('job:done', { jobId, kind: 'export', status: 'cancelled' });
          else {
            const r = toErrorResult(err, 'export');
            ctx.emit('job:done', { jobId, kind: 'export', status: 'failed', error: r.ok ? undefined : r.error });
          }
        } finally {
          job.end();
        }
      })();
      return { jobId, exportId };
    },
  };
}
