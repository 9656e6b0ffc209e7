// The Annotate screen's state: the coder's queue for one question, one document at a time. The
// next documents are prefetched, so that when a decision is committed (annotate.decide resolves)
// the next document is already in memory and shows in the same render; undo goes back through the
// append-only decision log, also across restarts. A document that is not among the loaded items (one
// opened from Browse, or one an undo goes back to after a reload) is read as a queue item of its own
// (annotate.queue with documentId), so it shows its scores and its decision records the suggestion.
// A session codes one source: the question's open documents, a validation sample (blind: its items
// come without suggestion and gold, and each decision names the sample), or the skipped or flagged
// documents (issue 13).
import { create } from 'zustand';
import type { CodebookQuestion, CodingProgress, Decision, QueueItem, QueueOrder, QueueSource, SampleInfo } from '../../../common/contract';
import { ApiCallError } from '../api/api-client';
import { t } from '../i18n/t';
import { api } from '../platform/platform';
import { errorMessage } from '../platform/error-message';
import { resetsWithProject } from './project-scope';
import { clampContextSize, needsMoreContext, rememberContextSize, rememberedContextSize } from './segment-context';

/** Items asked for at once, and the fewest kept ahead before asking for more. */
export const QUEUE_PAGE = 20;
export const PREFETCH_BELOW = 8;

const CODER_KEY = 'prelabel.annotate.coder';
const SESSION_KEY = 'prelabel.annotate.session';

export interface AnnotateSetup {
  coder: string;
  questionId: string;
  order: QueueOrder;
  seed: number;
  /** With `by_label`: only documents suggested as this label (null: grouped by suggested label). */
  labelId: string | null;
  /** Which documents: the open ones (`queue`), a validation sample's (blind), the skipped or flagged
   * ones (of the sample, blind, with `sampleId`). Absent in sessions remembered by older versions. */
  source?: QueueSource;
  sampleId?: string | null;
}

export interface AnnotateLabel {
  id: string;
  name: string;
  hotkey: string | null;
}

/** What a key press does on the Annotate screen (null: not a shortcut). */
export type KeyAction =
  | { kind: 'accept' }
  | { kind: 'skip' }
  | { kind: 'undo' }
  | { kind: 'flag' }
  | { kind: 'note' }
  | { kind: 'help' }
  | { kind: 'choose'; labelId: string };

export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/** The shortcut of a key: Enter accepts, Space skips, Backspace or Ctrl+Z undoes, f flags, n opens
 * the note, ? shows the keys, 1-9 choose the label at that place and each label's own hotkey
 * chooses it. A label's hotkey wins over f, n and ? (the codebook allowed it, so the coder meant it). */
export function actionForKey(press: KeyPress, labels: readonly AnnotateLabel[]): KeyAction | null {
  const { key } = press;
  const mod = press.ctrlKey || press.metaKey;
  if (mod && !press.altKey && (key === 'z' || key === 'Z')) return { kind: 'undo' };
  if (mod || press.altKey) return null;
  if (key === 'Enter') return { kind: 'accept' };
  if (key === ' ' || key === 'Spacebar') return { kind: 'skip' };
  if (key === 'Backspace') return { kind: 'undo' };
  if (key === '?') return { kind: 'help' };
  if (/^[1-9]$/.test(key)) {
    const label = labels[Number(key) - 1];
    if (label) return { kind: 'choose', labelId: label.id };
  }
  const lower = key.toLowerCase();
  const byHotkey = key.length === 1 ? labels.find((l) => l.hotkey && l.hotkey.toLowerCase() === lower) : undefined;
  if (byHotkey) return { kind: 'choose', labelId: byHotkey.id };
  if (lower === 'f') return { kind: 'flag' };
  if (lower === 'n') return { kind: 'note' };
  return null;
}

/** What is pre-selected when a document shows: its current decision, else the model's suggestion. */
export function initialSelection(item: QueueItem): string[] {
  if (item.decision?.kind === 'label') return item.decision.labelIds;
  return item.suggestion?.labelIds ?? [];
}

