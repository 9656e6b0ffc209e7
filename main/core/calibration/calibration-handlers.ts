// Contract handlers of the calibration domain: calibration.evaluate (a job of kind 'calibration'),
// calibration.set and calibration.status (service.ts).
import { PrelabelError } from '../../../common/contract';
import type { Handlers } from '../api/dispatcher';
import { readCodebook } from '../codebook/codebook-read';
import { requireQuestion } from '../coding/decisions';
import type { CoreContext } from '../core-context';
import { calibrationStatus, evaluateCalibration, setCalibration } from './service';

export function calibrationHandlers(ctx: CoreContext): Pick<Handlers, 'calibration.evaluate' | 'calibration.set' | 'calibration.status'> {
  const open = async (questionId: string) => {
    const db = ctx.requireProject().db;
    const codebook = readCodebook(db);
    const question = requireQuestion(codebook, questionId);
    return { db, codebook, question, hash: await ctx.engine.currentHash(db, question) };
  };
  return {
    'calibration.evaluate': async (input) => {
      if (ctx.jobs.isRunning('calibration'))
        throw new PrelabelError('BUSY', 'A calibration is being evaluated already. Wait for it or cancel it.');
      const { db, question, hash } = await open(input.questionId);
      const started = ctx.jobs.start('calibration', (job) =>
        evaluateCalibration(db, question, hash, {
          folds: input.folds,
          seed: input.seed,
          c: input.c,
          signal: job.signal,
          onProgress: (phase, done, total) => job.progress({ phase, done, total }),
        }),
      );
      void started.value.catch(() => undefined);
      return { jobId: started.jobId };
    },
    'calibration.set': async (input) => {
      const { db, codebook, question, hash } = await open(input.questionId);
      setCalibration(db, question, hash, codebook.revisionId, input.on, input.c);
      return calibrationStatus(db, question, hash);
    },
    'calibration.status': async (input) => {
      const { db, question, hash } = await open(input.questionId);
      return calibrationStatus(db, question, hash);
    },
  };
}
