// A blind validation sample in Annotate (issue 13, second round): the bar and counts are the
// sample's own, read again after each decision; nothing is pre-selected, so Enter with no label
// chosen records nothing and says which keys choose one; the key hints offer no "Enter accepts".
import { beforeEach, describe, expect, it } from 'vitest';
import type { CodebookQuestion, CodingProgress, MethodInput, QueueItem, QueuePage, QueueProgress } from '../../../common/contract';
import { setPlatform } from '../platform/platform';
import { fakeApi } from '../test-support/fake-api';
import { keysHint, numberKeys } from './annotate-keys';
import { useAnnotate } from './annotate-store';

const SHARED = { mode: 'shared', blindCoders: false, hideSuggestions: false } as const;

const Q = '11111111-1111-4111-8111-111111111111';
const S = '22222222-2222-4222-8222-222222222222';
const ids = ['aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'cccccccc-cccc-4ccc-8ccc-cccccccccccc'];
const names = ['against', 'NONE', 'FAVOR'];

const question: CodebookQuestion = {
  id: Q,
  name: 'Position',
  multiLabel: false,
  template: 'This text is {}.',
  ordered: false,
  longText: 'truncate',
  archived: false,
  labels: ids.map((id, i) => ({
    id,
    name: names[i]!,
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
  })),
};
const labels = question.labels.map((l) => ({ id: l.id, name: l.name, hotkey: l.hotkey }));
const project: CodingProgress = { total: 60, decided: 0, skipped: 1, accepted: 0, changed: 0, byLabel: [] };
const item = (id: number): QueueItem => ({
  key: `k${id}`,
  document: { id, externalId: `t${id}`, text: `text ${id}`, textLength: 6, metadata: {}, gold: null },
  suggestion: null,
  decision: null,
  modelWindowEnd: null,
  context: null,
  sampleId: S,
});

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

/** A sample of 8: the core's queue progress follows the decisions the test makes. */
function sampleApi() {
  const decided: number[] = [];
  const queueProgress = (): QueueProgress => ({
    total: 8,
    done: decided.length,
    decided: decided.length,
    skipped: 0,
    byLabel: decided.length ? [{ labelId: ids[0]!, count: decided.length }] : [],
  });
  const api = fakeApi({
    'annotate.queue': (input): QueuePage => ({
      items: input.after ? [] : [4, 9, 12].map(item),
      remaining: 0,
      progress: { ...project, decided: decided.length },
      queueProgress: queueProgress(),
      sample: null,
      skippedOutsideSamples: 0,
      mine: null,
      coding: SHARED,
    }),
    'annotate.decide': (input) => {
      decided.push(input.documentId);
      return {
        id: `d${decided.length}`,
        documentId: input.documentId,
        questionId: Q,
        coder: input.coder,
        kind: input.kind,
        labelIds: input.labelIds ?? [],
        labels: ['against'],
        suggestionLabelIds: null,
        suggestionScore: null,
        accepted: false,
        runId: null,
        codebookRevisionId: null,
        seconds: null,
        note: null,
        flagged: false,
        createdAt: '2026-01-01T00:00:00Z',
        blind: true,
        sampleId: S,
        suggestionShown: false,
        goldShown: false,
        role: 'coding',
      };
    },
    'annotate.progress': () => ({ ...project, decided: decided.length }),
  });
  return api;
}

const start = () =>
  useAnnotate
    .getState()
    .start({ coder: 'Ana', questionId: Q, order: 'in_order', seed: 1, labelId: null, source: 'sample', sampleId: S }, question);

describe('a blind sample in Annotate', () => {
  it('bug (issue 13): the bar showed the project’s 1 of 60; it shows the sample’s, read again after each decision', async () => {
    const api = sampleApi();
    setPlatform({ api, face: 'browser' });
    await start();
    expect(useAnnotate.getState()).toMatchObject({ queueProgress: { total: 8, done: 0 }, progress: { total: 60 } });
    useAnnotate.getState().choose(ids[0]!);
    await useAnnotate.getState().accept();
    await new Promise((r) => setTimeout(r, 0));
    expect(useAnnotate.getState().queueProgress).toEqual({
      total: 8,
      done: 1,
      decided: 1,
      skipped: 0,
      byLabel: [{ labelId: ids[0], count: 1 }],
    });
    // Read from the sample's queue (this coder's), after the last key.
    const last = api.calls.filter((c) => c.method === 'annotate.queue').at(-1)!.input as MethodInput<'annotate.queue'>;
    expect(last).toMatchObject({ source: 'sample', sampleId: S, coder: 'Ana', limit: 1, after: 'k12' });
  });

  it('Enter with no label chosen records nothing and names the keys that choose one (nothing is pre-selected)', async () => {
    const api = sampleApi();
    setPlatform({ api, face: 'browser' });
    await start();
    expect(useAnnotate.getState().selection).toEqual([]);
    await useAnnotate.getState().accept();
    expect(api.calls.some((c) => c.method === 'annotate.decide')).toBe(false);
    expect(useAnnotate.getState().current?.document.id).toBe(4);
    expect(useAnnotate.getState().error).toBe('Choose a label first (1–3 or the label’s key), or press Space to skip.');
  });

  it('the key hints offer no "Enter accepts" when blind, and say which keys choose', () => {
    expect(numberKeys(labels)).toBe('1–3');
    expect(numberKeys(labels.slice(0, 1))).toBe('1');
    expect(keysHint(labels, false, true)).toBe(
      'Nothing is pre-selected: 1–3 or a label’s key chooses, then Enter records it · Space skips · Backspace undoes',
    );
    expect(keysHint(labels, false, true)).not.toContain('accept');
    expect(keysHint(labels, true, true)).not.toContain('accept');
    expect(keysHint(labels, false, false)).toBe('Enter accepts · 1–9 or a label’s key chooses · Space skips · Backspace undoes');
  });
});
