// The Annotate screen's state: the coder's queue for one question, one document at a time. The
// next documents are prefetched, so that when a decision is committed (annotate.decide resolves)
// the next document is already in memory and shows in the same render; undo goes back through the
// append-only decision log, also across restarts. A document that is not among the loaded items (one
// opened from Browse, or one an undo goes back to after a reload) is read as a queue item of its own
// (annotate.queue with documentId), so it shows its scores and its decision records the suggestion.
// A session codes one source: the question's open documents, a validation sample (blind: its items
// come without suggestion and gold, and each decision names the sample), or the skipped or flagged
// documents (issue 13). The walk through the queue is annotate-walk.ts, the session's setup and
// queue calls annotate-session.ts, the keys annotate-keys.ts; this file holds the coder's actions.
import { create } from 'zustand';
import type { CodebookQuestion, Decision } from '../../../common/contract';
import { t } from '../i18n/t';
import { api } from '../platform/platform';
import { errorMessage } from '../platform/error-message';
import { chooseFirst } from './annotate-keys';
import { decisionInput, forgetSession, initialSelection, rememberSession } from './annotate-session';
import { initial, type AnnotateState } from './annotate-state';
import { createWalk } from './annotate-walk';
import { resetsWithProject } from './project-scope';
import { clampContextSize, needsMoreContext, rememberContextSize, rememberedContextSize } from './segment-context';

export { actionForKey, type AnnotateLabel, type KeyAction, type KeyPress } from './annotate-keys';
export { initialSelection, rememberedCoder, rememberedSession, type AnnotateSetup } from './annotate-session';
export { PREFETCH_BELOW, QUEUE_PAGE } from './annotate-walk';

function mark(name: string, start: number): void {
  if ((globalThis as { __PRELABEL_PERF__?: boolean }).__PRELABEL_PERF__) performance.measure(name, { start, end: performance.now() });
}

export const useAnnotate = create<AnnotateState>()((set, get) => {
  const walk = createWalk(set, get);
  let question: CodebookQuestion | null = null;
  const { show, fetchMore, advance, loadItem, pushBack, refreshProgress, refreshContext, withBusy, forget } = walk;

  const decide = async (kind: 'label' | 'skip', labelIds: string[]) => {
    const s = get();
    if (!s.setup || !s.current || s.busy) return;
    const item = s.current;
    const started = performance.now();
    set({ busy: true, error: null, notice: null });
    const gen = walk.generation();
    try {
      const seconds = Math.min(86_400, Math.round((started - walk.shownAt()) / 100) / 10);
      const decision = await api().call(
        'annotate.decide',
        decisionInput(s.setup, item, { kind, labelIds, seconds, note: s.note, flagged: s.flagged }),
      );
      if (gen !== walk.generation()) return;
      mark('annotate:decide', started);
      walk.seen().set(item.document.id, { ...item, decision });
      await advance();
      void refreshProgress();
    } catch (err) {
      if (gen === walk.generation()) set({ error: errorMessage(err) });
    } finally {
      if (gen === walk.generation()) set({ busy: false });
    }
  };

  return {
    ...initial,
    pendingDocument: null,
    contextSize: rememberedContextSize(),

    async start(setup, q) {
      forget();
      question = q;
      const coder = setup.coder.trim();
      const labels = q.labels.filter((l) => !l.archived).map((l) => ({ id: l.id, name: l.name, hotkey: l.hotkey }));
      const full = { ...setup, coder };
      rememberSession(full);
      set({ ...initial, setup: full, labels, multiLabel: q.multiLabel, loading: true });
      const gen = walk.generation();
      const pending = get().pendingDocument;
      set({ pendingDocument: null });
      await fetchMore();
      if (gen !== walk.generation()) return;
      set({ loading: false });
      if (pending !== null) {
        await get().openDocument(pending);
        return;
      }
      await advance();
    },

    stop() {
      forget();
      forgetSession();
      set({ ...initial });
    },

    choose(labelId) {
      const { multiLabel, selection } = get();
      if (!multiLabel) set({ selection: [labelId] });
      else set({ selection: selection.includes(labelId) ? selection.filter((id) => id !== labelId) : [...selection, labelId] });
    },

    async accept() {
      const { selection, current, labels } = get();
      if (!current) return;
      if (!selection.length) {
        set({ error: chooseFirst(labels) });
        return;
      }
      // Decisions carry the labels in codebook order, whatever order they were toggled in.
      const order = new Map(labels.map((l, i) => [l.id, i]));
      await decide(
        'label',
        [...selection].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)),
      );
    },

    skip: () => decide('skip', []),

    async none() {
      if (!get().multiLabel || !get().current) return;
      await decide('label', []);
    },

    undo: () =>
      withBusy(async () => {
        const { setup } = get();
        if (!setup) return;
        const gen = walk.generation();
        const result = await api().call('annotate.undo', { questionId: setup.questionId, coder: setup.coder });
        if (gen !== walk.generation()) return;
        if (!result.undone) {
          set({ notice: t('annotate.nothingToUndo') });
          return;
        }
        const undone: Decision = result.undone;
        const item = await loadItem(setup, undone.documentId);
        if (gen !== walk.generation()) return;
        pushBack(undone.documentId);
        // Back where the coder was before the decision: its labels chosen, its note and flag.
        const back = { ...item, decision: result.current };
        show(back, undone.kind === 'label' ? undone.labelIds : initialSelection(back));
        set({ flagged: undone.flagged, note: undone.note ?? '' });
        void refreshProgress();
      }),

    toggleFlag: () => set((s) => ({ flagged: !s.flagged })),
    setNote: (note) => set({ note }),
    openNote: () => set({ noteOpen: true, helpOpen: false }),
    closeNote: () => set({ noteOpen: false }),
    toggleHelp: (open) => set((s) => ({ helpOpen: open ?? !s.helpOpen, noteOpen: false })),

    async openDocument(documentId) {
      const { setup } = get();
      if (!setup) {
        set({ pendingDocument: documentId });
        return;
      }
      if (get().current?.document.id === documentId) return;
      await withBusy(async () => {
        const gen = walk.generation();
        const item = await loadItem(setup, documentId);
        if (gen !== walk.generation()) return;
        pushBack(documentId);
        show(item);
      });
    },

    setContextSize(size) {
      const contextSize = clampContextSize(size);
      rememberContextSize(contextSize);
      set({ contextSize });
      const current = get().current;
      if (current?.context && needsMoreContext(current.context, contextSize)) void refreshContext(current.document.id);
    },

    async restart() {
      const { setup, current } = get();
      if (!setup || !question) return;
      if (current) set({ pendingDocument: current.document.id });
      await get().start(setup, question);
    },

    async switchSource(source, sampleId = null) {
      const { setup } = get();
      if (!setup || !question) return;
      await get().start({ ...setup, source, sampleId }, question);
    },

    dismissNotice: () => set({ notice: null, error: null }),

    reset() {
      forget();
      set({ ...initial, pendingDocument: null });
    },
  };
});

resetsWithProject('annotate', () => {
  // A reload must not bring the last project's session back either.
  forgetSession();
  useAnnotate.getState().reset();
});