interface AnnotateState {
  setup: AnnotateSetup | null;
  labels: AnnotateLabel[];
  multiLabel: boolean;
  /** The document on screen; null before the first arrives or when the queue is done. */
  current: QueueItem | null;
  selection: string[];
  flagged: boolean;
  note: string;
  noteOpen: boolean;
  helpOpen: boolean;
  /** Prefetched documents, in queue order. */
  ahead: QueueItem[];
  exhausted: boolean;
  progress: CodingProgress | null;
  remaining: number | null;
  /** A decision, undo or load in flight: keys wait for it. */
  busy: boolean;
  loading: boolean;
  error: string | null;
  notice: string | null;
  /** A document chosen in Browse before a coder started: it shows first. */
  pendingDocument: number | null;
  /** Neighbouring units shown before and after a unit of a segmentation (0-5; segment-context.ts). */
  contextSize: number;
  /** The validation sample of a sample session (with how many of its documents are coded). */
  sample: SampleInfo | null;
  /** Skipped documents of the question outside samples: what the skipped queue would serve. */
  skippedOutsideSamples: number;

  start(setup: AnnotateSetup, question: CodebookQuestion): Promise<void>;
  /** Back to the choice of coder, question and order. */
  stop(): void;
  choose(labelId: string): void;
  accept(): Promise<void>;
  skip(): Promise<void>;
  undo(): Promise<void>;
  toggleFlag(): void;
  setNote(note: string): void;
  openNote(): void;
  closeNote(): void;
  toggleHelp(open?: boolean): void;
  /** Shows one document (from Browse); the document on screen goes back to the front of the queue. */
  openDocument(documentId: number): Promise<void>;
  /** Shows this many neighbours around a unit (remembered on this machine). */
  setContextSize(size: number): void;
  /** Starts the session again on the same source, the document on screen first (after a change
   * of what the core shows, such as the gold switch). */
  restart(): Promise<void>;
  /** Codes another source of the same question with the same coder (e.g. the skipped documents). */
  switchSource(source: QueueSource, sampleId?: string | null): Promise<void>;
  dismissNotice(): void;
  reset(): void;
}

/** The coder last chosen on this machine. */
export function rememberedCoder(): string {
  return globalThis.localStorage?.getItem(CODER_KEY) ?? '';
}

/** The setup of the session that ran in this tab, so that a reload goes on where it stood. */
export function rememberedSession(): AnnotateSetup | null {
  try {
    const raw = globalThis.sessionStorage?.getItem(SESSION_KEY);
    return raw ? (JSON.parse(raw) as AnnotateSetup) : null;
  } catch {
    return null;
  }
}

function mark(name: string, start: number): void {
  if ((globalThis as { __PRELABEL_PERF__?: boolean }).__PRELABEL_PERF__) performance.measure(name, { start, end: performance.now() });
}

