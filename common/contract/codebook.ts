// The codebook part of the contract: questions (label groups) and their labels, in the JSON form
// that `prelabel codebook --get/--set` reads and writes.
import { PrelabelError } from './errors';
import { importSource } from './imports';
import { nonEmpty, z } from './zod';

/** Keys the Annotate screen keeps for itself (f flags, n adds a note), so no label may take them:
 * the core refuses them and the editor says so beside the field. */
export const RESERVED_HOTKEYS: Readonly<Record<string, string>> = { f: 'flags a document', n: 'adds a note' };

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

export const codebookInput = z.object({ questions: z.array(codebookQuestion).max(100), summary: z.string().max(500).optional() }).strict();

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

// ---- The codebook file ----
// [Note: codebook file parsing] The parser lives here, not in main/core, because both the CLI
// (`prelabel codebook --set`) and the editor's JSON import (which reads the chosen file in the page
// and sends codebook.set) must give the same messages: the line and column of a JSON error, the
// question and label of a schema error, never "questions.3.labels.12.hotkey".

export type CodebookFileInput = z.output<typeof codebookInput>;

/** Line and column (1-based) of a character offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split(/\r\n|\r|\n/).length;
  const column = offset - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  return { line, column };
}

function parseJson(text: string, fileName: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const message = (err as Error).message;
    // V8 names a character offset ("... in JSON at position 42"); people count lines.
    const at = /at position (\d+)/.exec(message);
    const where = at ? lineAndColumn(text, Number(at[1])) : null;
    const what = message
      .replace(/\s*in JSON at position \d+.*$/, '')
      .replace(/^Unexpected end of JSON input$/, 'the file ends in the middle of the JSON');
    const place = where ? `line ${where.line}, column ${where.column}` : 'not valid JSON';
    throw new PrelabelError('BAD_FILE', `${fileName}, ${place}: ${what}. Check the file in a JSON-aware editor.`);
  }
}

/** Names a place in the codebook by what a person sees: question and label names, not indices. */
function describePath(data: unknown, path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  let node: unknown = data;
  for (let k = 0; k < path.length; k++) {
    const key = path[k]!;
    const next = (node as Record<PropertyKey, unknown> | undefined)?.[key];
    const parent = path[k - 1];
    if ((parent === 'questions' || parent === 'labels') && typeof key === 'number') {
      const name = (next as { name?: unknown } | undefined)?.name;
      const kind = parent === 'questions' ? 'question' : 'label';
      parts.push(typeof name === 'string' && name.trim() ? `${kind} "${name.trim()}"` : `${kind} ${key + 1}`);
    } else if (key !== 'questions' && key !== 'labels') parts.push(String(key));
    node = next;
  }
  return parts.join(', ') || 'the file';
}

/** Reads a codebook file's text: JSON errors name the line, schema errors the question and label. */
export function parseCodebookJson(text: string, fileName: string): CodebookFileInput {
  let data = parseJson(text, fileName);
  // The output of `--get --json` ({ok, codebook}) and the revision id that codebook.get returns are
  // accepted too, so that whatever Prelabel wrote can be read back.
  if (data && typeof data === 'object' && 'codebook' in data && 'ok' in data) data = (data as { codebook: unknown }).codebook;
  if (data && typeof data === 'object' && !Array.isArray(data) && 'revisionId' in data) {
    const { revisionId: _r, ...rest } = data as Record<string, unknown>;
    data = rest;
  }
  const parsed = codebookInput.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  if (issue.path.length === 0) {
    throw new PrelabelError('INVALID_INPUT', `${fileName}: a codebook file holds {"questions": [...]}; ${issue.message}.`);
  }
  throw new PrelabelError('INVALID_INPUT', `${fileName}: ${describePath(data, issue.path)}: ${issue.message}.`);
}

/** The file form of a codebook: the contract's input, ids included, without the revision id. */
export function codebookToJson(codebook: Codebook): { questions: Codebook['questions'] } {
  return { questions: codebook.questions };
}
