// Contract handlers for reading documents. With a question, each row carries the model's current
// suggestion for it (from the stored logits of the current model input).
import { PrelabelError } from '../../../common/contract';
import type { CoreContext } from '../core-context';
import type { Handlers } from './dispatcher';

export function documentHandlers(ctx: CoreContext): Pick<Handlers, 'documents.list' | 'documents.get'> {
  return {
    'documents.list': async ({ offset, limit, questionId, search }) => {
      const store = ctx.requireProject();
      const suggest = questionId ? await ctx.engine.suggester(store, questionId) : undefined;
      return store.listDocuments(offset, limit, suggest, search);
    },
    'documents.get': ({ id }) => {
      const doc = ctx.requireProject().getDocument(id);
      if (!doc)
        throw new PrelabelError('NOT_FOUND', `Document ${id} is not in this project (it may belong to an import that did not finish).`);
      return doc;
    },
  };
}
