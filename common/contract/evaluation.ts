// The evaluation domain (issue 13, items 3, 7, 9, 10): how good a question's current pre-labels are
// against humans (every coded document, or a blind validation sample) or against gold, with
// intervals; the corpus share of each label (naive, human-only, prediction-powered); anchoring; and
// the methods report. One result type, EvaluationResult, is what the validation screen shows, what
// `prelabel evaluate --json` prints and what the report names, so the three cannot disagree.
// The statistics' shapes mirror main/core/stats (the contract cannot import the core); formulas and
// references are in docs/STATISTICS.md.
import { nonEmpty, uuid, z } from './zod';

/** What the model is compared with: every current human decision, the gold labels, or a blind validation sample. */
export const evaluationAgainst = z.enum(['human', 'gold', 'sample']);
export type EvaluationAgainst = z.infer<typeof evaluationAgainst>;

/** The bootstrap every validation number uses unless asked otherwise: the screen, the CLI, the report
 * and an export's manifest, so one number never gets two intervals. */
export const EVALUATION_BOOTSTRAP = { replicates: 2000, seed: 1 } as const;

export const evaluationRunInput = z
  .object({
    questionId: uuid,
    against: evaluationAgainst.default('human'),
    /** The validation sample (against 'sample'); absent: the question's newest sample. */
    sampleId: uuid.optional(),
    /** A metadata column: every number again per value of it (language, source, year). */
    groupBy: z.string().trim().min(1).max(200).optional(),
    /** A coder's name: only that coder's decisions are the truth (against 'human' or 'sample'); absent:
     * each document's latest decision of any coder. */
    coder: z.string().trim().min(1).max(200).optional(),
    bootstrap: z
      .object({
        replicates: z.number().int().min(100).max(20_000).default(EVALUATION_BOOTSTRAP.replicates),
        seed: z.number().int().min(0).max(2_147_483_647).default(EVALUATION_BOOTSTRAP.seed),
      })
      .strict()
      .optional(),
  })
  .strict();
export type EvaluationRunInput = z.input<typeof evaluationRunInput>;

export const reportWriteInput = evaluationRunInput.extend({
  /** Where the HTML file goes (the desktop app and the CLI); the browser mode's server chooses itself. */
  path: nonEmpty.optional(),
});

export interface ReportWritten {
  /** The file written (a path on the core's machine). */
  path: string;
  /** Its name, and in the browser mode the export id it is downloaded by (exportDownloadPath). */
  name: string;
  exportId: string | null;
  bytes: number;
  sha256: string;
  downloadable: boolean;
}

/** A percentile bootstrap interval (null where the metric was undefined in the data). */
export interface Interval {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  confidence: number;
  /** Replicates in which the metric was defined. */
  replicates: number;
}

export interface LabelMetricsView {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
  predicted: number;
  /** Metrics whose denominator was 0: shown as "undefined" (0 inside averages, as sklearn). */
  undefined: Array<'precision' | 'recall' | 'f1'>;
  intervals: { precision: Interval; recall: Interval; f1: Interval };
}

export interface Averages {
  precision: number;
  recall: number;
  f1: number;
}

export interface ConfusionView {
  labels: string[];
  /** Rows: the truth (human or gold); columns: the model. */
  counts: number[][];
  rowTotals: number[];
  rowShares: number[][];
}

export interface SingleLabelMetrics {
  kind: 'single';
  n: number;
  accuracy: number;
  macro: Averages;
  weighted: Averages;
  kappa: number | null;
  /** Linear and quadratic weighted kappa for an ordered scale. */
  weightedKappa: { linear: number | null; quadratic: number | null } | null;
  perLabel: LabelMetricsView[];
  confusion: ConfusionView;
  intervals: { accuracy: Interval; macroF1: Interval; weightedF1: Interval; kappa: Interval };
}

export interface MultiLabelMetrics {
  kind: 'multi';
  n: number;
  micro: Averages;
  macro: Averages;
  weighted: Averages;
  subsetAccuracy: number;
  hammingLoss: number;
  /** The score at or above which the model gives a label (each label's binary decision). */
  thresholds: Array<{ label: string; threshold: number }>;
  perLabel: LabelMetricsView[];
  intervals: { microF1: Interval; macroF1: Interval; weightedF1: Interval; subsetAccuracy: Interval; hammingLoss: Interval };
}

export interface ReliabilityBinView {
  lower: number;
  upper: number;
  count: number;
  meanConfidence: number | null;
  accuracy: number | null;
}

export interface HistogramBinView {
  lower: number;
  upper: number;
  count: number;
}

export interface GroupRow {
  /** The metadata value; null: documents without one. */
  group: string | null;
  n: number;
  /** Single-label: accuracy; multi-label: subset accuracy; with its Wilson interval (named so wherever shown). */
  accuracy: { estimate: number; lower: number; upper: number } | null;
  macroF1: number | null;
  /** Cohen's kappa (single-label) or micro F1 (multi-label). */
  kappa: number | null;
  microF1: number | null;
}

export interface PrevalenceEstimateView {
  method: 'ppi' | 'naive' | 'human';
  estimate: number;
  lower: number;
  upper: number;
  width: number;
  standardError: number | null;
  n: number;
  lambda?: number;
}

export interface LabelPrevalenceView {
  label: string;
  naive: PrevalenceEstimateView;
  human: PrevalenceEstimateView | null;
  /** Prediction-powered inference (Angelopoulos et al. 2023). */
  ppi: PrevalenceEstimateView | null;
  /** PPI++ (power-tuned). */
  ppiPlusPlus: PrevalenceEstimateView | null;
}

