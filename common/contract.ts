// The one contract between the UI and the core: every method with its input schema and result
// type, and every event the core pushes. Pure TypeScript: no node:, DOM or electron imports.
import { z } from 'zod';

// [Note: zod jitless] zod compiles validators with `new Function` unless told not to, which a
// strict CSP (no 'unsafe-eval') blocks in the renderer. This must run before any schema exists.
z.config({ jitless: true });

/** Declares a method's result type without a runtime value. */
const returns = <T>(): T => undefined as T;

const nonEmpty = z.string().trim().min(1);
/** A column is named by its header text or by its 1-based position. */
export const columnRef = z.union([nonEmpty, z.number().int().min(1)]);
export type ColumnRef = z.infer<typeof columnRef>;

export const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

/** Where an import reads from: a path (Electron, CLI) or a file uploaded to the browser-mode server. */
export const importSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('path'), path: nonEmpty }),
  z.object({ kind: z.literal('upload'), uploadId: uuid }),
]);
export type ImportSource = z.infer<typeof importSource>;

export const importFormats = ['csv', 'xlsx', 'json', 'jsonl', 'text', 'folder'] as const;
export type ImportFormat = (typeof importFormats)[number];
export const textEncodings = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export const delimiters = [',', ';', '\t', '|'] as const;

