// The coder's part of the contract: coders, the annotation queue, decisions (append-only, with
// undo), progress, and the Browse table over every document's current state.
import type { Codebook } from './codebook';
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
  /** Multi-label: the tuned per-label thresholds labelIds were cut at (absent: 0.5 for every label). */
  thresholds?: Record<string, number>;
  /** From the calibrated classifier (calibration.set on): "calibrated on N decisions"; absent: raw zero-shot. */
  calibrated?: { decisions: number; fittedAt: string };
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
  /** Made in a validation sample's queue: neither the suggestion nor the gold label was shown. */
  blind: boolean;
  /** The validation sample it was made in (blind), or null. */
  sampleId: string | null;
  /** The recorded suggestion was on screen (false when blind, from the CLI, or without one). */
  suggestionShown: boolean;
  /** The document's gold label was on screen ("Show gold labels while coding"). */
  goldShown: boolean;
  /** 'coding': a coder's own decision; 'adjudication': a disagreement settled; 'training': made in a
   * training round (never a label of the project). */
  role: DecisionRole;
}

export type DecisionRole = 'coding' | 'adjudication' | 'training';

/** 'shared': a document decided by any coder leaves every coder's queue (the work is divided);
 * 'every': each coder codes every document (independent double coding). */
export type CodingMode = 'shared' | 'every';
export const codingMode = z.enum(['shared', 'every']);

/** How the project's current label is chosen where coders disagree and nobody adjudicated:
 * the latest decision, the majority (a tie: the latest of the tied), or a named lead coder's. */
export type ResolutionRule = { rule: 'latest' } | { rule: 'majority' } | { rule: 'lead'; lead: string };
export const resolutionRuleInput = z.discriminatedUnion('rule', [
  z.object({ rule: z.literal('latest') }).strict(),
  z.object({ rule: z.literal('majority') }).strict(),
  z.object({ rule: z.literal('lead'), lead: coderName }).strict(),
]);

/** `uncertain_first` (single-label questions): the documents inside the question's uncertain band
 * (top two probabilities closer than its margin) first, smallest margin first, then the others in
 * document order; without a band set, every scored document by smallest margin first. */
export const queueOrder = z.enum(['in_order', 'random', 'least_confident', 'by_label', 'uncertain_first']);
export type QueueOrder = z.infer<typeof queueOrder>;

/** Which documents a queue serves: the question's open documents (`queue`), a validation sample's
 * documents, blind (`sample`, with `sampleId`), or the documents whose current decision is a skip or
 * is flagged (with `sampleId`: those of the sample, blind). */
export const queueSource = z.enum(['queue', 'sample', 'skipped', 'flagged']);
export type QueueSource = z.infer<typeof queueSource>;

export const queueInput = z
  .object({
    questionId: uuid,
    source: queueSource.default('queue'),
    /** The validation sample of `sample` (and of `skipped`/`flagged` within a sample). */
    sampleId: uuid.optional(),
    /** The coder the queue is for. For a sample: its open documents are those this coder has not
     * decided in it yet (absent: any coder). For the question's queue in the mode 'every': the
     * documents this coder has not decided; with blind coders on, each item's decision is this
     * coder's own. */
    coder: coderName.optional(),
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
  /** The validation sample this item is coded in, blind (suggestion and gold left out); null otherwise. */
  sampleId: string | null;
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

/** How far the coding of a queue other than the question's open documents is (issue 13). */
export interface QueueProgress {
  /** Documents of the queue: a sample's (this coder's in it, with `coder`); for the skipped or
   * flagged queue, every document with a live decision there that was a skip, or flagged (in the
   * sample by this coder, or outside samples). */
  total: number;
  /** Of them, those the queue is done with: a sample's with a decision in it (a label or a skip); a
   * skipped document no longer skipped, a flagged one no longer flagged. */
  done: number;
  /** Of them, those whose decision (in the sample) is a label, and those whose decision is a skip. */
  decided: number;
  skipped: number;
  /** Those decisions per label (multi-label: every label; single-label: the label). */
  byLabel: Array<{ labelId: string; count: number }>;
}

export interface QueuePage {
  items: QueueItem[];
  /** Documents left in the queue after the last item of this page (open scope), or in all. */
  remaining: number;
  /** The question's progress over all its documents. */
  progress: CodingProgress;
  /** The progress of the queue served: a sample's, the skipped or flagged documents'; null for the
   * question's open documents (and a document asked for by id), whose progress is `progress`. */
  queueProgress: QueueProgress | null;
  /** The sample of a sample queue (with how many of its documents are coded), else null. */
  sample: SampleInfo | null;
  /** Documents of the question whose current decision is a skip, outside validation samples (the
   * skipped queue's size). */
  skippedOutsideSamples: number;
  /** The coder's own progress on the question (with `coder`): documents with their current decision
   * a label (or not codable) and a skip; null without a coder. */
  mine: { decided: number; skipped: number } | null;
  /** The project's settings for several coders, as the queue applied them. */
  coding: { mode: CodingMode; blindCoders: boolean; hideSuggestions: boolean };
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
    /** Made in this validation sample's queue (blind): `suggestion` must then be null; the core
     * records the suggestion current at the time as hidden. */
    sampleId: uuid.optional(),
    /** 'adjudication': the label that settles the coders' disagreement on the document (the
     * adjudication view); absent: the coder's own decision ('training' in a training sample). */
    role: z.enum(['coding', 'adjudication']).optional(),
  })
  .strict();

export const undoInput = z
  .object({
    questionId: uuid,
    coder: coderName,
    /** 'adjudication': the adjudicator's latest adjudication (the Adjudicate screen); absent: the
     * coder's latest own decision (coding or training), never an adjudication of theirs. */
    role: z.enum(['adjudication']).optional(),
  })
  .strict();

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
    /** `skip`: the document is skipped (no labels); `label`: at least one label, or `none`. */
    kind: z.enum(['label', 'skip']).default('label'),
    labels: z.array(nonEmpty.max(200)).max(1000).default([]),
    /** A multi-label question's decision "none of these labels" (kind `label`, no labels). */
    none: z.boolean().optional(),
    coder: coderName,
    note: z.string().max(10_000).nullable().optional(),
    /** The decision settles the coders' disagreement (role 'adjudication'), as the Adjudicate screen records it. */
    adjudicate: z.boolean().optional(),
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
    /** The gold label: documents that have one (`has`), whose gold differs from the current decision
     * (`differs_decision`: decided with labels) or from the current suggestion (`differs_suggestion`). */
    gold: z.enum(['has', 'differs_decision', 'differs_suggestion']).optional(),
    /** The gold label means this label ([Note: gold matching] in main/core/coding/gold.ts). */
    goldLabelId: uuid.optional(),
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
  /** The document's gold label as imported (after the import's value mapping), or null. */
  gold: string | null;
  /** An empty gold cell that counts as "none of these labels" (a multi-label question with the
   * project's switch on, [Note: empty gold] in main/core/coding/gold.ts); `gold` is null then. */
  goldNoLabel?: boolean;
}

