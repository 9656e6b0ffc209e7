// The open project's codebook: what the core stores, the editor's draft of it, saving the whole
// draft with codebook.set (the core's refusals shown beside the form) and importing a codebook CSV.
import { create } from 'zustand';
import {
  PrelabelError,
  codebookToJson,
  parseCodebookJson,
  type Codebook,
  type ImportSource,
  type MethodInput,
} from '../../../common/contract';
import { t } from '../i18n/t';
import { api, platform } from '../platform/platform';
import { errorMessage } from '../platform/error-message';
import { useBrowse } from './browse-store';
import {
  codebookInputFrom,
  draftFromCodebook,
  freshLabelName,
  freshQuestionName,
  isDirty,
  keptAsArchived,
  missingNames,
  moveLabel,
  moveShown,
  newLabel,
  newQuestion,
  patchLabel,
  removeLabel as removeDraftLabel,
  removedLabelIds,
  type DraftQuestion,
  type LabelPatch,
  type QuestionPatch,
} from './codebook-draft';
import { resetsWithProject } from './project-scope';

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
  /** Labels the last save was asked to remove that the core archived instead (they have decisions). */
  archivedInstead: string[];
  /** Per stored question id: documents with current and with stale predictions (prelabel.status). */
  predictions: Record<string, { scored: number; stale: number }>;
  /** A codebook JSON file read in the page, waiting for the user to confirm that it replaces the codebook. */
  pendingFile: { fileName: string; input: MethodInput<'codebook.set'>; questions: number; labels: number } | null;
  fileError: string | null;

  /** Loads the codebook once per project (again with force). */
  load(force?: boolean): Promise<void>;
  select(questionKey: string): void;
  addQuestion(): void;
  removeQuestion(questionKey: string): void;
  updateQuestion(questionKey: string, patch: QuestionPatch): void;
  addLabel(questionKey: string): string;
  updateLabel(questionKey: string, labelKey: string, patch: LabelPatch): void;
  removeLabel(questionKey: string, labelKey: string): void;
  moveLabel(questionKey: string, labelKey: string, delta: number): void;
  moveQuestion(questionKey: string, delta: number): void;
  /** Archives a question (kept, out of coding and pre-labelling) or brings it back. */
  setQuestionArchived(questionKey: string, archived: boolean): void;
  /** Reads a codebook JSON file (what `prelabel codebook --get` and the export write) and holds it
   * for confirmation; nothing is sent yet. */
  readFile(file: File): Promise<void>;
  /** Replaces the codebook with the file that readFile holds: one codebook.set, one revision. */
  confirmFile(): Promise<void>;
  cancelFile(): void;
  /** The stored codebook as the JSON file the export downloads. */
  fileText(): string;
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
  archivedInstead: [],
  predictions: {},
  pendingFile: null,
  fileError: null,
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

  /** How many documents of each question have current and stale predictions: the editor warns
   * when a change makes them stale. Best effort: the codebook works without it. */
  const loadPredictions = async (codebook: Codebook) => {
    const gen = generation;
    const counts: CodebookState['predictions'] = {};
    for (const q of codebook.questions) {
      if (q.archived) continue;
      try {
        const status = await api().call('prelabel.status', { questionId: q.id });
        counts[q.id] = { scored: status.scored, stale: status.stale };
      } catch {
        // A core without the pre-label engine (or a question deleted meanwhile) has no counts.
      }
    }
    if (gen === generation && get().saved === codebook) set({ predictions: counts });
  };

  /** A changed codebook may make the suggestions in the Documents table stale. */
  const changed = (codebook: Codebook, notice: string, extra: Partial<CodebookState> = {}) => {
    stored(codebook, { notice, ...extra });
    void loadPredictions(codebook);
    if (useBrowse.getState().questionId) useBrowse.getState().invalidate();
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
        if (gen === generation) {
          stored(codebook);
          void loadPredictions(codebook);
        }
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
      editQuestion(questionKey, (q) => ({ ...q, labels: patchLabel(q.labels, labelKey, patch) })),

    removeLabel: (questionKey, labelKey) => editQuestion(questionKey, (q) => ({ ...q, labels: removeDraftLabel(q.labels, labelKey) })),

    moveLabel: (questionKey, labelKey, delta) => editQuestion(questionKey, (q) => ({ ...q, labels: moveLabel(q.labels, labelKey, delta) })),

    moveQuestion: (questionKey, delta) => set((s) => ({ draft: moveShown(s.draft, questionKey, delta), notice: null })),

    setQuestionArchived(questionKey, archived) {
      set((s) => {
        const draft = s.draft.map((q) => (q.key === questionKey ? { ...q, archived } : q));
        // A restored question is shown at once; an archived one gives the form to the next.
        return { draft, selectedKey: archived ? keepSelection(draft, null) : questionKey, notice: null };
      });
    },

    async save() {
      const { draft, saving } = get();
      if (saving) return false;
      if (missingNames(draft)) {
        set({ saveError: t('codebook.needName'), notice: null });
        return false;
      }
      const gen = generation;
      const removed = removedLabelIds(get().saved, draft);
      set({ saving: true, saveError: null, notice: null, archivedInstead: [] });
      try {
        const codebook = await api().call('codebook.set', codebookInputFrom(draft));
        if (gen !== generation) return false;
        // The saved draft takes the core's ids; the selection follows its question by position.
        const index = draft.filter((q) => !q.archived).findIndex((q) => q.key === get().selectedKey);
        changed(codebook, t('codebook.saved'), { archivedInstead: keptAsArchived(removed, codebook) });
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

    async readFile(file) {
      set({ pendingFile: null, fileError: null, notice: null });
      try {
        const input = parseCodebookJson(await file.text(), file.name);
        const labels = input.questions.reduce((n, q) => n + q.labels.length, 0);
        set({ pendingFile: { fileName: file.name, input, questions: input.questions.length, labels } });
      } catch (err) {
        // The parser's own sentence names the file and the line; anything else is unexpected.
        const message = err instanceof PrelabelError ? err.message : errorMessage(err);
        set({ fileError: t('codebookEditor.file.failed', { message }) });
      }
    },

    async confirmFile() {
      const pending = get().pendingFile;
      if (!pending || get().importing) return;
      const gen = generation;
      set({ importing: true, fileError: null, notice: null });
      try {
        const summary = `Replaced the codebook with ${pending.fileName}`;
        const codebook = await api().call('codebook.set', { ...pending.input, summary });
        if (gen !== generation) return;
        // Another codebook: its first question is shown.
        set({ selectedKey: null });
        changed(codebook, t('codebookEditor.file.done', { file: pending.fileName }), { pendingFile: null });
      } catch (err) {
        if (gen === generation) set({ fileError: t('codebookEditor.file.failed', { message: errorMessage(err) }) });
      } finally {
        if (gen === generation) set({ importing: false });
      }
    },

    cancelFile: () => set({ pendingFile: null, fileError: null }),

    fileText() {
      const { saved } = get();
      return `${JSON.stringify(codebookToJson(saved ?? { questions: [], revisionId: null }), null, 2)}\n`;
    },

    clearNotice: () => set({ notice: null, archivedInstead: [] }),

    reset() {
      generation++;
      set(initial);
    },
  };
});

resetsWithProject('codebook', () => useCodebook.getState().reset());
