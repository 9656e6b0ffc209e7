// The thresholds domain (issue 16, item 2). Multi-label questions: a threshold per label tuned on
// the coded documents (the current human decisions, never a blind validation sample's documents),
// each label's precision-recall curve over every distinct score, the threshold a rule picks and the
// precision and recall it gives. Tuned thresholds are stored with the model-input hash they were
// tuned under and replace 0.5 in suggestions and exports until the hypotheses or the model change.
// Single-label questions: an optional uncertain band, documents whose top two labels' probabilities
// differ by less than a margin, counted and measured on the coded documents.
import { uuid, z } from './zod';

export const thresholdRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('maxF1') }).strict(),
  z.object({ kind: z.literal('targetPrecision'), value: z.number().gt(0).max(1) }).strict(),
  z.object({ kind: z.literal('targetRecall'), value: z.number().gt(0).max(1) }).strict(),
]);
export type ThresholdRuleInput = z.infer<typeof thresholdRule>;

export const thresholdsGetInput = z
  .object({
    questionId: uuid,
    /** The rule whose choice is shown (nothing is stored); default: the stored rule, else maxF1. */
    rule: thresholdRule.optional(),
  })
  .strict();

/** Tunes and stores the thresholds of a multi-label question (or removes them: `clear`). */
export const thresholdsTuneInput = z
  .object({ questionId: uuid, rule: thresholdRule.default({ kind: 'maxF1' }), clear: z.boolean().default(false) })
  .strict();

/** A single-label question's uncertain band: a margin in (0, 1), or null to turn it off. */
export const uncertainBandInput = z.object({ questionId: uuid, margin: z.number().gt(0).lt(1).nullable() }).strict();

export interface ThresholdPoint {
  threshold: number;
  precision: number;
  recall: number;
}

export interface ThresholdAt {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  /** Coded documents the label is given to at this threshold. */
  given: number;
}

export interface LabelThreshold {
  labelId: string;
  label: string;
  /** Coded documents with the label, and without. */
  positives: number;
  negatives: number;
  /** From the highest threshold down, one point per distinct score ([Note: precision-recall curve]). */
  curve: ThresholdPoint[];
  /** Null when no coded document has the label. */
  averagePrecision: number | null;
  /** What the rule picks; null with `reason` when it picks nothing. */
  chosen: ThresholdAt | null;
  reason: string | null;
  /** The default cut, for comparison. */
  atDefault: Omit<ThresholdAt, 'threshold'> & { threshold: 0.5 };
  /** The threshold suggestions use now (the stored one while current), else null (0.5). */
  inUse: number | null;
}

export interface StoredThresholdsInfo {
  rule: ThresholdRuleInput;
  tunedAt: string;
  /** Coded documents they were tuned on. */
  documents: number;
  /** False once the hypotheses, the model or the scoring mode changed: 0.5 applies again. */
  current: boolean;
}

export interface UncertainBandAt {
  margin: number;
  /** Coded documents inside the band, and the model's accuracy inside and outside it. */
  coded: number;
  accuracyInside: number | null;
  accuracyOutside: number | null;
  /** Scored documents (current predictions) inside the band. */
  corpus: number;
}

export interface UncertainBandReport {
  /** The band set for the question, or null (off). */
  margin: number | null;
  /** At the set margin (null when off). */
  current: UncertainBandAt | null;
  /** At a few margins, to choose one. */
  candidates: UncertainBandAt[];
  /** Scored documents (current predictions) and coded documents with one. */
  scored: number;
  coded: number;
  /** The probabilities the margins are of, the suggestions' own: the raw zero-shot softmax, or the
   * calibrated classifier's while it is on; the export and the "uncertain first" queue use the same. */
  scale: 'raw' | 'calibrated';
}

export interface ThresholdsResult {
  questionId: string;
  multiLabel: boolean;
  rule: ThresholdRuleInput;
  /** Coded documents with a current prediction the curves are computed on. */
  documents: number;
  /** Coded documents left out: in a blind validation sample (kept for an honest evaluation), or without a current prediction. */
  excludedValidation: number;
  unscored: number;
  /** Multi-label only (empty for single-label). */
  labels: LabelThreshold[];
  stored: StoredThresholdsInfo | null;
  /** Single-label only (null for multi-label). */
  band: UncertainBandReport | null;
  /** Which scores the thresholds (or the band's numbers) are of and apply to: raw zero-shot scores
   * only; `calibrated` while the calibrated classifier is on (its probabilities are cut at 0.5, and
   * no tuned threshold is in use). `text` is one line for the screen and the CLI. */
  appliesTo?: { calibrated: boolean; text: string };
}
