// The bad-input catalogue: each malformed input, what is done with it, and the one-line error a
// person must get. Inputs named *.* without a generator are committed in __fixtures__/; the others are
// made by generate.ts. README.md lists the same entries (a test keeps the two in step).

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

const F = 'BAD_FILE';
const I = 'INVALID_INPUT';
const P = 'NOT_A_PROJECT';

export const catalogue: BadInput[] = [
  // Data files
  { input: 'csv-empty.csv', operation: 'import', code: F, error: /^csv-empty\.csv is empty\.$/, what: 'an empty CSV' },
  {
    input: 'csv-header-only.csv',
    operation: 'import',
    code: F,
    error: /^Nothing was imported from csv-header-only\.csv: it holds no rows\.$/,
    what: 'a header and no rows',
  },
  {
    input: 'csv-bom-only.csv',
    operation: 'import',
    code: F,
    error: /^csv-bom-only\.csv holds no data, only blank space\.$/,
    what: 'a UTF-8 BOM and nothing else',
  },
  {
    input: 'csv-only-newlines.csv',
    operation: 'import',
    code: F,
    error: /^csv-only-newlines\.csv holds no data, only blank space\.$/,
    what: 'blank lines only',
  },
  {
    input: 'csv-nul-bytes.csv',
    operation: 'import',
    code: F,
    error: /^csv-nul-bytes\.csv does not look like a text file \(it contains binary data\)/,
    what: 'NUL bytes inside cells',
  },
  {
    input: 'json-truncated.json',
    operation: 'import',
    code: F,
    error: /^json-truncated\.json is not valid JSON: line 1, column 40: a string is never closed: the file ends too early\.$/,
    what: 'JSON cut off inside a record',
  },
  {
    input: 'json-top-level-number.json',
    operation: 'import',
    code: F,
    error: /^json-top-level-number\.json is not valid JSON: line 1, column 1: the file must hold an array of objects/,
    what: 'a JSON file that is one number',
  },
  {
    input: 'json-top-level-string.json',
    operation: 'import',
    code: F,
    error: /^json-top-level-string\.json is not valid JSON: line 1, column 1: the file must hold an array of objects/,
    what: 'a JSON file that is one string',
  },
  {
    input: 'json-object-without-array.json',
    operation: 'import',
    code: F,
    error: /^json-object-without-array\.json is not valid JSON: line 1, column 18: the object holds no array of records\.$/,
    what: 'a JSON object with no records array',
  },
  {
    input: 'json-empty-array.json',
    operation: 'import',
    code: F,
    error: /^json-empty-array\.json holds no records\.$/,
    what: 'an empty JSON array',
  },
  {
    input: 'jsonl-bad-line.jsonl',
    operation: 'import',
    code: F,
    error: /^jsonl-bad-line\.jsonl is not valid JSON: line 2, column 24: expected "," or "}" in an object\.$/,
    what: 'JSON Lines with one broken line',
  },
  {
    input: 'jsonl-no-json.jsonl',
    operation: 'import',
    code: F,
    error: /^jsonl-no-json\.jsonl is not valid JSON: line 1, column 1: unexpected character "n"\.$/,
    what: 'a .jsonl file of plain text',
  },
  {
    input: 'parquet-truncated.parquet',
    operation: 'import',
    code: F,
    error: /^parquet-truncated\.parquet is incomplete: a Parquet file ends with its table of contents, and this one is missing/,
    what: 'a Parquet magic number and nothing else',
  },
  {
    input: 'parquet-cut-footer.parquet',
    operation: 'import',
    code: F,
    error: /^parquet-cut-footer\.parquet is incomplete: a Parquet file ends with its table of contents/,
    what: 'a real Parquet file with its footer cut',
  },
  {
    input: 'xlsx-really-csv.xlsx',
    operation: 'import',
    code: F,
    error: /^xlsx-really-csv\.xlsx is not an Excel workbook \(\.xlsx files are ZIP archives, and this one is not\)/,
    what: 'a CSV renamed to .xlsx',
  },
  {
    input: 'xlsx-zip-header-only.xlsx',
    operation: 'import',
    code: F,
    error: /^xlsx-zip-header-only\.xlsx is damaged or incomplete \(the end of the file is missing/,
    what: 'a ZIP local header and nothing else',
  },
  {
    input: 'xlsx-truncated.xlsx',
    operation: 'import',
    code: F,
    error: /^xlsx-truncated\.xlsx is damaged or incomplete \(the end of the file is missing/,
    what: 'a workbook cut after 900 bytes',
  },
  {
    input: 'xlsx-missing-sheet-part.xlsx',
    operation: 'import',
    code: F,
    error: /^xlsx-missing-sheet-part\.xlsx: the sheet Speeches is missing from the workbook\.$/,
    what: "a workbook whose sheet's XML part is gone",
  },
  {
    input: 'xlsx-zip-of-text.xlsx',
    operation: 'import',
    code: F,
    error: /^xlsx-zip-of-text\.xlsx is a ZIP file but not an Excel workbook \(it has no xl\/workbook\.xml\)\.$/,
    what: 'a ZIP of a text file named .xlsx',
  },
  {
    input: 'xlsx-bad-xml.xlsx',
    operation: 'import',
    code: F,
    error: /^xlsx-bad-xml\.xlsx: the sheet Speeches is not valid XML \(unclosed tag: row\)\.$/,
    what: 'a sheet with broken XML',
  },
  {
    input: 'xlsx-truncated.xlsx',
    operation: 'preview',
    options: { format: 'xlsx', sheet: 'Nope' },
    code: F,
    error: /^xlsx-truncated\.xlsx is damaged or incomplete/,
    what: 'a damaged workbook with a sheet asked by name',
  },
  {
    input: 'ods-truncated.ods',
    operation: 'import',
    code: F,
    error: /^ods-truncated\.ods is damaged or incomplete \(the end of the file is missing/,
    what: 'an OpenDocument sheet cut short',
  },
  {
    input: 'ods-without-content.ods',
    operation: 'import',
    code: F,
    error: /^ods-without-content\.ods is a ZIP file but not an OpenDocument spreadsheet: it has no content\.xml\.$/,
    what: 'an .ods without content.xml',
  },
  // Codebooks (JSON as prelabel codebook --set reads them; CSV through codebook.importCsv)
  {
    input: 'codebook-duplicate-labels.json',
    operation: 'codebook-json',
    code: I,
    error: /^Question "Stance" has two labels named "favor"\./,
    what: 'two labels with one name',
  },
  {
    input: 'codebook-empty-label-name.json',
    operation: 'codebook-json',
    code: I,
    error: /^codebook-empty-label-name\.json: question "Stance", label 2, name: Too small/,
    what: 'a label named only with spaces',
  },
  {
    input: 'codebook-empty-question-name.json',
    operation: 'codebook-json',
    code: I,
    error: /^codebook-empty-question-name\.json: question 1, name: Too small/,
    what: 'a question without a name',
  },
  {
    input: 'codebook-duplicate-questions.json',
    operation: 'codebook-json',
    code: I,
    error: /^There are two questions named "Stance"\./,
    what: 'two questions with one name',
  },
  {
    input: 'codebook-unknown-parent.json',
    operation: 'codebook-json',
    code: I,
    error: /^Label "Taxes" of "Topic" has the parent "Finance", but "Topic" has no label of that name\.$/,
    what: 'a parent that is not a label',
  },
  {
    input: 'codebook-parent-cycle.json',
    operation: 'codebook-json',
    code: I,
    error: /^The parents of "Topic" go round in a circle \(A → B → A\)\./,
    what: 'a hierarchy with a cycle',
  },
  {
    input: 'codebook-self-parent.json',
    operation: 'codebook-json',
    code: I,
    error: /^The parents of "Topic" go round in a circle \(A → A\)\./,
    what: 'a label that is its own parent',
  },
  {
    input: 'codebook-duplicate-hotkeys.json',
    operation: 'codebook-json',
    code: I,
    error: /^Labels "favor" and "against" of "Stance" both have the hotkey "a"\./,
    what: 'one hotkey for two labels',
  },
  {
    input: 'codebook-reserved-hotkey.json',
    operation: 'codebook-json',
    code: I,
    error: /^Label "favor" of "Stance" has the hotkey "f", which Annotate keeps for itself/,
    what: 'a hotkey Annotate keeps',
  },
  {
    input: 'codebook-truncated.json',
    operation: 'codebook-json',
    code: F,
    error: /^codebook-truncated\.json, line 1, column 59: Unterminated string\./,
    what: 'a codebook file cut off',
  },
  {
    input: 'codebook-top-level-array.json',
    operation: 'codebook-json',
    code: I,
    error: /^codebook-top-level-array\.json: a codebook file holds \{"questions": \[\.\.\.\]\}/,
    what: 'a list of names instead of a codebook',
  },
  {
    input: 'codebook-csv-duplicate-names.csv',
    operation: 'codebook-csv',
    code: F,
    error: /^codebook-csv-duplicate-names\.csv: the name "Economy" appears on line 2 and line 3\./,
    what: 'a codebook CSV with a name twice',
  },
  {
    input: 'codebook-csv-empty-name.csv',
    operation: 'codebook-csv',
    code: F,
    error: /^codebook-csv-empty-name\.csv, line 2: the name column \(the second\) is empty\./,
    what: 'a codebook CSV row without a name',
  },
  {
    input: 'codebook-csv-header-only.csv',
    operation: 'codebook-csv',
    code: F,
    error: /^codebook-csv-header-only\.csv holds no labels\.$/,
    what: 'a codebook CSV with a header only',
  },
  {
    input: 'codebook-csv-empty.csv',
    operation: 'codebook-csv',
    code: F,
    error: /^codebook-csv-empty\.csv is empty\.$/,
    what: 'an empty codebook CSV',
  },
  // Model folders (model.select)
  {
    input: 'model-missing-config',
    operation: 'model',
    code: F,
    error: /model-missing-config\/config\.json is missing: a model folder holds config\.json, tokenizer\.json and onnx\/model\.onnx/,
    what: 'no config.json',
  },
  {
    input: 'model-missing-tokenizer',
    operation: 'model',
    code: F,
    error: /model-missing-tokenizer\/tokenizer\.json is missing/,
    what: 'no tokenizer.json',
  },
  {
    input: 'model-missing-onnx',
    operation: 'model',
    code: F,
    error: /model-missing-onnx\/onnx\/model\.onnx is missing/,
    what: 'no ONNX file',
  },
  {
    input: 'model-config-not-json',
    operation: 'model',
    code: F,
    error: /model-config-not-json\/config\.json: not valid JSON, so the model's config\.json is damaged or incomplete/,
    what: 'config.json cut off',
  },
  {
    input: 'model-no-entailment',
    operation: 'model',
    code: F,
    error: /model-no-entailment\/config\.json: label2id has no entailment class \(labels: negative, positive\)/,
    what: 'a sentiment model, not NLI',
  },
  {
    input: 'model-tokenizer-not-json',
    operation: 'model',
    code: F,
    error: /model-tokenizer-not-json\/tokenizer\.json: not valid JSON, so the tokenizer is damaged or incomplete/,
    what: 'tokenizer.json cut off',
  },
  {
    input: 'model-tokenizer-no-pair-layout',
    operation: 'model',
    code: F,
    error:
      /model-tokenizer-no-pair-layout\/tokenizer\.json: has no post_processor, so the layout of premise\/hypothesis pairs is unknown\.$/,
    what: 'a tokenizer that cannot pair sentences',
  },
  {
    input: 'model-corrupt-onnx',
    operation: 'model',
    code: F,
    error:
      /model-corrupt-onnx\/onnx\/model\.onnx: the model file is damaged or incomplete \(onnxruntime cannot load it: .*Protobuf parsing failed/,
    what: 'random bytes as model.onnx',
  },
  // Project files (project.open)
  {
    input: 'project-truncated.prelabel',
    operation: 'project',
    code: P,
    error: /^project-truncated\.prelabel is not a Prelabel project \(it is not an SQLite database\)\.$/,
    what: 'a project cut inside its header',
  },
  {
    input: 'project-truncated-pages.prelabel',
    operation: 'project',
    code: P,
    error: /^project-truncated-pages\.prelabel is damaged \(SQLite: database disk image is malformed\)\. Restore it from a backup/,
    what: 'a project cut after two pages',
  },
  {
    input: 'project-not-sqlite.prelabel',
    operation: 'project',
    code: P,
    error: /^project-not-sqlite\.prelabel is not a Prelabel project \(it is not an SQLite database\)\.$/,
    what: 'a CSV renamed to .prelabel',
  },
  {
    input: 'project-empty.prelabel',
    operation: 'project',
    code: P,
    error: /^project-empty\.prelabel is not a Prelabel project \(it is not an SQLite database\)\.$/,
    what: 'an empty .prelabel',
  },
  {
    input: 'project-future-version.prelabel',
    operation: 'project',
    code: 'NEWER_VERSION',
    error:
      /^project-future-version\.prelabel was saved by a newer version of Prelabel \(file format 9999, this version reads up to \d+\)\. Update Prelabel to open it\.$/,
    what: 'a schema version from the future',
  },
  {
    input: 'project-missing-table.prelabel',
    operation: 'project',
    code: P,
    error: /^project-missing-table\.prelabel is damaged: its table annotations is missing\. Restore it from a backup/,
    what: 'a project whose decisions table was dropped',
  },
  {
    input: 'project-other-sqlite.prelabel',
    operation: 'project',
    code: P,
    error: /^project-other-sqlite\.prelabel is an SQLite database made by another program, not a Prelabel project\.$/,
    what: "another program's SQLite file",
  },
  // Contract payloads (the method with a JSON payload, as a face sends it)
  {
    input: 'project.create',
    operation: 'call',
    payload: '{"name": "   "}',
    code: I,
    error: /^Invalid input for project\.create: name: Too small: expected string to have >=1 characters$/,
    what: 'a name of spaces',
  },
  {
    input: 'project.create',
    operation: 'call',
    payload: '{"name": "x", "__proto__": {"admin": true}}',
    code: I,
    error: /^Invalid input for project\.create: input: Unrecognized key: "__proto__"$/,
    what: 'a prototype key',
  },
  {
    input: 'documents.get',
    operation: 'call',
    payload: '{"id": -1}',
    code: I,
    error: /^Invalid input for documents\.get: id: Too small: expected number to be >0$/,
    what: 'a negative id',
  },
  {
    input: 'documents.get',
    operation: 'call',
    payload: '{"id": "1"}',
    code: I,
    error: /^Invalid input for documents\.get: id: Invalid input: expected number, received string$/,
    what: 'an id as a string',
  },
  {
    input: 'documents.get',
    operation: 'call',
    payload: '{"id": 99999}',
    code: 'NOT_FOUND',
    error: /^Document 99999 is not in this project/,
    what: 'an id that is not there',
  },
  {
    input: 'documents.list',
    operation: 'call',
    payload: '{"limit": 1000000000}',
    code: I,
    error: /^Invalid input for documents\.list: limit: Too big: expected number to be <=1000$/,
    what: 'a page of a billion rows',
  },
  {
    input: 'annotate.decide',
    operation: 'call',
    payload: '{}',
    code: I,
    error: /^Invalid input for annotate\.decide: questionId is missing \(expected string\)\.$/,
    what: 'a decision without its fields',
  },
  {
    input: 'job.cancel',
    operation: 'call',
    payload: '{"jobId": "../../etc/passwd"}',
    code: I,
    error: /^Invalid input for job\.cancel: jobId: Invalid string: must match pattern/,
    what: 'a path as a job id',
  },
  {
    input: 'import.preview',
    operation: 'call',
    payload: '{"source": {"kind": "ftp", "path": "/x"}}',
    code: I,
    error: /^Invalid input for import\.preview: source\.kind: Invalid discriminator value\. Expected 'path' \| 'upload'$/,
    what: 'a source kind that does not exist',
  },
  {
    input: 'import.preview',
    operation: 'call',
    payload: '{"source": {"kind": "path", "path": "/nonexistent/file.csv"}}',
    code: 'NOT_FOUND',
    error: /^The file \/nonexistent\/file\.csv does not exist\.$/,
    what: 'a file that is not there',
  },
  {
    input: 'codebook.set',
    operation: 'call',
    payload: '{"questions": "all"}',
    code: I,
    error: /^Invalid input for codebook\.set: questions: Invalid input: expected array, received string$/,
    what: 'questions as a string',
  },
  {
    input: 'project.drop',
    operation: 'call',
    payload: '{}',
    code: 'UNKNOWN_METHOD',
    error: /^Unknown method: project\.drop$/,
    what: 'a method that does not exist',
  },
  {
    input: 'constructor',
    operation: 'call',
    payload: '{}',
    code: 'UNKNOWN_METHOD',
    error: /^Unknown method: constructor$/,
    what: "a method named after Object's prototype",
  },
  {
    input: 'app.info',
    operation: 'call',
    payload: '[]',
    code: I,
    error: /^Invalid input for app\.info: input: Invalid input: expected object, received array$/,
    what: 'an array as input',
  },
  {
    input: 'project.open',
    operation: 'call',
    payload: '{"path": "/tmp"}',
    code: P,
    error: /^tmp is a folder, not a Prelabel project file\.$/,
    what: 'a folder as the project',
  },
  {
    input: 'annotate.queue',
    operation: 'call',
    payload: '{"questionId": "00000000-0000-4000-8000-000000000000"}',
    code: 'NOT_FOUND',
    error: /^This question is not in the codebook/,
    what: 'a question that is not there',
  },
];
