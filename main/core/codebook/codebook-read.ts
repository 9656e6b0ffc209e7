// Reads the codebook of a project: questions and their labels, in order.
import type { Codebook, CodebookLabel, CodebookQuestion } from '../../../common/contract';
import type { Db } from '../store/project-db';

interface QuestionRow {
  id: string;
  name: string;
  multi_label: number;
  ordered: number;
  template: string;
  long_text: 'truncate' | 'windows';
  archived: number;
}

interface LabelRow {
  id: string;
  question_id: string;
  parent_id: string | null;
  name: string;
  code: string | null;
  description: string;
  include_rules: string;
  exclude_rules: string;
  examples: string;
  hypothesis: string | null;
  color: string | null;
  hotkey: string | null;
  archived: number;
}

export function readCodebook(db: Db): Codebook {
  const questions = db
    .prepare('SELECT id, name, multi_label, ordered, template, long_text, archived FROM questions ORDER BY position')
    .all() as QuestionRow[];
  const labels = db
    .prepare(
      'SELECT id, question_id, parent_id, name, code, description, include_rules, exclude_rules, examples, hypothesis, color, hotkey, archived FROM labels ORDER BY position',
    )
    .all() as LabelRow[];
  const nameById = new Map(labels.map((l) => [l.id, l.name]));
  const byQuestion = new Map<string, CodebookLabel[]>();
  for (const l of labels) {
    const list = byQuestion.get(l.question_id) ?? [];
    list.push({
      id: l.id,
      name: l.name,
      code: l.code,
      description: l.description,
      includeRules: l.include_rules,
      excludeRules: l.exclude_rules,
      examples: JSON.parse(l.examples) as string[],
      hypothesis: l.hypothesis,
      color: l.color,
      hotkey: l.hotkey,
      parent: l.parent_id ? (nameById.get(l.parent_id) ?? null) : null,
      archived: l.archived === 1,
    });
    byQuestion.set(l.question_id, list);
  }
  const revisionId =
    (db.prepare('SELECT id FROM codebook_revisions ORDER BY created_at DESC, rowid DESC LIMIT 1').pluck().get() as string | undefined) ??
    null;
  return {
    questions: questions.map((q): CodebookQuestion => ({
      id: q.id,
      name: q.name,
      multiLabel: q.multi_label === 1,
      ordered: q.ordered === 1,
      template: q.template,
      longText: q.long_text,
      archived: q.archived === 1,
      labels: byQuestion.get(q.id) ?? [],
    })),
    revisionId,
  };
}

export function findQuestion(codebook: Codebook, idOrName: string): CodebookQuestion | undefined {
  return codebook.questions.find((q) => q.id === idOrName) ?? codebook.questions.find((q) => q.name === idOrName);
}
