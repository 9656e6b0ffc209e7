// Labels from gold values (issue 13): one click makes a question's labels from the distinct values
// of the imported gold column, for a saved question or for a new question made with them in one
// step (no placeholder label first). A value that already names a label (its name or code, as gold
// matching reads it: [Note: gold matching] in coding/gold.ts) is kept as that label; every other
// value becomes a new label named as the value is written, in order of frequency, after the
// question's labels. For a multi-label question a value listing several labels ("a; b") gives each.
// Values the user leaves out (`exclude`, e.g. UNKNOWN; matched case-folded) become no label, and
// the answer names exactly what was added, kept and left out.
import {
  PrelabelError,
  type CodebookLabel,
  type CodebookQuestion,
  type GoldValuesOfQuestion,
  type LabelsFromGold,
  type ParsedInput,
} from '../../../common/contract';
import { codebookQuestion, codebookToJson } from '../../../common/contract';
import { goldMatcher, goldParts, goldValues } from '../coding/gold';
import type { Db } from '../store/project-db';
import { requireQuestion } from '../coding/decisions';
import { findQuestion, readCodebook } from './codebook-read';
import { setCodebook } from './codebook-write';

const MAX_LABELS = 1000;
const MAX_NAME = 200;

type Candidate = GoldValuesOfQuestion['candidates'][number];

/** What the gold values give for a question (saved, or a new one without labels): each candidate
 * label with its documents, those that name a label already with that label's id; most first. */
function candidatesOf(db: Db, question: Pick<CodebookQuestion, 'multiLabel' | 'labels'>): Candidate[] {
  const match = goldMatcher(question as CodebookQuestion);
  const names = new Map(question.labels.map((l) => [l.id, l.name]));
  const out = new Map<string, Candidate>();
  for (const { value, count } of goldValues(db)) {
    for (const part of new Set(goldParts(value, question.multiLabel))) {
      const labelId = match(part)!.labelIds[0] ?? null;
      const key = labelId ?? `new:${part.toLowerCase()}`;
      const c = out.get(key) ?? { name: labelId ? names.get(labelId)! : part, count: 0, labelId };
      out.set(key, { ...c, count: c.count + count });
    }
  }
  return [...out.values()].sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
}

/** The project's gold values with their counts and the label each means now, and the candidate
 * labels; for a question not saved yet (no id) as a question without labels of that kind reads them. */
export function goldValuesOf(db: Db, input: ParsedInput<'codebook.goldValues'>): GoldValuesOfQuestion {
  const question =
    input.questionId !== undefined
      ? requireQuestion(readCodebook(db), input.questionId)
      : ({ multiLabel: input.multiLabel ?? false, labels: [] } as unknown as CodebookQuestion);
  const match = goldMatcher(question);
  return {
    values: goldValues(db).map((v) => {
      const m = match(v.value)!;
      return { ...v, labelId: m.complete && m.labelIds.length === 1 ? m.labelIds[0]! : null };
    }),
    candidates: candidatesOf(db, question),
  };
}

function newLabel(name: string): CodebookLabel {
  return {
    id: '',
    name,
    code: null,
    description: '',
    includeRules: '',
    excludeRules: '',
    examples: [],
    hypothesis: null,
    color: null,
    hotkey: null,
    parent: null,
    archived: false,
  };
}

/** The new labels a question gets: the candidates naming no label, less those left out. */
function plan(db: Db, question: Pick<CodebookQuestion, 'multiLabel' | 'labels'>, exclude: readonly string[]) {
  const values = goldValues(db);
  if (values.length === 0)
    throw new PrelabelError(
      'INVALID_INPUT',
      'No document has a gold label: import a file with a gold column first (the import’s “Gold label” column).',
    );
  const left = new Set(exclude.map((e) => e.trim().toLowerCase()));
  const all = candidatesOf(db, question);
  const excluded = all.filter((c) => c.labelId === null && left.has(c.name.toLowerCase())).map(({ name, count }) => ({ name, count }));
  const added = all.filter((c) => c.labelId === null && !left.has(c.name.toLowerCase())).map(({ name, count }) => ({ name, count }));
  const kept = all.filter((c) => c.labelId !== null).map(({ name, count }) => ({ name, count }));
  for (const a of added)
    if (a.name.length > MAX_NAME)
      throw new PrelabelError(
        'INVALID_INPUT',
        `The gold value "${a.name.slice(0, 40)}…" is longer than ${MAX_NAME} characters, too long for a label name; is the gold column the right one?`,
      );
  const active = question.labels.filter((l) => !l.archived).length;
  if (active + added.length > MAX_LABELS)
    throw new PrelabelError(
      'INVALID_INPUT',
      `The gold column has ${added.length} values that name no label; with the ${active} labels already there that is more than the ${MAX_LABELS} a question holds. Is the gold column the right one?`,
    );
  return { added, kept, excluded };
}

const summaryOf = (text: string) => (text.length > 500 ? `${text.slice(0, 497)}...` : text);

export function labelsFromGold(db: Db, input: ParsedInput<'codebook.labelsFromGold'>): LabelsFromGold {
  if ((input.questionId === undefined) === (input.newQuestion === undefined))
    throw new PrelabelError('INVALID_INPUT', 'Give either the question to add labels to or the new question to make, not both.');
  const codebook = readCodebook(db);
  const questions = codebookToJson(codebook).questions;
  if (input.newQuestion) {
    const { name, multiLabel, template } = input.newQuestion;
    if (findQuestion(codebook, name) || codebook.questions.some((q) => q.name.toLowerCase() === name.toLowerCase()))
      throw new PrelabelError('INVALID_INPUT', `A question named "${name}" exists already: choose another name, or add the labels to it.`);
    const { added, excluded } = plan(db, { multiLabel, labels: [] }, input.exclude);
    if (added.length === 0)
      throw new PrelabelError('INVALID_INPUT', 'Every gold value is left out: keep at least one to make a question with it.');
    const saved = setCodebook(
      db,
      {
        questions: [
          ...questions,
          codebookQuestion.parse({ name, multiLabel, ...(template ? { template } : {}), labels: added.map((a) => ({ name: a.name })) }),
        ],
      },
      { summary: summaryOf(`New question "${name}" from gold values: ${added.map((a) => a.name).join(', ')}`) },
    );
    const made = saved.questions.find((q) => q.name === name)!;
    return { codebook: saved, questionId: made.id, added, kept: [], excluded };
  }
  const question = requireQuestion(codebook, input.questionId!);
  if (question.archived)
    throw new PrelabelError('INVALID_INPUT', `The question "${question.name}" is archived; restore it in the codebook to add labels.`);
  const { added, kept, excluded } = plan(db, question, input.exclude);
  if (added.length === 0) return { codebook, questionId: question.id, added: [], kept, excluded };
  const saved = setCodebook(
    db,
    {
      questions: questions.map((q) => (q.id === question.id ? { ...q, labels: [...q.labels, ...added.map((a) => newLabel(a.name))] } : q)),
    },
    { summary: summaryOf(`Labels from gold values for "${question.name}": ${added.map((a) => a.name).join(', ')}`) },
  );
  return { codebook: saved, questionId: question.id, added, kept, excluded };
}
