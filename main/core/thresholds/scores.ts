// The current zero-shot scores of a question's documents (every label's probability, as suggestions
// compute them from the stored logits; raw even while the calibrated classifier is on, since the
// per-label thresholds apply to raw scores), read in chunks. The uncertain band reads the
// suggestions' own margins from the coding state instead ([Note: one scale for the band]).
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
