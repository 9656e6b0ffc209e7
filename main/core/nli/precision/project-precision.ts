// The project's model precision and the agreement check that allowed int8, kept in the project
// file (project_meta), so that a copy of the project carries it and every core that opens it runs
// the same model file.
//
// [Note: precision in project_meta] One key in the key/value table the first migration made, not
// a new table: a setting read once per run needs no schema of its own (and no migration). The SQL
// stays here, beside the engine that is its only user.
import type { PrecisionCheck, Precision } from '../../../../common/contract';
import type { Db } from '../../store/project-db';

const KEY = 'nli.precision';

export interface StoredPrecision {
  precision: Precision;
  /** The latest int8 check, accepted or not; an accepted one names the fp32 and int8 files it judged. */
  check: PrecisionCheck | null;
}

export function readPrecision(db: Db): StoredPrecision {
  const raw = db.prepare('SELECT value FROM project_meta WHERE key = ?').pluck().get(KEY) as string | undefined;
  if (!raw) return { precision: 'fp32', check: null };
  try {
    const parsed = JSON.parse(raw) as Partial<StoredPrecision>;
    return { precision: parsed.precision === 'int8' ? 'int8' : 'fp32', check: parsed.check ?? null };
  } catch {
    return { precision: 'fp32', check: null }; // damaged by hand: fp32 is always safe
  }
}

export function writePrecision(db: Db, value: StoredPrecision): void {
  db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEY, JSON.stringify(value));
}

/** The scoring mode a question's predictions are current under (set by the latest run started). */
export interface ScoringMode {
  hierarchical: boolean;
  topParents: number;
}

const scoringKey = (questionId: string) => `nli.scoring.${questionId}`;

export function readScoringMode(db: Db, questionId: string): ScoringMode {
  const raw = db.prepare('SELECT value FROM project_meta WHERE key = ?').pluck().get(scoringKey(questionId)) as string | undefined;
  try {
    const parsed = raw ? (JSON.parse(raw) as Partial<ScoringMode>) : {};
    const top = parsed.topParents;
    return { hierarchical: parsed.hierarchical === true, topParents: typeof top === 'number' && Number.isInteger(top) && top >= 1 ? top : 2 };
  } catch {
    return { hierarchical: false, topParents: 2 };
  }
}

export function writeScoringMode(db: Db, questionId: string, mode: ScoringMode): void {
  db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(scoringKey(questionId), JSON.stringify(mode));
}
