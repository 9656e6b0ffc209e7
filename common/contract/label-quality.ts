// The label-quality domain (issue 16, item 5): coded documents whose labels look wrong, listed for
// review, each opening in Annotate. Here: pairs of near-identical texts coded differently
// ([Note: near-duplicates] in main/core/label-quality/near-duplicates.ts), and documents whose label a
// cross-validated calibrated model finds very unlikely ([Note: strong disagreement] in
// main/core/label-quality/model-disagreements.ts).
import { uuid, z } from './zod';

export const labelQualityInput = z
  .object({
    questionId: uuid,
    /** Least Jaccard similarity of the texts' word 3-shingles for a near pair (default 0.8). */
    minSimilarity: z.number().min(0.5).max(1).default(0.8),
    /** Pairs listed at most (the total is always counted). */
    limit: z.number().int().min(1).max(5000).default(500),
    /** Least disagreement between the coder's label and the cross-validated model to list a document (default 0.9). */
    minDisagreement: z.number().min(0.5).max(1).default(0.9),
  })
  .strict();

export interface QualityDocumentView {
  documentId: number;
  externalId: string;
  /** The first 300 characters. */
  text: string;
  /** The current human labels, by name, in codebook order ([] for "none of these labels"). */
  labels: string[];
  /** The coder of the current decision (null: resolved among several, or unknown). */
  coder: string | null;
}

export interface DuplicatePairView {
  similarity: number;
  /** The same text after normalisation (case, accents, punctuation, spacing). */
  exact: boolean;
  a: QualityDocumentView;
  b: QualityDocumentView;
}

/** A coded document the cross-validated calibrated model disagrees with ([Note: strong disagreement]). */
export interface ModelDisagreement {
  document: QualityDocumentView;
  /** 1 - p(the coder's label) (single-label), or the largest |given - p| over labels (multi-label). */
  disagreement: number;
  /** The labels disagreed on: the model's held-out probability and whether the coder gave it. */
  labels: Array<{ label: string; probability: number; coderGave: boolean }>;
}

export interface LabelQualityResult {
  questionId: string;
  /** Coded documents compared (current human label decisions). */
  coded: number;
  minSimilarity: number;
  duplicates: {
    /** Pairs found; `pairs` holds the first `limit`, the most similar first. */
    total: number;
    pairs: DuplicatePairView[];
  };
  /** Coded documents the cross-validated model (calibration) disagrees with strongly. */
  disagreements: {
    minDisagreement: number;
    /** Documents listed; `items` holds the first `limit`, the strongest first. */
    total: number;
    items: ModelDisagreement[];
    folds: number;
    /** Coded documents the model judged (the blind sample's and unscored ones are not). */
    judged: number;
    /** Why there is no list (too few coded documents, no pre-labels); null when there is one. */
    reason: string | null;
  };
  /** Milliseconds the check took. */
  ms: number;
}
