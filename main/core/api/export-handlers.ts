// Contract handlers of exports: export.start checks the target, then runs the export as a job of
// kind 'export' (progress as `job:progress`, cancel with `job.cancel`, its files in `job:done`);
// export.count says how many rows those choices would write now.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PrelabelError, type MethodInput } from '../../../common/contract';
import type { CoreContext } from '../core-context';
import { findQuestion, readCodebook } from '../codebook/codebook-read';
import { countExport } from '../export/export-count';
import { checkTarget, runExport } from '../export/export-job';
import { manifestValidation } from '../export/manifest-validation';
import { checkParentLevel } from '../export/parent-export';
import { checkTrainingFilter } from '../export/training-export';
import { metadataKeys } from '../export/columns';
import { LABELS_ONLY_FORMATS, runLabelsExport } from '../export/labels-export';
import { checkPseudonymColumns, ensurePseudonymKey } from '../export/pseudonym';
import { recordExportOwner } from '../export/export-owners';
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
      checkSharing(input);
      if (input.pseudonymise.length) {
        checkPseudonymColumns(input.pseudonymise, metadataKeys(store.db));
        ensurePseudonymKey(store.db);
      }
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
        recordExportOwner(writes.exportsDir, exportId, store.path);
        target = { kind: 'folder', path: join(writes.exportsDir, exportId) };
      } else {
        target = { kind: 'file', path: resolve(input.path!) };
        checkTarget(input.format, target.path, store.path);
      }
      const common = {
        projectPath: store.path,
        exportId,
        questionId: input.questionId,
        format: input.format,
        filter: input.filter,
        seed: input.seed,
        testFraction: input.testFraction,
        target,
        hash,
        ...(validation ? { validation } : {}),
        appVersion: ctx.config.version,
        pseudonymise: input.pseudonymise,
      };
      const job = ctx.jobs.start(
        'export',
        (job) =>
          input.content === 'labels'
            ? runLabelsExport({
                ...common,
                signal: job.signal,
                onProgress: (p) => job.progress({ phase: p.phase, done: p.done, total: p.total, unit: 'rows' }),
              })
            : runExport({
                ...common,
                nliNegatives: input.nliNegatives,
                nliLabels: input.nliLabels,
                level: input.level,
                aggregate: input.aggregate,
                signal: job.signal,
                onProgress: (p) => job.progress({ phase: p.phase, done: p.done, total: p.total, unit: 'rows' }),
              }),
        { jobId: input.jobId },
      );
      return { jobId: job.jobId, exportId };
    },
  };
}

/** What a labels-only or pseudonymised export can be: one line for each choice that does not fit. */
function checkSharing(input: MethodInput<'export.start'>): void {
  if (input.content === 'labels') {
    if (!(LABELS_ONLY_FORMATS as readonly string[]).includes(input.format ?? ''))
      throw new PrelabelError('INVALID_INPUT', `A labels-only export is written as CSV, CSV for Excel or JSON Lines, not ${input.format}.`);
    if (input.level === 'parent')
      throw new PrelabelError('INVALID_INPUT', 'A labels-only export has one row per coding unit; choose the unit level.');
  }
  if (input.pseudonymise?.length && input.level === 'parent')
    throw new PrelabelError('INVALID_INPUT', 'Pseudonymised columns go with unit-level exports; choose the unit level.');
  if (input.pseudonymise && new Set(input.pseudonymise).size !== input.pseudonymise.length)
    throw new PrelabelError('INVALID_INPUT', 'A metadata column is named twice in pseudonymise.');
}
