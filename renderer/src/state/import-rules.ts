// The import screen's rules, free of React and of the API: column order, the gold-label mapping,
// which problem decisions are still open, and what blocks the Import button.
import type { ImportAnalysis, ImportOptions, MethodInput, ProblemChoice, ProblemCode } from '../../../common/contract';

export type Decisions = Partial<Record<ProblemCode, ProblemChoice>>;
/** What import.start takes: per class, only the choices that class offers. */
export type StartDecisions = NonNullable<MethodInput<'import.start'>['decisions']>;

/** Classes the user must decide on: the core's default for duplicate ids is to cancel, which would
 * surprise anyone who did not read the warning. */
const MUST_CHOOSE: ReadonlySet<ProblemCode> = new Set(['duplicate_id']);

/** Each found class preselected with its default, except the ones the user must choose. */
export function initialDecisions(analysis: ImportAnalysis): Decisions {
  const out: Decisions = {};
  for (const p of analysis.problems) if (!MUST_CHOOSE.has(p.code)) out[p.code] = p.defaultChoice;
  return out;
}

export interface Blockers {
  /** Classes found in the file with no choice made yet. */
  undecided: ProblemCode[];
  /** Classes found in the file whose choice is to cancel the import: it would stop at their first row. */
  cancelling: ProblemCode[];
}

export function importBlockers(analysis: ImportAnalysis, decisions: Decisions): Blockers {
  const found = analysis.problems.filter((p) => p.count > 0);
  return {
    undecided: found.filter((p) => !decisions[p.code]).map((p) => p.code),
    cancelling: found.filter((p) => decisions[p.code] === 'cancel').map((p) => p.code),
  };
}

/** The decisions import.start gets: only the classes the check found (the core's defaults cover
 * the rest, and none of those occur in this file), each one of the choices its class offered. */
export function decisionsFor(analysis: ImportAnalysis, decisions: Decisions): StartDecisions {
  const out: Decisions = {};
  for (const p of analysis.problems) {
    const choice = decisions[p.code];
    if (choice && p.choices.includes(choice)) out[p.code] = choice;
  }
  // Each choice is one the core listed for its class, which is what the contract allows.
  return out as StartDecisions;
}

/** The next reading options when one of them changes. A new format starts over: a delimiter or a
 * sheet chosen for another format means nothing to it. */
export function nextOptions<K extends keyof ImportOptions>(current: ImportOptions, key: K, value: ImportOptions[K]): ImportOptions {
  if (key === 'format') return { format: value as ImportOptions['format'] };
  return { ...current, [key]: value };
}

/** Adds a column to the chosen text columns where the file has it, after any that precede it. A
 * reordered list keeps its order; the new column goes before the first one that follows it in the file. */
export function addInFileOrder(columns: readonly string[], chosen: readonly string[], column: string): string[] {
  if (chosen.includes(column)) return [...chosen];
  const pos = columns.indexOf(column);
  const at = chosen.findIndex((c) => columns.indexOf(c) > pos);
  const next = [...chosen];
  next.splice(at < 0 ? next.length : at, 0, column);
  return next;
}

/** Moves an item one place up (-1) or down (+1); at either end nothing changes. */
export function moveItem<T>(list: readonly T[], item: T, delta: -1 | 1): T[] {
  const from = list.indexOf(item);
  const to = from + delta;
  const next = [...list];
  if (from < 0 || to < 0 || to >= list.length) return next;
  next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}

export interface GoldGroup {
  /** The key the core matches on: trimmed and lower-cased. */
  key: string;
  /** The raw spellings in the file, most frequent first. */
  values: string[];
  count: number;
}

export const goldKey = (raw: string) => raw.trim().toLowerCase();

/** The core matches gold values whatever their case ("FAVOUR" = "favour"), so spellings that differ
 * only in case are one row of the mapping: one label for all of them. */
export function groupGoldValues(values: readonly { value: string; count: number }[]): GoldGroup[] {
  const byKey = new Map<string, GoldGroup>();
  for (const { value, count } of values) {
    const key = goldKey(value);
    const g = byKey.get(key);
    if (g) {
      g.values.push(value);
      g.count += count;
    } else byKey.set(key, { key, values: [value], count });
  }
  return [...byKey.values()].sort((a, b) => b.count - a.count);
}

/** The mapping import.start gets: each raw value with a label typed for it. Blank labels keep the
 * value as written. */
export function buildGoldMap(labels: Readonly<Record<string, string>>): Record<string, string> {
  const map: Record<string, string> = {};
  for (const [key, label] of Object.entries(labels)) {
    const name = label.trim();
    if (name) map[key] = name;
  }
  return map;
}

/** The distinct label names typed so far, to offer while typing the next one. */
export function labelNames(labels: Readonly<Record<string, string>>): string[] {
  return [
    ...new Set(
      Object.values(labels)
        .map((l) => l.trim())
        .filter(Boolean),
    ),
  ].sort((a, b) => a.localeCompare(b));
}

/** "3, 4, 6, 8 and 89 more": the first rows of a problem class. */
export function firstRows(rows: readonly number[], count: number, shown = 12): { rows: number[]; more: number } {
  const head = rows.slice(0, shown);
  return { rows: head, more: Math.max(0, count - head.length) };
}
