// The codebook part of the contract: questions (label groups) and their labels, in the JSON form
// that `prelabel codebook --get/--set` reads and writes.
import { importSource } from './imports';
import { nonEmpty, z } from './zod';

const hotkey = z.string().regex(/^[a-z0-9]$/i, 'a hotkey is one letter or digit');
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is written #rrggbb');

export const codebookLabel = z
  .object({
    /** Stable uuid; absent for a new label. */
    id: z.string().uuid().optional(),
    name: nonEmpty.max(200),
    code: z.string().trim().max(50).nullable().optional(),
    description: z.string().max(10_000).optional(),
    includeRules: z.string().max(10_000).optional(),
    excludeRules: z.string().max(10_000).optional(),
    examples: z.array(z.string().max(10_000)).max(100).optional(),
    /** A full hypothesis that replaces the question's template for this label. */
    hypothesis: z.string().trim().max(1000).nullable().optional(),
    color: color.nullable().optional(),
    hotkey: hotkey.nullable().optional(),
    /** The parent label's name (hierarchical codebooks, e.g. Manifesto domains and codes). */
    parent: z.string().trim().max(200).nullable().optional(),
    archived: z.boolean().optional(),
  })
  .strict();
export type CodebookLabelInput = z.input<typeof codebookLabel>;

export const codebookQuestion = z
  .object({
    id: z.string().uuid().optional(),
    name: nonEmpty.max(200),
    multiLabel: z.boolean().default(false),
    /** The hypothesis template; `{}` stands for the label. */
    template: z.string().trim().min(1).max(1000).default('This example is {}.'),
    ordered: z.boolean().optional(),
    /** Documents longer than the model's window: cut them, or score them in windows. */
    longText: z.enum(['truncate', 'windows']).optional(),
    archived: z.boolean().optional(),
    labels: z.array(codebookLabel).max(1000),
  })
  .strict();
export type CodebookQuestionInput = z.input<typeof codebookQuestion>;

export const codebookInput = z
  .object({ questions: z.array(codebookQuestion).max(100), summary: z.string().max(500).optional() })
  .strict();

/** Labels from a CSV of code, name, description rows (a header row is optional), added to one
 * question, which is created when absent. */
export const codebookCsvImportInput = z
  .object({
    source: importSource,
    questionName: nonEmpty.max(200),
    /** For a new question; defaults to "This text is about {}.". */
    template: z.string().trim().min(1).max(1000).optional(),
  })
  .strict();

export interface CodebookLabel {
  id: string;
  name: string;
  code: string | null;
  description: string;
  includeRules: string;
  excludeRules: string;
  examples: string[];
  hypothesis: string | null;
  color: string | null;
  hotkey: string | null;
  parent: string | null;
  archived: boolean;
}

export interface CodebookQuestion {
  id: string;
  name: string;
  multiLabel: boolean;
  template: string;
  ordered: boolean;
  longText: 'truncate' | 'windows';
  archived: boolean;
  labels: CodebookLabel[];
}

export interface Codebook {
  questions: CodebookQuestion[];
  /** The revision stamped on decisions; null before the first codebook is saved. */
  revisionId: string | null;
}
