// Contract handlers of the evaluation domain: evaluation.run (main/core/evaluation) and report.write,
// which writes the methods report (main/core/report) to the caller's path, or in the browser mode into
// a fresh folder under the server's exports folder, downloaded like an export ([Note: browser exports]).
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { PrelabelError } from '../../../common/contract';
import type { CoreContext } from '../core-context';
import { readCodebook } from '../codebook/codebook-read';
import { requireQuestion } from '../coding/decisions';
import { runEvaluation } from '../evaluation/evaluate';
import { recordExportOwner } from '../export/export-owners';
import { assertNotProjectFile } from '../export/project-guard';
import { writeFileAtomic } from '../fs/atomic-write';
import { OWNER_FILE_MODE } from '../privacy/file-modes';
import { reportBand } from '../report/methods-band';
import { reportHtml } from '../report/report-html';
import { codersForReport } from '../training/training-result';
import type { Handlers } from './dispatcher';

/** A file name from a question's name: letters, digits, dashes; never empty. */
export function reportFileName(questionName: string): string {
  const safe = questionName
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `validation-${safe || 'question'}.html`;
}

export function evaluationHandlers(ctx: CoreContext): Pick<Handlers, 'evaluation.run' | 'report.write'> {
  const evaluate = async (input: Parameters<Handlers['evaluation.run']>[0], languages: boolean) => {
    const store = ctx.requireProject();
    const question = requireQuestion(readCodebook(store.db), input.questionId);
    const hash = await ctx.engine.currentHash(store.db, question);
    return { store, question, hash, result: runEvaluation(store.db, question, hash, input, { languages }) };
  };
  return {
    'evaluation.run': async (input) => (await evaluate(input, false)).result,
    'report.write': async (input) => {
      const { writes } = ctx.config;
      if (writes.chosenBy === 'server' && input.path !== undefined)
        throw new PrelabelError('FORBIDDEN', 'In the browser, the report is downloaded; a path on the server cannot be chosen.');
      if (writes.chosenBy === 'caller' && input.path === undefined)
        throw new PrelabelError('INVALID_INPUT', 'Choose where the report goes: an .html file.');
      const { path: _path, ...run } = input;
      const { store, question, hash, result } = await evaluate(run, true);
      const html = reportHtml(result, {
        projectName: store.info().name,
        appVersion: ctx.config.version,
        question,
        coders: codersForReport(store.db, question),
        band: reportBand(store.db, question, hash),
      });
      let target: string;
      let exportId: string | null = null;
      if (writes.chosenBy === 'server') {
        exportId = randomUUID();
        const dir = join(writes.exportsDir, exportId);
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        recordExportOwner(writes.exportsDir, exportId, store.path);
        target = join(dir, reportFileName(question.name));
      } else {
        target = resolve(input.path!);
        assertNotProjectFile(target, store.path);
        const parent = dirname(target);
        if (!existsSync(parent) || !statSync(parent).isDirectory())
          throw new PrelabelError(
            'NOT_FOUND',
            `The folder ${parent} does not exist. Create it first or choose another place for the report.`,
          );
        if (existsSync(target) && statSync(target).isDirectory())
          throw new PrelabelError('ALREADY_EXISTS', `${target} is a folder; the report is one .html file.`);
      }
      const bytes = Buffer.from(html, 'utf8');
      // Owner-only ([Note: owner-only files]): the report names the coders.
      writeFileAtomic(target, bytes, { mode: OWNER_FILE_MODE });
      return {
        path: target,
        name: basename(target),
        exportId,
        bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        downloadable: exportId !== null,
      };
    },
  };
}
