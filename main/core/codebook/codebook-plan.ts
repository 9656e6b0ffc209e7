// Turns a whole-codebook input into a plan against the stored codebook: which questions and labels
// it keeps (matched by id, else by name), which are new, which disappear, and every rule a codebook
// must meet. Pure: the store carries the plan out (codebook-write.ts).
import { randomUUID } from 'node:crypto';
import {
  PrelabelError,
  RESERVED_HOTKEYS,
  type Codebook,
  type CodebookLabel,
  type CodebookQuestion,
  type codebookInput,
  type z,
} from '../../../common/contract';
import type { LabelRecord, QuestionRecord } from '../store/codebook-store';

export type CodebookInput = z.output<typeof codebookInput>;
type InputQuestion = CodebookInput['questions'][number];
type InputLabel = InputQuestion['labels'][number];

export { RESERVED_HOTKEYS };

export interface PlannedLabel {
  record: LabelRecord;
  isNew: boolean;
  /** The resolved parent label's id. */
  parentId: string | null;
}

export interface PlannedQuestion {
  record: QuestionRecord;
  isNew: boolean;
  labels: PlannedLabel[];
}

export interface CodebookPlan {
  questions: PlannedQuestion[];
  /** Stored questions that the input leaves out (with all their labels). */
  droppedQuestions: CodebookQuestion[];
  /** Stored labels that the input leaves out, of kept questions only. */
  droppedLabels: { label: CodebookLabel; questionId: string }[];
}

const invalid = (message: string) => new PrelabelError('INVALID_INPUT', message);
const blankToNull = (s: string | null | undefined) => (s === undefined || s === null || s.trim() === '' ? null : s.trim());

function checkDuplicates(input: CodebookInput): void {
  const names = new Set<string>();
  const ids = new Map<string, string>();
  const claimId = (id: string | undefined, what: string) => {
    if (!id) return;
    const first = ids.get(id);
    if (first) throw invalid(`${first} and ${what} have the same id ${id}. Remove the id from the copy so that it becomes a new one.`);
    ids.set(id, what);
  };
  for (const q of input.questions) {
    if (names.has(q.name)) throw invalid(`There are two questions named "${q.name}". Give each question its own name.`);
    names.add(q.name);
    claimId(q.id, `question "${q.name}"`);
    const labelNames = new Set<string>();
    for (const l of q.labels) {
      if (labelNames.has(l.name))
        throw invalid(`Question "${q.name}" has two labels named "${l.name}". Give each label of a question its own name.`);
      labelNames.add(l.name);
      claimId(l.id, `label "${l.name}" of "${q.name}"`);
    }
  }
}

/** Pairs inputs with stored items: ids first (so a rename keeps its id), then names among the rest. */
function match<I extends { id?: string | undefined; name: string }, S extends { id: string; name: string }>(
  inputs: readonly I[],
  stored: readonly S[],
): (S | undefined)[] {
  const byId = new Map(stored.map((s) => [s.id, s]));
  const claimed = new Set<string>();
  const out = inputs.map((i) => {
    const hit = i.id ? byId.get(i.id) : undefined;
    if (hit) claimed.add(hit.id);
    return hit;
  });
  return out.map((hit, k) => {
    if (hit) return hit;
    const byName = stored.find((s) => !claimed.has(s.id) && s.name === inputs[k]!.name);
    if (byName) claimed.add(byName.id);
    return byName;
  });
}

function validateQuestion(q: InputQuestion): void {
  if (q.archived) return;
  const active = q.labels.filter((l) => !l.archived);
  if (q.labels.length === 0) {
    throw invalid(`Question "${q.name}" has no labels. Add at least one (a question with one label is scored as yes or no for it).`);
  }
  if (active.length === 0)
    throw invalid(`Every label of question "${q.name}" is archived. Restore at least one label, or archive the question.`);
  if (!q.template.includes('{}') && active.some((l) => !blankToNull(l.hypothesis))) {
    throw invalid(
      `The template of "${q.name}" ("${q.template}") has no {} to stand for the label. Write it like "This text is about {}.", or give every label its own hypothesis.`,
    );
  }
  const keys = new Map<string, string>();
  for (const l of active) {
    const key = l.hotkey?.toLowerCase();
    if (!key) continue;
    const reserved = RESERVED_HOTKEYS[key];
    if (reserved)
      throw invalid(
        `Label "${l.name}" of "${q.name}" has the hotkey "${key}", which Annotate keeps for itself (${key} ${reserved}). Choose another key.`,
      );
    const other = keys.get(key);
    if (other)
      throw invalid(`Labels "${other}" and "${l.name}" of "${q.name}" both have the hotkey "${key}". Give each label its own key.`);
    keys.set(key, l.name);
  }
}

