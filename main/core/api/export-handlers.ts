// Contract handler of exports: checks the target, then runs the export as a job of kind 'export'
// (progress as `job:progress`, cancel with `job.cancel`, its files in `job:done`).
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PrelabelError } from '../../../common/contract';
import type { CoreContext } from '../core-context';
import { findQuestion, readCodebook } from '../codebook/codebook-read';
import { checkTarget, runExport } from '../export/export-job';
import { checkParentLevel } from '../export/parent-export';
import type { Handlers } from './dispatcher';

export function exportHandlers(ctx: CoreContext): Pick<Handlers, 'export.start'> {
  return {
    'export.start': async (input) => {
      const store = ctx.requireProject();
      const { writes } = ctx.config;
      // Who chooses the target is the face's decision (CoreConfig.writes): the browser mode's
      // server keeps every export in a folder of its own ([Note: browser exports]).
      if (writes.chosenBy === 'server' && input.path !== undefined) {
        throw new PrelabelError('FORBIDDEN', 'In the browser, exports are downloaded; a path on the server cannot be chosen.');
      }
      if (writes.chosenBy === 'caller' && input.path === undefined) {
        throw new PrelabelError('INVALID_INPUT', 'Choose where the export goes: a file (a folder for the Hugging Face format).');
      }
      if (input.level === 'parent') checkParentLevel(input.format, input.filter);
      const question = findQuestion(readCodebook(store.db), input.questionId);
      // The pre-labels a parent-level export aggregates are those of the current model input.
      const hash = input.level === 'parent' && question ? await ctx.engine.currentHash(store.db, question) : '';
      const exportId = randomUUID();
      let target: { kind: 'file' | 'folder'; path: string };
      if (writes.chosenBy === 'server') {
        mkdirSync(writes.exportsDir, { recursive: true, mode: 0o700 });
        target = { kind: 'folder', path: join(writes.exportsDir, exportId) };
      } else {
        target = { kind: 'file', path: resolve(input.path!) };
        checkTarget(input.format, target.path, store.path);
      }
      const job = ctx.jobs.start(
        'export',
        (job) =>
          runExport({
            projectPath: store.path,
            exportId,
            questionId: input.questionId,
            format: input.format,
            filter: input.filter,
            seed: input.seed,
            testFraction: input.testFraction,
            target,
            level: input.level,
            aggregate: input.aggregate,
            hash,
            appVersion: ctx.config.version,
            signal: job.signal,
            onProgress: (p) => job.progress({ phase: p.phase, done: p.done, total: p.total, unit: 'rows' }),
          }),
        { jobId: input.jobId },
      );
      return { jobId: job.jobId, exportId };
    },
  };
}
