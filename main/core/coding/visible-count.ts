// The number of coding units of the project, counted once per committed import.
import type { Db } from '../store/project-db';
import { UNIT_IMPORTS } from '../store/units';

/**
 * [Note: visible count] The number of visible documents, summed over the committed imports from a
 * per-connection cache of each import's count. A committed import never changes (its documents are
 * all written before the one update that commits it, and only imports that did not finish lose
 * theirs), so each is counted once per opened project instead of counting a million documents on
 * every progress read; an import committed since (by this connection or another) is counted on the
 * first read that sees it.
 */
const importCounts = new WeakMap<Db, Map<string, number>>();

export function visibleCount(db: Db): number {
  let counts = importCounts.get(db);
  if (!counts) importCounts.set(db, (counts = new Map()));
  const committed = db.prepare(UNIT_IMPORTS).pluck().all() as string[];
  let total = 0;
  for (const id of committed) {
    let n = counts.get(id);
    if (n === undefined) {
      n = db.prepare('SELECT count(*) FROM documents WHERE import_id = ?').pluck().get(id) as number;
      counts.set(id, n);
    }
    total += n;
  }
  return total;
}
