// The unit of analysis: documents split into paragraphs, sentences or windows of sentences. A
// segmentation is an import of its own (format 'segments') whose documents are the units; each
// keeps its parent document's id, its position and its character offsets in the parent's text, and
// the parents stop being coding units until the segmentation is removed. Decisions and pre-labels
// of the units can be aggregated back to the parents with a declared rule (export.ts: level, aggregate).
import { uuid, z } from './zod';

export const segmentUnits = ['paragraph', 'sentence', 'window'] as const;
export type SegmentUnit = (typeof segmentUnits)[number];

/** How to split. `paragraph`: at blank lines (a single line break is not a paragraph break);
 * `sentence`: Intl.Segmenter's sentence rules of the language; `window`: `windowSize` sentences
 * per unit, consecutive windows sharing `windowOverlap` sentences (0: non-overlapping). Units are
 * trimmed of surrounding white space; empty units are dropped. */
export const segmentSpec = z
  .object({
    unit: z.enum(segmentUnits),
    /** A BCP 47 tag ('en', 'de', 'zh', 'ja', 'ar', 'th', ...) for the sentence rules, or 'auto':
     * the default (root) rules, which work for most scripts. */
    language: z
      .string()
      .trim()
      .regex(/^(auto|[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*)$/, 'a language tag such as en, de or pt-BR, or auto')
      .default('auto'),
    /** A metadata column (the import's column name) holding each document's language; where a row
     * names a valid tag it wins over `language`. */
    languageColumn: z.string().trim().min(1).max(200).optional(),
    /** Sentences per window (unit `window`). */
    windowSize: z.number().int().min(1).max(50).default(3),
    /** Sentences that consecutive windows share; must be less than windowSize. */
    windowOverlap: z.number().int().min(0).max(49).default(0),
  })
  .strict();
export type SegmentSpec = z.output<typeof segmentSpec>;
export type SegmentSpecInput = z.input<typeof segmentSpec>;

export const segmentsCreateInput = z
  .object({
    /** Chosen by the caller so that it can follow progress events that come before the answer. */
    jobId: uuid.optional(),
    spec: segmentSpec,
    /** The imports to split; absent: every committed import whose documents are coding units now
     * (not a segmentation itself). */
    importIds: z.array(uuid).min(1).max(1000).optional(),
  })
  .strict();

/** What a segment job's `job:done` carries. */
export interface SegmentsResult {
  segmentationId: string;
  parents: number;
  segments: number;
}

export interface SegmentsStarted {
  jobId: string;
  /** The segmentation's id (its import's id). */
  segmentationId: string;
}

/** A segmentation of the project (one per segments.create or per import with `segment`). */
export interface Segmentation {
  /** The id of the import that holds its units. */
  id: string;
  unit: SegmentUnit;
  language: string;
  languageColumn: string | null;
  windowSize: number;
  windowOverlap: number;
  /** The imports whose documents were split (they are the parents). */
  sources: Array<{ importId: string; sourceName: string }>;
  /** Parent documents, and units made from them. */
  parents: number;
  segments: number;
  createdAt: string;
}

/** What the project codes: whole documents, or the units of its segmentations ('mixed' when some
 * imports are split and others are not, or split in different ways). */
export interface UnitOfAnalysis {
  unit: 'document' | SegmentUnit | 'mixed';
  segmentations: Segmentation[];
}

export const segmentsRemoveInput = z
  .object({
    /** The segmentation to remove; absent: every segmentation of the project. */
    segmentationId: uuid.optional(),
  })
  .strict();

export interface SegmentsRemoved {
  /** Segmentations removed. */
  removed: number;
  /** Units deleted. */
  segments: number;
  /** Parent documents that are coding units again. */
  parents: number;
}

export const segmentsPreviewInput = z
  .object({
    spec: segmentSpec,
    /** Split these documents (coding units now); absent: the project's first `limit` units. */
    documentIds: z.array(z.number().int().positive()).max(20).optional(),
    /** Or split this text (nothing is stored). */
    text: z.string().max(200_000).optional(),
    limit: z.number().int().min(1).max(20).default(3),
  })
  .strict();

/** One unit: [start, end) are UTF-16 offsets into the parent's text, and
 * `parent.text.slice(start, end) === text` exactly (the unit is stored trimmed). */
export interface SegmentSpan {
  index: number;
  start: number;
  end: number;
  text: string;
}

export interface SegmentsPreview {
  documents: Array<{
    /** null for a `text` preview. */
    id: number | null;
    externalId: string | null;
    /** The language whose rules were used ('auto': the default rules). */
    language: string;
    units: SegmentSpan[];
  }>;
}

/** Where a queue item sits in its parent, with the neighbouring units to show dimmed around it. */
export interface SegmentContext {
  parentId: number;
  parentExternalId: string;
  /** The parent's metadata (units carry none of their own). */
  parentMetadata: Record<string, string>;
  /** 0-based position of this unit in its parent, and the parent's number of units. */
  index: number;
  count: number;
  /** UTF-16 offsets of this unit in the parent's text. */
  start: number;
  end: number;
  /** Up to `contextSize` units before and after, in text order. */
  before: Array<{ id: number; index: number; text: string }>;
  after: Array<{ id: number; index: number; text: string }>;
}

/** A Browse row's place in its parent (null for a document that is not a unit of a segmentation). */
export interface SegmentParentRef {
  id: number;
  externalId: string;
  index: number;
  count: number;
}

/** How unit results become one result per parent document (export level 'parent').
 * - any: a label if any unit has it (pre-labels: any unit's suggestion has it).
 * - majority: the labels of more than half of the decided units (pre-labels: of the scored
 *   units); a label of exactly half is a tie, listed in its own column.
 * - max_score: pre-labels: per label the maximum score over the units, then the question's rule
 *   (single-label: the highest; multi-label: every label at 0.5 or above), with the scores in
 *   columns; decisions carry no score: the maximum of "has the label" over units, i.e. as `any`.
 * - share: per label the share of decided (pre-labels: scored) units that have it, a number column
 *   per label; the labels column holds the labels with a share above one half (as majority). */
export const aggregateRules = ['any', 'majority', 'max_score', 'share'] as const;
export type AggregateRule = (typeof aggregateRules)[number];

export const exportLevels = ['unit', 'parent'] as const;
export type ExportLevel = (typeof exportLevels)[number];
