// Pure page arithmetic for the virtual document table: which pages a visible range needs, which
// row sits at an index, and which pages to drop so a million-row project never lives in memory.

export const PAGE_SIZE = 200;
/** Pages kept in memory (10,000 rows); those farthest from the viewport go first. */
export const MAX_CACHED_PAGES = 50;

export type Pages<Row> = Readonly<Record<number, readonly Row[]>>;

export function pageOf(index: number, pageSize = PAGE_SIZE): number {
  return Math.floor(index / pageSize);
}

/** Pages covering rows first..last (inclusive), clamped to the rows that exist. Unknown total: page 0. */
export function pagesForRange(first: number, last: number, total: number | null, pageSize = PAGE_SIZE): number[] {
  if (total === null) return [0];
  if (total <= 0) return [];
  const lo = pageOf(Math.max(0, Math.min(first, total - 1)), pageSize);
  const hi = pageOf(Math.max(0, Math.min(last, total - 1)), pageSize);
  const pages: number[] = [];
  for (let p = Math.min(lo, hi); p <= Math.max(lo, hi); p++) pages.push(p);
  return pages;
}

/** Pages of the range that are neither cached nor being fetched. */
export function missingPages(
  first: number,
  last: number,
  total: number | null,
  cached: Pages<unknown>,
  inFlight: ReadonlySet<number>,
  pageSize = PAGE_SIZE,
): number[] {
  return pagesForRange(first, last, total, pageSize).filter((p) => !(p in cached) && !inFlight.has(p));
}

export function rowAt<Row>(pages: Pages<Row>, index: number, pageSize = PAGE_SIZE): Row | undefined {
  return pages[pageOf(index, pageSize)]?.[index % pageSize];
}

/** Drops the pages farthest from `centrePage` until at most `max` remain. Returns the same object when nothing goes. */
export function prunePages<Row>(pages: Pages<Row>, centrePage: number, max = MAX_CACHED_PAGES): Pages<Row> {
  const keys = Object.keys(pages).map(Number);
  if (keys.length <= max) return pages;
  const keep = keys.sort((a, b) => Math.abs(a - centrePage) - Math.abs(b - centrePage) || a - b).slice(0, max);
  const next: Record<number, readonly Row[]> = {};
  for (const k of keep) next[k] = pages[k]!;
  return next;
}

// [Note: keyset pages] Browse pages come by keyset (`after` = the previous page's `next` cursor),
// never by offset, so the core never counts past a million rows to reach a page. A page can only be
// fetched once the cursor that ends the page before it is known: `cursors[p]` is the `after` for
// page p (page 0 starts with none). Cursors are kept for every page seen (a short string each, a
// few thousand at most), rows only for the pages near the viewport. A jump far ahead walks the
// chain from the nearest known cursor, a page at a time.

/** `after` for each page: null for the first page; absent while unknown. */
export type Cursors = Readonly<Record<number, string | null>>;

/** The highest page at or below `page` whose cursor is known (page 0 always is). */
export function nearestKnownPage(cursors: Cursors, page: number): number {
  for (let p = page; p > 0; p--) if (p in cursors) return p;
  return 0;
}

/** The cursor of a page as `after` for browse.page (undefined for the first page). */
export function afterFor(cursors: Cursors, page: number): string | undefined {
  if (page === 0) return undefined;
  return cursors[page] ?? undefined;
}
