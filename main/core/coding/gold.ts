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
