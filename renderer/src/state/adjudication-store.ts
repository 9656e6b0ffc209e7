// The Adjudicate screen's state: the question, the adjudicator's name, whether the suggestion shows,
// every disagreement of the question in the core's order (adjudication.list, open and settled, so
// that "n of m settled" and moving back stay on one list), the one on screen and the labels chosen
// for it. Recording is annotate.decide with role 'adjudication' under the adjudicator's name; undo is
// annotate.undo with that name. After each, the list is read again from the core.
import { create } from 'zustand';
import type { AdjudicationCounts, AdjudicationUnit, SampleInfo } from '../../../common/contract';
import { t } from '../i18n/t';
import { errorMessage } from '../platform/error-message';
import { api } from '../platform/platform';
import { resetsWithProject } from './project-scope';

export const DEFAULT_ADJUDICATOR = 'adjudicator';

interface AdjudicationState {
  questionId: string | null;
  multiLabel: boolean;
  adjudicator: string;
  showSuggestion: boolean;
  /** Only this sample's documents (a reliability sample); null: every document. */
  sampleId: string | null;
  samples: SampleInfo[];
  units: AdjudicationUnit[];
  counts: AdjudicationCounts | null;
  suggestionsHidden: boolean;
  goldShown: boolean;
  /** The disagreement on screen (index into units). */
  index: number;
  /** The labels chosen for it; `chosen` is false until a label (or "none of these") was chosen. */
  selection: string[];
  chosen: boolean;
  loading: boolean;
  saving: boolean;
  error: string | null;
  notice: string | null;
  helpOpen: boolean;

  choose(patch: Partial<Pick<AdjudicationState, 'questionId' | 'multiLabel' | 'adjudicator' | 'showSuggestion' | 'sampleId'>>): void;
  /** The question's samples (for the sample picker). */
  loadSamples(): Promise<void>;
  /** Reads the list again; shows `documentId` if given, else the first open disagreement. */
  load(documentId?: number): Promise<void>;
  /** Reads one document's disagreement again (after a decision on it) and the counts; the whole list
   * when the document is not in it. */
  refresh(documentId: number): Promise<void>;
  move(delta: number): void;
  /** Chooses a label (multi-label: toggles it). */
  pick(labelId: string): void;
  none(): void;
  /** Records the chosen labels (or `labelIds`) as the adjudication of the unit on screen. */
  record(labelIds?: string[]): Promise<void>;
  undo(): Promise<void>;
  toggleHelp(open?: boolean): void;
  dismiss(): void;
  csv(): Promise<string | null>;
  reset(): void;
}

const initial = {
  questionId: null,
  multiLabel: false,
  adjudicator: DEFAULT_ADJUDICATOR,
  showSuggestion: true,
  sampleId: null,
  samples: [],
  units: [],
  counts: null,
  suggestionsHidden: false,
  goldShown: false,
  index: 0,
  selection: [],
  chosen: false,
  loading: false,
  saving: false,
  error: null,
  notice: null,
  helpOpen: false,
} satisfies Partial<AdjudicationState>;

let loadSeq = 0;

/** The first open unit at or after `from` in the order, wrapping round; -1 when none is open. */
export function nextOpen(units: readonly AdjudicationUnit[], from: number): number {
  for (let k = 0; k < units.length; k++) {
    const i = (from + k) % units.length;
    if (!units[i]!.adjudication) return i;
  }
  return -1;
}

