// The import part of the contract: sources, reading options, column mapping, problem classes.
import { segmentSpec } from './segments';
import { textEncodings, type TextEncoding } from '../encodings';
import { nonEmpty, uuid, z } from './zod';

/** A column is named by its header text or by its 1-based position. */
export const columnRef = z.union([nonEmpty, z.number().int().min(1)]);
export type ColumnRef = z.infer<typeof columnRef>;

/** Where an import reads from: a path (Electron, CLI) or a file uploaded to the browser-mode server. */
export const importSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('path'), path: nonEmpty }),
  z.object({ kind: z.literal('upload'), uploadId: uuid }),
]);
export type ImportSource = z.infer<typeof importSource>;

export const importFormats = ['csv', 'xlsx', 'ods', 'json', 'jsonl', 'parquet', 'text', 'folder'] as const;
export type ImportFormat = (typeof importFormats)[number];
/** Every encoding a text file can be read in, by canonical name (common/encodings.ts). */
export { textEncodings, type TextEncoding } from '../encodings';
export const delimiters = [',', ';', '\t', '|'] as const;

/** How to read the file. Everything is detected; each field given here overrides the detection. */
export const importOptions = z.object({
  format: z.enum(importFormats).optional(),
  encoding: z.enum(textEncodings).optional(),
  delimiter: z.enum(delimiters).optional(),
  quote: z.enum(['double', 'none']).optional(),
  hasHeader: z.boolean().optional(),
  /** XLSX and ODS: the sheet's name. */
  sheet: z.string().max(100).optional(),
  /** Decode HTML entities (`&amp;` -> `&`) in every cell but the id. Off at first; left out, the
   * open project's last choice (main/core/imports/html-entities.ts). */
  decodeHtmlEntities: z.boolean().optional(),
  /** Import a file whose cells unpack to far more text than the file's size, past the limit
   * (main/core/imports/text-size.ts): the person confirmed the size. */
  allowLargeText: z.boolean().optional(),
});
export type ImportOptions = z.infer<typeof importOptions>;
/** Kept for the first slice's callers: CSV options are import options. */
export const csvOptions = importOptions;
export type CsvOptions = ImportOptions;

export const importMapping = z.object({
  textColumns: z.array(columnRef).min(1).max(50),
  idColumn: columnRef.nullable().default(null),
  joinWith: z.string().max(20).default('\n\n'),
  goldColumn: columnRef.nullable().default(null),
  /** Raw gold values to label names ("agains", "FAVOUR" -> "against", "favor"); others stay as written. */
  goldMap: z.record(z.string().max(200), z.string().trim().min(1).max(200)).default({}),
});
export type ImportMapping = z.infer<typeof importMapping>;

export const problemCodes = [
  'empty_text',
  'ragged',
  'text_spill',
  'duplicate_id',
  'long_field',
  'invalid_utf8',
  'control_chars',
  'mojibake',
] as const;
export type ProblemCode = (typeof problemCodes)[number];
export const problemChoices = ['keep', 'skip', 'cancel', 'rownumber', 'join'] as const;
export type ProblemChoice = (typeof problemChoices)[number];

/** What to do with each class of problem rows. duplicate_id: `rownumber` keeps every row and uses
 * row numbers as ids, keeping the given id as metadata. */
export const importDecisions = z
  .object({
    empty_text: z.enum(['skip', 'cancel']).default('skip'),
    ragged: z.enum(['keep', 'skip', 'cancel']).default('keep'),
    duplicate_id: z.enum(['rownumber', 'skip', 'cancel']).default('cancel'),
    long_field: z.enum(['keep', 'skip', 'cancel']).default('keep'),
    /** Rows with bytes that are not UTF-8 in a file read as UTF-8 (shown as U+FFFD). */
    invalid_utf8: z.enum(['keep', 'skip', 'cancel']).default('keep'),
    control_chars: z.enum(['keep', 'skip', 'cancel']).default('keep'),
    mojibake: z.enum(['keep', 'skip', 'cancel']).default('keep'),
    /** Rows whose text held the delimiter, so its end spilled into the fields after the text
     * column: `join` puts it back into the text, with that delimiter (row-problems.ts). */
    text_spill: z.enum(['join', 'keep', 'skip', 'cancel']).default('join'),
  })
  .strict();
export type ImportDecisions = z.infer<typeof importDecisions>;