export interface BrowsePage {
  rows: BrowseRow[];
  /** Cursor for the following page; null at the end. */
  next: string | null;
  /** Matching documents; only counted for the first page (no `after`), else null. */
  total: number | null;
}

/** The project's coding settings (kept in the project file). */
export interface CodingSettings {
  /** "Show gold labels while coding (training)": Annotate shows each document's gold label outside
   * validation samples, and decisions made so record it (goldShown). */
  showGold: boolean;
  /** Some coding unit has a gold label. */
  hasGold: boolean;
  /** "An empty gold cell means no label (multi-label questions)" ([Note: empty gold] in
   * main/core/coding/gold.ts): on unless turned off. */
  emptyGoldNoLabel: boolean;
  /** Several coders ([Note: several coders] in main/core/store/migrations/008-several-coders.ts). */
  mode: CodingMode;
  /** A coder sees only their own decisions in Annotate (not the other coders'). */
  blindCoders: boolean;
  /** No suggestion is shown while coding (decisions record the suggestion of the time as hidden). */
  hideSuggestions: boolean;
  /** How a disagreement without an adjudication is settled for the project's current label. */
  resolution: ResolutionRule;
}

/** Each switch given is set; one left out stays as it is. */
export const codingSettingsInput = z
  .object({
    showGold: z.boolean().optional(),
    emptyGoldNoLabel: z.boolean().optional(),
    mode: codingMode.optional(),
    blindCoders: z.boolean().optional(),
    hideSuggestions: z.boolean().optional(),
    resolution: resolutionRuleInput.optional(),
  })
  .strict();

/** How big a validation sample must be for a wanted precision (Cochran's formula with the finite
 * population correction; the formula with its numbers in `text`). */
export const validationSizeInput = z
  .object({
    kind: z.literal('validation').optional(),
    /** The accuracy expected (0.5 is the most cautious). */
    expected: z.number().gt(0).lt(1).default(0.8),
    /** Half-width of the interval wanted, as a share (0.05: +-5 points). */
    margin: z.number().gt(0).lt(1).default(0.05),
    confidence: z.number().gt(0.5).lt(1).default(0.95),
  })
  .strict();

/** How big a reliability sample must be (issue 14): Krippendorff's minimum number of units for the
 * smallest alpha accepted at a significance level, given the expected share of the rarest label
 * (reliabilitySampleSize in main/core/stats; the formula with its numbers in `text`). */
export const reliabilitySizeInput = z
  .object({
    kind: z.literal('reliability'),
    /** The expected share of the least common label (0 < share <= 0.5). */
    smallestShare: z.number().gt(0).max(0.5).optional(),
    /** Without smallestShare: the number of labels, as if equally common. */
    categories: z.number().int().min(2).max(10_000).optional(),
    alphaMin: z.number().gt(0).lt(1).default(0.8),
    significance: z.number().gt(0).lt(0.5).default(0.05),
  })
  .strict();

