import { beforeEach, describe, expect, it } from 'vitest';
import type { BrowsePage, BrowseRow, DocumentRow, MethodInput } from '../../../common/contract';
import { setPlatform } from '../platform/platform';
import { deferred, fakeApi } from '../test-support/fake-api';
import { browseQuery, noFilters, useBrowse } from './browse-store';
import { PAGE_SIZE } from './page-cache';

const Q = '11111111-1111-4111-8111-111111111111';
const L = '22222222-2222-4222-8222-222222222222';

const row = (i: number, tag = ''): BrowseRow => {
  const text = `doc ${i}${tag}`;
  return {
    id: i + 1,
    externalId: String(i + 1),
    text,
    textLength: text.length,
    status: 'open',
    labels: [],
    suggestion: null,
    coder: null,
    decidedAt: null,
    flagged: false,
    note: null,
    accepted: null,
    parent: null,
    gold: null,
  };
};

/** A keyset over `total` rows: the cursor is the index of the last row handed out. */
const keyset =
  (total: number, tag = () => '') =>
  ({ after, limit = 100 }: MethodInput<'browse.page'>): BrowsePage => {
    const start = after === undefined ? 0 : Number(after) + 1;
    const end = Math.min(total, start + limit);
    const rows = Array.from({ length: end - start }, (_, i) => row(start + i, tag()));
    return { rows, next: end < total ? String(end - 1) : null, total: after === undefined ? total : null };
  };

const tick = () => new Promise((r) => setTimeout(r, 0));
const settle = async () => {
  for (let i = 0; i < 20; i++) await tick();
};

beforeEach(() => useBrowse.getState().clear());

describe('documents store (Browse)', () => {
  it('learns the total from the first page, then walks the keyset chain to reach a page far below', async () => {
    const api = fakeApi({ 'browse.page': keyset(1490) });
    setPlatform({ api, face: 'browser' });
    useBrowse.getState().ensureRange(0, 10);
    await settle();
    expect(useBrowse.getState().total).toBe(1490);
    useBrowse.getState().ensureRange(1470, 1489);
    useBrowse.getState().ensureRange(1470, 1489); // asked twice while it walks: each page fetched once
    await settle();
    const afters = api.calls.map((c) => (c.input as MethodInput<'browse.page'>).after);
    expect(afters).toEqual([undefined, ...[1, 2, 3, 4, 5, 6, 7].map((p) => String(p * PAGE_SIZE - 1))]);
    expect(useBrowse.getState().pages[7]).toHaveLength(90);
    expect(useBrowse.getState().pages[7]?.[89]?.id).toBe(1490);
  });

  it('drops replies that were asked for before the documents changed', async () => {
    const first = deferred<BrowsePage>();
    let call = 0;
    const fresh = keyset(5, () => ' new');
    const api = fakeApi({ 'browse.page': (input) => (call++ === 0 ? first.promise : fresh(input)) });
    setPlatform({ api, face: 'browser' });
    useBrowse.getState().ensureRange(0, 4);
    useBrowse.getState().invalidate();
    await settle();
    first.resolve(keyset(3, () => ' old')({}));
    await settle();
    expect(useBrowse.getState().total).toBe(5);
    expect(useBrowse.getState().pages[0]?.[0]?.text).toBe('doc 0 new');
  });

  it('sends the filters and the sort with the question, and starts again from the top', async () => {
    const api = fakeApi({ 'browse.page': keyset(1000) });
    setPlatform({ api, face: 'browser' });
    useBrowse.getState().setQuestion(Q);
    useBrowse.getState().ensureRange(400, 420);
    await settle();
    useBrowse.getState().select(410);
    useBrowse.getState().setFilters({ status: 'decided', labelId: L, minConfidence: 0.5, flagged: true, search: ' tax ' });
    useBrowse.getState().setSort('confidence');
    await settle();
    expect(useBrowse.getState()).toMatchObject({ selected: 0, sort: 'confidence', direction: 'asc' });
    expect(api.calls.at(-1)?.input).toEqual({
      questionId: Q,
      status: 'decided',
      labelId: L,
      minConfidence: 0.5,
      flagged: true,
      search: 'tax',
      sort: 'confidence',
      direction: 'asc',
      limit: PAGE_SIZE,
    });
    useBrowse.getState().setSort('confidence');
    expect(useBrowse.getState().direction).toBe('desc');
    // Another question: its filters and sorts go, the search stays.
    useBrowse.getState().setQuestion(null);
    await settle();
    expect(api.calls.at(-1)?.input).toEqual({ search: 'tax', sort: 'document', direction: 'asc', limit: PAGE_SIZE });
  });

  it('keeps the selection inside the table', async () => {
    setPlatform({ api: fakeApi({ 'browse.page': keyset(3) }), face: 'browser' });
    useBrowse.getState().ensureRange(0, 2);
    await settle();
    useBrowse.getState().select(99);
    expect(useBrowse.getState().selected).toBe(2);
    useBrowse.getState().select(-4);
    expect(useBrowse.getState().selected).toBe(0);
  });

  it('refreshes the pages in view in place with their cursors and forgets the others', async () => {
    let tag = ' v1';
    const api = fakeApi({ 'browse.page': keyset(1000, () => tag) });
    setPlatform({ api, face: 'browser' });
    useBrowse.getState().ensureRange(0, 10);
    await settle();
    useBrowse.getState().ensureRange(600, 610);
    await settle();
    expect(Object.keys(useBrowse.getState().pages)).toEqual(['0', '1', '2', '3']);
    tag = ' v2';
    const before = api.calls.length;
    useBrowse.getState().refresh();
    // The rows in view stay on screen while the new ones load.
    expect(useBrowse.getState().pages[3]?.[0]?.text).toBe('doc 600 v1');
    expect(Object.keys(useBrowse.getState().pages)).toEqual(['3']);
    await settle();
    expect(api.calls.slice(before).map((c) => (c.input as MethodInput<'browse.page'>).after)).toEqual([String(3 * PAGE_SIZE - 1)]);
    expect(useBrowse.getState().pages[3]?.[0]?.text).toBe('doc 600 v2');
    expect(useBrowse.getState().visibleIds()).toEqual(Array.from({ length: 11 }, (_, i) => 601 + i));
  });

  it('ends the table where the rows ran out, though the total said more', async () => {
    let total = 500;
    const api = fakeApi({ 'browse.page': (input) => keyset(total)(input) });
    setPlatform({ api, face: 'browser' });
    useBrowse.getState().ensureRange(0, 10);
    await settle();
    total = 300; // documents went away meanwhile
    useBrowse.getState().ensureRange(450, 470);
    await settle();
    expect(useBrowse.getState().total).toBe(300);
  });

  it('loads the whole selected document and drops a reply for one no longer selected', async () => {
    const slow = deferred<DocumentRow>();
    const doc = (id: number, text: string): DocumentRow => ({
      id,
      externalId: String(id),
      text,
      textLength: text.length,
      metadata: {},
      gold: 'World',
    });
    const api = fakeApi({
      'browse.page': keyset(3),
      'documents.get': ({ id }) => (id === 1 ? slow.promise : doc(id, `whole ${id}`)),
    });
    setPlatform({ api, face: 'browser' });
    useBrowse.getState().ensureRange(0, 2);
    await settle();
    useBrowse.getState().openDetail(0);
    const first = useBrowse.getState().loadDetail(1);
    useBrowse.getState().select(1);
    await useBrowse.getState().loadDetail(2);
    slow.resolve(doc(1, 'whole 1'));
    await first;
    expect(useBrowse.getState().detail).toMatchObject({ id: 2, text: 'whole 2', gold: 'World' });
  });
});

