// The coder's part of the contract: coders, the annotation queue, decisions (append-only, with
// undo), progress, and the Browse table over every document's current state.
import type { DocumentRow } from './projects';
import type { SegmentContext, SegmentParentRef } from './segments';
import { nonEmpty, uuid, z } from './zod';

const documentId = z.number().int().positive();
const coderName = nonEmpty.max(100);

export interface Coder {
  id: string;
  name: string;
  createdAt: string;
}

/** The model's current suggestion for a document and question (from the stored logits). */
export interface Suggestion {
  /** Single-label: the top label; multi-label: every label at or above 0.5. */
  labelIds: string[];
  /** Every label's score, in codebook order (single-label: softmax over labels; multi-label: per label). */
  scores: Array<{ labelId: string; score: number }>;
  /** The top label's score: what "confidence" sorts and filters on. */
  score: number;
  runId: string;
}

export interface Decision {
  id: string;
  documentId: number;
  questionId: string;
  coder: string;
  kind: 'label' | 'skip';
  labelIds: string[];
  /** The label names, in codebook order. */
  labels: string[];
  /** What the model suggested when the document was shown (null: no suggestion). */
  suggestionLabelIds: string[] | null;
  suggestionScore: number | null;
  /** The decision's labels are exactly the suggestion's. */
  accepted: boolean;
  runId: string | null;
  codebookRevisionId: string | null;
  seconds: number | null;
  note: string | null;
  flagged: boolean;
  createdAt: string;
}

export const queueOrder = z.enum(['in_order', 'random', 'least_confident', 'by_label']);
export type QueueOrder = z.infer<typeof queueOrder>;

export const queueInput = z
  .object({
    questionId: uuid,
    order: queueOrder.default('in_order'),
    /** For `random`: the same seed gives the same order (unbiased validation samples). */
    seed: z.number().int().min(0).max(2_147_483_647).default(1),
    /** For `by_label`: only documents whose suggestion is this label (without it: grouped by suggested label). */
    labelId: uuid.optional(),
    /** `open`: documents without a decision for the question; `all`: every document. */
    scope: z.enum(['open', 'all']).default('open'),
    /** The `key` of the last item already shown; absent: from the start of the queue. */
    after: z.string().max(200).optional(),
    /** Just this document, as a queue item with its suggestion and decision (a document opened from
     * Browse, or one an undo goes back to); the other fields then only choose the question. */
    documentId: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(50).default(10),
    /** For units of a segmentation: how many neighbouring units before and after each item to send
     * as its context (0: none). */
    contextSize: z.number().int().min(0).max(5).default(1),
  })
  .strict();

export interface QueueItem {
  /** Opaque, stable position in the queue (pass as `after` for the items that follow). */
  key: string;
  /** The whole document. */
  document: DocumentRow;
  suggestion: Suggestion | null;
  /** The current decision for the question, if any. */
  decision: Decision | null;
  /** Character offset in the text where the model's window ended; null when the model saw it all. */
  modelWindowEnd: number | null;
  /** For a unit of a segmentation: its parent and neighbours; null for a whole document. */
  context: SegmentContext | null;
}

export interface CodingProgress {
  total: number;
  decided: number;
  skipped: number;
  /** Decisions that took the suggestion as it was, and those that changed it. */
  accepted: number;
  changed: number;
  byLabel: Array<{ labelId: string; count: number }>;
}

export interface QueuePage {
  items: QueueItem[];
  /** Documents left in the queue after the last item of this page (open scope), or in all. */
  remaining: number;
  progress: CodingProgress;
}

export const decideInput = z
  .object({
    questionId: uuid,
    documentId,
    coder: coderName,
    kind: z.enum(['label', 'skip']),
    labelIds: z.array(uuid).max(1000).default([]),
    /** What the coder was shown: stored with the decision as its provenance. */
    suggestion: z
      .object({ labelIds: z.array(uuid).max(1000), score: z.number().min(0).max(1), runId: uuid })
      .strict()
      .nullable()
      .default(null),
    /** Seconds from showing the document to the decision. */
    seconds: z.number().min(0).max(86_400).nullable().default(null),
    note: z.string().max(10_000).nullable().optional(),
    flagged: z.boolean().optional(),
  })
  .strict();

export const undoInput = z.object({ questionId: uuid, coder: coderName }).strict();

export interface UndoResult {
  /** The decision that was undone (the coder goes back to its document); null when none is left. */
  undone: Decision | null;
  /** The document's decision now (an earlier one of the same document, or none). */
  current: Decision | null;
}

export const labelByNameInput = z
  .object({
    /** The document's id from the import (or its row number where the file had none). */
    externalId: nonEmpty.max(500),
    question: nonEmpty.max(200),
    labels: z.array(nonEmpty.max(200)).min(1).max(1000),
    coder: coderName,
  })
  .strict();

export const browseSort = z.enum(['document', 'confidence', 'suggestion', 'label', 'decided_at', 'coder']);

export const browseInput = z
  .object({
    /** The question whose status, labels and suggestions the rows show; absent: documents only. */
    questionId: uuid.optional(),
    status: z.enum(['any', 'open', 'decided', 'skipped']).default('any'),
    /** The current decision has this label. */
    labelId: uuid.optional(),
    /** The suggestion's top label is this one. */
    suggestionId: uuid.optional(),
    minConfidence: z.number().min(0).max(1).optional(),
    maxConfidence: z.number().min(0).max(1).optional(),
    coder: z.string().max(100).optional(),
    flagged: z.boolean().optional(),
    /** Decisions that took the suggestion (`accepted`) or changed it (`changed`). */
    agreement: z.enum(['accepted', 'changed']).optional(),
    /** Full-text search: every word must occur (as a word prefix; accents ignored). */
    search: z.string().max(500).optional(),
    sort: browseSort.default('document'),
    direction: z.enum(['asc', 'desc']).default('asc'),
    /** The `next` cursor of the previous page (keyset pagination). */
    after: z.string().max(500).optional(),
    limit: z.number().int().min(1).max(500).default(100),
    /** Rows grouped by parent document, in text order within each (with sort 'document' only). */
    groupByParent: z.boolean().default(false),
  })
  .strict();

export interface BrowseRow {
  id: number;
  externalId: string;
  /** Cut at 300 characters. */
  text: string;
  textLength: number;
  status: 'open' | 'decided' | 'skipped';
  labels: string[];
  suggestion: { labelId: string; label: string; score: number } | null;
  coder: string | null;
  decidedAt: string | null;
  flagged: boolean;
  note: string | null;
  accepted: boolean | null;
  /** For a unit of a segmentation: its parent and its place there; null for a whole document. */
  parent: SegmentParentRef | null;
}

export interface BrowsePage {
  rows: BrowseRow[];
  /** Cursor for the following page; null at the end. */
  next: string | null;
  /** Matching documents; only counted for the first page (no `after`), else null. */
  total: number | null;
}
