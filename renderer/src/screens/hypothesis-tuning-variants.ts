// The variants the tuning section sends (hypothesis-tuning.tsx): rows the user fills in (a template,
// or one label's hypothesis), and the unsaved wording of the Codebook form as one more variant.
import type { CodebookQuestion, TuningVariant } from '../../../common/contract';
import type { DraftQuestion } from '../state/codebook-draft';

export type VariantRow = { kind: 'template'; template: string } | { kind: 'label'; labelId: string; hypothesis: string };

/** A filled-in row as the contract's variant; null while it is incomplete. */
export function rowVariant(row: VariantRow): TuningVariant | null {
  if (row.kind === 'template') return row.template.includes('{}') ? { name: row.template.trim(), template: row.template.trim() } : null;
  return row.labelId && row.hypothesis.trim() ? { hypotheses: { [row.labelId]: row.hypothesis.trim() } } : null;
}

/** The wording the form changed and did not save (the template, saved labels' hypotheses); null when none. */
export function draftVariant(saved: CodebookQuestion | undefined, draft: DraftQuestion | undefined): TuningVariant | null {
  if (!saved || !draft) return null;
  const variant: TuningVariant = {};
  if (draft.template.trim() !== saved.template) variant.template = draft.template.trim();
  for (const l of draft.labels) {
    const before = saved.labels.find((s) => s.id === l.id);
    if (!before || l.archived) continue;
    if (l.hypothesis.trim() !== (before.hypothesis ?? '')) (variant.hypotheses ??= {})[before.id] = l.hypothesis.trim() || null;
  }
  return variant.template !== undefined || variant.hypotheses ? variant : null;
}
