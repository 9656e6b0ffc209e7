// Browse's gold filters (issue 13): documents with a gold label, whose gold means a label, or whose
// gold differs from the current decision or suggestion. Conditions are SQL over the document id
// ({id}) and the coding state (s), as browse.ts's filters are.
//
// [Note: gold keys] Which labels a gold value means is decided in one place (goldMatcher,
// [Note: gold matching] in gold.ts), not in SQL: the distinct gold values of the project are matched
// once and kept, with their labels' key (the label ids sorted, joined by commas), in a temporary
// table of this connection, filled again when the codebook or the committed imports change. A
// document's gold differs from its decision when the keys differ, and from its suggestion when the
// suggestion's top label is not among the gold's labels (the state keeps only the top label; for a
// single-label question that is the same as differing). A value that means no label differs from
// every decision and suggestion (its key is NULL).
//
// An empty gold cell that counts as "none of these labels" ([Note: empty gold] in gold.ts: a
// multi-label question, the project's switch on, an import with a gold column) is gold, as in the
// evaluation: such a document "has gold", its key is '' (the empty label set), so it agrees with a
// decision "none of these labels" and differs from any other.
import type { CodebookQuestion, ParsedInput } from '../../../common/contract';
import type { Db } from '../store/project-db';
import { emptyGoldImports, goldCondition, goldMatcher, goldValues, labelKey } from './gold';

/** Bind `emptyGoldImports` (goldCondition). */
const HAS_GOLD = `EXISTS (SELECT 1 FROM documents g WHERE g.id = {id} AND ${goldCondition('g')})`;
/** The label key of the document's gold: '' for an empty cell that means no label, NULL for a value
 * that names no label (or without gold). */
const GOLD_KEY = `(SELECT CASE WHEN g.gold_label IS NULL THEN '' ELSE bg.label_key END FROM documents g
  LEFT JOIN temp.browse_gold bg ON bg.value = g.gold_label WHERE g.id = {id} AND ${goldCondition('g')})`;
const contains = (key: string, labelId: string) => `instr(',' || ${key} || ',', ',' || ${labelId} || ',') > 0`;

const goldMemo = new WeakMap<Db, string>();

/** Fills temp.browse_gold with the question's keys of every gold value ([Note: gold keys]). */
function fillGoldKeys(db: Db, question: CodebookQuestion): void {
  const labels = question.labels.map((l) => [l.id, l.name, l.code, l.archived]);
  const key = `${JSON.stringify([question.id, question.multiLabel, labels])}|${
    db.prepare("SELECT group_concat(id || ':' || status || ':' || coalesce(segmented_by, ''), ',') FROM imports").pluck().get() as string
  }`;
  db.exec('CREATE TEMP TABLE IF NOT EXISTS browse_gold (value TEXT PRIMARY KEY, label_key TEXT)');
  if (goldMemo.get(db) === key) return;
  const match = goldMatcher(question);
  db.transaction(() => {
    db.exec('DELETE FROM temp.browse_gold');
    const insert = db.prepare('INSERT INTO temp.browse_gold (value, label_key) VALUES (?, ?)');
    for (const { value } of goldValues(db)) {
      const ids = match(value)!.labelIds;
      insert.run(value, ids.length ? labelKey(ids) : null);
    }
  })();
  goldMemo.set(db, key);
}

export interface GoldFilter {
  /** Conditions that need no state row (with {id}). */
  plain: string[];
  /** Conditions that need a state row (with {id} and s). */
  state: string[];
  params: Record<string, unknown>;
}

export function goldFilters(db: Db, input: ParsedInput<'browse.page'>, question: CodebookQuestion | null): GoldFilter | null {
  if (input.gold === undefined && input.goldLabelId === undefined) return null;
  const out: GoldFilter = {
    plain: [],
    state: [],
    params: { emptyGoldImports: JSON.stringify(question ? emptyGoldImports(db, question) : []) },
  };
  if (input.gold === 'has' || !question) {
    out.plain.push(HAS_GOLD);
    if (!question) return out;
  }
  fillGoldKeys(db, question);
  if (input.goldLabelId !== undefined) {
    out.params.goldLabel = input.goldLabelId;
    out.plain.push(`${contains(GOLD_KEY, '@goldLabel')}`);
  }
  if (input.gold === 'differs_decision') {
    // A multi-label decision "none of these labels" has the key '' (as an empty gold cell that means it).
    const decisionKey = question.multiLabel
      ? "coalesce((SELECT group_concat(value, ',') FROM (SELECT value FROM json_each(s.label_ids) ORDER BY value)), '')"
      : 's.label_id';
    out.state.push(`s.annotation_id IS NOT NULL AND s.kind = 'label' AND ${HAS_GOLD} AND ${GOLD_KEY} IS NOT ${decisionKey}`);
  }
  if (input.gold === 'differs_suggestion')
    out.state.push(`s.suggestion_hash = @h AND ${HAS_GOLD} AND NOT ${contains(`coalesce(${GOLD_KEY}, '')`, 's.suggestion_label_id')}`);
  return out;
}
