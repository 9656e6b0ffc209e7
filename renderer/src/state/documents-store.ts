// Pages of the open project's documents for the virtual table, fetched as they come into view and
// dropped again when far away. A project change starts over (a new generation ignores old replies).
// With a question chosen, each row carries the model's suggestion for it; a running pre-label
// refreshes the visible pages so suggestions appear as they come. The detail panel reads the whole
// document with documents.get.
import { create } from 'zustand';
import type { DocumentRow } from '../../../common/contract';
import { api } from '../platform/platform';
import { errorMessage } from '../platform/error-message';
import { missingPages, PAGE_SIZE, pageOf, pagesForRange, prunePages, rowAt, type Pages } from './page-cache';

interface DocumentsState {
  /** Rows in the project; null until the first page arrives. */
  total: number | null;
  pages: Pages<DocumentRow>;
  error: string | null;
  /** The row the keyboard moves; an index into all documents. */
  selected: number;
  /** Visible rows, so a refresh can re-fetch what is on screen. */
  visible: readonly [number, number];
  /** The side panel with the selected document's whole text and metadata. */
  detailOpen: boolean;
  /** The question whose suggestions the rows carry; null for none. */
  questionId: string | null;
  /** The open document in full (documents.get), once it has arrived. */
  detail: DocumentRow | null;
  detailError: string | null;

  ensureRange(first: number, last: number): void;
  select(index: number): void;
  /** Opens the detail panel on a row (it then follows the selection). */
  openDetail(index: number): void;
  closeDetail(): void;
  /** Forgets every page (the project's documents changed) and fetches what is visible again. The
   * old total stays until the new one arrives, so the table keeps its scroll position. */
  invalidate(): void;
  /** Re-fetches the visible pages in place (rows stay on screen until the new ones arrive) and
   * forgets the others, which are fetched again when they scroll into view. */
  refresh(): void;
  /** Shows the suggestions of a question (null: none). */
  setQuestion(questionId: string | null): void;
  /** Ids of the loaded rows in view: what a pre-label run should score first. */
  visibleIds(max?: number): number[];
  /** Fetches the whole document for the detail panel. */
  loadDetail(id: number): Promise<void>;
  /** No project: nothing to show. */
  clear(): void;
}

export const useDocuments = create<DocumentsState>()((set, get) => {
  let generation = 0;
  let inFlight = new Set<number>();

  const fetchPage = async (page: number) => {
    const gen = generation;
    inFlight.add(page);
    try {
      const questionId = get().questionId;
      const query = { offset: page * PAGE_SIZE, limit: PAGE_SIZE };
      const reply = await api().call('documents.list', questionId ? { ...query, questionId } : query);
      if (gen !== generation) return;
      const centre = pageOf(get().visible[0]);
      set((s) => ({
        total: reply.total,
        pages: prunePages({ ...s.pages, [page]: reply.rows }, centre),
        error: null,
        selected: Math.min(s.selected, Math.max(0, reply.total - 1)),
      }));
    } catch (err) {
      if (gen === generation) set({ error: errorMessage(err) });
    } finally {
      if (gen === generation) inFlight.delete(page);
    }
  };

  return {
    total: null,
    pages: {},
    error: null,
    selected: 0,
    visible: [0, 0],
    detailOpen: false,
    questionId: null,
    detail: null,
    detailError: null,

    ensureRange(first, last) {
      set({ visible: [first, last] });
      const s = get();
      for (const page of missingPages(first, last, s.total, s.pages, inFlight)) void fetchPage(page);
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
      inFlight = new Set();
      const [first, last] = get().visible;
      set({ pages: {}, error: null });
      get().ensureRange(first, last);
    },

    refresh() {
      generation++;
      inFlight = new Set();
      const [first, last] = get().visible;
      const shown = new Set(pagesForRange(first, last, get().total));
      set((s) => ({ pages: Object.fromEntries(Object.entries(s.pages).filter(([p]) => shown.has(Number(p)))) }));
      for (const page of shown) void fetchPage(page);
    },

    setQuestion(questionId) {
      if (questionId === get().questionId) return;
      set({ questionId });
      get().invalidate();
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

    clear() {
      generation++;
      inFlight = new Set();
      set({ total: null, pages: {}, error: null, selected: 0, visible: [0, 0], detailOpen: false, questionId: null, detail: null, detailError: null });
    },
  };
});
