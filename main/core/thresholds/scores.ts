// The current zero-shot scores of a question's documents (every label's probability, as suggestions
// compute them from the stored logits; raw even while the calibrated classifier is on, since the
// thresholds and the band apply to raw scores), read in chunks.
import type { CodebookQuestion, Suggestion } from '../../../common/contract';
import { pageSuggestions } from '../coding/page-suggestions';
import type { Db } from '../store/project-db';

const CHUNK = 5000;

/** The current suggestions (every label's score) of `ids`, in chunks. */
export function scoresOf(db: Db, question: CodebookQuestion, hash: string, ids: readonly number[]): Map<number, Suggestion> {
  const out = new Map<number, Suggestion>();
  for (let i = 0; i < ids.length; i += CHUNK)
    for (const [id, s] of pageSuggestions(db, question, hash, ids.slice(i, i + CHUNK), { raw: true })) out.set(id, s);
  return out;
}

/** Documents with a current prediction of the question (any run under `hash`). */
export function scoredDocumentIds(db: Db, questionId: string, hash: string): number[] {
  return db
    .prepare(
      `SELECT DISTINCT pd.document_id FROM prediction_documents pd JOIN prelabel_runs r ON r.id = pd.run_id
       WHERE r.question_id = ? AND r.model_input_hash = ? ORDER BY pd.document_id`,
    )
    .pluck()
    .all(questionId, hash) as number[];
}
