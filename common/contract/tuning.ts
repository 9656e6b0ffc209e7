// The tuning domain (issue 16, item 1): "try it" for a question's hypotheses. Variants of the
// template or of some labels' hypotheses are scored on the documents with a truth only (every coded
// document, the gold labels or a blind validation sample), as a job, without touching the stored
// predictions; each variant's macro-F1 and per-label F1 are computed by the same code as
// evaluation.run, next to the current wording's. Keeping a variant makes it a codebook revision.
import type { EvaluationSource, Interval, MultiLabelMetrics, SingleLabelMetrics } from './evaluation';
import { evaluationAgainst } from './evaluation';
import { uuid, z } from './zod';

/** One wording to try: a new template, new hypotheses for some labels (by label id; '' or null
 * goes back to the template), or both. */
export const tuningVariant = z
  .object({
    /** Shown in the results; default "Variant N". */
    name: z.string().trim().min(1).max(200).optional(),
    template: z.string().trim().min(1).max(1000).optional(),
    hypotheses: z.record(uuid, z.string().trim().max(1000).nullable()).optional(),
  })
  .strict();
export type TuningVariant = z.infer<typeof tuningVariant>;

export const tuningTryInput = z
  .object({
    questionId: uuid,
    against: evaluationAgainst.default('human'),
    /** The validation sample (against 'sample'); absent: the question's newest. */
    sampleId: uuid.optional(),
    variants: z.array(tuningVariant).min(1).max(8),
    /** The caller's job id (it follows the job's events from the start). */
    jobId: uuid.optional(),
  })
  .strict();

export const tuningKeepInput = z
  .object({
    questionId: uuid,
    variant: tuningVariant,
  })
  .strict();

export const tuningSuggestInput = z
  .object({
    questionId: uuid,
    /** Suggestions for one label's hypothesis; absent: templates for the whole question. */
    labelId: uuid.optional(),
  })
  .strict();

export interface TuningSuggestion {
  /** What the suggestion is, in a few words ("Topic template", "German translation"). */
  why: string;
  variant: TuningVariant;
  /** The hypothesis the first label (or the chosen label) would get, to show. */
  example: string;
}

export interface TuningSuggestions {
  questionId: string;
  /** The documents' main language (ISO 639-1), or null when it could not be told. */
  language: string | null;
  /** How the language was found ("column lang", "stopwords of 200 documents", ...). */
  languageSource: string;
  suggestions: TuningSuggestion[];
}

export interface TuningLabelF1 {
  label: string;
  f1: number | null;
  precision: number | null;
  recall: number | null;
  support: number;
  f1Interval: Interval;
}

export interface TuningVariantResult {
  name: string;
  /** The codebook's current wording (the first result). */
  current: boolean;
  template: string;
  /** Every scored label's hypothesis under this variant; `changed`: it differs from the current one. */
  hypotheses: Array<{ labelId: string; label: string; hypothesis: string; changed: boolean }>;
  /** Pairs sent to the model for this variant, and pairs whose stored logits were reused. */
  pairsScored: number;
  pairsReused: number;
  macroF1: number | null;
  macroF1Interval: Interval | null;
  perLabel: TuningLabelF1[];
  /** The full numbers, as evaluation.run gives them (null without documents). */
  metrics: SingleLabelMetrics | MultiLabelMetrics | null;
}

export interface TuningResult {
  questionId: string;
  question: string;
  multiLabel: boolean;
  against: z.infer<typeof evaluationAgainst>;
  source: EvaluationSource;
  documents: { withTruth: number; used: number; noCurrentPrediction: number };
  labels: string[];
  variants: TuningVariantResult[];
  bootstrap: { replicates: number; seed: number; confidence: number };
  warnings: string[];
  modelSha256: string;
  seconds: number;
}

export interface TuningStarted {
  jobId: string;
}
