// Pages of the open project's documents for the virtual table, fetched as they come into view and
// dropped again when far away. A project change starts over (a new generation ignores old replies).
import { create } from 'zustand';
import type { DocumentRow } from '../../../common/contract';
import { api } from '../platform/platform';
import { errorMessage } from '../platform/error-message';
import { missingPages, PAGE_SIZE, pageOf, prunePages, type Pages } from './page-cache';

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

  ensureRange(first: number, last: number): void;
  select(index: number): void;
  /** Opens the detail panel on a row (it then follows the selection). */
  openDetail(index: number): void;
  closeDetail(): void;
  /** Forgets every page (the project's documents changed) and fetches what is visible again. The
   * old total stays until the new one arrives, so the table keeps its scroll position. */
  invalidate(): void;
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
      const reply = await api().call('documents.list', { offset: page * PAGE_SIZE, limit: PAGE_SIZE });
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

    clear() {
      generation++;
      inFlight = new Set();
      set({ total: null, pages: {}, error: null, selected: 0, visible: [0, 0], detailOpen: false });
    },
  };
});
