// How a question is scored (every label, or hierarchically: parents first, then the labels under
// the top parents) and the hash that makes its predictions current, which includes the mode. The
// mode is kept in the project file like the precision ([Note: precision in project_meta] in
// precision/project-precision.ts); a run records it in its options.
import { createHash } from 'node:crypto';
import type { CodebookQuestion } from '../../../../common/contract';
import { modelInputHash, scoredLabels } from '../../codebook/hypotheses';
import type { Db } from '../../store/project-db';

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
    return {
      hierarchical: parsed.hierarchical === true,
      topParents: typeof top === 'number' && Number.isInteger(top) && top >= 1 ? top : 2,
    };
  } catch {
    return { hierarchical: false, topParents: 2 };
  }
}

export function writeScoringMode(db: Db, questionId: string, mode: ScoringMode): void {
  db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    scoringKey(questionId),
    JSON.stringify(mode),
  );
}

/**
 * The hash that makes predictions current: the codebook's model input (hypotheses, long-text mode,
 * the model file that ran: an int8 file has its own SHA-256) and, for hierarchical runs, the mode,
 * the number of top parents and the label tree, since they decide which labels a document is asked.
 */
export function runHash(question: CodebookQuestion, modelSha256: string, mode: ScoringMode): string {
  const base = modelInputHash(question, modelSha256);
  if (!mode.hierarchical) return base;
  const tree = scoredLabels(question).map((l) => [l.id, l.parent]);
  return createHash('sha256')
    .update(JSON.stringify({ base, scoring: 'parents-first', topParents: mode.topParents, tree }))
    .digest('hex');
}

/** The scoring mode a run was started with (from its stored options). */
export function modeOf(options: Readonly<Record<string, unknown>>): ScoringMode {
  const top = options.topParents;
  return {
    hierarchical: options.hierarchical === true,
    topParents: typeof top === 'number' && Number.isInteger(top) && top >= 1 ? top : 2,
  };
}
