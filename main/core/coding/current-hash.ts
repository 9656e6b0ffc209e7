// The model-input hash that makes a question's suggestions current: the engine's (the active model
// or the int8 variant in force, the hypotheses, the scoring mode), so that Annotate and Browse count
// exactly the predictions the engine counts. A model folder that went missing is no reason to refuse
// coding: the engine then falls back to the model of the question's latest run.
import type { CodebookQuestion } from '../../../common/contract';
import type { CoreContext } from '../core-context';
import { engineFor } from '../nli/nli-engine';
import type { Db } from '../store/project-db';

export async function currentModelInputHash(ctx: CoreContext, db: Db, question: CodebookQuestion): Promise<string> {
  return engineFor(ctx).currentHash(db, question);
}
