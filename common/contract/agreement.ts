// The agreement domain (issue 14, item 4): how far the coders of a question agree, from each coder's
// current decision in the log, optionally on a reliability sample only and with the model's current
// pre-labels as one more "coder". One result type, AgreementResult, is what `prelabel agreement
// --json` prints and what the agreement screen shows; its `table` is the reliability data itself
// (units x coders), so that R's irr or Python's krippendorff can recompute every number.
// The statistics' shapes mirror main/core/stats (the contract cannot import the core); formulas and
// references are in docs/STATISTICS.md ("Agreement between coders").
import { uuid, z } from './zod';

export const agreementRunInput = z
  .object({
    questionId: uuid,
    /** Only the documents of this validation/reliability sample (every decision on them, in its queue
     * or not). Absent: the question's latest reliability sample if it has one (the result says so),
     * else every decided document. */
    sampleId: uuid.optional(),
    /** Every decided document even where the question has a reliability sample. */
    allDocuments: z.boolean().default(false),
    /** The model's current pre-label (under the current model input; stale ones never) as one more coder. */
    includeModel: z.boolean().default(false),
    seed: z.number().int().min(0).max(2_147_483_647).default(1),
    replicates: z.number().int().min(100).max(20_000).default(2000),
  })
  .strict();
export type AgreementRunInput = z.input<typeof agreementRunInput>;

/** Why an agreement coefficient has no value. */
export type AgreementUndefinedReason = 'no unit coded twice' | 'chance agreement is 1' | 'one category only';

export interface AgreementCoefficient {
  value: number | null;
  undefinedReason: AgreementUndefinedReason | null;
  observed: number | null;
  chance: number | null;
  /** Units coded by at least two coders, and the values in them (what the number rests on). */
  units: number;
  pairableValues: number;
}

export interface AgreementInterval {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  /** Replicates in which alpha was defined. */
  replicates: number;
}

/** Krippendorff's alpha with its seeded bootstrap interval over documents. */
export interface AlphaView<V> {
  level: 'nominal' | 'ordinal' | 'interval' | 'ratio' | 'masi' | 'jaccard';
  alpha: number | null;
  undefinedReason: 'no pairable values' | 'no variation' | null;
  pairableValues: number;
  pairableUnits: number;
  unitsCodedOnce: number;
  unitsNotCoded: number;
  observed: number | null;
  expected: number | null;
  values: V[];
  marginals: number[];
  coincidences: number[][];
  interval: AgreementInterval;
  /** Share of replicates below 0.667 and 0.8 (KALPHA's q). */
  belowThresholds: { threshold: number; share: number | null }[];
  seed: number;
  confidence: number;
}

export interface CoderPairView {
  a: string;
  b: string;
  n: number;
  agreement: number | null;
  kappa: number | null;
  weightedKappa?: { linear: number | null; quadratic: number | null };
}

/** Pairwise Cohen's kappa and percent agreement, coder by coder, with the n of each pair. */
export interface CoderMatrixView {
  coders: string[];
  pairs: CoderPairView[];
  kappa: (number | null)[][];
  agreement: (number | null)[][];
  n: number[][];
  meanKappa: number | null;
}

export interface BinaryAgreementView {
  alpha: AlphaView<string>;
  fleiss: AgreementCoefficient;
  ac1: AgreementCoefficient;
  percent: AgreementCoefficient;
  matrix: CoderMatrixView;
}

export interface LabelAgreementView extends BinaryAgreementView {
  label: string;
}

export interface SingleLabelAgreementView extends BinaryAgreementView {
  kind: 'single';
  labels: string[];
  coders: string[];
  alphaOrdinal?: AlphaView<string>;
  perLabel: LabelAgreementView[];
}

export interface MultiLabelAgreementView {
  kind: 'multi';
  labels: string[];
  coders: string[];
  alphaMasi: AlphaView<readonly string[]>;
  alphaJaccard: AlphaView<readonly string[]>;
  exactSet: AgreementCoefficient;
  perLabel: LabelAgreementView[];
}

export interface AgreementCoder {
  name: string;
  /** The model's current pre-labels (includeModel), not a person. */
  model: boolean;
  /** Documents in the table this coder has a value for (their current decision is a label decision). */
  coded: number;
  /** Of the coder's current decisions on the table's documents: label decisions, "not codable", skips. */
  labels: number;
  notCodable: number;
  skips: number;
}

export interface AgreementResult {
  question: { id: string; name: string; multiLabel: boolean; ordered: boolean };
  /** The reliability sample the table is restricted to; null: every document a coder decided. */
  sample: {
    id: string;
    size: number;
    seed: number;
    createdAt: string;
    /** What the sample is for (absent in results of older versions). */
    kind?: 'validation' | 'reliability' | 'training';
    /** 'named': the sample asked for; 'latest reliability': none was named, and this is the
     * question's latest reliability sample. */
    chosen?: 'named' | 'latest reliability';
  } | null;
  coders: AgreementCoder[];
  /** Rows of the table: the sample's documents, or every document with a current decision of a coder. */
  units: number;
  /** Documents with values of at least two coders (the model counted when included): what alpha rests on. */
  codedByTwoOrMore: number;
  /** The model column (includeModel): documents with a current prediction, and those with stale ones only. */
  model: { coder: string; modelInputHash: string | null; predicted: number; staleOnly: number } | null;
  /** The reliability data: documents (rows), coders (columns), the label name or label set, null = no value. */
  table: {
    documents: Array<{ id: number; externalId: string }>;
    coders: string[];
    values: Array<Array<string | string[] | null>>;
  };
  report: SingleLabelAgreementView | MultiLabelAgreementView;
  bootstrap: { replicates: number; seed: number; confidence: number };
  /** How decisions became values, and what the report leaves out (for a methods section). */
  notes: string[];
  elapsedMs: number;
}
