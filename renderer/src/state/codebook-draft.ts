// The codebook as the editor holds it: a draft of every question and label with a stable key for
// React lists (new items have no id yet), and the pure steps between it and the contract's
// codebook.set input. Archived items are kept in the draft, unseen, so a save sends them back as
// they are.
import { RESERVED_HOTKEYS, type Codebook, type CodebookQuestion, type MethodInput } from '../../../common/contract';

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
export type QuestionPatch = Partial<Pick<DraftQuestion, 'name' | 'multiLabel' | 'template' | 'longText' | 'ordered' | 'archived'>>;
export type LabelPatch = Partial<Omit<DraftLabel, 'key' | 'id'>>;

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
  return {
    key: key('q'),
    name,
    multiLabel: false,
    template: DEFAULT_TEMPLATE,
    ordered: false,
    longText: 'truncate',
    archived: false,
    labels: [],
  };
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

/** Moves an item among the shown (not archived) ones; archived ones keep their places around it. */
export function moveShown<T extends { key: string; archived: boolean }>(items: readonly T[], itemKey: string, delta: number): T[] {
  const shown = items.map((item, i) => ({ item, i })).filter(({ item }) => !item.archived);
  const at = shown.findIndex(({ item }) => item.key === itemKey);
  const to = Math.max(0, Math.min(shown.length - 1, at + delta));
  if (at < 0 || to === at) return [...items];
  // Take it out and put it back at the shown position `to`, so a drag over several rows works too.
  const order = shown.map(({ item }) => item);
  const [moved] = order.splice(at, 1);
  order.splice(to, 0, moved!);
  const next = [...items];
  shown.forEach(({ i }, k) => (next[i] = order[k]!));
  return next;
}

export function moveLabel(labels: readonly DraftLabel[], labelKey: string, delta: number): DraftLabel[] {
  return moveShown(labels, labelKey, delta);
}

/** Applies a patch to one label. A new name is carried to the labels that name it as their parent
 * (parents are named, not keyed, in the contract), unless another label shares the old name. */
export function patchLabel(labels: readonly DraftLabel[], labelKey: string, patch: LabelPatch): DraftLabel[] {
  const old = labels.find((l) => l.key === labelKey);
  if (!old) return [...labels];
  const renamed =
    patch.name !== undefined && patch.name !== old.name && old.name !== '' && labels.filter((l) => l.name === old.name).length === 1;
  return labels.map((l) => {
    if (l.key === labelKey) return { ...l, ...patch };
    if (renamed && l.parent === old.name) return { ...l, parent: patch.name!.trim() === '' ? null : patch.name! };
    return l;
  });
}

/** Drops a label from the draft; its children lose their parent. (The core deletes a stored label
 * that nothing refers to and archives one with decisions or predictions: [Note: codebook history].) */
export function removeLabel(labels: readonly DraftLabel[], labelKey: string): DraftLabel[] {
  const gone = labels.find((l) => l.key === labelKey);
  if (!gone) return [...labels];
  return labels.filter((l) => l.key !== labelKey).map((l) => (l.parent !== null && l.parent === gone.name ? { ...l, parent: null } : l));
}

export type HotkeyProblem =
  { kind: 'reserved'; key: string } | { kind: 'taken'; key: string; by: string } | { kind: 'invalid'; key: string };

/** What is wrong with each shown label's hotkey, by label key: a key the core would refuse, shown
 * beside the field before the save. */
export function hotkeyProblems(q: DraftQuestion): Map<string, HotkeyProblem> {
  const out = new Map<string, HotkeyProblem>();
  const first = new Map<string, DraftLabel>();
  for (const l of activeLabels(q)) {
    const key = l.hotkey.trim().toLowerCase();
    if (key === '') continue;
    if (!/^[a-z0-9]$/.test(key)) out.set(l.key, { kind: 'invalid', key });
    else if (Object.hasOwn(RESERVED_HOTKEYS, key)) out.set(l.key, { kind: 'reserved', key });
    else {
      const other = first.get(key);
      if (other) {
        out.set(l.key, { kind: 'taken', key, by: other.name.trim() });
        if (!out.has(other.key)) out.set(other.key, { kind: 'taken', key, by: l.name.trim() });
      } else first.set(key, l);
    }
  }
  return out;
}

/** A question with this many shown labels gets the type-to-filter box. */
export const FILTER_THRESHOLD = 50;

const folded = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The labels whose name, code or description holds every word of the query (case and accents
 * ignored); all of them for an empty query. A label whose code is the query comes first: a coder
 * who types "504" means code 504 more than the descriptions that mention it. */
export function filterLabels(labels: readonly DraftLabel[], query: string): DraftLabel[] {
  const words = folded(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...labels];
  const hits = labels.filter((l) => {
    const text = folded(`${l.name}\n${l.code}\n${l.description}`);
    return words.every((w) => text.includes(w));
  });
  const code = folded(query.trim());
  return [...hits.filter((l) => folded(l.code.trim()) === code), ...hits.filter((l) => folded(l.code.trim()) !== code)];
}

/** The labels a label may take as its parent: shown labels of its question other than itself and
 * its descendants (which would make a circle). */
export function parentChoices(q: DraftQuestion, labelKey: string): string[] {
  const labels = activeLabels(q);
  const me = labels.find((l) => l.key === labelKey);
  if (!me) return [];
  const descendants = new Set<string>([me.name]);
  for (let grew = true; grew;) {
    grew = false;
    for (const l of labels) {
      if (l.parent !== null && descendants.has(l.parent) && !descendants.has(l.name)) {
        descendants.add(l.name);
        grew = true;
      }
    }
  }
  return labels.map((l) => l.name.trim()).filter((n) => n !== '' && !descendants.has(n));
}

/** What the model is asked for a question: its scored labels' hypotheses and the long-text mode
 * (the model itself aside). The renderer's view of the core's model-input hash (hypotheses.ts). */
function modelInput(q: DraftQuestion): string {
  return JSON.stringify({ hypotheses: activeLabels(q).map((l) => [l.id ?? l.key, hypothesisFor(q.template, l)]), longText: q.longText });
}

/** Whether saving the draft of a question changes what the model is asked, which makes the
 * question's predictions stale. */
export function changesModelInput(saved: Codebook | null, q: DraftQuestion): boolean {
  const before = saved?.questions.find((x) => x.id === q.id);
  if (!before) return false;
  return modelInput(draftFromCodebook({ questions: [before], revisionId: null })[0]!) !== modelInput(q);
}

/** Names of the labels the draft removed that the core kept, archived, because the project's
 * history refers to them. */
export function keptAsArchived(removedIds: ReadonlySet<string>, codebook: Codebook): string[] {
  return codebook.questions.flatMap((q) => q.labels.filter((l) => l.archived && removedIds.has(l.id)).map((l) => l.name));
}

/** Ids of the stored labels that the draft leaves out. */
export function removedLabelIds(saved: Codebook | null, draft: readonly DraftQuestion[]): Set<string> {
  const kept = new Set(draft.flatMap((q) => q.labels.map((l) => l.id)).filter(Boolean));
  return new Set((saved?.questions ?? []).flatMap((q) => q.labels.map((l) => l.id)).filter((id) => !kept.has(id)));
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
