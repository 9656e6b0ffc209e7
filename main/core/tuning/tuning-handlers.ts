// Contract handlers of the tuning domain: tuning.try (a job, try-hypothesis.ts), tuning.keep
// (keep-variant.ts) and tuning.suggest (suggest.ts).
import type { Handlers } from '../api/dispatcher';
import { readCodebook } from '../codebook/codebook-read';
import { requireQuestion } from '../coding/decisions';
import type { CoreContext } from '../core-context';
import { keepVariant } from './keep-variant';
import { suggestWordings } from './suggest';
import { startTry } from './try-hypothesis';

export function tuningHandlers(ctx: CoreContext): Pick<Handlers, 'tuning.try' | 'tuning.keep' | 'tuning.suggest'> {
  return {
    'tuning.try': (input) => startTry(ctx, input),
    'tuning.keep': (input) => keepVariant(ctx.requireProject().db, input),
    'tuning.suggest': (input) => {
      const db = ctx.requireProject().db;
      return suggestWordings(db, requireQuestion(readCodebook(db), input.questionId), input.labelId);
    },
  };
}
