// Contract handlers of thresholds and label quality (issue 16, items 2 and 5): thresholds.get,
// thresholds.tune and thresholds.setBand (main/core/thresholds), labelQuality.check
// (main/core/label-quality). Each reads the question's current model-input hash from the engine.
import { PrelabelError } from '../../../common/contract';
import { readCodebook } from '../codebook/codebook-read';
import { requireQuestion } from '../coding/decisions';
import type { CoreContext } from '../core-context';
import { checkLabels } from '../label-quality/label-quality';
import { clearStoredThresholds, writeUncertainBand } from '../thresholds/threshold-store';
import { thresholdsReport, tuneThresholds } from '../thresholds/tune';
import type { Handlers } from './dispatcher';

export function thresholdsHandlers(
  ctx: CoreContext,
): Pick<Handlers, 'thresholds.get' | 'thresholds.tune' | 'thresholds.setBand' | 'labelQuality.check'> {
  const open = async (questionId: string) => {
    const db = ctx.requireProject().db;
    const question = requireQuestion(readCodebook(db), questionId);
    return { db, question, hash: await ctx.engine.currentHash(db, question) };
  };
  return {
    'thresholds.get': async ({ questionId, rule }) => {
      const { db, question, hash } = await open(questionId);
      return thresholdsReport(db, question, hash, rule);
    },
    'thresholds.tune': async ({ questionId, rule, clear }) => {
      const { db, question, hash } = await open(questionId);
      if (clear) {
        clearStoredThresholds(db, question.id);
        return thresholdsReport(db, question, hash, rule);
      }
      return tuneThresholds(db, question, hash, rule);
    },
    'thresholds.setBand': async ({ questionId, margin }) => {
      const { db, question, hash } = await open(questionId);
      if (question.multiLabel)
        throw new PrelabelError(
          'INVALID_INPUT',
          `"${question.name}" is a multi-label question: the uncertain band is for single-label questions; tune its thresholds instead.`,
        );
      writeUncertainBand(db, question.id, margin);
      return thresholdsReport(db, question, hash);
    },
    'labelQuality.check': async ({ questionId, minSimilarity, limit, minDisagreement }) => {
      const { db, question, hash } = await open(questionId);
      return checkLabels(db, question, hash, { minSimilarity, limit, minDisagreement });
    },
  };
}
