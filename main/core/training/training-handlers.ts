// Contract handlers of coder training (issue 14, item 6): training.create draws a round
// (training-rounds.ts), training.rounds lists a question's rounds with every coder's score,
// training.result is one trainee's result (training-result.ts).
import { PrelabelError } from '../../../common/contract';
import type { Handlers } from '../api/dispatcher';
import { readCodebook } from '../codebook/codebook-read';
import { requireQuestion } from '../coding/decisions';
import type { CoreContext } from '../core-context';
import { createRound, listRounds, readRound } from './training-rounds';
import { roundView, trainingResult } from './training-result';

export function trainingHandlers(ctx: CoreContext): Pick<Handlers, 'training.create' | 'training.rounds' | 'training.result'> {
  return {
    'training.create': (input) => {
      const db = ctx.requireProject().db;
      const question = requireQuestion(readCodebook(db), input.questionId);
      return roundView(db, question, createRound(db, question, input));
    },
    'training.rounds': ({ questionId }) => {
      const db = ctx.requireProject().db;
      const question = requireQuestion(readCodebook(db), questionId);
      return listRounds(db, questionId).map((r) => roundView(db, question, r));
    },
    'training.result': ({ sampleId, coder }) => {
      const db = ctx.requireProject().db;
      const round = readRound(db, sampleId);
      if (!round) throw new PrelabelError('NOT_FOUND', 'This training round is not in the project (it may belong to another project).');
      return trainingResult(db, requireQuestion(readCodebook(db), round.questionId), round, coder);
    },
  };
}
