// The generated summary of a codebook revision: what changed, in words a coder reads in the history
// ('Added label "Neutral" to "Stance"; changed the template of "Stance"').
import type { Codebook, CodebookLabel, CodebookQuestion } from '../../../common/contract';

const MAX_PARTS = 6;

const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');

/** "label "a"", "labels "a", "b"", or "12 labels" when the list would be long. */
function labelList(names: readonly string[]): string {
  if (names.length === 1) return `label ${quoted(names)}`;
  return names.length <= 3 ? `labels ${quoted(names)}` : `${names.length} labels`;
}

const EDIT_FIELDS: readonly [keyof CodebookLabel, string][] = [
  ['code', 'code'],
  ['description', 'description'],
  ['includeRules', 'inclusion rules'],
  ['excludeRules', 'exclusion rules'],
  ['examples', 'examples'],
  ['color', 'colour'],
  ['hotkey', 'hotkey'],
  ['parent', 'parent'],
];

function sameOrder(a: readonly { id: string }[], b: readonly { id: string }[]): boolean {
  const common = new Set(a.map((x) => x.id).filter((id) => b.some((y) => y.id === id)));
  const ia = a.filter((x) => common.has(x.id)).map((x) => x.id);
  const ib = b.filter((x) => common.has(x.id)).map((x) => x.id);
  return ia.every((id, k) => id === ib[k]);
}

function labelChanges(p: CodebookQuestion, q: CodebookQuestion): string[] {
  const parts: string[] = [];
  const old = new Map(p.labels.map((l) => [l.id, l]));
  const ids = new Set(q.labels.map((l) => l.id));
  const added = q.labels.filter((l) => !old.has(l.id)).map((l) => l.name);
  const deleted = p.labels.filter((l) => !ids.has(l.id)).map((l) => l.name);
  const archived: string[] = [];
  const restored: string[] = [];
  const edited: { name: string; fields: string[] }[] = [];
  if (added.length) parts.push(`added ${labelList(added)} to "${q.name}"`);
  if (deleted.length) parts.push(`deleted ${labelList(deleted)} from "${q.name}"`);
  for (const l of q.labels) {
    const was = old.get(l.id);
    if (!was) continue;
    if (!was.archived && l.archived) {
      archived.push(was.name);
      continue;
    }
    if (was.archived && !l.archived) restored.push(l.name);
    if (was.name !== l.name) parts.push(`renamed label "${was.name}" to "${l.name}" in "${q.name}"`);
    if (was.hypothesis !== l.hypothesis) parts.push(`changed the hypothesis of "${l.name}" in "${q.name}"`);
    const fields = EDIT_FIELDS.filter(([key]) => JSON.stringify(was[key]) !== JSON.stringify(l[key])).map(([, word]) => word);
    if (fields.length) edited.push({ name: l.name, fields });
  }
  if (archived.length) parts.push(`archived ${labelList(archived)} of "${q.name}"`);
  if (restored.length) parts.push(`restored ${labelList(restored)} of "${q.name}"`);
  if (edited.length === 1) parts.push(`edited label "${edited[0]!.name}" of "${q.name}" (${edited[0]!.fields.join(', ')})`);
  else if (edited.length > 1) parts.push(`edited ${labelList(edited.map((e) => e.name))} of "${q.name}"`);
  if (!sameOrder(p.labels, q.labels)) parts.push(`reordered the labels of "${q.name}"`);
  return parts;
}

function questionChanges(p: CodebookQuestion, q: CodebookQuestion): string[] {
  const parts: string[] = [];
  if (!p.archived && q.archived) return [`archived question "${p.name}"`];
  if (p.archived && !q.archived) parts.push(`restored question "${q.name}"`);
  if (p.name !== q.name) parts.push(`renamed question "${p.name}" to "${q.name}"`);
  if (p.template !== q.template) parts.push(`changed the template of "${q.name}"`);
  if (p.multiLabel !== q.multiLabel) parts.push(`made "${q.name}" ${q.multiLabel ? 'multi-label' : 'single-label'}`);
  if (p.ordered !== q.ordered) parts.push(`made the labels of "${q.name}" ${q.ordered ? 'ordered' : 'unordered'}`);
  if (p.longText !== q.longText)
    parts.push(`"${q.name}" now ${q.longText === 'windows' ? 'scores long texts in windows' : 'cuts long texts at the model window'}`);
  return [...parts, ...labelChanges(p, q)];
}

export function describeChanges(before: Codebook, after: Codebook): string {
  const old = new Map(before.questions.map((q) => [q.id, q]));
  const ids = new Set(after.questions.map((q) => q.id));
  const parts: string[] = [];
  for (const q of before.questions) if (!ids.has(q.id)) parts.push(`deleted question "${q.name}"`);
  for (const q of after.questions) {
    const p = old.get(q.id);
    if (p) parts.push(...questionChanges(p, q));
    else parts.push(`added question "${q.name}" with ${q.labels.length === 1 ? '1 label' : `${q.labels.length} labels`}`);
  }
  if (!sameOrder(before.questions, after.questions)) parts.push('reordered the questions');
  if (parts.length === 0) return 'Changed the codebook';
  const shown = parts.length > MAX_PARTS ? [...parts.slice(0, MAX_PARTS - 1), `and ${parts.length - MAX_PARTS + 1} more changes`] : parts;
  const text = shown.join('; ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
