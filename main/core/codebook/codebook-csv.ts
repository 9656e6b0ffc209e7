// Imports labels from a codebook CSV of code, name, description rows (e.g. the Manifesto Project's
// category list) into one question, through the project's own delimited-file reader.
import { PrelabelError, type Codebook, type CodebookQuestion } from '../../../common/contract';
import { detectDelimited, readDelimitedRecords } from '../imports/delimited-file';
import type { LocalFile } from '../imports/import-source';
import { EncodingMismatchError, type TextEncodingName } from '../imports/text-encoding';
import type { Db } from '../store/project-db';
import { codebookToJson } from './codebook-json';
import { readCodebook } from './codebook-read';
import type { CodebookInput } from './codebook-plan';
import { setCodebook } from './codebook-write';

export const CSV_TEMPLATE = 'This text is about {}.';
const MAX_LABELS = 1000;
const LIMITS = { code: 50, name: 200, description: 10_000 };

export interface CsvLabel {
  code: string | null;
  name: string;
  description: string;
  /** The line of the file the row starts on, for messages. */
  line: number;
}

/** A first row is a header when it names the columns instead of holding a code. */
function isHeader(fields: readonly string[]): boolean {
  const [first = '', second = ''] = fields.map((f) => f.trim().toLowerCase());
  return (
    /^(code|codes|id|cmp[ _]?code|number|no\.?|nr\.?)$/.test(first) || /^(name|names|title|label|labels|category|categories)$/.test(second)
  );
}

function toLabel(fields: readonly string[], line: number, fileName: string): CsvLabel {
  if (fields.length > 3) {
    throw new PrelabelError(
      'BAD_FILE',
      `${fileName}, line ${line}: ${fields.length} columns, but a codebook CSV has three (code, name, description). Quote fields that contain commas.`,
    );
  }
  const [code, name, description] = fields.length === 1 ? ['', fields[0]!, ''] : [fields[0]!, fields[1]!, fields[2] ?? ''];
  const label = { code: code.trim() || null, name: name.trim(), description: description.trim(), line };
  if (!label.name)
    throw new PrelabelError('BAD_FILE', `${fileName}, line ${line}: the name column (the second) is empty. Every label needs a name.`);
  for (const key of ['code', 'name', 'description'] as const) {
    const value = label[key] ?? '';
    if (value.length > LIMITS[key]) {
      throw new PrelabelError(
        'BAD_FILE',
        `${fileName}, line ${line}: the ${key} is ${value.length.toLocaleString('en')} characters long; at most ${LIMITS[key].toLocaleString('en')} fit.`,
      );
    }
  }
  return label;
}

async function readRecords(file: LocalFile, encoding?: TextEncodingName): Promise<{ fields: string[]; line: number }[]> {
  // The header rule below decides about the first row, not the sniffer: a row of codes and titles
  // looks much like a header to a generic guess.
  const settings = detectDelimited(file.path, file.name, { hasHeader: false, ...(encoding ? { encoding } : {}) });
  const out: { fields: string[]; line: number }[] = [];
  try {
    for await (const r of readDelimitedRecords(file.path, file.name, settings, { verifyEncoding: !encoding && !settings.bom })) {
      if (r.fields.every((f) => f.trim() === '')) continue;
      out.push({ fields: r.fields, line: r.line });
      if (out.length > MAX_LABELS + 1)
        throw new PrelabelError(
          'BAD_FILE',
          `${file.name} has more than ${MAX_LABELS} rows; a question holds at most ${MAX_LABELS} labels.`,
        );
    }
  } catch (err) {
    // The whole file is in another encoding than its head suggested ([Note: damaged UTF-8 or a
    // legacy encoding] in imports/text-encoding.ts): read it again in that one.
    if (err instanceof EncodingMismatchError && !encoding) return readRecords(file, err.encoding);
    throw err;
  }
  return out;
}

/** The labels of a codebook CSV, in file order; names must be unique. */
export async function readCodebookCsv(file: LocalFile): Promise<CsvLabel[]> {
  const records = await readRecords(file);
  if (records.length > 0 && isHeader(records[0]!.fields)) records.shift();
  if (records.length === 0) throw new PrelabelError('BAD_FILE', `${file.name} holds no labels.`);
  const labels = records.map((r) => toLabel(r.fields, r.line, file.name));
  const seen = new Map<string, number>();
  for (const l of labels) {
    const first = seen.get(l.name);
    if (first !== undefined)
      throw new PrelabelError(
        'BAD_FILE',
        `${file.name}: the name "${l.name}" appears on line ${first} and line ${l.line}. Each label of a question needs its own name.`,
      );
    seen.set(l.name, l.line);
  }
  return labels;
}

/** The codebook with the CSV's labels merged into one question: a label of the same name gets the
 * CSV's code and description, the others are added after the question's labels, and nothing is
 * removed (an import adds to a codebook; it does not replace it). */
export function mergeCsvLabels(codebook: Codebook, questionName: string, labels: readonly CsvLabel[], template?: string): CodebookInput {
  const questions = codebookToJson(codebook).questions.map((q) => ({ ...q, labels: [...q.labels] }));
  let question: CodebookQuestion | undefined = questions.find((q) => q.name === questionName);
  if (!question) {
    question = {
      id: '',
      name: questionName,
      multiLabel: false,
      template: template ?? CSV_TEMPLATE,
      ordered: false,
      longText: 'truncate',
      archived: false,
      labels: [],
    };
    questions.push(question);
  } else if (template) question.template = template;
  for (const l of labels) {
    const existing = question.labels.findIndex((x) => x.name === l.name);
    if (existing >= 0) question.labels[existing] = { ...question.labels[existing]!, code: l.code, description: l.description };
    else {
      question.labels.push({
        id: '',
        name: l.name,
        code: l.code,
        description: l.description,
        includeRules: '',
        excludeRules: '',
        examples: [],
        hypothesis: null,
        color: null,
        hotkey: null,
        parent: null,
        archived: false,
      });
    }
  }
  if (question.labels.length > MAX_LABELS)
    throw new PrelabelError(
      'INVALID_INPUT',
      `"${questionName}" would have ${question.labels.length} labels; a question holds at most ${MAX_LABELS}.`,
    );
  // New items have no id yet: planCodebook gives them one.
  const withoutBlankIds = questions.map(({ id, labels: ls, ...q }) => ({
    ...(id ? { id } : {}),
    ...q,
    labels: ls.map(({ id: lid, ...l }) => ({ ...(lid ? { id: lid } : {}), ...l })),
  }));
  return { questions: withoutBlankIds };
}

export async function importCodebookCsv(db: Db, file: LocalFile, questionName: string, template?: string): Promise<Codebook> {
  const labels = await readCodebookCsv(file);
  const input = mergeCsvLabels(readCodebook(db), questionName, labels, template);
  return setCodebook(db, input, {
    summary: `Imported ${labels.length === 1 ? '1 label' : `${labels.length} labels`} into "${questionName}" from ${file.name}`,
  });
}