/** How to read the file. Everything is detected; each field given here overrides the detection. */
export const importOptions = z.object({
  format: z.enum(importFormats).optional(),
  encoding: z.enum(textEncodings).optional(),
  delimiter: z.enum(delimiters).optional(),
  quote: z.enum(['double', 'none']).optional(),
  hasHeader: z.boolean().optional(),
  /** XLSX: the sheet's name. */
  sheet: z.string().max(100).optional(),
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

export const problemCodes = ['empty_text', 'ragged', 'duplicate_id', 'long_field', 'control_chars', 'mojibake'] as const;
export type ProblemCode = (typeof problemCodes)[number];
export const problemChoices = ['keep', 'skip', 'cancel', 'rownumber'] as const;
export type ProblemChoice = (typeof problemChoices)[number];

/** What to do with each class of problem rows. duplicate_id: `rownumber` keeps every row and uses
 * row numbers as ids, keeping the given id as metadata. */
export const importDecisions = z
  .object({
    empty_text: z.enum(['skip', 'cancel']).default('skip'),
    ragged: z.enum(['keep', 'skip', 'cancel']).default('keep'),
    duplicate_id: z.enum(['rownumber', 'skip', 'cancel']).default('cancel'),
    long_field: z.enum(['keep', 'skip', 'cancel']).default('keep'),
    control_chars: z.enum(['keep', 'skip', 'cancel']).default('keep'),
    mojibake: z.enum(['keep', 'skip', 'cancel']).default('keep'),
  })
  .strict();
export type ImportDecisions = z.infer<typeof importDecisions>;

export const documentQuery = z.object({
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
});

// ---- Result types ----

export interface AppInfo {
  version: string;
  face: 'electron' | 'browser' | 'cli';
  projectsDir: string;
}

export interface ProjectInfo {
  id: string;
  name: string;
  path: string;
  schemaVersion: number;
  createdAt: string;
  documentCount: number;
  /** Things the user should know about the file's location (network share, sync folder). */
  warnings: string[];
}

export interface RecentProject {
  path: string;
  name: string;
  openedAt: string;
  exists: boolean;
}

export interface ImportSummary {
  id: string;
  sourceName: string;
  format: string;
  status: 'pending' | 'committed' | 'failed' | 'cancelled';
  rowCount: number;
  skippedCount: number;
  /** Problem rows found while importing, by class. */
  problems: ProblemSummary[];
  startedAt: string;
  finishedAt: string | null;
}

export interface ProjectStats {
  documents: number;
  imports: ImportSummary[];
  annotations: number;
  predictions: number;
}

/** What detection found (or what the options forced), shown in the preview. */
export interface ImportDetection {
  format: ImportFormat;
  encoding: (typeof textEncodings)[number] | null;
  bom: boolean;
  delimiter: (typeof delimiters)[number] | null;
  quote: 'double' | 'none' | null;
  hasHeader: boolean;
  lineEndings: 'LF' | 'CRLF' | 'CR' | 'mixed' | 'none' | null;
  /** XLSX: every sheet, and the one read. */
  sheets: string[];
  sheet: string | null;
  /** JSON: the property holding the records array, when the file is an object. */
  arrayKey: string | null;
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

export interface DocumentRow {
  id: number;
  externalId: string;
  text: string;
  metadata: Record<string, string>;
}

export interface DocumentPage {
  total: number;
  offset: number;
  rows: DocumentRow[];
}

export interface FileChoice {
  path: string;
}

// ---- Methods ----

export const methods = {
  'app.info': { input: z.object({}).strict(), output: returns<AppInfo>() },

  'projects.recent': { input: z.object({}).strict(), output: returns<RecentProject[]>() },
  'projects.forget': { input: z.object({ path: nonEmpty }).strict(), output: returns<RecentProject[]>() },

  /** Creates a project file. Without a path it goes into the projects folder, named after the project. */
  'project.create': {
    input: z.object({ name: nonEmpty.max(200), path: nonEmpty.optional() }).strict(),
    output: returns<ProjectInfo>(),
  },
  'project.open': { input: z.object({ path: nonEmpty }).strict(), output: returns<ProjectInfo>() },
  'project.close': { input: z.object({}).strict(), output: returns<null>() },
  'project.current': { input: z.object({}).strict(), output: returns<ProjectInfo | null>() },
  'project.stats': { input: z.object({}).strict(), output: returns<ProjectStats>() },

  'import.preview': {
    input: z.object({ source: importSource, options: importOptions.default({}) }).strict(),
    output: returns<ImportPreview>(),
  },
  /** Reads the whole file with the mapping and lists the problem rows, writing nothing. The caller
   * picks the job id, so it can follow `job:progress` and cancel with `job.cancel`. */
  'import.analyze': {
    input: z.object({ jobId: uuid, source: importSource, options: importOptions.default({}), mapping: importMapping }).strict(),
    output: returns<ImportAnalysis>(),
  },
  /** Starts an import job; progress arrives as `job:progress`, the end as `job:done`. */
  'import.start': {
    input: z
      .object({
        source: importSource,
        options: importOptions.default({}),
        mapping: importMapping,
        decisions: importDecisions.prefault({}),
      })
      .strict(),
    output: returns<ImportStarted>(),
  },

  'job.cancel': { input: z.object({ jobId: uuid }).strict(), output: returns<{ cancelled: boolean }>() },

  'documents.list': { input: documentQuery.strict(), output: returns<DocumentPage>() },

  /** Native dialogs: only the Electron face implements these (the browser uploads and downloads). */
  'dialog.openFile': {
    input: z.object({ purpose: z.enum(['import', 'project']) }).strict(),
    output: returns<FileChoice | null>(),
  },
  'dialog.saveFile': {
    input: z.object({ purpose: z.enum(['project', 'export']), defaultName: z.string().max(255) }).strict(),
    output: returns<FileChoice | null>(),
  },
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = Methods[M]['output'];

/** Methods that the face (Electron main) answers itself; the core never sees them. */
export const shellMethods = ['dialog.openFile', 'dialog.saveFile'] as const satisfies readonly MethodName[];
export type ShellMethodName = (typeof shellMethods)[number];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);
}

// ---- Events pushed to the UI ----

export interface JobProgress {
  jobId: string;
  kind: 'import' | 'index' | 'analyze';
  phase: string;
  done: number;
  /** Bytes or rows, depending on the phase; null when unknown. */
  total: number | null;
  unit: 'rows' | 'bytes';
}

export interface JobDone {
  jobId: string;
  kind: 'import';
  status: 'done' | 'cancelled' | 'failed';
  error?: ApiError;
  /** For imports: rows stored, rows skipped, and rows stored with a flagged problem. */
  counts?: { imported: number; skipped: number; flagged: number };
}

export interface Events {
  'job:progress': JobProgress;
  'job:done': JobDone;
  'project:changed': { project: ProjectInfo | null };
  /** The Electron app menu's File > New project and Open project. */
  'menu:new-project': Record<string, never>;
  'menu:open-project': Record<string, never>;
}
export type EventName = keyof Events;
export const eventNames = ['job:progress', 'job:done', 'project:changed', 'menu:new-project', 'menu:open-project'] as const satisfies readonly EventName[];

// ---- Results and errors ----

export const errorCodes = [
  'INVALID_INPUT',
  'UNKNOWN_METHOD',
  'FORBIDDEN',
  'NO_PROJECT',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'NOT_A_PROJECT',
  'NEWER_VERSION',
  'BAD_FILE',
  'BUSY',
  'CANCELLED',
  'UNSUPPORTED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface ApiError {
  code: ErrorCode;
  /** A sentence a person can act on; never a stack trace. */
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Thrown inside the core and the faces; turned into `{ok: false, error}` at the boundary. */
export class PrelabelError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PrelabelError';
  }
}

/** Turns a zod failure into one readable sentence naming the field. */
export function describeInvalidInput(method: string, issues: readonly z.core.$ZodIssue[]): string {
  const first = issues[0];
  if (!first) return `Invalid input for ${method}.`;
  const where = first.path.length ? first.path.join('.') : 'input';
  return `Invalid input for ${method}: ${where}: ${first.message}`;
}

/** Validates a call's input against the contract; the one check every boundary runs. */
export function parseInput<M extends MethodName>(method: M, input: unknown): Result<ParsedInput<M>> {
  const parsed = methods[method].input.safeParse(input ?? {});
  if (parsed.success) return { ok: true, value: parsed.data as ParsedInput<M> };
  return { ok: false, error: { code: 'INVALID_INPUT', message: describeInvalidInput(method, parsed.error.issues) } };
}

/** The typed API every face offers the renderer. */
export interface PrelabelApi {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}