export interface EncodingSuggestion {
  encoding: TextEncoding;
  /** The share of the evidence for this reading among the candidates (0-1). */
  confidence: number;
  /** A line of the file's head as this encoding reads it. */
  sample: string;
}

/** What detection found (or what the options forced), shown in the preview. */
export interface ImportDetection {
  format: ImportFormat;
  encoding: TextEncoding | null;
  bom: boolean;
  /** 0-1: how clear detection's choice of `encoding` was; null where the encoding was chosen and
   * detection did not consider it. Absent for formats without an encoding. */
  encodingConfidence?: number | null;
  /** The three readings that read the file's head best, ranked, each with a line as it reads it;
   * when `encodingLooksWrong`, only those that read it better than `encoding`. */
  suggestedEncodings?: EncodingSuggestion[];
  /** The head read in `encoding` holds marks of a wrong decoding (Ã©, Ïðèâåò, U+FFFD...). */
  encodingLooksWrong?: boolean;
  /** A few lines of the head that hold characters past ASCII, as `encoding` reads them. */
  encodingSample?: string[];
  delimiter: (typeof delimiters)[number] | null;
  quote: 'double' | 'none' | null;
  hasHeader: boolean;
  lineEndings: 'LF' | 'CRLF' | 'CR' | 'mixed' | 'none' | null;
  /** XLSX and ODS: every sheet, and the one read. */
  sheets: string[];
  sheet: string | null;
  /** JSON: the property holding the records array, when the file is an object. */
  arrayKey: string | null;
  /** XLSX, ODS and Parquet, whose cells can repeat one stored text: the text the rows hold against
   * the file's size, with a warning where it is far larger (main/core/imports/text-size.ts).
   * Exact once every row was read (an analysis), else XLSX's estimate from its shared strings. */
  textSize?: ImportTextSize;
}

export interface ImportTextSize {
  fileBytes: number;
  /** UTF-8 bytes of every cell's text, as read. */
  textBytes: number;
  /** Every row was counted (else an estimate, a lower bound). */
  exact: boolean;
  /** One line where the text is far larger than the file; null otherwise. */
  warning: string | null;
  /** Past the limit: the import needs `allowLargeText`. */
  needsConfirmation: boolean;
}

export interface ImportPreview {
  sourceName: string;
  format: ImportFormat;
  detection: ImportDetection;
  /** Kept for the first slice's screen; the same as detection.delimiter / hasHeader. */
  delimiter: (typeof delimiters)[number] | null;
  hasHeader: boolean;
  /** Column names: the header row, or "Column 1", "Column 2", ... without one. */
  columns: string[];
  /** The first rows as they will be stored (strings, never numbers). */
  rows: string[][];
  /** Columns guessed to hold the text, the id and the gold label, by name and content. */
  suggestedTextColumns: string[];
  suggestedIdColumn: string | null;
  suggestedGoldColumn: string | null;
  /** Whether HTML entities are decoded: the option, or the open project's last choice. */
  decodeHtmlEntities: boolean;
  /** Cells of the preview's rows that hold an HTML entity (counted before decoding). */
  entityCells: number;
}

export interface ProblemExample {
  row: number;
  message: string;
}

export interface ProblemSummary {
  code: ProblemCode;
  count: number;
  /** The first rows with the problem (at most 1,000). */
  rows: number[];
  /** A few rows with what is wrong in each. */
  examples: ProblemExample[];
  /** One sentence on the problem and its likely cause. */
  summary: string;
  choices: ProblemChoice[];
  defaultChoice: ProblemChoice;
}

export interface ImportAnalysis {
  sourceName: string;
  detection: ImportDetection;
  rows: number;
  problems: ProblemSummary[];
  /** Distinct gold values with their counts, when a gold column is mapped. */
  goldValues: { value: string; count: number }[];
}

export interface ImportStarted {
  jobId: string;
  importId: string;
}

export const importPreviewInput = z.object({ source: importSource, options: importOptions.default({}) }).strict();
export const importAnalysisInput = z
  .object({ jobId: uuid, source: importSource, options: importOptions.default({}), mapping: importMapping })
  .strict();
export const importStartInput = z
  .object({
    source: importSource,
    options: importOptions.default({}),
    mapping: importMapping,
    decisions: importDecisions.prefault({}),
    /** Split the imported documents into units at once (segments.ts); the import and its units
     * become visible together. */
    segment: segmentSpec.optional(),
  })
  .strict();