export interface PrevalenceView {
  /** Documents of the corpus (or group) with a current prediction: N. */
  corpusN: number;
  /** The human-labelled documents used (with a current prediction): n. */
  sampleN: number;
  labels: LabelPrevalenceView[];
  groups: Array<{ group: string; corpusN: number; sampleN: number; labels: LabelPrevalenceView[] }> | null;
}

/** One row of the anchoring table: decisions, those equal to the model, the share with its interval. */
export interface AnchoringSide {
  decisions: number;
  agreed: number;
  share: number | null;
  lower: number | null;
  upper: number | null;
}

/** The model's current accuracy on the blind validation sample. */
export interface AnchoringBlind extends AnchoringSide {
  /** The sample (the one evaluated, else the question's newest); null when there is none. */
  sampleId: string | null;
  /** The same documents and number as the accuracy table (the evaluation is against this sample). */
  sameAsTable: boolean;
  /** How the interval was computed: the table's bootstrap (sameAsTable) or Wilson. */
  interval: 'bootstrap' | 'wilson';
}

export interface AnchoringView {
  /** Ordinary coding (not blind) with the suggestion on screen, from the suggestion recorded at
   * decision time: decisions, and those equal to the suggestion. */
  shown: AnchoringSide;
  /** Decisions outside the blind sample made without seeing the suggestion (the CLI), recorded hidden. */
  hidden: AnchoringSide;
  /** The model's current predictions against the blind sample's decisions (Wilson interval, or the
   * table's bootstrap interval when the table is this sample). */
  blind: AnchoringBlind;
  /** shown.share - blind.share, in points of share; null when either is missing. */
  gap: number | null;
  /** Decisions left out because their suggestion came from a model input that is no longer current. */
  staleLeftOut: number;
  notes: string[];
}

export interface EvaluationSource {
  against: EvaluationAgainst;
  /** How the documents were drawn, in a sentence. */
  description: string;
  /** Drawn at random (a blind sample), or every document (gold on every unit): the intervals mean what they say. */
  random: boolean;
  sample: {
    id: string;
    seed: number;
    size: number;
    createdAt: string;
    population: number;
    stratifyBy: string | null;
    coded: number;
    sizingText: string | null;
  } | null;
}

export interface ModelProvenance {
  modelId: string | null;
  modelSha256: string | null;
  /** The model-input hash (template, hypotheses, model, scoring mode): the predictions used have this one. */
  modelInputHash: string;
  precision: string | null;
  template: string;
  hypotheses: Array<{ label: string; hypothesis: string }>;
  runs: Array<{ id: string; createdAt: string; finishedAt: string | null; status: string; options: Record<string, unknown> }>;
}

/** Whose decisions are the truth (human and sample; gold has no coder). */
export interface TruthCoders {
  /** The coder asked for (their decisions only), or null: each document's latest decision of any coder. */
  coder: string | null;
  /** The coders whose decisions are the truth, with how many documents' truth each gave. */
  coders: Array<{ name: string; documents: number }>;
  /** Documents in the truth that more than one coder decided (the latest decision counts). */
  multiCoder: number;
}

/** Which scores an evaluation's predictions are ([Note: evaluating the calibrated classifier] in
 * main/core/calibration/evaluation-predictions.ts). */
export interface EvaluationScoring {
  kind: 'raw' | 'calibrated';
  /** Decisions the calibrated classifier was fitted on (null: raw). */
  decisions: number | null;
  /** Documents scored with their held-out cross-validated probabilities (training decisions). */
  heldOut: number;
  /** Documents scored with the fitted model, never trained on them (calibrated only). */
  fitted: number;
  folds: number | null;
  seed: number | null;
  /** One sentence for the screen, the CLI and the report. */
  text: string;
}

export interface EvaluationResult {
  question: { id: string; name: string; multiLabel: boolean; ordered: boolean; labels: string[] };
  codebookRevisionId: string | null;
  generatedAt: string;
  source: EvaluationSource;
  truthCoders: TruthCoders | null;
  model: ModelProvenance;
  /** Raw zero-shot scores or the calibrated classifier's (absent in results written before issue 16). */
  scoring?: EvaluationScoring;
  corpus: {
    /** Coding units of the project. */
    units: number;
    /** Units with a prediction under the current model input. */
    withCurrentPrediction: number;
    /** Units without one (never scored, or scored only under an older model input). */
    withoutCurrentPrediction: number;
    /** Of those: units that have only stale predictions (never mixed in). */
    staleOnly: number;
    languages: Array<{ value: string; count: number }> | null;
    languageColumn: string | null;
  };
  documents: {
    /** Documents with a truth (human label decision, gold label or blind sample decision). */
    withTruth: number;
    /** Of those, used: with a current prediction. */
    used: number;
    dropped: { noCurrentPrediction: number; staleOnly: number };
    /** Current decisions that are not labels (skip, not codable), left out. */
    notLabels: number;
    /** Decisions made with the gold label on screen (training mode). */
    goldShown: number;
  };
  metrics: SingleLabelMetrics | MultiLabelMetrics | null;
  calibration: { bins: ReliabilityBinView[]; n: number; ece: number; what: string } | null;
  scores: {
    /** Top-label scores of the documents used, right and wrong. */
    used: { right: HistogramBinView[]; wrong: HistogramBinView[] } | null;
    /** Top-label scores of every unit with a current prediction. */
    corpus: HistogramBinView[];
  };
  /** The breakdown; `note` says when a many-valued column's rarer values were folded into one row. */
  groups: { column: string; rows: GroupRow[]; note: string | null } | null;
  prevalence: PrevalenceView | null;
  anchoring: AnchoringView | null;
  bootstrap: { replicates: number; seed: number; confidence: number };
  /** Everything a reader must know before trusting the numbers (not a random sample, stale, small n). */
  warnings: string[];
  /** Milliseconds the evaluation took in the core. */
  tookMs: number;
}
