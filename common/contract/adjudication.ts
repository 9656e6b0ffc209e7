// The adjudication domain (issue 14, item 5): the documents where the coders' current decisions
// disagree, sorted by how much they disagree, with every coder's decision, the suggestion and the
// gold label where the project allows them, and the adjudication that settled each one. The label an
// adjudicator chooses is recorded by annotate.decide with role 'adjudication' (coding.ts); undone by
// annotate.undo with the adjudicator's name. [Note: disagreement] in main/core/adjudication/disagreements.ts
// defines the order.
import { uuid, z } from './zod';

export const adjudicationListInput = z
  .object({
    questionId: uuid,
    /** Only the documents of this sample (a reliability sample). */
    sampleId: uuid.optional(),
    /** Just this document (with status 'all': whatever its state). */
    documentId: z.number().int().positive().optional(),
    /** 'open': disagreements no adjudication settled yet; 'settled': those with one; 'all'. */
    status: z.enum(['open', 'settled', 'all']).default('open'),
    /** The adjudicator may untick the suggestion (a project that hides suggestions never shows one). */
    showSuggestion: z.boolean().default(true),
    limit: z.number().int().min(1).max(500).default(50),
    /** The `key` of the last unit already shown. */
    after: z.string().max(200).optional(),
  })
  .strict();
export type AdjudicationListInput = z.input<typeof adjudicationListInput>;

export const disagreementsCsvInput = z
  .object({
    questionId: uuid,
    sampleId: uuid.optional(),
    status: z.enum(['open', 'settled', 'all']).default('all'),
    /** A suggestion column (never where the project hides suggestions). */
    showSuggestion: z.boolean().default(true),
  })
  .strict();

/** One coder's current decision on the document (role 'coding'). */
export interface AdjudicationCoderDecision {
  coder: string;
  /** 'skip': no label (it does not count in the disagreement). */
  kind: 'label' | 'skip' | 'not_codable';
  labelIds: string[];
  labels: string[];
  note: string | null;
  decidedAt: string;
  seconds: number | null;
}

export interface AdjudicationUnit {
  /** Opaque position in the order (pass as `after`). */
  key: string;
  documentId: number;
  externalId: string;
  text: string;
  /** Every coder with a current decision, by name. */
  coders: AdjudicationCoderDecision[];
  /** The mean distance over pairs of deciding coders (0..1): 1 for two coders who differ on a
   * single-label question; for label sets the Jaccard distance ([Note: disagreement]). */
  disagreement: number;
  /** Pairs of deciding coders, and those whose labels differ. */
  pairs: number;
  differingPairs: number;
  /** Distinct label sets among the deciding coders. */
  labelSets: number;
  /** The model's current suggestion; null when hidden (by the project or unticked) or absent. */
  suggestion: { labelIds: string[]; labels: string[]; score: number } | null;
  /** The document's gold value, only when the project shows gold while coding. */
  gold: string | null;
  /** The live adjudication, if any. */
  adjudication: {
    coder: string;
    kind: 'label' | 'skip' | 'not_codable';
    labelIds: string[];
    labels: string[];
    note: string | null;
    decidedAt: string;
  } | null;
}

export interface AdjudicationCounts {
  open: number;
  settled: number;
  total: number;
}

export interface AdjudicationPage {
  units: AdjudicationUnit[];
  /** `after` for the following page; null at the end. */
  next: string | null;
  /** Disagreements of the question (in the sample, when one is named). */
  counts: AdjudicationCounts;
  /** The project hides suggestions: none is sent whatever showSuggestion says. */
  suggestionsHidden: boolean;
  /** The project shows gold while coding: units carry their gold value. */
  goldShown: boolean;
}

export interface DisagreementsCsv {
  /** CSV (RFC 4180, a header, UTF-8): one row per disagreement in the list's order. */
  csv: string;
  rows: number;
  /** The coders with a column pair (label, note), by name. */
  coders: string[];
}
