import { beforeEach, describe, expect, it } from 'vitest';
import type { CodebookQuestion, CodingProgress, Decision, DocumentRow, MethodInput, QueueItem, QueuePage } from '../../../common/contract';
import { setPlatform } from '../platform/platform';
import { deferred, fakeApi, type FakeApi } from '../test-support/fake-api';
import {
  actionForKey,
  PREFETCH_BELOW,
  QUEUE_PAGE,
  rememberedCoder,
  rememberedSession,
  useAnnotate,
  type AnnotateSetup,
} from './annotate-store';

const SHARED = { mode: 'shared', blindCoders: false, hideSuggestions: false } as const;

const Q = '11111111-1111-4111-8111-111111111111';
const RUN = '33333333-3333-4333-8333-333333333333';
const A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const C = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';

const label = (id: string, name: string, hotkey: string | null) => ({
  id,
  name,
  hotkey,
  code: null,
  description: '',
  includeRules: '',
  excludeRules: '',
  examples: [],
  hypothesis: null,
  color: null,
  parent: null,
  archived: false,
});

const question = (multiLabel = false): CodebookQuestion => ({
  id: Q,
  name: 'Sentiment',
  multiLabel,
  template: 'This text is {}.',
  ordered: false,
  longText: 'truncate',
  archived: false,
  labels: [label(A, 'negative', 'a'), label(B, 'neutral', 'e'), label(C, 'positive', 'f')],
});

const doc = (id: number): DocumentRow => ({ id, externalId: String(id), text: `text ${id}`, textLength: 6, metadata: {}, gold: null });

const item = (id: number): QueueItem => ({
  key: `k${id}`,
  document: doc(id),
  suggestion: {
    labelIds: [B],
    scores: [
      { labelId: A, score: 0.1 },
      { labelId: B, score: 0.7 },
      { labelId: C, score: 0.2 },
    ],
    score: 0.7,
    runId: RUN,
  },
  decision: null,
  modelWindowEnd: null,
  context: null,
  sampleId: null,
});

const progress: CodingProgress = { total: 100, decided: 0, skipped: 0, accepted: 0, changed: 0, byLabel: [] };

const decisionFor = (input: MethodInput<'annotate.decide'>, n: number): Decision => ({
  id: `d${n}`,
  documentId: input.documentId,
  questionId: input.questionId,
  coder: input.coder,
  kind: input.kind,
  labelIds: input.labelIds ?? [],
  labels: [],
  suggestionLabelIds: input.suggestion?.labelIds ?? null,
  suggestionScore: input.suggestion?.score ?? null,
  accepted: false,
  runId: input.suggestion?.runId ?? null,
  codebookRevisionId: null,
  seconds: input.seconds ?? null,
  note: input.note ?? null,
  flagged: input.flagged ?? false,
  createdAt: '2025-01-01T00:00:00Z',
  blind: input.sampleId !== undefined,
  sampleId: input.sampleId ?? null,
  suggestionShown: input.suggestion != null,
  goldShown: false,
  role: 'coding',
});

/** A queue of documents 1..total in order; the key of item n is `k<n>`. With `documentId` the
 * core answers that one document (any id), as a decided one when `decided` has it. */
function queueApi(total = 100, extra: Parameters<typeof fakeApi>[0] = {}, decided = new Map<number, Decision>()): FakeApi {
  let n = 0;
  return fakeApi({
    'annotate.queue': ({ after, limit = 10, documentId }): QueuePage => {
      if (documentId !== undefined)
        return {
          items: [{ ...item(documentId), key: `single${documentId}`, decision: decided.get(documentId) ?? null }],
          remaining: 0,
          progress,
          sample: null,
          skippedOutsideSamples: 0,
          mine: null,
          coding: SHARED,
          queueProgress: null,
        };
      const start = after ? Number(after.slice(1)) + 1 : 1;
      const items = Array.from({ length: Math.max(0, Math.min(limit, total - start + 1)) }, (_, i) => item(start + i));
      return {
        items,
        remaining: total - start + 1 - items.length,
        progress,
        sample: null,
        skippedOutsideSamples: 0,
        mine: null,
        coding: SHARED,
        queueProgress: null,
      };
    },
    'annotate.decide': (input) => decisionFor(input, ++n),
    'annotate.progress': () => progress,
    ...extra,
  });
}

