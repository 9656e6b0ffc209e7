// The walk through an Annotate session's queue (annotate-store.ts holds the coder's actions): the
// prefetched pages after the last key, the document on screen, documents read by id (from Browse,
// or one an undo goes back to), the counts read again after a decision, and the generation that
// makes an answer to a session that has ended drop on the floor.
import type { StoreApi } from 'zustand';
import type { QueueItem } from '../../../common/contract';
import { ApiCallError } from '../api/api-client';
import { t } from '../i18n/t';
import { api } from '../platform/platform';
import { errorMessage } from '../platform/error-message';
import { countsOf, initialSelection, itemQuery, pageQuery, readCounts, type AnnotateSetup } from './annotate-session';
import type { AnnotateState } from './annotate-state';
import { needsMoreContext } from './segment-context';

/** Items asked for at once, and the fewest kept ahead before asking for more. */
export const QUEUE_PAGE = 20;
export const PREFETCH_BELOW = 8;

export function createWalk(set: StoreApi<AnnotateState>['setState'], get: () => AnnotateState) {
  let generation = 0;
  /** Documents shown in this session, for undo without a round trip. */
  let seen = new Map<number, QueueItem>();
  let lastKey: string | undefined;
  let fetching: Promise<void> | null = null;
  let shownAt = 0;

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
      const page = await api().call('annotate.queue', itemQuery(setup, documentId, contextSize));
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
        const page = await api().call('annotate.queue', pageQuery(setup, lastKey, QUEUE_PAGE, get().contextSize));
        if (gen !== generation) return;
        if (page.items.length) lastKey = page.items[page.items.length - 1]!.key;
        const s = get();
        const have = new Set([s.current?.document.id, ...s.ahead.map((i) => i.document.id)]);
        const fresh = page.items.filter((i) => !have.has(i.document.id));
        set({
          ahead: [...s.ahead, ...fresh],
          exhausted: page.items.length < QUEUE_PAGE,
          remaining: page.remaining,
          ...countsOf(page),
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

  /** The counts after a decision or an undo (annotate-session.ts, readCounts). */
  const refreshProgress = async () => {
    const { setup } = get();
    if (!setup) return;
    const gen = generation;
    try {
      const counts = await readCounts(setup, lastKey, get().current === null, get().coding?.mode === 'every');
      if (gen === generation) set(counts);
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
    const page = await api().call('annotate.queue', itemQuery(setup, documentId, get().contextSize));
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

  const forget = () => {
    generation++;
    seen = new Map();
    lastKey = undefined;
    fetching = null;
  };

  return {
    show,
    fetchMore,
    advance,
    loadItem,
    pushBack,
    refreshProgress,
    refreshContext,
    withBusy,
    forget,
    generation: () => generation,
    shownAt: () => shownAt,
    /** Documents shown in this session (with the decisions made on them). */
    seen: () => seen,
  };
}