export const useAdjudication = create<AdjudicationState>()((set, get) => ({
  ...initial,

  choose(patch) {
    const other = patch.questionId !== undefined && patch.questionId !== get().questionId;
    set(patch);
    if (other)
      set({ sampleId: null, samples: [], units: [], counts: null, index: 0, selection: [], chosen: false, error: null, notice: null });
  },

  async loadSamples() {
    const { questionId } = get();
    if (!questionId) return;
    try {
      const samples = await api().call('samples.list', { questionId });
      if (get().questionId === questionId) set({ samples });
    } catch (err) {
      set({ error: errorMessage(err) });
    }
  },

  async load(documentId) {
    const { questionId, showSuggestion, sampleId } = get();
    if (!questionId) return;
    const scope = { questionId, status: 'all' as const, showSuggestion, limit: 500, ...(sampleId ? { sampleId } : {}) };
    const seq = ++loadSeq;
    set({ loading: true, error: null });
    try {
      const units: AdjudicationUnit[] = [];
      let page = await api().call('adjudication.list', scope);
      units.push(...page.units);
      while (page.next !== null) {
        page = await api().call('adjudication.list', { ...scope, after: page.next });
        units.push(...page.units);
      }
      if (seq !== loadSeq) return;
      const at = documentId === undefined ? -1 : units.findIndex((u) => u.documentId === documentId);
      const index = at >= 0 ? at : Math.max(0, nextOpen(units, 0));
      const same = units[index]?.documentId === get().units[get().index]?.documentId;
      set({
        units,
        counts: page.counts,
        suggestionsHidden: page.suggestionsHidden,
        goldShown: page.goldShown,
        index,
        loading: false,
        ...(same ? {} : { selection: [], chosen: false }),
      });
    } catch (err) {
      if (seq === loadSeq) set({ loading: false, error: errorMessage(err) });
    }
  },

  async refresh(documentId) {
    const { questionId, showSuggestion, units, sampleId } = get();
    const at = units.findIndex((u) => u.documentId === documentId);
    if (!questionId) return;
    if (at < 0) return get().load(documentId);
    const page = await api().call('adjudication.list', {
      questionId,
      documentId,
      status: 'all',
      showSuggestion,
      limit: 1,
      ...(sampleId ? { sampleId } : {}),
    });
    const fresh = page.units[0];
    const next = fresh ? units.map((u, i) => (i === at ? fresh : u)) : units.filter((_, i) => i !== at);
    set({ units: next, counts: page.counts, index: Math.min(at, Math.max(0, next.length - 1)) });
  },

  move(delta) {
    const { units, index } = get();
    if (units.length === 0) return;
    const next = Math.min(units.length - 1, Math.max(0, index + delta));
    if (next !== index) set({ index: next, selection: [], chosen: false, notice: null });
  },

  pick(labelId) {
    const { multiLabel, selection } = get();
    if (!multiLabel) return set({ selection: [labelId], chosen: true });
    const next = selection.includes(labelId) ? selection.filter((id) => id !== labelId) : [...selection, labelId];
    set({ selection: next, chosen: true });
  },

  none() {
    if (get().multiLabel) set({ selection: [], chosen: true });
  },

  async record(labelIds) {
    const s = get();
    const unit = s.units[s.index];
    if (!unit || !s.questionId || s.saving) return;
    const adjudicator = s.adjudicator.trim();
    if (!adjudicator) return set({ error: t('adjudication.nameFirst') });
    if (!labelIds && !s.chosen) return set({ notice: t('adjudication.chooseFirst') });
    set({ saving: true, error: null, notice: null });
    try {
      await api().call('annotate.decide', {
        questionId: s.questionId,
        documentId: unit.documentId,
        coder: adjudicator,
        kind: 'label',
        labelIds: labelIds ?? s.selection,
        role: 'adjudication',
      });
      await get().refresh(unit.documentId);
      // On to the next open disagreement after this one (in the order), if any is left.
      const { units, index } = get();
      const next = nextOpen(units, index + 1);
      set({ saving: false, selection: [], chosen: false, ...(next >= 0 ? { index: next } : { notice: t('adjudication.allSettled') }) });
    } catch (err) {
      set({ saving: false, error: errorMessage(err) });
    }
  },

  async undo() {
    const s = get();
    const adjudicator = s.adjudicator.trim();
    if (!s.questionId || !adjudicator || s.saving) return;
    set({ saving: true, error: null, notice: null });
    try {
      const r = await api().call('annotate.undo', { questionId: s.questionId, coder: adjudicator, role: 'adjudication' });
      if (r.undone) await get().refresh(r.undone.documentId);
      set({
        saving: false,
        selection: [],
        chosen: false,
        ...(r.undone ? {} : { notice: t('adjudication.nothingToUndo', { name: adjudicator }) }),
      });
    } catch (err) {
      set({ saving: false, error: errorMessage(err) });
    }
  },

  toggleHelp(open) {
    set({ helpOpen: open ?? !get().helpOpen });
  },

  dismiss() {
    set({ error: null, notice: null });
  },

  async csv() {
    const { questionId, showSuggestion, sampleId } = get();
    if (!questionId) return null;
    try {
      return (await api().call('adjudication.csv', { questionId, status: 'all', showSuggestion, ...(sampleId ? { sampleId } : {}) })).csv;
    } catch (err) {
      set({ error: errorMessage(err) });
      return null;
    }
  },

  reset() {
    loadSeq++;
    set(initial);
  },
}));

resetsWithProject('adjudication', () => useAdjudication.getState().reset());
