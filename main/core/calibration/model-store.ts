// Where a question's calibrated classifier is kept: one JSON value in project_meta under
// `calibration:<questionId>` ([Note: precision in project_meta]: a copy of the project carries it, and
// no migration is needed). It holds the switch, the fitted model (scaler and coefficients), the number
// of decisions, the codebook revision and the model-input hash it was fitted under, and the last
// cross-validated evaluation. [Note: calibration goes stale] A model fitted under another model-input
// hash (hypotheses, template, long-text mode or model file changed) is never applied: suggestions are
// raw until it is fitted again, and the status says so.
import type { CalibrationEvaluation } from '../../../common/contract';
import type { Db } from '../store/project-db';
import type { FittedCalibration } from './classifier';

export interface StoredCalibration {
  on: boolean;
  c: number | null;
  model: FittedCalibration | null;
  decisions: number | null;
  fittedAt: string | null;
  revisionId: string | null;
  /** Model-input hash of the fit. */
  hash: string | null;
  evaluation: CalibrationEvaluation | null;
}

const key = (questionId: string): string => `calibration:${questionId}`;

const EMPTY: StoredCalibration = {
  on: false,
  c: null,
  model: null,
  decisions: null,
  fittedAt: null,
  revisionId: null,
  hash: null,
  evaluation: null,
};

export function readCalibration(db: Db, questionId: string): StoredCalibration {
  const raw = db.prepare('SELECT value FROM project_meta WHERE key = ?').pluck().get(key(questionId)) as string | undefined;
  if (raw === undefined) return { ...EMPTY };
  try {
    return { ...EMPTY, ...(JSON.parse(raw) as Partial<StoredCalibration>) };
  } catch {
    // A damaged value reads as "never calibrated": raw scores, which is always safe.
    return { ...EMPTY };
  }
}

export function writeCalibration(db: Db, questionId: string, value: StoredCalibration): void {
  db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    key(questionId),
    JSON.stringify(value),
  );
}
