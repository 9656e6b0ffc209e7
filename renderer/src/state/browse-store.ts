// The Browse table's state: every document's current state for a chosen question (status, label,
// suggestion, coder, flag) in pages fetched by keyset (browse.page) as they come into view and
// dropped again when far away, with filters, full-text search and sorting. A project change starts
// over (a new generation ignores old replies); a running pre-label refreshes the visible pages so
// suggestions appear as they come, and so does a decision made in Annotate (`coding:changed`; while
// Browse is hidden its pages are only dropped). The detail panel reads the whole document with
// documents.get. The filters and the browse.page query are browse-query.ts.
import { create } from 'zustand';
import type { BrowseRow, DocumentRow } from '../../../common/contract';
import { api } from '../platform/platform';
import { errorMessage } from '../platform/error-message';
import { browseQuery, noFilters, QUESTION_SORTS, type BrowseFilters, type BrowseSort } from './browse-query';
import { afterFor, nearestKnownPage, PAGE_SIZE, pageOf, pagesForRange, prunePages, rowAt, type Cursors, type Pages } from './page-cache';
import { throttle } from './throttle';
import { resetsWithProject } from './project-scope';

export { browseQuery, noFilters, type BrowseFilters, type BrowseSort, type BrowseStatus } from './browse-query';

/** Decisions coming in while Browse shows refresh its visible pages at most this often. */
export const CODING_REFRESH_MS = 300;

interface BrowseState {
  /** Rows matching the filters; null until the first page arrives. */
  total: number | null;
  pages: Pages<BrowseRow>;
  /** Keyset cursors of the pages seen so far (see [Note: keyset pages]). */
  cursors: Cursors;
  error: string | null;
  /** The row the keyboard moves; an index into the matching rows. */
  selected: number;
  /** Visible rows, so a refresh can re-fetch what is on screen. */
  visible: readonly [number, number];
  /** The side panel with the selected document's whole text and metadata. */
  detailOpen: boolean;
  /** The question whose state the rows show; null for none. */
  questionId: string | null;
  /** The coder chose "No question" in Browse; until then Browse shows the first question. */
  noQuestionChosen: boolean;
  filters: BrowseFilters;
  sort: BrowseSort;
  direction: 'asc' | 'desc';
  /** Units of a segmentation grouped by their parent document, in text order (document sort only). */
  groupByParent: boolean;
  /** Grows with every change of question, filters or sort: the table scrolls back to the top. */
  queryVersion: number;
  /** The open document in full (documents.get), once it has arrived. */
  detail: DocumentRow | null;
  detailError: string | null;

  ensureRange(first: number, last: number): void;
  select(index: number): void;
  /** Opens the detail panel on a row (it then follows the selection). */
  openDetail(index: number): void;
  closeDetail(): void;
  /** Forgets every page (the project's documents changed) and fetches what is visible again. The
   * old total stays until the new one arrives, so the table keeps its height. */
  invalidate(): void;
  /** Re-fetches the visible pages in place (rows stay on screen until the new ones arrive) and
   * forgets the others, which are fetched again when they scroll into view. */
  refresh(): void;
  /** Shows the state of a question (null: documents only). */
  setQuestion(questionId: string | null): void;
  /** Records the coder's own choice in Browse (null: "No question", kept until another project). */
  chooseQuestion(questionId: string | null): void;
  setFilters(patch: Partial<BrowseFilters>): void;
  /** Sorts by a column; the same column again turns the direction round. Another sort than the
   * document's ends the grouping by parent. */
  setSort(sort: BrowseSort): void;
  /** Groups units by their parent document (sorting by document). */
  setGroupByParent(on: boolean): void;
  /** Ids of the loaded rows in view: what a pre-label run should score first. */
  visibleIds(max?: number): number[];
  /** Fetches the whole document for the detail panel. */
  loadDetail(id: number): Promise<void>;
  /** The Browse screen shows (until the returned function is called). */
  attach(): () => void;
  /** From the core's `coding:changed`: a decision of a question changed (bug 7 of issue 10). */
  codingChanged(questionId: string): void;
  /** No project: nothing to show. */
  clear(): void;
}

/** No project, no query: what the store starts with and goes back to (queryVersion only grows). */
const empty = {
  total: null,
  pages: {},
  cursors: {},
  error: null,
  selected: 0,
  visible: [0, 0],
  detailOpen: false,
  questionId: null,
  noQuestionChosen: false,
  filters: noFilters,
  sort: 'document',
  direction: 'asc',
  groupByParent: false,
  detail: null,
  detailError: null,
} satisfies Partial<BrowseState>;

