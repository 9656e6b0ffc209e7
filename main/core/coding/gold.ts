// The gold label through the workflow (issue 13): which label of a question a document's gold value
// means, the project's switch that shows gold labels while coding (training), the distinct gold
// values with their counts, and the gold column kept out of what a coder sees.
//
// [Note: gold matching] A gold value (documents.gold_label, after the import's value mapping) means
// a label of a question when, trimmed and case-folded, it is the label's name or its code; archived
// labels are not matched. For a multi-label question a value may list several labels separated by
// ";" or "|" ("economy; welfare"); a value none of whose parts matches means no label (it still
// "differs" from every decision). Browse's gold filters, the export's gold columns, labels from
// gold values and the validation numbers all match through goldMatcher, so they agree.
//
// [Note: empty gold] An empty cell of an import's gold column is stored as no gold (NULL). For a
// single-label question it stays "no gold". For a multi-label question it can mean "none of these
// labels" (a document that is neither toxic nor engaging...): with the project's switch "An empty
// gold cell means no label (multi-label questions)", on unless turned off, the units of an import
// that had a gold column count with the empty label set as their gold (emptyGoldImports, goldCondition).
// Imports of other versions that recorded the gold column only by position count as well.
import type { CodebookQuestion } from '../../../common/contract';
import type { Db } from '../store/project-db';
import { isUnit } from '../store/units';

const SHOW_GOLD_KEY = 'coding.showGold';

const fold = (s: string) => s.trim().toLowerCase();

/** The parts of a gold value: the whole value, or for a multi-label question its ";"/"|" parts. */
export function goldParts(gold: string, multiLabel: boolean): string[] {
  const parts = multiLabel ? gold.split(/[;|]/) : [gold];
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

export interface GoldMatch {
  /** The labels the value means, in codebook order (empty: none of them). */
  labelIds: string[];
  /** Every part of the value names a label. */
  complete: boolean;
}

/** The labels of `question` that gold values mean ([Note: gold matching]); memoised per value. */
export function goldMatcher(question: CodebookQuestion): (gold: string | null) => GoldMatch | null {
  const byKey = new Map<string, string>();
  for (const l of question.labels) {
    if (l.archived) continue;
    if (l.code !== null && l.code.trim() !== '' && !byKey.has(fold(l.code))) byKey.set(fold(l.code), l.id);
  }
  // Names win over codes: a label named "1" beats another label's code "1".
  for (const l of question.labels) if (!l.archived) byKey.set(fold(l.name), l.id);
  const order = new Map(question.labels.map((l, i) => [l.id, i]));
  const memo = new Map<string, GoldMatch>();
  return (gold) => {
    if (gold === null) return null;
    let m = memo.get(gold);
    if (!m) {
      const parts = goldParts(gold, question.multiLabel);
      const ids = parts.map((p) => byKey.get(fold(p)));
      const labelIds = [...new Set(ids.filter((id): id is string => id !== undefined))].sort((a, b) => order.get(a)! - order.get(b)!);
      m = { labelIds, complete: parts.length > 0 && ids.every((id) => id !== undefined) };
      memo.set(gold, m);
    }
    return m;
  };
}

/** A label set as one comparable key: the ids sorted, joined by commas ('' for none). */
export function labelKey(labelIds: readonly string[]): string {
  return [...labelIds].sort().join(',');
}

/** The project's distinct gold values among coding units, most frequent first. */
export function goldValues(db: Db): Array<{ value: string; count: number }> {
  return db
    .prepare(
      `SELECT d.gold_label AS value, count(*) AS count FROM documents d
       WHERE d.gold_label IS NOT NULL AND ${isUnit('d')} GROUP BY d.gold_label ORDER BY count DESC, value`,
    )
    .all() as Array<{ value: string; count: number }>;
}

/** Whether any coding unit has a gold label. */
export function hasGold(db: Db): boolean {
  return db.prepare(`SELECT 1 FROM documents d WHERE d.gold_label IS NOT NULL AND ${isUnit('d')} LIMIT 1`).get() !== undefined;
}

/** The project's switch "Show gold labels while coding (training)"; off unless turned on. */
export function showGoldWhileCoding(db: Db): boolean {
  return db.prepare('SELECT value FROM project_meta WHERE key = ?').pluck().get(SHOW_GOLD_KEY) === 'true';
}

/** Kept in the project file (project_meta), so that a copy of the project has the same switch. */
export function setShowGoldWhileCoding(db: Db, show: boolean): void {
  db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    SHOW_GOLD_KEY,
    String(show),
  );
}

const EMPTY_GOLD_KEY = 'gold.emptyMeansNoLabel';

/** The project's switch "An empty gold cell means no label (multi-label questions)"; on unless turned off. */
export function emptyGoldMeansNoLabel(db: Db): boolean {
  return db.prepare('SELECT value FROM project_meta WHERE key = ?').pluck().get(EMPTY_GOLD_KEY) !== 'false';
}

