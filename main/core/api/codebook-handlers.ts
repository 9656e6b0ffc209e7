// Contract handlers for the codebook: read it, replace it (each change a revision), import a CSV,
// make a question's labels from the gold values.
import type { CoreContext } from '../core-context';
import { importCodebookCsv } from '../codebook/codebook-csv';
import { readCodebook } from '../codebook/codebook-read';
import { setCodebook } from '../codebook/codebook-write';
import { goldValuesOf, labelsFromGold } from '../codebook/labels-from-gold';
import { resolveSource } from '../imports/import-source';
import type { Handlers } from './dispatcher';

type CodebookHandlers = Pick<
  Handlers,
  'codebook.get' | 'codebook.set' | 'codebook.importCsv' | 'codebook.goldValues' | 'codebook.labelsFromGold'
>;

export function codebookHandlers(ctx: CoreContext): CodebookHandlers {
  return {
    'codebook.get': () => readCodebook(ctx.requireProject().db),
    'codebook.set': (input) => setCodebook(ctx.requireProject().db, input),
    'codebook.importCsv': ({ source, questionName, template }) => {
      const store = ctx.requireProject();
      return importCodebookCsv(store.db, resolveSource(source, ctx.config.uploadsDir), questionName, template);
    },
    'codebook.goldValues': (input) => goldValuesOf(ctx.requireProject().db, input),
    'codebook.labelsFromGold': (input) => labelsFromGold(ctx.requireProject().db, input),
  };
}
