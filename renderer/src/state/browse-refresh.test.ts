// Bug 7 of issue 10: Browse showed a decision that Annotate had changed ("negative by Ana") until a
// reload. The core says `coding:changed` after each decision and undo; Browse reads its pages again,
// at once while it shows, else when it shows next, and never while it is hidden.
import { beforeEach, describe, expect, it } from 'vitest';
import type { BrowsePage, BrowseRow } from '../../../common/contract';
import { setPlatform } from '../platform/platform';
import { fakeApi } from '../test-support/fake-api';
import { useBrowse } from './browse-store';
import { wireEvents } from './wire-events';

const Q = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';

const row = (label: string): BrowseRow => ({
  id: 1,
  externalId: '1',
  text: 'a text',
  textLength: 6,
  status: 'decided',
  labels: [label],
  suggestion: null,
  coder: 'Ana',
  decidedAt: '2025-01-01T00:00:00Z',
  flagged: false,
  note: null,
  accepted: null,
  parent: null,
  gold: null,
});

const tick = () => new Promise((r) => setTimeout(r, 0));
const settle = async () => {
  for (let i = 0; i < 20; i++) await tick();
};

beforeEach(() => useBrowse.getState().clear());

describe('bug 7: Browse reads decisions again after Annotate changes them', () => {
  function setUp() {
    let label = 'negative';
    const api = fakeApi({ 'browse.page': (): BrowsePage => ({ rows: [row(label)], next: null, total: 1 }) });
    setPlatform({ api, face: 'browser' });
    const off = wireEvents(api);
    const pageCalls = () => api.calls.filter((c) => c.method === 'browse.page').length;
    return { api, off, pageCalls, relabel: (l: string) => (label = l) };
  }

  it('while Browse shows, a changed decision of its question is fetched again', async () => {
    const { api, off, relabel } = setUp();
    const detach = useBrowse.getState().attach();
    useBrowse.getState().setQuestion(Q);
    useBrowse.getState().ensureRange(0, 10);
    await settle();
    expect(useBrowse.getState().pages[0]?.[0]?.labels).toEqual(['negative']);
    relabel('positive');
    api.emit('coding:changed', { questionId: Q });
    await settle();
    expect(useBrowse.getState().pages[0]?.[0]?.labels).toEqual(['positive']);
    detach();
    off();
  });

  it('while Browse is hidden nothing is fetched; it reads again when it shows, with no stale row on screen', async () => {
    const { api, off, pageCalls, relabel } = setUp();
    const detach = useBrowse.getState().attach();
    useBrowse.getState().setQuestion(Q);
    useBrowse.getState().ensureRange(0, 10);
    await settle();
    detach(); // to Annotate
    const before = pageCalls();
    relabel('positive');
    api.emit('coding:changed', { questionId: Q });
    api.emit('coding:changed', { questionId: Q });
    await settle();
    expect(pageCalls()).toBe(before);
    expect(useBrowse.getState().pages[0]).toBeUndefined(); // the stale row is gone already
    const again = useBrowse.getState().attach(); // back to Browse
    useBrowse.getState().ensureRange(0, 10);
    await settle();
    expect(useBrowse.getState().pages[0]?.[0]?.labels).toEqual(['positive']);
    expect(pageCalls()).toBe(before + 1);
    again();
    off();
  });

  it('a change to another question leaves the pages as they are', async () => {
    const { api, off, pageCalls } = setUp();
    const detach = useBrowse.getState().attach();
    useBrowse.getState().setQuestion(Q);
    useBrowse.getState().ensureRange(0, 10);
    await settle();
    const before = pageCalls();
    api.emit('coding:changed', { questionId: OTHER });
    await settle();
    expect(pageCalls()).toBe(before);
    detach();
    off();
  });
});
