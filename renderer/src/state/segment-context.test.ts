// The neighbours Annotate shows around a unit: the choice of how many (0-5, remembered), which of
// the fetched ones show, and when an item must fetch its context again; and the Annotate store
// asking the core for them and fetching more when the coder wants more than an item holds.
import { beforeEach, describe, expect, it } from 'vitest';
import type { CodebookQuestion, QueueItem, QueuePage, SegmentContext } from '../../../common/contract';
import { setPlatform } from '../platform/platform';
import { fakeApi } from '../test-support/fake-api';
import { useAnnotate } from './annotate-store';
import { clampContextSize, CONTEXT_KEY, needsMoreContext, rememberedContextSize, visibleContext } from './segment-context';

const Q = '11111111-1111-4111-8111-111111111111';
const A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';

/** Unit `index` of a parent with `count` units, with up to `size` neighbours on each side. */
function contextOf(index: number, count: number, size: number): SegmentContext {
  const unit = (i: number) => ({ id: 100 + i, index: i, text: `sentence ${i + 1}.` });
  const before = Array.from({ length: Math.min(size, index) }, (_, k) => unit(index - Math.min(size, index) + k));
  const after = Array.from({ length: Math.min(size, count - 1 - index) }, (_, k) => unit(index + 1 + k));
  return { parentId: 7, parentExternalId: 'speech-1', parentMetadata: { party: 'Greens' }, index, count, start: 0, end: 10, before, after };
}

class MemoryStorage {
  private data = new Map<string, string>();
  getItem = (k: string) => this.data.get(k) ?? null;
  setItem = (k: string, v: string) => void this.data.set(k, v);
  removeItem = (k: string) => void this.data.delete(k);
}

describe('context size', () => {
  it('is a whole number from 0 to 5; anything else is the default 1', () => {
    expect([0, 3, 5, '2', 9, -1, 1.5, 'x', null, ''].map(clampContextSize)).toEqual([0, 3, 5, 2, 5, 0, 1, 1, 1, 1]);
  });

  it('shows the nearest neighbours of those fetched, none for 0', () => {
    const c = contextOf(5, 12, 3);
    expect(visibleContext(c, 0)).toEqual({ before: [], after: [] });
    const one = visibleContext(c, 1);
    expect(one.before.map((u) => u.index)).toEqual([4]);
    expect(one.after.map((u) => u.index)).toEqual([6]);
    expect(visibleContext(c, 3).before.map((u) => u.index)).toEqual([2, 3, 4]);
  });

  it('asks for more only where the document has more than was fetched', () => {
    expect(needsMoreContext(contextOf(5, 12, 1), 1)).toBe(false);
    expect(needsMoreContext(contextOf(5, 12, 1), 2)).toBe(true);
    expect(needsMoreContext(contextOf(5, 12, 3), 2)).toBe(false);
    // The first and the last unit have nothing before or after them.
    expect(needsMoreContext(contextOf(0, 3, 2), 5)).toBe(false);
    expect(needsMoreContext(contextOf(2, 3, 2), 5)).toBe(false);
    expect(needsMoreContext(contextOf(0, 1, 0), 5)).toBe(false);
  });
});

describe('the Annotate store with units of a segmentation', () => {
  const question: CodebookQuestion = {
    id: Q,
    name: 'Topic',
    multiLabel: false,
    template: 'This is about {}.',
    ordered: false,
    longText: 'truncate',
    archived: false,
    labels: [
      {
        id: A,
        name: 'economy',
        hotkey: null,
        code: null,
        description: '',
        includeRules: '',
        excludeRules: '',
        examples: [],
        hypothesis: null,
        color: null,
        parent: null,
        archived: false,
      },
    ],
  };
  const progress = { total: 12, decided: 0, skipped: 0, accepted: 0, changed: 0, byLabel: [] };
  const unitItem = (index: number, size: number): QueueItem => ({
    key: `k${index}`,
    document: {
      id: 100 + index,
      externalId: `speech-1#${index + 1}`,
      text: `sentence ${index + 1}.`,
      textLength: 11,
      metadata: {},
      gold: null,
    },
    suggestion: null,
    decision: null,
    modelWindowEnd: null,
    context: contextOf(index, 12, size),
    sampleId: null,
  });

  beforeEach(() => {
    Object.assign(globalThis, { localStorage: new MemoryStorage(), sessionStorage: new MemoryStorage() });
    useAnnotate.getState().reset();
  });

  it('asks the queue for the chosen number of neighbours, remembers the choice and fetches more for the unit on screen', async () => {
    const api = fakeApi({
      'annotate.queue': ({ documentId, contextSize = 1 }): QueuePage => ({
        items: documentId ? [unitItem(documentId - 100, contextSize)] : [unitItem(4, contextSize), unitItem(5, contextSize)],
        remaining: 0,
        progress,
        sample: null,
        skippedOutsideSamples: 0,
        mine: null,
        coding: { mode: 'shared', blindCoders: false, hideSuggestions: false },
        queueProgress: null,
      }),
    });
    setPlatform({ face: 'browser', api });
    useAnnotate.getState().setContextSize(1);
    await useAnnotate.getState().start({ coder: 'ana', questionId: Q, order: 'in_order', seed: 1, labelId: null }, question);
    const queued = api.calls.filter((c) => c.method === 'annotate.queue');
    expect(queued[0]!.input).toMatchObject({ contextSize: 1 });
    expect(useAnnotate.getState().current?.context?.before).toHaveLength(1);

    useAnnotate.getState().setContextSize(3);
    expect(globalThis.localStorage.getItem(CONTEXT_KEY)).toBe('3');
    expect(rememberedContextSize()).toBe(3);
    await new Promise((r) => setTimeout(r, 0));
    const again = api.calls.filter((c) => c.method === 'annotate.queue').at(-1)!.input;
    expect(again).toMatchObject({ documentId: 104, contextSize: 3, limit: 1 });
    expect(useAnnotate.getState().current?.context?.before.map((u) => u.index)).toEqual([1, 2, 3]);
    // The unit itself and its key stay: only its neighbours changed.
    expect(useAnnotate.getState().current?.key).toBe('k4');

    // Fewer neighbours ask for nothing.
    const before = api.calls.length;
    useAnnotate.getState().setContextSize(0);
    await new Promise((r) => setTimeout(r, 0));
    expect(api.calls.length).toBe(before);
  });
});
