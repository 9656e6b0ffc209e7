// Labels from gold values (issue 13): one click makes a question's labels from the distinct values
// of the imported gold column. A value that already names a label (its name or code, as gold
// matching reads it: [Note: gold matching] in coding/gold.ts) is kept as that label; every other
// value becomes a new label named as the value is written, in order of frequency, after the
// question's labels. For a multi-label question a value listing several labels ("a; b") gives each.
import { PrelabelError, type CodebookLabel, type GoldValuesOfQuestion, type LabelsFromGold } from '../../../common/contract';
import { codebookToJson } from '../../../common/contract';
import { goldMatcher, goldParts, goldValues } from '../coding/gold';
import type { Db } from '../store/project-db';
import { requireQuestion } from '../coding/decisions';
import { readCodebook } from './codebook-read';
import { setCodebook } from './codebook-write';

const MAX_LABELS = 1000;
const MAX_NAME = 200;

/** The project's gold values with their counts, and the question's label each means now. */
export function goldValuesOf(db: Db, questionId: string): GoldValuesOfQuestion {
  const question = requireQuestion(readCodebook(db), questionId);
  const match = goldMatcher(question);
  return {
    values: goldValues(db).map((v) => {
      const m = match(v.value)!;
      return { ...v, labelId: m.complete && m.labelIds.length === 1 ? m.labelIds[0]! : null };
    }),
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

export function labelsFromGold(db: Db, questionId: string): LabelsFromGold {
  const codebook = readCodebook(db);
  const question = requireQuestion(codebook, questionId);
  if (question.archived)
    throw new PrelabelError('INVALID_INPUT', `The question "${question.name}" is archived; restore it in the codebook to add labels.`);
  const values = goldValues(db);
  if (values.length === 0)
    throw new PrelabelError(
      'INVALID_INPUT',
      'No document has a gold label: import a file with a gold column first (the import’s “Gold label” column).',
    );
  const match = goldMatcher(question);
  const added = new Map<string, { name: string; count: number }>();
  const kept = new Map<string, { name: string; count: number }>();
  const names = new Map(question.labels.map((l) => [l.id, l.name]));
  for (const { value, count } of values) {
    for (const part of goldParts(value, question.multiLabel)) {
      const existing = match(part)!.labelIds[0];
      const folded = part.toLowerCase();
      if (existing !== undefined) {
        const k = kept.get(existing) ?? { name: names.get(existing)!, count: 0 };
        kept.set(existing, { ...k, count: k.count + count });
        continue;
      }
      if (part.length > MAX_NAME)
        throw new PrelabelError(
          'INVALID_INPUT',
          `The gold value "${part.slice(0, 40)}…" is longer than ${MAX_NAME} characters, too long for a label name; is the gold column the right one?`,
        );
      const a = added.get(folded) ?? { name: part, count: 0 };
      added.set(folded, { ...a, count: a.count + count });
    }
  }
  const active = question.labels.filter((l) => !l.archived).length;
  if (active + added.size > MAX_LABELS)
    throw new PrelabelError(
      'INVALID_INPUT',
      `The gold column has ${added.size} values that name no label; with the ${active} labels already there that is more than the ${MAX_LABELS} a question holds. Is the gold column the right one?`,
    );
  const newOnes = [...added.values()].sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
  const keptList = [...kept.values()].sort((a, b) => b.count - a.count);
  if (newOnes.length === 0) return { codebook, added: [], kept: keptList };
  const questions = codebookToJson(codebook).questions.map((q) =>
    q.id === question.id ? { ...q, labels: [...q.labels, ...newOnes.map((n) => newLabel(n.name))] } : q,
  );
  const summary = `Labels from gold values for "${question.name}": ${newOnes.map((n) => n.name).join(', ')}`;
  const saved = setCodebook(db, { questions }, { summary: summary.length > 500 ? `${summary.slice(0, 497)}...` : summary });
  return { codebook: saved, added: newOnes, kept: keptList };
}
