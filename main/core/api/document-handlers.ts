// Contract handlers for reading documents.
import type { CoreContext } from '../core-context';
import type { Handlers } from './dispatcher';

export function documentHandlers(ctx: CoreContext): Pick<Handlers, 'documents.list'> {
  return {
    'documents.list': ({ offset, limit }) => ctx.requireProject().listDocuments(offset, limit),
  };
}
