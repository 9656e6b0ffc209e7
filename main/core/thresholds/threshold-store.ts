// A question's tuned thresholds and uncertain band, kept in the project file (project_meta, one JSON
// value per question, like the scoring mode: [Note: precision in project_meta]), so that a copy of the
// project carries them.
//
// [Note: thresholds go stale] Thresholds are tuned on scores of one model input (hypotheses, model
// file, scoring mode): they are stored with that hash and used only while it is the question's
// current one. After a change of wording or model, 0.5 applies again until they are tuned again;
// the stored record stays, marked not current. The uncertain band is a margin between two
// probabilities, not a fitted value, and applies under every model input.
import type { ThresholdRuleInput } from '../../../common/contract/thresholds';
import type { Db } from '../store/project-db';

export interface StoredThresholds {
  hash: string;
  rule: ThresholdRuleInput;
  tunedAt: string;
  documents: number;
  /** Label id -> threshold; labels the rule picked nothing for are absent (0.5 applies). */
  thresholds: Record<string, number>;
}

const thresholdsKey = (questionId: string) => `thresholds.${questionId}`;
const bandKey = (questionId: string) => `uncertain-band.${questionId}`;

function readJson(db: Db, key: string): unknown {
  const raw = db.prepare('SELECT value FROM project_meta WHERE key = ?').pluck().get(key) as string | undefined;
  if (raw === undefined) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}

function put(db: Db, key: string, value: unknown): void {
  db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    key,
    JSON.stringify(value),
  );
}

export function readStoredThresholds(db: Db, questionId: string): StoredThresholds | null {
  const v = readJson(db, thresholdsKey(questionId)) as Partial<StoredThresholds> | null;
  if (!v || typeof v.hash !== 'string' || typeof v.thresholds !== 'object' || v.thresholds === null) return null;
  const thresholds: Record<string, number> = {};
  for (const [id, t] of Object.entries(v.thresholds)) if (typeof t === 'number' && Number.isFinite(t)) thresholds[id] = t;
  return {
    hash: v.hash,
    rule: v.rule ?? { kind: 'maxF1' },
    tunedAt: String(v.tunedAt ?? ''),
    documents: Number(v.documents ?? 0),
    thresholds,
  };
}

/** The thresholds in use under `hash` (label id -> threshold), or null when none are current. */
export function currentThresholds(db: Db, questionId: string, hash: string): Map<string, number> | null {
  const stored = readStoredThresholds(db, questionId);
  if (!stored || !hash || stored.hash !== hash) return null;
  return new Map(Object.entries(stored.thresholds));
}

export function writeStoredThresholds(db: Db, questionId: string, value: StoredThresholds): void {
  put(db, thresholdsKey(questionId), value);
}

export function clearStoredThresholds(db: Db, questionId: string): void {
  db.prepare('DELETE FROM project_meta WHERE key = ?').run(thresholdsKey(questionId));
}

/** The uncertain band's margin of a single-label question, or null (off). */
export function readUncertainBand(db: Db, questionId: string): number | null {
  const v = readJson(db, bandKey(questionId)) as { margin?: unknown } | null;
  const m = v?.margin;
  return typeof m === 'number' && m > 0 && m < 1 ? m : null;
}

export function writeUncertainBand(db: Db, questionId: string, margin: number | null): void {
  if (margin === null) db.prepare('DELETE FROM project_meta WHERE key = ?').run(bandKey(questionId));
  else put(db, bandKey(questionId), { margin });
}
