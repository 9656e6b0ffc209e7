// The project's current decision of a document among several coders ([Note: several coders] in
// store/migrations/008-several-coders.ts), and the project's coding settings for several coders.
//
// [Note: resolution] Each coder keeps a current decision (coder_state). The project's current
// decision (coding_state: what Browse, progress and the export's final label read) is chosen thus:
// 1. the latest live adjudication decision ('adjudicated'), as long as no coder decided the document
//    after it: an adjudication settles the coders' decisions as they stood, and a coder's later
//    decision reopens the document (it is resolved as if not adjudicated, and shows as open again
//    in the adjudication view);
// 2. else, among the coders' current decisions, those that decide (a label, or not codable) outrank
//    skips: a skip says "not now", not "no label";
// 3. one deciding coder: theirs ('single'); several with the same labels: the latest of them ('agreed');
// 4. several that differ: the project's rule ('rule'): 'latest' (the most recent, what a project with
//    one coder at a time always did), 'majority' (the label set most coders chose; a tie goes to the
//    latest among the tied), or 'lead' (a named lead coder's decision where they made one, else the
//    majority);
// 5. only skips: the latest skip ('single' for one coder, 'agreed' for several).
import { PrelabelError, type CodingMode, type ResolutionRule } from '../../../common/contract';
import type { Db } from '../store/project-db';

export type Resolution = 'single' | 'agreed' | 'adjudicated' | 'rule';

/** What the resolution reads of a decision (a row of annotations). */
export interface ResolvableRow {
  id: string;
  coder_id: string;
  kind: string;
  label_ids: string;
  created_at: string;
}

const RULE_KEY = 'coding.resolution';
const MODE_KEY = 'coding.mode';
const BLIND_CODERS_KEY = 'coding.blindCoders';
const HIDE_SUGGESTIONS_KEY = 'coding.hideSuggestions';

function meta(db: Db, key: string): string | undefined {
  return db.prepare('SELECT value FROM project_meta WHERE key = ?').pluck().get(key) as string | undefined;
}

function setMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

/** The rule that settles a disagreement without an adjudication; 'latest' unless set. */
export function resolutionRule(db: Db): ResolutionRule {
  const raw = meta(db, RULE_KEY);
  if (!raw) return { rule: 'latest' };
  try {
    const r = JSON.parse(raw) as ResolutionRule;
    if (r.rule === 'majority' || r.rule === 'latest') return { rule: r.rule };
    if (r.rule === 'lead' && typeof r.lead === 'string' && r.lead.trim()) return { rule: 'lead', lead: r.lead.trim() };
  } catch {
    // an unreadable value counts as unset
  }
  return { rule: 'latest' };
}

export function setResolutionRuleMeta(db: Db, rule: ResolutionRule): void {
  if (rule.rule === 'lead' && !rule.lead?.trim())
    throw new PrelabelError('INVALID_INPUT', 'The rule "lead coder" needs the lead coder\'s name.');
  setMeta(db, RULE_KEY, JSON.stringify(rule.rule === 'lead' ? { rule: 'lead', lead: rule.lead!.trim() } : { rule: rule.rule }));
}

/** 'shared': a document decided by any coder leaves every coder's queue (the work is divided);
 * 'every': each coder codes every document (independent double coding). 'shared' unless set. */
export function codingMode(db: Db): CodingMode {
  return meta(db, MODE_KEY) === 'every' ? 'every' : 'shared';
}

export function setCodingMode(db: Db, mode: CodingMode): void {
  setMeta(db, MODE_KEY, mode);
}

/** Blind mode: a coder sees only their own decisions (and, with hideSuggestions, no suggestion). */
export function blindCoders(db: Db): boolean {
  return meta(db, BLIND_CODERS_KEY) === 'true';
}

export function setBlindCoders(db: Db, on: boolean): void {
  setMeta(db, BLIND_CODERS_KEY, String(on));
}

export function hideSuggestions(db: Db): boolean {
  return meta(db, HIDE_SUGGESTIONS_KEY) === 'true';
}

export function setHideSuggestions(db: Db, on: boolean): void {
  setMeta(db, HIDE_SUGGESTIONS_KEY, String(on));
}

/** The labels of a decision as a comparable key (kind and the sorted label ids). */
export function decisionKey(row: Pick<ResolvableRow, 'kind' | 'label_ids'>): string {
  const ids = (JSON.parse(row.label_ids) as string[]).slice().sort();
  return `${row.kind}:${ids.join(',')}`;
}

/** Later in time; two coders' decisions of the same millisecond by their ids, so that the result
 * never depends on the order rows were inserted in (merged copies arrive in any order). */
const newer = (a: ResolvableRow, b: ResolvableRow): boolean =>
  a.created_at > b.created_at || (a.created_at === b.created_at && a.id > b.id);

function latest<R extends ResolvableRow>(rows: readonly R[]): R {
  let best = rows[0]!;
  for (const r of rows) if (newer(r, best)) best = r;
  return best;
}

function majority<R extends ResolvableRow>(rows: readonly R[]): R {
  const groups = new Map<string, R[]>();
  for (const r of rows) {
    const k = decisionKey(r);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const most = Math.max(...[...groups.values()].map((g) => g.length));
  return latest([...groups.values()].filter((g) => g.length === most).map(latest));
}

/**
 * The project's current decision from each coder's current decision (one row per coder, newest
 * first) and the latest live adjudication; null when there is neither ([Note: resolution]).
 */
export function resolve<R extends ResolvableRow>(
  coders: readonly R[],
  adjudication: R | null,
  rule: ResolutionRule,
  leadCoderId: string | null,
): { row: R; resolution: Resolution } | null {
  if (adjudication && !coders.some((c) => newer(c, adjudication))) return { row: adjudication, resolution: 'adjudicated' };
  if (coders.length === 0) return null;
  const deciding = coders.filter((r) => r.kind !== 'skip');
  if (deciding.length === 0) return { row: latest(coders), resolution: coders.length === 1 ? 'single' : 'agreed' };
  if (deciding.length === 1) return { row: deciding[0]!, resolution: 'single' };
  if (new Set(deciding.map(decisionKey)).size === 1) return { row: latest(deciding), resolution: 'agreed' };
  if (rule.rule === 'latest') return { row: latest(deciding), resolution: 'rule' };
  if (rule.rule === 'lead') {
    const lead = deciding.find((r) => r.coder_id === leadCoderId);
    if (lead) return { row: lead, resolution: 'rule' };
  }
  return { row: majority(deciding), resolution: 'rule' };
}
