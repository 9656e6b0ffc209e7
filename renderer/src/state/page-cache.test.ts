import { describe, expect, it } from 'vitest';
import { afterFor, missingPages, nearestKnownPage, pageOf, pagesForRange, prunePages, rowAt } from './page-cache';

describe('pagesForRange', () => {
  it('asks for the first page while the total is unknown', () => {
    expect(pagesForRange(0, 30, null)).toEqual([0]);
  });

  it('covers a range that crosses page borders', () => {
    expect(pagesForRange(190, 410, 1490)).toEqual([0, 1, 2]);
  });

  it('clamps to the rows that exist', () => {
    expect(pagesForRange(1480, 1600, 1490)).toEqual([7]);
    expect(pagesForRange(0, 10, 0)).toEqual([]);
  });
});

describe('missingPages', () => {
  it('skips pages that are cached or already being fetched', () => {
    const cached = { 0: ['a'], 2: ['c'] };
    expect(missingPages(0, 799, 1490, cached, new Set([1]))).toEqual([3]);
  });
});

describe('rowAt', () => {
  it('finds a row by its absolute index', () => {
    const pages = { 7: Array.from({ length: 90 }, (_, i) => 1400 + i) };
    expect(rowAt(pages, 1489)).toBe(1489);
    expect(rowAt(pages, 1400)).toBe(1400);
    expect(rowAt(pages, 10)).toBeUndefined();
    expect(pageOf(1489)).toBe(7);
  });
});

describe('prunePages', () => {
  it('keeps the pages nearest the viewport', () => {
    const pages = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [i, [i]]));
    const kept = prunePages(pages, 8, 3);
    expect(
      Object.keys(kept)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual([7, 8, 9]);
  });

  it('returns the same object when under the limit', () => {
    const pages = { 0: [1] };
    expect(prunePages(pages, 0, 3)).toBe(pages);
  });
});

describe('keyset cursors', () => {
  it('finds the nearest page below whose cursor is known', () => {
    const cursors = { 0: null, 1: 'a', 2: 'b' };
    expect(nearestKnownPage(cursors, 7)).toBe(2);
    expect(nearestKnownPage(cursors, 1)).toBe(1);
    expect(nearestKnownPage({}, 3)).toBe(0);
  });

  it('gives no `after` for the first page', () => {
    expect(afterFor({ 1: 'a' }, 0)).toBeUndefined();
    expect(afterFor({ 1: 'a' }, 1)).toBe('a');
  });
});