/** A validation sample's size (the old input, `kind` absent) or a reliability sample's. */
export const sampleSizeInput = z.union([validationSizeInput, reliabilitySizeInput]);

/** A reliability sample's size: Krippendorff's minimum N (Bloch & Kraemer 1989), capped at the population. */
export interface ReliabilitySizePlan {
  kind: 'reliability';
  alphaMin: number;
  significance: number;
  smallestShare: number;
  /** The one-sided z of the significance level. */
  z: number;
  /** The formula's value, unrounded. */
  exact: number;
  population: number;
  /** The size to draw (the formula's, at most the population). */
  n: number;
  text: string;
}

export type SampleSizePlan = ValidationSizePlan | ReliabilitySizePlan;

export interface ValidationSizePlan {
  /** Absent in samples drawn before issue 14. */
  kind?: 'validation';
  z: number;
  expected: number;
  margin: number;
  confidence: number;
  /** The coding units the sample is drawn from. */
  population: number;
  /** z^2 p (1 - p) / e^2 (unrounded). */
  n0: number;
  /** n0 / (1 + (n0 - 1) / N) (unrounded). */
  nCorrected: number;
  /** The size to draw. */
  n: number;
  /** The formula with the numbers filled in. */
  text: string;
}

export const sampleCreateInput = z
  .object({
    questionId: uuid,
    /** The same seed (and the same documents) draws the same sample. */
    seed: z.number().int().min(0).max(2_147_483_647),
    size: z.number().int().min(1).max(100_000),
    /** How the size was chosen, recorded with the sample. */
    sizing: sampleSizeInput.optional(),
    /** A metadata column: the sample is stratified by its values, proportionally. */
    stratifyBy: z.string().trim().min(1).max(200).optional(),
    /** What the sample is for: 'validation' (blind labels to measure the model), 'reliability'
     * (every coder codes it; agreement is computed on it), 'training' (a training round's set). */
    kind: z.enum(['validation', 'reliability', 'training']).default('validation'),
  })
  .strict();

export interface SampleStratum {
  /** The column's value ('' where a document has none). */
  value: string;
  population: number;
  size: number;
}

export interface SampleInfo {
  id: string;
  questionId: string;
  purpose: 'validation';
  /** What it is for (see sampleCreateInput). */
  kind: 'validation' | 'reliability' | 'training';
  seed: number;
  size: number;
  createdAt: string;
  /** The coding units it was drawn from. */
  population: number;
  /** The size calculation, when the size came from a wanted precision. */
  sizing: SampleSizePlan | null;
  stratifyBy: string | null;
  /** Each stratum's population and share of the sample (stratified samples only). */
  strata: SampleStratum[];
  /** Stratified samples: the units' inclusion probabilities (each stratum's size / population), the
   * smallest and the largest, and n/N; null for a simple random sample (every unit n/N). */
  inclusion: { min: number; max: number; overall: number } | null;
  /** Documents of the sample with a blind decision of kind label (any coder). */
  coded: number;
  /** Documents of the sample whose latest blind decision is a skip. */
  skipped: number;
}

/** Gold values of the project, for a question: each with its count and the label it matches now. */
export interface GoldValuesOfQuestion {
  values: Array<{ value: string; count: number; labelId: string | null }>;
  /** The labels the values give, as the question reads them (for a multi-label question each part
   * of "a; b"), with the documents of each, most first, and the label each names now (null: new). */
  candidates: Array<{ name: string; count: number; labelId: string | null }>;
}

/** The project's gold values for a saved question, or for a question about to be made (no id). */
export const goldValuesInput = z.object({ questionId: uuid.optional(), multiLabel: z.boolean().optional() }).strict();

/** Labels from gold values: added to a saved question (questionId), or a new question made with
 * them in one step (newQuestion); the candidates named in `exclude` (e.g. UNKNOWN) are left out. */
export const labelsFromGoldInput = z
  .object({
    questionId: uuid.optional(),
    newQuestion: z
      .object({
        name: nonEmpty.max(200),
        multiLabel: z.boolean().default(false),
        template: z.string().trim().min(1).max(1000).optional(),
      })
      .strict()
      .optional(),
    exclude: z.array(z.string().max(1000)).max(1000).default([]),
  })
  .strict();

export interface LabelsFromGold {
  codebook: Codebook;
  /** The question the labels went to (the new one's id when one was made). */
  questionId: string;
  /** Gold values left out as asked, with their documents. */
  excluded: Array<{ name: string; count: number }>;
  /** Labels made from gold values, with the number of documents of each. */
  added: Array<{ name: string; count: number }>;
  /** Gold values that already name a label (kept as they are). */
  kept: Array<{ name: string; count: number }>;
}
