// Contract handlers of the adjudication domain (main/core/adjudication): the disagreements of a
// question and their CSV. The adjudicated label itself is recorded by annotate.decide (role
// 'adjudication') and undone by annotate.undo, as every decision.
import type { CoreContext } from '../core-context';
import { disagreementsCsv } from '../adjudication/disagreements-csv';
import { listDisagreements } from '../adjudication/adjudication-list';
import { readCodebook } from '../codebook/codebook-read';
import { requireQuestion } from '../coding/decisions';
import { hideSuggestions } from '../coding/resolution';
import type { Db } from '../store/project-db';
import type { Handlers } from './dispatcher';

export function adjudicationHandlers(ctx: CoreContext): Pick<Handlers, 'adjudication.list' | 'adjudication.csv'> {
  const open = (questionId: string) => {
    const db = ctx.requireProject().db;
    return { db, question: requireQuestion(readCodebook(db), questionId) };
  };
  // The model's current input is asked only when a suggestion may be shown (it may read the model folder).
  const hashFor = async (db: Db, question: ReturnType<typeof open>['question'], show: boolean) =>
    show && !hideSuggestions(db) ? await ctx.engine.currentHash(db, question) : '';
  return {
    'adjudication.list': async (input) => {
      const { db, question } = open(input.questionId);
      return listDisagreements(db, question, await hashFor(db, question, input.showSuggestion), input);
    },
    'adjudication.csv': async (input) => {
      const { db, question } = open(input.questionId);
      return disagreementsCsv(db, question, await hashFor(db, question, input.showSuggestion), input);
    },
  };
}
