import { describe, expect, it } from 'vitest';
import { missingPages, pageOf, pagesForRange, prunePages, rowAt } from './page-cache';

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
    expect(Object.keys(kept).map(Number).sort((a, b) => a - b)).toEqual([7, 8, 9]);
  });

  it('returns the same object when under the limit', () => {
    const pages = { 0: [1] };
    expect(prunePages(pages, 0, 3)).toBe(pages);
  });
});
