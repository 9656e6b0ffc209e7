// The project's model precision and the agreement check that allowed int8, kept in the project
// file (project_meta), so that a copy of the project carries it and every core that opens it runs
// the same model file.
//
// [Note: precision in project_meta] One key in the key/value table the first migration made, not
// a new table: a setting read once per run needs no schema of its own (and no migration). The SQL
// stays here, beside the engine that is its only user. A question's scoring mode is kept the same
// way (scoring/scoring-mode.ts).
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
  db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    KEY,
    JSON.stringify(value),
  );
}