const setup: AnnotateSetup = { coder: 'ana', questionId: Q, order: 'in_order', seed: 1, labelId: null };
const tick = () => new Promise((r) => setTimeout(r, 0));

class MemoryStorage {
  private data = new Map<string, string>();
  getItem = (k: string) => this.data.get(k) ?? null;
  setItem = (k: string, v: string) => void this.data.set(k, v);
  removeItem = (k: string) => void this.data.delete(k);
}

beforeEach(() => {
  Object.assign(globalThis, { localStorage: new MemoryStorage(), sessionStorage: new MemoryStorage() });
  useAnnotate.getState().reset();
});

const calls = (api: FakeApi, method: string) => api.calls.filter((c) => c.method === method);

describe('actionForKey', () => {
  const labels = question().labels;

  it('maps the keys of the issue to their actions', () => {
    expect(actionForKey({ key: 'Enter' }, labels)).toEqual({ kind: 'accept' });
    expect(actionForKey({ key: ' ' }, labels)).toEqual({ kind: 'skip' });
    expect(actionForKey({ key: 'Backspace' }, labels)).toEqual({ kind: 'undo' });
    expect(actionForKey({ key: 'z', ctrlKey: true }, labels)).toEqual({ kind: 'undo' });
    expect(actionForKey({ key: 'z', metaKey: true }, labels)).toEqual({ kind: 'undo' });
    expect(actionForKey({ key: 'n' }, labels)).toEqual({ kind: 'note' });
    expect(actionForKey({ key: '?' }, labels)).toEqual({ kind: 'help' });
  });

  it('chooses a label by its place and by its own hotkey, and the hotkey wins over f', () => {
    expect(actionForKey({ key: '3' }, labels)).toEqual({ kind: 'choose', labelId: C });
    expect(actionForKey({ key: '4' }, labels)).toBeNull();
    expect(actionForKey({ key: 'E' }, labels)).toEqual({ kind: 'choose', labelId: B });
    expect(actionForKey({ key: 'f' }, labels)).toEqual({ kind: 'choose', labelId: C });
    expect(actionForKey({ key: 'f' }, labels.slice(0, 2))).toEqual({ kind: 'flag' });
  });

  it('0 records "none of these labels" in a multi-label question only; a label\'s hotkey 0 wins', () => {
    expect(actionForKey({ key: '0' }, labels, true)).toEqual({ kind: 'none' });
    expect(actionForKey({ key: '0' }, labels, false)).toBeNull();
    expect(actionForKey({ key: '0' }, [{ id: A, name: 'zero', hotkey: '0' }], true)).toEqual({ kind: 'choose', labelId: A });
  });

  it('leaves other combinations to the browser', () => {
    expect(actionForKey({ key: 'Enter', ctrlKey: true }, [])).toBeNull();
    expect(actionForKey({ key: 'r', ctrlKey: true }, [])).toBeNull();
    expect(actionForKey({ key: 'x' }, [])).toBeNull();
  });
});

