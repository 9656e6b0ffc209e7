// Contract handlers of exports: export.start checks the target, then runs the export as a job of
// kind 'export' (progress as `job:progress`, cancel with `job.cancel`, its files in `job:done`);
// export.count says how many rows those choices would write now.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PrelabelError } from '../../../common/contract';
import type { CoreContext } from '../core-context';
import { findQuestion, readCodebook } from '../codebook/codebook-read';
import { countExport } from '../export/export-count';
import { checkTarget, runExport } from '../export/export-job';
import { manifestValidation } from '../export/manifest-validation';
import { checkParentLevel } from '../export/parent-export';
import { checkTrainingFilter } from '../export/training-export';
import type { Handlers } from './dispatcher';

export function exportHandlers(ctx: CoreContext): Pick<Handlers, 'export.start' | 'export.count'> {
  return {
    'export.count': (input) => {
      const store = ctx.requireProject();
      const question = findQuestion(readCodebook(store.db), input.questionId);
      if (!question) throw new PrelabelError('NOT_FOUND', 'This question does not exist in the open project.');
      return Promise.resolve(
        countExport(store.db, question, {
          format: input.format,
          filter: input.filter,
          level: input.level,
          seed: input.seed,
          testFraction: input.testFraction,
          nliNegatives: input.nliNegatives,
        }),
      );
    },
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
      checkTrainingFilter(input.format, input.filter);
      const question = findQuestion(readCodebook(store.db), input.questionId);
      // The current model input decides which predictions are current: the model columns of a
      // unit-level export and what a parent-level export aggregates ([Note: stale predictions in exports]).
      const hash = question ? await ctx.engine.currentHash(store.db, question) : '';
      // The question's validation numbers for the manifest, on the core's connection, before the job.
      const validation = question ? manifestValidation(store.db, question, hash) : undefined;
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
            nliNegatives: input.nliNegatives,
            nliLabels: input.nliLabels,
            target,
            level: input.level,
            aggregate: input.aggregate,
            hash,
            ...(validation ? { validation } : {}),
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