/** Resolves parent names to ids within the question and refuses cycles. */
function resolveParents(q: InputQuestion, ids: readonly string[]): (string | null)[] {
  const index = new Map(q.labels.map((l, k) => [l.name, k]));
  const parents = q.labels.map((l) => {
    const name = blankToNull(l.parent);
    if (name === null) return null;
    const k = index.get(name);
    if (k === undefined)
      throw invalid(`Label "${l.name}" of "${q.name}" has the parent "${name}", but "${q.name}" has no label of that name.`);
    return k;
  });
  parents.forEach((_, start) => {
    const path = [start];
    for (let at = parents[start]; at !== null && at !== undefined; at = parents[at]) {
      if (path.includes(at)) {
        const names = [...path.slice(path.indexOf(at)), at].map((k) => q.labels[k]!.name);
        throw invalid(
          `The parents of "${q.name}" go round in a circle (${names.join(' → ')}). Label "${q.labels[start]!.name}" cannot be its own ancestor.`,
        );
      }
      path.push(at);
    }
  });
  return parents.map((k) => (k === null ? null : ids[k]!));
}

function labelRecord(l: InputLabel, id: string, questionId: string, position: number): LabelRecord {
  return {
    id,
    questionId,
    name: l.name,
    code: blankToNull(l.code),
    description: l.description ?? '',
    includeRules: l.includeRules ?? '',
    excludeRules: l.excludeRules ?? '',
    examples: l.examples ?? [],
    hypothesis: blankToNull(l.hypothesis),
    color: l.color ?? null,
    hotkey: l.hotkey ? l.hotkey.toLowerCase() : null,
    position,
    archived: l.archived ?? false,
  };
}

export function planCodebook(current: Codebook, input: CodebookInput): CodebookPlan {
  checkDuplicates(input);
  const labelHome = new Map<string, CodebookQuestion>();
  for (const q of current.questions) for (const l of q.labels) labelHome.set(l.id, q);
  const usedQuestionIds = new Set(current.questions.map((q) => q.id));

  const questionMatches = match(input.questions, current.questions);
  const keptLabelIds = new Set<string>();
  const questions = input.questions.map((q, position): PlannedQuestion => {
    validateQuestion(q);
    const stored = questionMatches[position];
    const questionId = stored?.id ?? (q.id && !usedQuestionIds.has(q.id) ? q.id : randomUUID());
    // A label id from another question would move its decisions to a question they were not made for.
    for (const l of q.labels) {
      const home = l.id ? labelHome.get(l.id) : undefined;
      if (home && home.id !== questionId) {
        throw invalid(
          `Label "${l.name}" under "${q.name}" carries the id of a label of question "${home.name}"; labels cannot move between questions. Remove its id to make it a new label.`,
        );
      }
    }
    const labelMatches = match(q.labels, stored?.labels ?? []);
    const ids = q.labels.map((l, k) => labelMatches[k]?.id ?? (l.id && !labelHome.has(l.id) ? l.id : randomUUID()));
    const parents = resolveParents(q, ids);
    const labels = q.labels.map((l, k): PlannedLabel => {
      keptLabelIds.add(ids[k]!);
      return { record: labelRecord(l, ids[k]!, questionId, k), isNew: !labelMatches[k], parentId: parents[k]! };
    });
    const record: QuestionRecord = {
      id: questionId,
      name: q.name,
      multiLabel: q.multiLabel,
      ordered: q.ordered ?? false,
      template: q.template,
      longText: q.longText ?? 'truncate',
      position,
      archived: q.archived ?? false,
    };
    return { record, isNew: !stored, labels };
  });

  const keptQuestionIds = new Set(questions.map((q) => q.record.id));
  const droppedQuestions = current.questions.filter((q) => !keptQuestionIds.has(q.id));
  const droppedLabels = current.questions
    .filter((q) => keptQuestionIds.has(q.id))
    .flatMap((q) => q.labels.filter((l) => !keptLabelIds.has(l.id)).map((label) => ({ label, questionId: q.id })));
  return { questions, droppedQuestions, droppedLabels };
}

/** Names for items kept only as history (archived because the input left them out): each keeps its
 * name unless a current item now uses it; then it becomes "Name (archived)", "Name (archived 2)", ... */
export function archivedNames(names: readonly string[], current: ReadonlySet<string>): string[] {
  const taken = new Set([...current, ...names.filter((n) => !current.has(n))]);
  return names.map((name) => {
    if (!current.has(name)) return name;
    for (let n = 1; ; n++) {
      const candidate = `${name} (archived${n === 1 ? '' : ` ${n}`})`;
      if (!taken.has(candidate)) {
        taken.add(candidate);
        return candidate;
      }
    }
  });
}