describe('browseQuery', () => {
  it('leaves out the filters about decisions when no question is chosen', () => {
    expect(browseQuery(null, { ...noFilters, status: 'decided', coder: 'ana' }, 'document', 'asc', 'c1')).toEqual({
      sort: 'document',
      direction: 'asc',
      limit: PAGE_SIZE,
      after: 'c1',
    });
  });
});

describe('Browse grouped by parent document', () => {
  it('asks for the units grouped, sorted by document, and another sort ends the grouping', async () => {
    const api = fakeApi({ 'browse.page': keyset(10) });
    setPlatform({ api, face: 'browser' });
    useBrowse.getState().setSort('document');
    useBrowse.getState().setGroupByParent(true);
    await settle();
    const s = useBrowse.getState();
    expect([s.groupByParent, s.sort, s.direction]).toEqual([true, 'document', 'asc']);
    expect(api.calls.at(-1)!.input).toMatchObject({ groupByParent: true, sort: 'document', direction: 'asc' });
    useBrowse.getState().setSort('coder');
    await settle();
    expect(useBrowse.getState().groupByParent).toBe(false);
    expect(api.calls.at(-1)!.input).not.toHaveProperty('groupByParent');
  });

  it('never sends the grouping with another sort', () => {
    expect(browseQuery(null, noFilters, 'document', 'asc', undefined, true)).toMatchObject({ groupByParent: true });
    expect(browseQuery(null, noFilters, 'coder', 'asc', undefined, true)).not.toHaveProperty('groupByParent');
    expect(browseQuery(null, noFilters, 'document', 'asc', undefined)).not.toHaveProperty('groupByParent');
  });
});
