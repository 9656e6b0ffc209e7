// The label-quality domain (issue 16, item 5): coded documents whose labels look wrong, listed for
// review, each opening in Annotate. Here: pairs of near-identical texts coded differently
// ([Note: near-duplicates] in main/core/label-quality/near-duplicates.ts).
import { uuid, z } from './zod';

export const labelQualityInput = z
  .object({
    questionId: uuid,
    /** Least Jaccard similarity of the texts' word 3-shingles for a near pair (default 0.8). */
    minSimilarity: z.number().min(0.5).max(1).default(0.8),
    /** Pairs listed at most (the total is always counted). */
    limit: z.number().int().min(1).max(5000).default(500),
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
  /** Milliseconds the check took. */
  ms: number;
}