export const useAnnotate = create<AnnotateState>()((set, get) => {
  let generation = 0;
  /** Documents shown in this session, for undo without a round trip. */
  let seen = new Map<number, QueueItem>();
  let lastKey: string | undefined;
  let fetching: Promise<void> | null = null;
  let shownAt = 0;
  let question: CodebookQuestion | null = null;

  /** The source fields of a queue call for the session's setup. */
  const sourceOf = (setup: AnnotateSetup) => {
    const source = setup.source ?? 'queue';
    return {
      ...(source !== 'queue' ? { source } : {}),
      ...(setup.sampleId ? { sampleId: setup.sampleId, coder: setup.coder } : {}),
    };
  };

  const show = (item: QueueItem | null, selection?: string[]) => {
    shownAt = performance.now();
    if (item) seen.set(item.document.id, item);
    set({
      current: item,
      selection: selection ?? (item ? initialSelection(item) : []),
      flagged: item?.decision?.flagged ?? false,
      note: item?.decision?.note ?? '',
      noteOpen: false,
    });
    if (item?.context && needsMoreContext(item.context, get().contextSize)) void refreshContext(item.document.id);
  };

  /** The unit on screen was fetched with fewer neighbours than the coder now wants: fetch its
   * context again ([Note: context size] in segment-context.ts); only its context changes. */
  const refreshContext = async (documentId: number) => {
    const { setup, contextSize } = get();
    if (!setup) return;
    const gen = generation;
    try {
      const page = await api().call('annotate.queue', {
        questionId: setup.questionId,
        documentId,
        limit: 1,
        contextSize,
        ...sourceOf(setup),
      });
      const context = page.items[0]?.context ?? null;
      const current = get().current;
      if (gen !== generation || !context || current?.document.id !== documentId) return;
      const item = { ...current, context };
      seen.set(documentId, item);
      set({ current: item });
    } catch {
      // The unit still shows; its neighbours are a courtesy.
    }
  };

  /** Fetches the next page of the queue (once at a time). */
  const fetchMore = (): Promise<void> => {
    const { setup, exhausted } = get();
    if (!setup || exhausted) return Promise.resolve();
    if (fetching) return fetching;
    const gen = generation;
    fetching = (async () => {
      try {
        const page = await api().call('annotate.queue', {
          questionId: setup.questionId,
          ...sourceOf(setup),
          order: setup.order,
          seed: setup.seed,
          ...(setup.order === 'by_label' && setup.labelId ? { labelId: setup.labelId } : {}),
          scope: 'open',
          ...(lastKey !== undefined ? { after: lastKey } : {}),
          limit: QUEUE_PAGE,
          contextSize: get().contextSize,
        });
        if (gen !== generation) return;
        if (page.items.length) lastKey = page.items[page.items.length - 1]!.key;
        const s = get();
        const have = new Set([s.current?.document.id, ...s.ahead.map((i) => i.document.id)]);
        const fresh = page.items.filter((i) => !have.has(i.document.id));
        set({
          ahead: [...s.ahead, ...fresh],
          exhausted: page.items.length < QUEUE_PAGE,
          progress: page.progress,
          remaining: page.remaining,
          sample: page.sample,
          skippedOutsideSamples: page.skippedOutsideSamples,
        });
      } catch (err) {
        if (gen === generation) set({ error: errorMessage(err) });
      } finally {
        if (gen === generation) fetching = null;
      }
    })();
    return fetching;
  };

  const prefetch = () => {
    if (get().ahead.length < PREFETCH_BELOW) void fetchMore();
  };

  const refreshProgress = async () => {
    const { setup } = get();
    if (!setup) return;
    const gen = generation;
    try {
      const progress = await api().call('annotate.progress', { questionId: setup.questionId });
      if (gen === generation) set({ progress });
      // At the end of the queue its page's counts (skipped documents, a sample's coding) are read
      // again: the screen offers what is left.
      if (gen !== generation || get().current !== null) return;
      const page = await api().call('annotate.queue', {
        questionId: setup.questionId,
        ...sourceOf(setup),
        limit: 1,
        ...(lastKey !== undefined ? { after: lastKey } : {}),
      });
      if (gen === generation) set({ sample: page.sample, skippedOutsideSamples: page.skippedOutsideSamples });
    } catch {
      // Progress is a courtesy: the next queue page brings it again.
    }
  };

  /** The next document from the queue; waits for a fetch only when nothing was prefetched. */
  const advance = async () => {
    if (!get().ahead.length && !get().exhausted) await fetchMore();
    const [next, ...rest] = get().ahead;
    set({ ahead: rest });
    show(next ?? null);
    prefetch();
  };

  /** A document by id: from this session's queue, else from the core as a queue item of its own,
   * with the current suggestion and decision. Its key is a position in no walk of this queue, so it
   * never becomes the `after` of the next page. */
  const loadItem = async (setup: AnnotateSetup, documentId: number): Promise<QueueItem> => {
    const known = seen.get(documentId) ?? get().ahead.find((i) => i.document.id === documentId);
    if (known) return known;
    const page = await api().call('annotate.queue', {
      questionId: setup.questionId,
      documentId,
      limit: 1,
      contextSize: get().contextSize,
      ...sourceOf(setup),
    });
    const item = page.items[0];
    if (!item) throw new ApiCallError({ code: 'NOT_FOUND', message: t('annotate.documentGone', { id: documentId }) });
    return item;
  };

  /** Puts the document on screen back at the front of the queue, before showing another. */
  const pushBack = (exceptId: number) => {
    const { current, ahead } = get();
    const rest = ahead.filter((i) => i.document.id !== exceptId && i.document.id !== current?.document.id);
    set({ ahead: current && current.document.id !== exceptId ? [current, ...rest] : rest });
  };

  const decide = async (kind: 'label' | 'skip', labelIds: string[]) => {
    const s = get();
    if (!s.setup || !s.current || s.busy) return;
    const item = s.current;
    const started = performance.now();
    set({ busy: true, error: null, notice: null });
    const gen = generation;
    try {
      // A blind item has no suggestion; its decision names the sample it was made in.
      const suggestion =
        item.suggestion && !item.sampleId
          ? { labelIds: item.suggestion.labelIds, score: item.suggestion.score, runId: item.suggestion.runId }
          : null;
      const decision = await api().call('annotate.decide', {
        questionId: s.setup.questionId,
        documentId: item.document.id,
        coder: s.setup.coder,
        kind,
        labelIds: kind === 'label' ? labelIds : [],
        suggestion,
        seconds: Math.min(86_400, Math.round((started - shownAt) / 100) / 10),
        note: s.note.trim() ? s.note : null,
        flagged: s.flagged,
        ...(item.sampleId ? { sampleId: item.sampleId } : {}),
      });
      if (gen !== generation) return;
      mark('annotate:decide', started);
      seen.set(item.document.id, { ...item, decision });
      await advance();
      void refreshProgress();
    } catch (err) {
      if (gen === generation) set({ error: errorMessage(err) });
    } finally {
      if (gen === generation) set({ busy: false });
    }
  };

  const withBusy = async (work: () => Promise<void>) => {
    if (get().busy) return;
    const gen = generation;
    set({ busy: true, error: null, notice: null });
    try {
      await work();
    } catch (err) {
      if (gen === generation) set({ error: errorMessage(err) });
    } finally {
      if (gen === generation) set({ busy: false });
    }
  };

  const initial = {
    setup: null,
    labels: [],
    multiLabel: false,
    current: null,
    selection: [],
    flagged: false,
    note: '',
    noteOpen: false,
    helpOpen: false,
    ahead: [],
    exhausted: false,
    progress: null,
    remaining: null,
    busy: false,
    loading: false,
    error: null,
    notice: null,
    sample: null,
    skippedOutsideSamples: 0,
  } satisfies Partial<AnnotateState>;

  const forget = () => {
    generation++;
    seen = new Map();
    lastKey = undefined;
    fetching = null;
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
      globalThis.localStorage?.setItem(CODER_KEY, coder);
      globalThis.sessionStorage?.setItem(SESSION_KEY, JSON.stringify(full));
      set({ ...initial, setup: full, labels, multiLabel: q.multiLabel, loading: true });
      const gen = generation;
      const pending = get().pendingDocument;
      set({ pendingDocument: null });
      await fetchMore();
      if (gen !== generation) return;
      set({ loading: false });
      if (pending !== null) {
        await get().openDocument(pending);
        return;
      }
      await advance();
    },

    stop() {
      forget();
      globalThis.sessionStorage?.removeItem(SESSION_KEY);
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
        set({ error: t('annotate.chooseFirst') });
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

    undo: () =>
      withBusy(async () => {
        const { setup } = get();
        if (!setup) return;
        const gen = generation;
        const result = await api().call('annotate.undo', { questionId: setup.questionId, coder: setup.coder });
        if (gen !== generation) return;
        if (!result.undone) {
          set({ notice: t('annotate.nothingToUndo') });
          return;
        }
        const undone: Decision = result.undone;
        const item = await loadItem(setup, undone.documentId);
        if (gen !== generation) return;
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
        const gen = generation;
        const item = await loadItem(setup, documentId);
        if (gen !== generation) return;
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
  globalThis.sessionStorage?.removeItem(SESSION_KEY);
  useAnnotate.getState().reset();
});