describe('annotate store', () => {
  it('starts with the suggestion pre-selected and remembers the coder and the session', async () => {
    const api = queueApi();
    setPlatform({ api, face: 'browser' });
    await useAnnotate.getState().start({ ...setup, coder: '  ana ' }, question());
    const s = useAnnotate.getState();
    expect(s.current?.document.id).toBe(1);
    expect(s.selection).toEqual([B]);
    expect(s.ahead).toHaveLength(QUEUE_PAGE - 1);
    expect(calls(api, 'annotate.queue')[0]?.input).toEqual({
      questionId: Q,
      coder: 'ana',
      order: 'in_order',
      seed: 1,
      scope: 'open',
      limit: QUEUE_PAGE,
      contextSize: 1,
    });
    expect(rememberedCoder()).toBe('ana');
    expect(rememberedSession()).toEqual({ ...setup, coder: 'ana' });
  });

  it('commits the decision with its provenance before the next document shows, which was prefetched', async () => {
    const slow = deferred<Decision>();
    const api = queueApi(100, { 'annotate.decide': () => slow.promise });
    setPlatform({ api, face: 'browser' });
    await useAnnotate.getState().start(setup, question());
    useAnnotate.getState().choose(C);
    const accepted = useAnnotate.getState().accept();
    await tick();
    // Not committed yet: the document stays.
    expect(useAnnotate.getState().current?.document.id).toBe(1);
    const input = calls(api, 'annotate.decide')[0]?.input as MethodInput<'annotate.decide'>;
    expect(input).toMatchObject({
      questionId: Q,
      documentId: 1,
      coder: 'ana',
      kind: 'label',
      labelIds: [C],
      suggestion: { labelIds: [B], score: 0.7, runId: RUN },
      note: null,
      flagged: false,
    });
    expect(input.seconds).toBeGreaterThanOrEqual(0);
    const queueCalls = calls(api, 'annotate.queue').length;
    slow.resolve(decisionFor(input, 1));
    await accepted;
    expect(useAnnotate.getState().current?.document.id).toBe(2);
    expect(useAnnotate.getState().selection).toEqual([B]);
    expect(calls(api, 'annotate.queue')).toHaveLength(queueCalls); // the next one was already in memory
  });

  it('asks for more of the queue after the last key once few are left', async () => {
    const api = queueApi();
    setPlatform({ api, face: 'browser' });
    await useAnnotate.getState().start(setup, question());
    for (let i = 0; i < QUEUE_PAGE - PREFETCH_BELOW; i++) await useAnnotate.getState().accept();
    await tick();
    expect(calls(api, 'annotate.queue').map((c) => (c.input as MethodInput<'annotate.queue'>).after)).toEqual([
      undefined,
      `k${QUEUE_PAGE}`,
    ]);
    expect(useAnnotate.getState().ahead.length).toBeGreaterThan(PREFETCH_BELOW);
  });

  it('toggles several labels in a multi-label question and sends them in codebook order', async () => {
    const api = queueApi();
    setPlatform({ api, face: 'browser' });
    await useAnnotate.getState().start(setup, question(true));
    useAnnotate.getState().choose(C);
    useAnnotate.getState().choose(A);
    useAnnotate.getState().choose(B); // the suggestion, pre-selected: off again
    await useAnnotate.getState().accept();
    expect((calls(api, 'annotate.decide')[0]?.input as MethodInput<'annotate.decide'>).labelIds).toEqual([A, C]);
  });

  it('records "none of these labels" in a multi-label question as a label decision with no labels, with the suggestion shown', async () => {
    const api = queueApi();
    setPlatform({ api, face: 'browser' });
    await useAnnotate.getState().start(setup, question(true));
    await useAnnotate.getState().none();
    expect(calls(api, 'annotate.decide')[0]?.input).toMatchObject({
      documentId: 1,
      kind: 'label',
      labelIds: [],
      suggestion: { labelIds: [B] },
    });
    expect(useAnnotate.getState().current?.document.id).toBe(2);
  });

  it('records no "none" decision in a single-label question', async () => {
    const api = queueApi();
    setPlatform({ api, face: 'browser' });
    await useAnnotate.getState().start(setup, question());
    await useAnnotate.getState().none();
    expect(calls(api, 'annotate.decide')).toHaveLength(0);
  });

  it('refuses to accept with no label chosen, and skips with Space', async () => {
    const api = queueApi(100, {
      'annotate.queue': () => ({
        items: [{ ...item(1), suggestion: null }, item(2)],
        remaining: 0,
        progress,
        sample: null,
        skippedOutsideSamples: 0,
        mine: null,
        coding: SHARED,
        queueProgress: null,
      }),
    });
    setPlatform({ api, face: 'browser' });
    await useAnnotate.getState().start(setup, question());
    await useAnnotate.getState().accept();
    expect(useAnnotate.getState().error).toMatch(/Choose a label first/);
    expect(calls(api, 'annotate.decide')).toHaveLength(0);
    await useAnnotate.getState().skip();
    expect(calls(api, 'annotate.decide')[0]?.input).toMatchObject({ documentId: 1, kind: 'skip', labelIds: [], suggestion: null });
    expect(useAnnotate.getState().current?.document.id).toBe(2);
  });

  it('stores the flag and the note with the decision', async () => {
    const api = queueApi();
    setPlatform({ api, face: 'browser' });
    await useAnnotate.getState().start(setup, question());
    useAnnotate.getState().toggleFlag();
    useAnnotate.getState().setNote('ironic?');
    await useAnnotate.getState().accept();
    expect(calls(api, 'annotate.decide')[0]?.input).toMatchObject({ flagged: true, note: 'ironic?' });
    expect(useAnnotate.getState()).toMatchObject({ flagged: false, note: '' });
  });

  it('undoes back to the undone document with its labels, and the document shown returns to the queue', async () => {
    let undone: Decision | null = null;
    const api = queueApi(100, {
      'annotate.decide': (input) => (undone = decisionFor(input, 1)),
      'annotate.undo': () => ({ undone, current: null }),
    });
    setPlatform({ api, face: 'browser' });
    await useAnnotate.getState().start(setup, question());
    useAnnotate.getState().choose(A);
    await useAnnotate.getState().accept();
    expect(useAnnotate.getState().current?.document.id).toBe(2);
    await useAnnotate.getState().undo();
    const s = useAnnotate.getState();
    expect(s.current?.document.id).toBe(1);
    expect(s.current?.decision).toBeNull();
    expect(s.selection).toEqual([A]);
    expect(s.ahead[0]?.document.id).toBe(2);
    expect(calls(api, 'annotate.undo')[0]?.input).toEqual({ questionId: Q, coder: 'ana' });
  });

  it('after a reload, undo reads the document as a queue item of its own: its scores show and the new decision records the suggestion', async () => {
    const earlier = decisionFor({ questionId: Q, documentId: 77, coder: 'ana', kind: 'label', labelIds: [C] }, 9);
    const api = queueApi(100, { 'annotate.undo': () => ({ undone: earlier, current: null }) }, new Map([[77, earlier]]));
    setPlatform({ api, face: 'browser' });
    await useAnnotate.getState().start(setup, question());
    await useAnnotate.getState().undo();
    expect(calls(api, 'annotate.queue').at(-1)?.input).toEqual({ questionId: Q, documentId: 77, limit: 1, contextSize: 1, coder: 'ana' });
    expect(calls(api, 'documents.get')).toHaveLength(0);
    const s = useAnnotate.getState();
    expect(s.current?.document.id).toBe(77);
    expect(s.current?.suggestion?.scores).toHaveLength(3);
    // The undone decision's labels are chosen again, and the document counts as open once more.
    expect(s).toMatchObject({ selection: [C] });
    expect(s.current?.decision).toBeNull();
    await useAnnotate.getState().accept();
    expect(calls(api, 'annotate.decide')[0]?.input).toMatchObject({
      documentId: 77,
      suggestion: { labelIds: [B], score: 0.7, runId: RUN },
      labelIds: [C],
    });
    expect(useAnnotate.getState().current?.document.id).toBe(1);
    // The single item's key is no position in the walk: the next page still follows the queue.
    expect(calls(api, 'annotate.queue').every((c) => !(c.input as MethodInput<'annotate.queue'>).after?.startsWith('single'))).toBe(true);
  });

  it('says so when nothing is left to undo', async () => {
    const api = queueApi(100, { 'annotate.undo': () => ({ undone: null, current: null }) });
    setPlatform({ api, face: 'browser' });
    await useAnnotate.getState().start(setup, question());
    await useAnnotate.getState().undo();
    expect(useAnnotate.getState().notice).toBe('Nothing left to undo.');
    expect(useAnnotate.getState().current?.document.id).toBe(1);
  });

  it('shows a document chosen in Browse first once the coder starts', async () => {
    const api = queueApi();
    setPlatform({ api, face: 'browser' });
    await useAnnotate.getState().openDocument(5);
    expect(useAnnotate.getState().pendingDocument).toBe(5);
    await useAnnotate.getState().start(setup, question());
    // Document 5 is in the prefetched queue: it shows with its suggestion, taken out of the queue.
    expect(useAnnotate.getState()).toMatchObject({ selection: [B], pendingDocument: null });
    expect(useAnnotate.getState().current?.document.id).toBe(5);
    expect(useAnnotate.getState().ahead.map((i) => i.document.id)).not.toContain(5);
    expect(calls(api, 'annotate.queue')).toHaveLength(1);
  });

  it('opens a Browse document beyond the loaded queue with its scores and decision, and codes it with the suggestion shown', async () => {
    const before = decisionFor(
      { questionId: Q, documentId: 500, coder: 'bo', kind: 'label', labelIds: [A], suggestion: { labelIds: [B], score: 0.7, runId: RUN } },
      5,
    );
    const api = queueApi(100, {}, new Map([[500, before]]));
    setPlatform({ api, face: 'browser' });
    await useAnnotate.getState().start(setup, question());
    await useAnnotate.getState().openDocument(500);
    expect(calls(api, 'annotate.queue').at(-1)?.input).toEqual({ questionId: Q, documentId: 500, limit: 1, contextSize: 1, coder: 'ana' });
    expect(calls(api, 'documents.get')).toHaveLength(0);
    const s = useAnnotate.getState();
    expect(s.current?.document.id).toBe(500);
    expect(s.current?.suggestion?.score).toBe(0.7);
    // Its current decision is pre-selected, and the document that was on screen is next.
    expect(s.current?.decision?.id).toBe('d5');
    expect(s.selection).toEqual([A]);
    expect(s.ahead[0]?.document.id).toBe(1);
    useAnnotate.getState().choose(C);
    await useAnnotate.getState().accept();
    expect(calls(api, 'annotate.decide')[0]?.input).toMatchObject({
      documentId: 500,
      labelIds: [C],
      suggestion: { labelIds: [B], score: 0.7, runId: RUN },
    });
    expect(useAnnotate.getState().current?.document.id).toBe(1);
  });

  it('says why when a Browse document cannot be read, and keeps the document on screen', async () => {
    const inner = queueApi(100);
    const api = queueApi(100, {
      'annotate.queue': (input) => {
        if (input.documentId === 999) throw new Error('Document 999 is not in this project.');
        return inner.call('annotate.queue', input);
      },
    });
    setPlatform({ api, face: 'browser' });
    await useAnnotate.getState().start(setup, question());
    await useAnnotate.getState().openDocument(999);
    expect(useAnnotate.getState().error).toMatch(/Document 999 is not in this project/);
    expect(useAnnotate.getState().current?.document.id).toBe(1);
  });

  it('reaches the end of the queue', async () => {
    const api = queueApi(2);
    setPlatform({ api, face: 'browser' });
    await useAnnotate.getState().start(setup, question());
    await useAnnotate.getState().accept();
    await useAnnotate.getState().accept();
    expect(useAnnotate.getState()).toMatchObject({ current: null, exhausted: true });
  });
});
