// The codebook as the editor holds it: a draft of every question and label with a stable key for
// React lists (new items have no id yet), and the pure steps between it and the contract's
// codebook.set input. Archived items are kept in the draft, unseen, so a save sends them back as
// they are.
import type { Codebook, CodebookQuestion, MethodInput } from '../../../common/contract';

export interface DraftLabel {
  key: string;
  id?: string;
  name: string;
  code: string;
  description: string;
  hypothesis: string;
  hotkey: string;
  color: string | null;
  parent: string | null;
  includeRules: string;
  excludeRules: string;
  examples: string[];
  archived: boolean;
}

export interface DraftQuestion {
  key: string;
  id?: string;
  name: string;
  multiLabel: boolean;
  template: string;
  ordered: boolean;
  longText: CodebookQuestion['longText'];
  archived: boolean;
  labels: DraftLabel[];
}

export type CodebookInput = MethodInput<'codebook.set'>;
export type QuestionPatch = Partial<Pick<DraftQuestion, 'name' | 'multiLabel' | 'template' | 'longText'>>;
export type LabelPatch = Partial<Pick<DraftLabel, 'name' | 'code' | 'description' | 'hypothesis' | 'hotkey'>>;

export const DEFAULT_TEMPLATE = 'This text is about {}.';

let nextKey = 0;
const key = (prefix: string) => `${prefix}${++nextKey}`;

export function draftFromCodebook(codebook: Codebook): DraftQuestion[] {
  return codebook.questions.map((q) => ({
    key: q.id,
    id: q.id,
    name: q.name,
    multiLabel: q.multiLabel,
    template: q.template,
    ordered: q.ordered,
    longText: q.longText,
    archived: q.archived,
    labels: q.labels.map((l) => ({
      key: l.id,
      id: l.id,
      name: l.name,
      code: l.code ?? '',
      description: l.description,
      hypothesis: l.hypothesis ?? '',
      hotkey: l.hotkey ?? '',
      color: l.color,
      parent: l.parent,
      includeRules: l.includeRules,
      excludeRules: l.excludeRules,
      examples: l.examples,
      archived: l.archived,
    })),
  }));
}

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** The whole codebook for codebook.set: ids kept, so renames stay the same question or label. */
export function codebookInputFrom(draft: readonly DraftQuestion[]): CodebookInput {
  return {
    questions: draft.map((q) => ({
      ...(q.id ? { id: q.id } : {}),
      name: q.name.trim(),
      multiLabel: q.multiLabel,
      template: q.template.trim(),
      ordered: q.ordered,
      longText: q.longText,
      archived: q.archived,
      labels: q.labels.map((l) => ({
        ...(l.id ? { id: l.id } : {}),
        name: l.name.trim(),
        code: orNull(l.code),
        description: l.description,
        hypothesis: orNull(l.hypothesis),
        hotkey: orNull(l.hotkey)?.toLowerCase() ?? null,
        color: l.color,
        parent: l.parent,
        includeRules: l.includeRules,
        excludeRules: l.excludeRules,
        examples: l.examples,
        archived: l.archived,
      })),
    })),
  };
}

/** Whether the draft differs from what is stored. */
export function isDirty(draft: readonly DraftQuestion[], saved: Codebook | null): boolean {
  const stored = saved ? codebookInputFrom(draftFromCodebook(saved)) : { questions: [] };
  return JSON.stringify(codebookInputFrom(draft)) !== JSON.stringify(stored);
}

/** What the model is asked for a label: its own hypothesis, or the template with the first `{}`
 * replaced by the label's name (the core's rule in main/core/codebook/hypotheses.ts). */
export function hypothesisFor(template: string, label: Pick<DraftLabel, 'name' | 'hypothesis'>): string {
  const own = label.hypothesis.trim();
  if (own !== '') return own;
  const name = label.name.trim();
  const tpl = template.trim();
  return tpl.includes('{}') ? tpl.replace('{}', name) : `${tpl} ${name}`;
}

export function newQuestion(name: string): DraftQuestion {
  return { key: key('q'), name, multiLabel: false, template: DEFAULT_TEMPLATE, ordered: false, longText: 'truncate', archived: false, labels: [] };
}

export function newLabel(name: string): DraftLabel {
  return {
    key: key('l'),
    name,
    code: '',
    description: '',
    hypothesis: '',
    hotkey: '',
    color: null,
    parent: null,
    includeRules: '',
    excludeRules: '',
    examples: [],
    archived: false,
  };
}

/** The labels the editor shows (archived ones stay in the draft for the save). */
export function activeLabels(q: DraftQuestion): DraftLabel[] {
  return q.labels.filter((l) => !l.archived);
}

/** Moves a label among the shown labels; archived ones keep their places around it. */
export function moveLabel(labels: readonly DraftLabel[], labelKey: string, delta: -1 | 1): DraftLabel[] {
  const shown = labels.map((l, i) => ({ l, i })).filter(({ l }) => !l.archived);
  const at = shown.findIndex(({ l }) => l.key === labelKey);
  const to = at + delta;
  if (at < 0 || to < 0 || to >= shown.length) return [...labels];
  const next = [...labels];
  const a = shown[at]!.i;
  const b = shown[to]!.i;
  [next[a], next[b]] = [next[b]!, next[a]!];
  return next;
}

/** A first check before the core's: every shown question and label needs a name. */
export function missingNames(draft: readonly DraftQuestion[]): boolean {
  return draft.some((q) => !q.archived && (q.name.trim() === '' || q.labels.some((l) => !l.archived && l.name.trim() === '')));
}

/** A label name not yet used in the question: "Label 3". */
export function freshLabelName(q: DraftQuestion, pattern: (n: number) => string): string {
  const used = new Set(q.labels.map((l) => l.name));
  for (let n = activeLabels(q).length + 1; ; n++) if (!used.has(pattern(n))) return pattern(n);
}

/** A question name not yet used: "New question", "New question 2", ... */
export function freshQuestionName(draft: readonly DraftQuestion[], base: string): string {
  const used = new Set(draft.map((q) => q.name));
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base} ${n}`)) return `${base} ${n}`;
}
