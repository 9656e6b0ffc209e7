// The CLI's decisions by names (`prelabel label`): the document by its external id, the question
// and labels by name or code, a skip, a note; the suggestion current for the document is recorded
// with the decision, hidden (the CLI shows none), as a blind decision records it.
import {
  PrelabelError,
  type Codebook,
  type CodebookQuestion,
  type Decision,
  type ParsedInput,
  type Suggestion,
} from '../../../common/contract';
import { findQuestion, readCodebook } from '../codebook/codebook-read';
import type { Db } from '../store/project-db';
import { isUnit } from '../store/units';
import { decide } from './decisions';

/** The document of an external id (a coding unit), or an error that says why there is none. */
export function documentByExternalId(db: Db, externalId: string): number {
  const ids = db
    .prepare(`SELECT d.id FROM documents d WHERE d.external_id = ? AND ${isUnit('d')} LIMIT 2`)
    .pluck()
    .all(externalId) as number[];
  if (ids.length === 0) throw new PrelabelError('NOT_FOUND', `There is no document with the id "${externalId}" in this project.`);
  if (ids.length > 1)
    throw new PrelabelError(
      'INVALID_INPUT',
      `Several documents have the id "${externalId}" (imported more than once); label it in the app.`,
    );
  return ids[0]!;
}

/** The question of a CLI call by name (or id), or an error listing the questions. */
export function questionByName(codebook: Codebook, name: string): CodebookQuestion {
  const question = findQuestion(codebook, name);
  if (!question) {
    const names = codebook.questions.filter((q) => !q.archived).map((q) => `"${q.name}"`);
    throw new PrelabelError(
      'NOT_FOUND',
      `There is no question "${name}" in the codebook${names.length ? ` (questions: ${names.join(', ')})` : ''}.`,
    );
  }
  return question;
}

/** The CLI's decision by names: the document by its external id, labels by name (or code), or a
 * skip; the suggestion current for the document is recorded, hidden (the CLI shows none). */
export function labelByName(
  db: Db,
  input: ParsedInput<'annotate.labelByName'>,
  current: (question: CodebookQuestion, documentId: number) => Suggestion | null = () => null,
): Decision {
  const question = questionByName(readCodebook(db), input.question);
  const documentId = documentByExternalId(db, input.externalId);
  if (input.none) {
    if (input.kind === 'skip' || input.labels.length > 0)
      throw new PrelabelError('INVALID_INPUT', '--none is a decision of its own: leave out --label and --skip.');
    if (!question.multiLabel)
      throw new PrelabelError(
        'INVALID_INPUT',
        `"${question.name}" takes one label per document; --none is for multi-label questions (name a label or --skip).`,
      );
  } else if (input.kind === 'label' && input.labels.length === 0)
    throw new PrelabelError(
      'INVALID_INPUT',
      `Name a label of "${question.name}" (--label NAME)${question.multiLabel ? ', --none for none of them' : ''}, or skip the document (--skip).`,
    );
  if (input.kind === 'skip' && input.labels.length > 0)
    throw new PrelabelError('INVALID_INPUT', 'A skip has no labels: leave out --label, or leave out --skip to label the document.');
  const active = question.labels.filter((l) => !l.archived);
  const labelIds = input.labels.map((name) => {
    const label =
      active.find((l) => l.name === name) ??
      active.find((l) => l.code !== null && l.code === name) ??
      active.find((l) => l.name.toLowerCase() === name.toLowerCase());
    if (!label)
      throw new PrelabelError(
        'INVALID_INPUT',
        `"${question.name}" has no label "${name}" (labels: ${active.map((l) => `"${l.name}"`).join(', ')}).`,
      );
    return label.id;
  });
  return decide(
    db,
    {
      questionId: question.id,
      documentId,
      coder: input.coder,
      kind: input.kind,
      labelIds: [...new Set(labelIds)],
      suggestion: null,
      seconds: null,
      note: input.note ?? null,
      ...(input.adjudicate ? { role: 'adjudication' as const } : {}),
    },
    { hiddenSuggestion: current(question, documentId) },
  );
}
