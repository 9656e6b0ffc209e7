// The question's validation numbers in an export's manifest: the same evaluation as the validation
// screen and `prelabel evaluate` (evaluation/evaluate.ts), summarised for each truth the project
// has: the newest blind validation sample, the gold labels, and every coded document. Each entry
// says against what, how the documents were drawn, whether they are a random sample, n, and the
// headline numbers with their 95% bootstrap intervals, so that a reader of the exported labels
// knows how far to trust them.
import {
  EVALUATION_BOOTSTRAP,
  type CodebookQuestion,
  type EvaluationAgainst,
  type EvaluationResult,
  type Interval,
} from '../../../common/contract';
import { listSamples } from '../coding/samples';
import { runEvaluation } from '../evaluation/evaluate';
import type { Db } from '../store/project-db';
import { isUnit } from '../store/units';

/** The screen's, the CLI's and the report's bootstrap: the same intervals for the same numbers. */
export const MANIFEST_BOOTSTRAP = EVALUATION_BOOTSTRAP;

type Numbered = { estimate: number | null; lower: number | null; upper: number | null };

export interface ValidationEntry {
  against: EvaluationAgainst;
  /** How the documents were drawn (the evaluation's sentence). */
  description: string;
  random: boolean;
  sampleId: string | null;
  /** Documents compared (a truth and a current prediction). */
  n: number;
  /** Single-label: accuracy, macro F1, Cohen's kappa; multi-label: micro and macro F1, subset
   * accuracy, Hamming loss. Each with its percentile bootstrap interval. */
  metrics: Record<string, Numbered>;
  warnings: string[];
}

export interface ManifestValidation {
  modelInputHash: string | null;
  bootstrap: { replicates: number; seed: number; confidence: number };
  entries: ValidationEntry[];
  /** Why there are none, when there are none. */
  note: string | null;
}

const pick = (i: Interval): Numbered => ({ estimate: i.estimate, lower: i.lower, upper: i.upper });

function entry(r: EvaluationResult, against: EvaluationAgainst): ValidationEntry | null {
  const m = r.metrics;
  if (!m) return null;
  const metrics: Record<string, Numbered> =
    m.kind === 'single'
      ? { accuracy: pick(m.intervals.accuracy), macroF1: pick(m.intervals.macroF1), kappa: pick(m.intervals.kappa) }
      : {
          microF1: pick(m.intervals.microF1),
          macroF1: pick(m.intervals.macroF1),
          subsetAccuracy: pick(m.intervals.subsetAccuracy),
          hammingLoss: pick(m.intervals.hammingLoss),
        };
  return {
    against,
    description: r.source.description,
    random: r.source.random,
    sampleId: r.source.sample?.id ?? null,
    n: m.n,
    metrics,
    warnings: r.warnings,
  };
}

/** The question's validation numbers now, on the core's own connection (the evaluation keeps the
 * suggestion cache current, which a read-only snapshot cannot). */
export function manifestValidation(db: Db, question: CodebookQuestion, hash: string): ManifestValidation {
  const base = { modelInputHash: hash || null, bootstrap: { ...MANIFEST_BOOTSTRAP, confidence: 0.95 } };
  if (!hash) return { ...base, entries: [], note: 'The question has no current pre-labels, so there is nothing to validate.' };
  const hasSample = listSamples(db, question.id).length > 0;
  const hasGold =
    (db.prepare(`SELECT 1 FROM documents d WHERE d.gold_label IS NOT NULL AND ${isUnit('d')} LIMIT 1`).get() ?? null) !== null;
  const againsts: EvaluationAgainst[] = [...(hasSample ? (['sample'] as const) : []), ...(hasGold ? (['gold'] as const) : []), 'human'];
  const entries: ValidationEntry[] = [];
  for (const against of againsts) {
    const r = runEvaluation(
      db,
      question,
      hash,
      { questionId: question.id, against, bootstrap: MANIFEST_BOOTSTRAP },
      { noGoldIsEmpty: true },
    );
    const e = entry(r, against);
    if (e) entries.push(e);
  }
  return {
    ...base,
    entries,
    note: entries.length
      ? null
      : 'No document has both a truth (a human label decision, a gold label or a coded validation sample) and a current prediction.',
  };
}
