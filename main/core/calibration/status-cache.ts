// What calibration.status needs from the project's decisions (how many training decisions have
// current logits), kept between calls while nothing it depends on changed: the status is read on
// every visit of the calibration panel, and counting means reading the features of every decision.
//
// [Note: calibration status cache] The count is kept per connection and question under a key of
// everything that can change it: the model-input hash; the question's labels that are not archived;
// the decision log (number of rows and largest rowid: a decision, an undo, a merge or a deletion
// changes one of them); the resolution rule (which decision is a document's); the documents of the
// question's samples (never training); and the prelabel runs under the hash with how many decided
// documents they have scored (a run that goes on, a new run, deleted predictions). Each part is one
// small query (the last one looks up the decided documents only), far cheaper than the count.
import type { CodebookQuestion } from '../../../common/contract';
import type { Db } from '../store/project-db';
import { calibrationLabels } from './dataset';

interface Entry {
  key: string;
  value: number;
}

const caches = new WeakMap<Db, Map<string, Entry>>();

/** How often the count was computed (tests check that a repeated status does not recompute it). */
export const statusCacheCounters = { computed: 0 };

function keyOf(db: Db, question: CodebookQuestion, hash: string): string {
  const log = db.prepare('SELECT count(*) AS n, coalesce(max(rowid), 0) AS last FROM annotations').get() as { n: number; last: number };
  const rule = db.prepare("SELECT value FROM project_meta WHERE key = 'coding.resolution'").pluck().get() as string | undefined;
  const samples = db
    .prepare(
      'SELECT count(*) AS n, coalesce(sum(sd.document_id), 0) AS s FROM sample_documents sd JOIN samples s ON s.id = sd.sample_id WHERE s.question_id = ?',
    )
    .get(question.id) as { n: number; s: number };
  // Driven from the decided documents (a partial index), each looked up in the run's documents.
  const scored = db.prepare(
    `SELECT count(*) FROM coding_state cs WHERE cs.question_id = ? AND cs.annotation_id IS NOT NULL
       AND EXISTS (SELECT 1 FROM prediction_documents pd WHERE pd.run_id = ? AND pd.document_id = cs.document_id)`,
  );
  const runs = (
    db
      .prepare('SELECT id, status FROM prelabel_runs WHERE question_id = ? AND model_input_hash = ? ORDER BY id')
      .all(question.id, hash) as Array<{
      id: string;
      status: string;
    }>
  ).map((r) => [r.id, r.status, scored.pluck().get(question.id, r.id) as number]);
  return JSON.stringify([hash, calibrationLabels(question), log.n, log.last, rule ?? null, samples.n, samples.s, runs]);
}

/** The cached value of `compute()` for this question under its current key; computed when the key changed. */
export function cachedDecisionCount(db: Db, question: CodebookQuestion, hash: string, compute: () => number): number {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const key = keyOf(db, question, hash);
  const hit = cache.get(question.id);
  if (hit && hit.key === key) return hit.value;
  statusCacheCounters.computed++;
  const value = compute();
  cache.set(question.id, { key, value });
  return value;
}
