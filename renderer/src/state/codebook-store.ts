// The open project's codebook: what the core stores, the editor's draft of it, saving the whole
// draft with codebook.set (the core's refusals shown beside the form) and importing a codebook CSV.
import { create } from 'zustand';
import type { Codebook, ImportSource } from '../../../common/contract';
import { t } from '../i18n/t';
import { api, platform } from '../platform/platform';
import { errorMessage } from '../platform/error-message';
import { useDocuments } from './documents-store';
import {
  codebookInputFrom,
  draftFromCodebook,
  freshLabelName,
  freshQuestionName,
  isDirty,
  missingNames,
  moveLabel,
  newLabel,
  newQuestion,
  type DraftQuestion,
  type LabelPatch,
  type QuestionPatch,
} from './codebook-draft';

interface CodebookState {
  /** The codebook as stored; null until loaded. */
  saved: Codebook | null;
  draft: DraftQuestion[];
  selectedKey: string | null;
  loading: boolean;
  loadError: string | null;
  saving: boolean;
  /** The core's refusal of the last save, shown beside the form. */
  saveError: string | null;
  notice: string | null;
  importing: boolean;
  importError: string | null;

  /** Loads the codebook once per project (again with force). */
  load(force?: boolean): Promise<void>;
  select(questionKey: string): void;
  addQuestion(): void;
  removeQuestion(questionKey: string): void;
  updateQuestion(questionKey: string, patch: QuestionPatch): void;
  addLabel(questionKey: string): string;
  updateLabel(questionKey: string, labelKey: string, patch: LabelPatch): void;
  removeLabel(questionKey: string, labelKey: string): void;
  moveLabel(questionKey: string, labelKey: string, delta: -1 | 1): void;
  save(): Promise<boolean>;
  discard(): void;
  /** Adds the labels of a code, name, description CSV to a question (a File in the browser, a
   * native dialog in Electron). */
  importCsv(questionName: string, file?: File): Promise<void>;
  clearNotice(): void;
  reset(): void;
}

const initial = {
  saved: null,
  draft: [],
  selectedKey: null,
  loading: false,
  loadError: null,
  saving: false,
  saveError: null,
  notice: null,
  importing: false,
  importError: null,
};

/** The key of the question to show: the same one if it is still there, else the first. */
function keepSelection(draft: readonly DraftQuestion[], key: string | null): string | null {
  const shown = draft.filter((q) => !q.archived);
  return shown.find((q) => q.key === key)?.key ?? shown[0]?.key ?? null;
}

export function selectDirty(s: Pick<CodebookState, 'draft' | 'saved'>): boolean {
  return s.saved !== null && isDirty(s.draft, s.saved);
}

export const useCodebook = create<CodebookState>()((set, get) => {
  let generation = 0;

  const stored = (codebook: Codebook, extra: Partial<CodebookState> = {}) => {
    const draft = draftFromCodebook(codebook);
    set({ saved: codebook, draft, selectedKey: keepSelection(draft, get().selectedKey), ...extra });
  };

  /** A changed codebook may make the suggestions in the Documents table stale. */
  const changed = (codebook: Codebook, notice: string) => {
    stored(codebook, { notice });
    if (useDocuments.getState().questionId) useDocuments.getState().invalidate();
  };

  const editQuestion = (questionKey: string, edit: (q: DraftQuestion) => DraftQuestion) =>
    set((s) => ({ draft: s.draft.map((q) => (q.key === questionKey ? edit(q) : q)), notice: null }));

  const sourceFor = async (file: File | undefined): Promise<ImportSource | null> => {
    const p = platform();
    if (file && p.uploadFile) return { kind: 'upload', uploadId: (await p.uploadFile(file)).uploadId };
    const choice = await api().call('dialog.openFile', { purpose: 'import' });
    return choice ? { kind: 'path', path: choice.path } : null;
  };

  return {
    ...initial,

    async load(force = false) {
      if (get().loading || (get().saved && !force)) return;
      const gen = generation;
      set({ loading: true, loadError: null });
      try {
        const codebook = await api().call('codebook.get', {});
        if (gen === generation) stored(codebook);
      } catch (err) {
        if (gen === generation) set({ loadError: errorMessage(err) });
      } finally {
        if (gen === generation) set({ loading: false });
      }
    },

    select: (selectedKey) => set({ selectedKey }),

    addQuestion() {
      const q = newQuestion(freshQuestionName(get().draft, t('codebook.newQuestionName')));
      set((s) => ({ draft: [...s.draft, q], selectedKey: q.key, notice: null }));
    },

    removeQuestion(questionKey) {
      set((s) => {
        const draft = s.draft.filter((q) => q.key !== questionKey);
        return { draft, selectedKey: keepSelection(draft, null), notice: null };
      });
    },

    updateQuestion: (questionKey, patch) => editQuestion(questionKey, (q) => ({ ...q, ...patch })),

    addLabel(questionKey) {
      const q = get().draft.find((x) => x.key === questionKey);
      const label = newLabel(q ? freshLabelName(q, (n) => t('codebook.label.newName', { n })) : '');
      editQuestion(questionKey, (x) => ({ ...x, labels: [...x.labels, label] }));
      return label.key;
    },

    updateLabel: (questionKey, labelKey, patch) =>
      editQuestion(questionKey, (q) => ({ ...q, labels: q.labels.map((l) => (l.key === labelKey ? { ...l, ...patch } : l)) })),

    removeLabel: (questionKey, labelKey) => editQuestion(questionKey, (q) => ({ ...q, labels: q.labels.filter((l) => l.key !== labelKey) })),

    moveLabel: (questionKey, labelKey, delta) => editQuestion(questionKey, (q) => ({ ...q, labels: moveLabel(q.labels, labelKey, delta) })),

    async save() {
      const { draft, saving } = get();
      if (saving) return false;
      if (missingNames(draft)) {
        set({ saveError: t('codebook.needName'), notice: null });
        return false;
      }
      const gen = generation;
      set({ saving: true, saveError: null, notice: null });
      try {
        const codebook = await api().call('codebook.set', codebookInputFrom(draft));
        if (gen !== generation) return false;
        // The saved draft takes the core's ids; the selection follows its question by position.
        const index = draft.filter((q) => !q.archived).findIndex((q) => q.key === get().selectedKey);
        changed(codebook, t('codebook.saved'));
        const shown = get().draft.filter((q) => !q.archived);
        if (index >= 0 && shown[index]) set({ selectedKey: shown[index].key });
        return true;
      } catch (err) {
        if (gen === generation) set({ saveError: errorMessage(err) });
        return false;
      } finally {
        if (gen === generation) set({ saving: false });
      }
    },

    discard() {
      const { saved } = get();
      if (saved) stored(saved, { saveError: null, notice: null });
    },

    async importCsv(questionName, file) {
      if (get().importing) return;
      const gen = generation;
      set({ importing: true, importError: null, notice: null });
      try {
        const source = await sourceFor(file);
        if (!source) return;
        const codebook = await api().call('codebook.importCsv', { source, questionName: questionName.trim() });
        if (gen !== generation) return;
        changed(codebook, t('codebook.import.done', { question: questionName.trim() }));
        const q = get().draft.find((x) => x.name === questionName.trim() && !x.archived);
        if (q) set({ selectedKey: q.key });
      } catch (err) {
        if (gen === generation) set({ importError: errorMessage(err) });
      } finally {
        if (gen === generation) set({ importing: false });
      }
    },

    clearNotice: () => set({ notice: null }),

    reset() {
      generation++;
      set(initial);
    },
  };
});
