// What an export's manifest says of the scores behind its model labels: raw zero-shot, or the
// calibrated classifier (on how many decisions, when, under which model input), or a calibrated
// classifier that is on but stale (raw scores were used).
import type { CodebookQuestion } from '../../../common/contract';
import type { Db } from '../store/project-db';
import { activeCalibration } from './active';
import { readCalibration } from './model-store';

export function manifestCalibration(db: Db, question: CodebookQuestion, hash: string): Record<string, unknown> {
  const stored = readCalibration(db, question.id);
  const active = activeCalibration(db, question, hash);
  if (active)
    return {
      scores: 'calibrated',
      decisions: active.decisions,
      fittedAt: active.fittedAt,
      regularisationC: stored.c,
      codebookRevisionId: stored.revisionId,
      modelInputHash: stored.hash,
      description: `Model labels and scores come from a logistic regression over the stored NLI logits, calibrated on ${active.decisions} human decisions (blind validation samples left out).`,
    };
  return {
    scores: 'raw',
    description:
      stored.on && stored.model
        ? 'Raw zero-shot scores: the calibrated classifier was fitted under another model input (stale) and is not applied.'
        : 'Raw zero-shot scores (NLI entailment, the zero-shot pipeline semantics).',
  };
}
