// Contract handlers for the codebook: read it, replace it (each change a revision), import a CSV.
import type { CoreContext } from '../core-context';
import { importCodebookCsv } from '../codebook/codebook-csv';
import { readCodebook } from '../codebook/codebook-read';
import { setCodebook } from '../codebook/codebook-write';
import { resolveSource } from '../imports/import-source';
import type { Handlers } from './dispatcher';

type CodebookHandlers = Pick<Handlers, 'codebook.get' | 'codebook.set' | 'codebook.importCsv'>;

export function codebookHandlers(ctx: CoreContext): CodebookHandlers {
  return {
    'codebook.get': () => readCodebook(ctx.requireProject().db),
    'codebook.set': (input) => setCodebook(ctx.requireProject().db, input),
    'codebook.importCsv': ({ source, questionName, template }) => {
      const store = ctx.requireProject();
      return importCodebookCsv(store.db, resolveSource(source, ctx.config.uploadsDir), questionName, template);
    },
  };
}