export const useBrowse = create<BrowseState>()((set, get) => {
  let generation = 0;
  /** The generation whose pump runs (one request at a time per generation); -1: none. */
  let pumpGeneration = -1;
  /** Pages to fetch again although cached (a refresh keeps them on screen meanwhile). */
  let stale = new Set<number>();
  /** Browse screens on show: while none is, a change only drops the pages (nothing is fetched
   * while the coder codes), and the table fetches what it needs when it shows again. */
  let shown = 0;
  const refreshShown = throttle(() => get().refresh(), CODING_REFRESH_MS);

  const wantedPage = (): number | undefined => {
    const s = get();
    return pagesForRange(s.visible[0], s.visible[1], s.total).find((p) => !(p in s.pages) || stale.has(p));
  };

  /** Fetches one page; false when the pump should stop (error, newer generation, end of the chain). */
  const fetchPage = async (page: number, target: number, gen: number): Promise<boolean> => {
    const s = get();
    try {
      const reply = await api().call(
        'browse.page',
        browseQuery(s.questionId, s.filters, s.sort, s.direction, afterFor(s.cursors, page), s.groupByParent),
      );
      if (gen !== generation) return false;
      stale.delete(page);
      const centre = pageOf(get().visible[0]);
      set((st) => {
        const cursors: Record<number, string | null> = { ...st.cursors };
        if (reply.next !== null) cursors[page + 1] = reply.next;
        // Rows ran out before the total said they would (documents went meanwhile): the end is here.
        const endsEarly = reply.next === null && st.total !== null && page * PAGE_SIZE + reply.rows.length < st.total;
        const total = reply.total ?? (endsEarly ? page * PAGE_SIZE + reply.rows.length : st.total);
        return {
          total,
          cursors,
          pages: prunePages({ ...st.pages, [page]: reply.rows }, centre),
          error: null,
          selected: total === null ? st.selected : Math.min(st.selected, Math.max(0, total - 1)),
        };
      });
      return reply.next !== null || page >= target;
    } catch (err) {
      if (gen === generation) set({ error: errorMessage(err) });
      return false;
    }
  };

  /** Fetches the missing visible pages one after another, walking the keyset chain to reach them. */
  const pump = async () => {
    const gen = generation;
    if (pumpGeneration === gen) return;
    pumpGeneration = gen;
    try {
      for (let target = wantedPage(); target !== undefined && gen === generation; target = wantedPage()) {
        const from = nearestKnownPage(get().cursors, target);
        // A fetched page with no cursor after it is the last one: nothing lies beyond it.
        if (from < target && from in get().pages && !stale.has(from)) return;
        if (!(await fetchPage(from, target, gen))) return;
      }
    } finally {
      if (pumpGeneration === gen) pumpGeneration = -1;
    }
  };

  /** The question, filters or sort changed: every page and cursor is of another query. */
  const restart = (patch: Partial<BrowseState>) => {
    generation++;
    stale = new Set();
    set((s) => ({
      ...patch,
      pages: {},
      cursors: {},
      total: null,
      error: null,
      selected: 0,
      visible: [0, Math.max(0, s.visible[1] - s.visible[0])] as const,
      queryVersion: s.queryVersion + 1,
    }));
    void pump();
  };

  return {
    ...empty,
    queryVersion: 0,

    ensureRange(first, last) {
      set({ visible: [first, last] });
      void pump();
    },

    select(index) {
      const total = get().total ?? 0;
      set({ selected: Math.max(0, Math.min(index, total - 1)) });
    },

    openDetail(index) {
      get().select(index);
      if (get().total) set({ detailOpen: true });
    },

    closeDetail: () => set({ detailOpen: false }),

    invalidate() {
      generation++;
      stale = new Set();
      set({ pages: {}, cursors: {}, error: null });
      void pump();
    },

    refresh() {
      generation++;
      const [first, last] = get().visible;
      const shown = new Set(pagesForRange(first, last, get().total));
      stale = new Set([...shown].filter((p) => p in get().pages));
      set((s) => ({ pages: Object.fromEntries(Object.entries(s.pages).filter(([p]) => shown.has(Number(p)))) }));
      void pump();
    },

    setQuestion(questionId) {
      if (questionId === get().questionId) return;
      const { filters, sort } = get();
      // Filters on labels and suggestions belong to the question that was chosen.
      restart({
        questionId,
        filters: { ...noFilters, search: filters.search },
        ...(QUESTION_SORTS.has(sort) ? { sort: 'document' as const, direction: 'asc' as const } : {}),
      });
    },

    chooseQuestion(questionId) {
      set({ noQuestionChosen: questionId === null });
    },

    setFilters(patch) {
      restart({ filters: { ...get().filters, ...patch } });
    },

    setSort(sort) {
      const s = get();
      restart({
        sort,
        direction: s.sort === sort && s.direction === 'asc' ? 'desc' : 'asc',
        ...(sort !== 'document' ? { groupByParent: false } : {}),
      });
    },

    setGroupByParent(on) {
      if (on === get().groupByParent) return;
      restart(on ? { groupByParent: true, sort: 'document', direction: 'asc' } : { groupByParent: false });
    },

    visibleIds(max = 1000) {
      const { visible, pages } = get();
      const ids: number[] = [];
      for (let i = visible[0]; i <= visible[1] && ids.length < max; i++) {
        const row = rowAt(pages, i);
        if (row) ids.push(row.id);
      }
      return ids;
    },

    async loadDetail(id) {
      if (get().detail?.id === id) return;
      // Only the document still selected takes the reply: answers to earlier selections are dropped.
      const stillSelected = () => rowAt(get().pages, get().selected)?.id === id;
      set({ detailError: null });
      try {
        const doc = await api().call('documents.get', { id });
        if (stillSelected()) set({ detail: doc });
      } catch (err) {
        if (stillSelected()) set({ detailError: errorMessage(err) });
      }
    },

    attach() {
      shown++;
      let attached = true;
      return () => {
        if (attached) shown--;
        attached = false;
      };
    },

    codingChanged(questionId) {
      if (get().questionId !== questionId) return;
      if (shown > 0) return refreshShown();
      generation++;
      stale = new Set();
      set({ pages: {}, cursors: {}, error: null });
    },

    clear() {
      generation++;
      stale = new Set();
      refreshShown.cancel();
      set(empty);
    },
  };
});

resetsWithProject('browse', () => useBrowse.getState().clear());
