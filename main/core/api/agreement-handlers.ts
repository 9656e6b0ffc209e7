// Contract handler of the agreement domain: agreement.run (main/core/agreement), agreement between
// the coders of a question, with the model's current pre-labels as one more coder when asked.
import type { CoreContext } from '../core-context';
import { runAgreement } from '../agreement/agreement';
import { readCodebook } from '../codebook/codebook-read';
import { requireQuestion } from '../coding/decisions';
import type { Handlers } from './dispatcher';

export function agreementHandlers(ctx: CoreContext): Pick<Handlers, 'agreement.run'> {
  return {
    'agreement.run': async (input) => {
      const store = ctx.requireProject();
      const question = requireQuestion(readCodebook(store.db), input.questionId);
      // The model's current input is asked only when its column is wanted (it may read the model folder).
      const hash = input.includeModel ? await ctx.engine.currentHash(store.db, question) : '';
      return runAgreement(store.db, question, hash, input);
    },
  };
}
