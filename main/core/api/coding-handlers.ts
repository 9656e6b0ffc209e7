// Contract handlers of coding: coders, the queue, decisions and undo, progress, Browse. Reads first
// bring the question's suggestion state up to the current model-input hash (coding-state.ts), the
// engine's (NliEngine.currentHash), so the screens count exactly the predictions the engine counts.
// A committed decision or undo is announced as `coding:changed`, so Browse in any window reads its
// rows again (bug 7 of issue 10).
import type { Decision } from '../../../common/contract';
import type { CoreContext } from '../core-context';
import { readCodebook } from '../codebook/codebook-read';
import { browsePage } from '../coding/browse';
import { ensureSuggestions } from '../coding/coding-state';
import { decide, labelByName, listCoders, requireQuestion, undo } from '../coding/decisions';
import { progress, queuePage } from '../coding/queue';
import type { Handlers } from './dispatcher';

type CodingHandlers = Pick<
  Handlers,
  'coders.list' | 'annotate.queue' | 'annotate.decide' | 'annotate.undo' | 'annotate.progress' | 'annotate.labelByName' | 'browse.page'
>;

export function codingHandlers(ctx: CoreContext): CodingHandlers {
  const questionOf = (questionId: string) => {
    const db = ctx.requireProject().db;
    return { db, question: requireQuestion(readCodebook(db), questionId) };
  };
  const changed = (decision: Decision): Decision => {
    ctx.emit('coding:changed', { questionId: decision.questionId });
    return decision;
  };
  return {
    'coders.list': () => listCoders(ctx.requireProject().db),
    'annotate.queue': async (input) => {
      const { db, question } = questionOf(input.questionId);
      return queuePage(db, question, await ctx.engine.currentHash(db, question), input);
    },
    'annotate.decide': (input) => changed(decide(ctx.requireProject().db, input)),
    'annotate.undo': (input) => {
      const result = undo(ctx.requireProject().db, input);
      if (result.undone) ctx.emit('coding:changed', { questionId: input.questionId });
      return result;
    },
    'annotate.progress': ({ questionId }) => {
      const { db, question } = questionOf(questionId);
      return progress(db, question);
    },
    'annotate.labelByName': (input) => changed(labelByName(ctx.requireProject().db, input)),
    'browse.page': async (input) => {
      const db = ctx.requireProject().db;
      if (input.questionId === undefined) return browsePage(db, null, '', input);
      const { question } = questionOf(input.questionId);
      const hash = await ctx.engine.currentHash(db, question);
      ensureSuggestions(db, question, hash);
      return browsePage(db, question, hash, input);
    },
  };
}
