// The export part of the contract: labelled data written as training data (CSV, CSV for Excel,
// JSON Lines, XLSX, Parquet, a Hugging Face `datasets` folder, NLI training pairs), each with a manifest of
// its provenance. Runs as a job: progress as `job:progress` (kind 'export'), the end as `job:done`.
import { aggregateRules, exportLevels, type AggregateRule, type ExportLevel } from './segments';
import { nonEmpty, uuid, z } from './zod';

export const exportFormats = ['csv', 'csv-excel', 'jsonl', 'xlsx', 'parquet', 'hf', 'nli'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** `all`: every document (open ones with empty decision columns); `coded`: documents whose current
 * decision gives labels; `accepted` / `changed`: coded documents whose labels are / are not exactly
 * the suggestion shown to the coder. */
export const exportFilters = ['all', 'coded', 'accepted', 'changed'] as const;
export type ExportFilter = (typeof exportFilters)[number];
/** The training formats (`hf`, `nli`) write labelled documents only, so they take these filters:
 * `all` would promise documents without a label, which cannot be training rows (the core refuses it). */
export const trainingFormats: readonly ExportFormat[] = ['hf', 'nli'];
export const trainingFilters: readonly ExportFilter[] = ['coded', 'accepted', 'changed'];

/** NLI pairs: `balanced`, one not_entailment pair per entailment pair, drawn at random (BERT-NLI,
 * Laurer et al.); `all`, every other label. */
export const nliNegativeModes = ['balanced', 'all'] as const;
export type NliNegatives = (typeof nliNegativeModes)[number];
/** NLI pairs' label: `text` ("entailment" / "not_entailment") or `numeric` (0 entailment, 1 not_entailment). */
export const nliLabelModes = ['text', 'numeric'] as const;
export type NliLabels = (typeof nliLabelModes)[number];

/** `full`: every column; `labels`: ids and labels with their codes only (a file to share). */
export const exportContents = ['full', 'labels'] as const;
export type ExportContent = (typeof exportContents)[number];

export const exportStartInput = z
  .object({
    /** Chosen by the caller so that it can follow progress events that come before the answer. */
    jobId: uuid.optional(),
    questionId: uuid,
    format: z.enum(exportFormats),
    filter: z.enum(exportFilters).default('coded'),
    /** Desktop and CLI: the file (for `hf`: the folder) the user chose. The browser mode gives none:
     * the export goes into the server's data folder and is downloaded by its id. */
    path: nonEmpty.max(4096).optional(),
    /** For `hf` and `nli`: the seed of the stratified train/test split (the same split for both). */
    seed: z.number().int().min(0).max(2_147_483_647).default(42),
    /** For `hf` and `nli`: the share of the labelled documents that goes to test (per label). */
    testFraction: z.number().min(0).max(0.9).default(0.2),
    /** For `nli`: the not_entailment pairs of training documents. */
    nliNegatives: z.enum(nliNegativeModes).default('balanced'),
    /** For `nli`: the label as text or as 0/1. */
    nliLabels: z.enum(nliLabelModes).default('text'),
    /** `unit`: one row per coding unit (a segment carries its parent's id, position and metadata);
     * `parent`: one row per parent document with the units' results aggregated by `aggregate`
     * (formats csv, csv-excel, jsonl, xlsx; filters all and coded). */
    level: z.enum(exportLevels).default('unit'),
    aggregate: z.enum(aggregateRules).default('any'),
    /** `labels`: ids and codes only, to share the coding without the corpus (csv, csv-excel, jsonl;
     * unit level): no text, no metadata but the pseudonymised columns. */
    content: z.enum(exportContents).default('full'),
    /** Metadata columns whose values are written as keyed pseudonyms (HMAC-SHA256 under a key kept in
     * the project file: the same value, the same pseudonym in every export of the project). */
    pseudonymise: z.array(nonEmpty.max(200)).max(100).default([]),
  })
  .strict();
export type ExportStartInput = z.input<typeof exportStartInput>;

/** What export.count needs: the choices of export.start that decide the rows. */
export const exportCountInput = exportStartInput.omit({ jobId: true, path: true });
export type ExportCountInput = z.input<typeof exportCountInput>;

/** Rows an export with these choices would write now (documents; for `nli` pairs), before it starts. */
export interface ExportCount {
  rows: number;
  /** Documents (coding units, or parents at parent level) the rows come from. */
  documents: number;
  /** `hf` and `nli`: the labelled documents on each side of the split. */
  split: { train: number; test: number } | null;
}

export interface ExportStarted {
  jobId: string;
  exportId: string;
}

export interface ExportFile {
  /** The file's name; for the browser mode also its name in the download route. */
  name: string;
  /** Where it was written; null in the browser mode, where files are downloaded by id. */
  path: string | null;
  bytes: number;
  sha256: string;
}

export interface ExportResult {
  exportId: string;
  format: ExportFormat;
  filter: ExportFilter;
  level: ExportLevel;
  /** The rule of a parent-level export; null at unit level. */
  aggregate: AggregateRule | null;
  /** Rows written: documents, or for `nli` premise-hypothesis pairs (training and test). */
  rows: number;
  /** Documents per label (a multi-label document counts once for each of its labels). */
  perLabel: Array<{ label: string; count: number }>;
  /** The data files and the manifest, manifest last. */
  files: ExportFile[];
  /** True in the browser mode: the files are fetched from `exportDownloadPath` (routes.ts). */
  downloadable: boolean;
  /** E.g. XLSX cells cut at Excel's limit. */
  warnings: string[];
}
