// The model-input hash that makes a question's suggestions current, as the engine decides it: the
// question's hypotheses with the active model or, when none is selected, with the model of the
// question's latest run (NliEngine.currentHash, which is private to the engine).
import type { CodebookQuestion } from '../../../common/contract';
import { modelInputHash } from '../codebook/hypotheses';
import type { CoreContext } from '../core-context';
import { engineFor } from '../nli/nli-engine';
import { latestRunModelSha } from '../store/prediction-store';
import type { Db } from '../store/project-db';

export async function currentModelInputHash(ctx: CoreContext, db: Db, question: CodebookQuestion): Promise<string> {
  // A model folder that went missing is no reason to refuse coding: the latest run's model then.
  const model = await engineFor(ctx)
    .currentModel()
    .catch(() => null);
  const sha = model?.sha256 ?? latestRunModelSha(db, question.id);
  return sha ? modelInputHash(question, sha) : '';
}
