// The form of a bad-input catalogue entry (catalogue.ts assembles the entries).
/** What is done with the input, through the core's contract as a face calls it:
 * - preview: `import.preview` of the file;
 * - import: `import.preview`, then `import.start` with its suggested text column and every problem
 *   class set to cancel (the strict import), followed to its `job:done`;
 * - codebook-json: the file read as `prelabel codebook --set` reads it (parseCodebookJson), then `codebook.set`;
 * - codebook-csv: `codebook.importCsv` of the file into a question;
 * - model: `model.select` of the folder;
 * - project: `project.open` of the file;
 * - call: the method with the payload (the input is JSON text in `payload`). */
export type Operation = 'preview' | 'import' | 'codebook-json' | 'codebook-csv' | 'model' | 'project' | 'call';

export interface BadInput {
  /** The file or folder name (__fixtures__/ or generate.ts), or for `call` the method. */
  input: string;
  operation: Operation;
  /** For `call`: the payload as JSON text (parsed with JSON.parse, so __proto__ stays a key). */
  payload?: string;
  /** For preview and import: the reading options (e.g. a sheet that is not there). */
  options?: Record<string, unknown>;
  /** The error's code, as the contract names it. */
  code: string;
  /** The one-line message, as a regex naming the problem. */
  error: RegExp;
  /** Why it is here. */
  what: string;
}
