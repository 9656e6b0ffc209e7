import { beforeEach, describe, expect, it } from 'vitest';
import type { DocumentPage, DocumentRow } from '../../../common/contract';
import { setPlatform } from '../platform/platform';
import { deferred, fakeApi } from '../test-support/fake-api';
import { useDocuments } from './documents-store';
import { PAGE_SIZE } from './page-cache';

const rows = (offset: number, n: number, tag = ''): DocumentRow[] =>
  Array.from({ length: n }, (_, i) => {
    const text = `doc ${offset + i}${tag}`;
    return { id: offset + i + 1, externalId: String(offset + i + 1), text, textLength: text.length, metadata: {}, gold: null };
  });

beforeEach(() => useDocuments.getState().clear());

describe('documents store', () => {
  it('fetches the first page to learn the total, then only the pages that come into view', async () => {
    const api = fakeApi({
      'documents.list': ({ offset = 0, limit = 100 }) => ({ total: 1490, offset, rows: rows(offset, Math.min(limit, 1490 - offset)) }),
    });
    setPlatform({ api, face: 'browser' });
    useDocuments.getState().ensureRange(0, 10);
    await new Promise((r) => setTimeout(r, 0));
    expect(useDocuments.getState().total).toBe(1490);
    useDocuments.getState().ensureRange(1470, 1489);
    useDocuments.getState().ensureRange(1470, 1489); // asked twice while in flight: fetched once
    await new Promise((r) => setTimeout(r, 0));
    expect(api.calls.map((c) => c.input)).toEqual([
      { offset: 0, limit: PAGE_SIZE },
      { offset: 1400, limit: PAGE_SIZE },
    ]);
    expect(useDocuments.getState().pages[7]).toHaveLength(90);
  });

  it('drops replies that were asked for before the documents changed', async () => {
    const first = deferred<DocumentPage>();
    let call = 0;
    const api = fakeApi({
      'documents.list': ({ offset = 0 }) => (call++ === 0 ? first.promise : { total: 5, offset, rows: rows(offset, 5, ' new') }),
    });
    setPlatform({ api, face: 'browser' });
    useDocuments.getState().ensureRange(0, 4);
    useDocuments.getState().invalidate();
    await new Promise((r) => setTimeout(r, 0));
    first.resolve({ total: 3, offset: 0, rows: rows(0, 3, ' old') });
    await new Promise((r) => setTimeout(r, 0));
    expect(useDocuments.getState().total).toBe(5);
    expect(useDocuments.getState().pages[0]?.[0]?.text).toBe('doc 0 new');
  });

  it('keeps the selection inside the table', async () => {
    setPlatform({ api: fakeApi({ 'documents.list': ({ offset = 0 }) => ({ total: 3, offset, rows: rows(0, 3) }) }), face: 'browser' });
    useDocuments.getState().ensureRange(0, 2);
    await new Promise((r) => setTimeout(r, 0));
    useDocuments.getState().select(99);
    expect(useDocuments.getState().selected).toBe(2);
    useDocuments.getState().select(-4);
    expect(useDocuments.getState().selected).toBe(0);
  });

  it('opens the detail on a row, which then follows the selection, and closes it with the project', async () => {
    setPlatform({ api: fakeApi({ 'documents.list': ({ offset = 0 }) => ({ total: 3, offset, rows: rows(0, 3) }) }), face: 'browser' });
    useDocuments.getState().openDetail(1);
    expect(useDocuments.getState().detailOpen).toBe(false); // nothing to show yet
    useDocuments.getState().ensureRange(0, 2);
    await new Promise((r) => setTimeout(r, 0));
    useDocuments.getState().openDetail(1);
    expect(useDocuments.getState()).toMatchObject({ detailOpen: true, selected: 1 });
    useDocuments.getState().closeDetail();
    expect(useDocuments.getState().detailOpen).toBe(false);
    useDocuments.getState().openDetail(2);
    useDocuments.getState().clear();
    expect(useDocuments.getState().detailOpen).toBe(false);
  });

  it('refreshes the pages in view in place and forgets the others', async () => {
    let tag = ' v1';
    const api = fakeApi({ 'documents.list': ({ offset = 0, limit = 100 }) => ({ total: 1000, offset, rows: rows(offset, Math.min(limit, 1000 - offset), tag) }) });
    setPlatform({ api, face: 'browser' });
    useDocuments.getState().ensureRange(0, 10);
    await new Promise((r) => setTimeout(r, 0));
    useDocuments.getState().ensureRange(600, 610);
    await new Promise((r) => setTimeout(r, 0));
    expect(Object.keys(useDocuments.getState().pages)).toEqual(['0', '3']);
    tag = ' v2';
    useDocuments.getState().refresh();
    // The rows in view stay on screen while the new ones load.
    expect(useDocuments.getState().pages[3]?.[0]?.text).toBe('doc 600 v1');
    expect(Object.keys(useDocuments.getState().pages)).toEqual(['3']);
    await new Promise((r) => setTimeout(r, 0));
    expect(useDocuments.getState().pages[3]?.[0]?.text).toBe('doc 600 v2');
    expect(useDocuments.getState().visibleIds()).toEqual(Array.from({ length: 11 }, (_, i) => 601 + i));
  });

  it('loads the whole selected document and drops a reply for one no longer selected', async () => {
    const slow = deferred<DocumentRow>();
    const api = fakeApi({
      'documents.list': ({ offset = 0 }) => ({ total: 3, offset, rows: rows(0, 3) }),
      'documents.get': ({ id }) => (id === 1 ? slow.promise : { ...rows(id - 1, 1)[0]!, text: `whole ${id}`, gold: 'World' }),
    });
    setPlatform({ api, face: 'browser' });
    useDocuments.getState().ensureRange(0, 2);
    await new Promise((r) => setTimeout(r, 0));
    useDocuments.getState().openDetail(0);
    const first = useDocuments.getState().loadDetail(1);
    useDocuments.getState().select(1);
    await useDocuments.getState().loadDetail(2);
    slow.resolve({ ...rows(0, 1)[0]!, text: 'whole 1' });
    await first;
    expect(useDocuments.getState().detail).toMatchObject({ id: 2, text: 'whole 2', gold: 'World' });
  });
});