export function setEmptyGoldMeansNoLabel(db: Db, on: boolean): void {
  db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    EMPTY_GOLD_KEY,
    String(on),
  );
}

/** The imports that had a gold column (their mapping named one, by name or position). */
export function importsWithGold(db: Db): string[] {
  const rows = db.prepare('SELECT id, options FROM imports').all() as Array<{ id: string; options: string | null }>;
  return rows
    .filter((r) => {
      try {
        const o = (r.options ? JSON.parse(r.options) : {}) as { goldColumnName?: unknown; mapping?: { goldColumn?: unknown } };
        return (typeof o.goldColumnName === 'string' && o.goldColumnName !== '') || (o.mapping?.goldColumn ?? null) !== null;
      } catch {
        return false;
      }
    })
    .map((r) => r.id);
}

/** The imports whose units with an empty gold cell have the empty label set as gold for `question`
 * ([Note: empty gold]): those with a gold column for a multi-label question with the switch on, else none. */
export function emptyGoldImports(db: Db, question: Pick<CodebookQuestion, 'multiLabel'>): string[] {
  return question.multiLabel && emptyGoldMeansNoLabel(db) ? importsWithGold(db) : [];
}

/** The units with gold for a question, as a condition on the documents alias `d` (bind
 * `emptyGoldImports` to the JSON of emptyGoldImports): a gold value, or an empty cell that means no label. */
export function goldCondition(alias = 'd'): string {
  return `(${alias}.gold_label IS NOT NULL OR ${alias}.import_id IN (SELECT value FROM json_each(@emptyGoldImports)))`;
}

/** How many coding units have gold for the question ([Note: empty gold] included). */
export function goldUnitCount(db: Db, question: Pick<CodebookQuestion, 'multiLabel'>): number {
  return db
    .prepare(`SELECT count(*) FROM documents d WHERE ${goldCondition('d')} AND ${isUnit('d')}`)
    .pluck()
    .get({ emptyGoldImports: JSON.stringify(emptyGoldImports(db, question)) }) as number;
}

/** The units whose empty gold cell counts as "no label" for the question ([Note: empty gold]). */
export function emptyGoldUnitCount(db: Db, question: Pick<CodebookQuestion, 'multiLabel'>): number {
  const imports = emptyGoldImports(db, question);
  if (!imports.length) return 0;
  return db
    .prepare(
      `SELECT count(*) FROM documents d WHERE d.gold_label IS NULL AND d.import_id IN (SELECT value FROM json_each(?)) AND ${isUnit('d')}`,
    )
    .pluck()
    .get(JSON.stringify(imports)) as number;
}

interface ImportGold {
  /** The metadata key of the gold column, when known. */
  column: string | null;
  /** Raw gold values (case-folded) -> label names, the import's value mapping. */
  map: Map<string, string>;
}

const importGold = new WeakMap<Db, Map<string, ImportGold>>();

/** How an import stored its gold column: the resolved name (imports since issue 13), else the name
 * its mapping gave; a position given on the command line by older versions leaves it unknown. */
function goldOfImport(db: Db, importId: string): ImportGold {
  let cache = importGold.get(db);
  if (!cache) importGold.set(db, (cache = new Map()));
  let g = cache.get(importId);
  if (!g) {
    const raw = db.prepare('SELECT options FROM imports WHERE id = ?').pluck().get(importId) as string | undefined;
    let stored: { goldColumnName?: unknown; mapping?: { goldColumn?: unknown; goldMap?: unknown } } = {};
    try {
      stored = raw ? (JSON.parse(raw) as typeof stored) : {};
    } catch {
      // An unreadable record hides by value below.
    }
    const ref = stored.mapping?.goldColumn;
    const column = typeof stored.goldColumnName === 'string' ? stored.goldColumnName : typeof ref === 'string' ? ref : null;
    const map = new Map<string, string>();
    const goldMap = stored.mapping?.goldMap;
    if (goldMap && typeof goldMap === 'object')
      for (const [k, v] of Object.entries(goldMap as Record<string, unknown>)) if (typeof v === 'string') map.set(fold(k), v);
    g = { column, map };
    cache.set(importId, g);
  }
  return g;
}

/**
 * The metadata without the gold column, so that a coder who must not see the gold does not see it
 * either as a raw metadata value ([Note: gold kept from the coder]). The column is found by its name
 * (case-folded); where the import did not record it, every value that is, or maps to, the gold label
 * is left out.
 */
export function withoutGold(db: Db, importId: string, metadata: Record<string, string>, gold: string | null): Record<string, string> {
  const g = goldOfImport(db, importId);
  const out: Record<string, string> = {};
  const column = g.column === null ? null : fold(g.column);
  for (const [k, v] of Object.entries(metadata)) {
    if (column !== null ? fold(k) === column : gold !== null && (v.trim() === gold || g.map.get(fold(v)) === gold)) continue;
    out[k] = v;
  }
  return out;
}
