// Validation samples in the renderer (issue 13): the wish as shares, drawing a sample, and an
// Annotate session on a sample: its queue asked for blind, each decision naming the sample and
// carrying no suggestion; the skipped documents as a session of their own.
import { beforeEach, describe, expect, it } from 'vitest';
import type {
  CodebookQuestion,
  CodingProgress,
  CodingSettings,
  MethodInput,
  QueueItem,
  QueuePage,
  SampleInfo,
} from '../../../common/contract';
import { ApiCallError } from '../api/api-client';
import { setPlatform } from '../platform/platform';
import { deferred, fakeApi } from '../test-support/fake-api';
import { useAnnotate } from './annotate-store';
import { defaultWish, useSamples, wishShares } from './samples-store';

const Q = '11111111-1111-4111-8111-111111111111';
const S = '22222222-2222-4222-8222-222222222222';
const A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';

const question: CodebookQuestion = {
  id: Q,
  name: 'Stance',
  multiLabel: false,
  template: 'This text is {}.',
  ordered: false,
  longText: 'truncate',
  archived: false,
  labels: [
    {
      id: A,
      name: 'against',
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
const sample: SampleInfo = {
  id: S,
  questionId: Q,
  purpose: 'validation',
  kind: 'validation',
  seed: 7,
  size: 2,
  createdAt: '2026-01-01T00:00:00Z',
  population: 10,
  sizing: null,
  stratifyBy: null,
  inclusion: null,
  strata: [],
  coded: 0,
  skipped: 0,
};
const progress: CodingProgress = { total: 10, decided: 0, skipped: 0, accepted: 0, changed: 0, byLabel: [] };
const item = (id: number, sampleId: string | null): QueueItem => ({
  key: `k${id}`,
  document: { id, externalId: String(id), text: `text ${id}`, textLength: 6, metadata: {}, gold: null },
  suggestion: null,
  decision: null,
  modelWindowEnd: null,
  context: null,
  sampleId,
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
  useSamples.getState().reset();
});

describe('the wish for a sample', () => {
  it('turns percentages into shares, and refuses what is out of range', () => {
    expect(wishShares(defaultWish)).toEqual({ expected: 0.8, margin: 0.05, confidence: 0.95 });
    expect(wishShares({ ...defaultWish, margin: '' })).toBeNull();
    expect(wishShares({ ...defaultWish, confidence: '40' })).toBeNull();
    expect(wishShares({ ...defaultWish, expected: '100' })).toBeNull();
  });

  it('draws a sample with its sizing and stratum column, listed first', async () => {
    const api = fakeApi({ 'samples.create': () => sample });
    setPlatform({ api, face: 'browser' });
    useSamples.setState({ questionId: Q, samples: [] });
    const drawn = await useSamples.getState().draw({ questionId: Q, seed: 7, size: 2, wish: defaultWish, stratifyBy: 'Target' });
    expect(drawn).toEqual(sample);
    expect(api.calls.find((c) => c.method === 'samples.create')!.input).toEqual({
      questionId: Q,
      seed: 7,
      size: 2,
      sizing: { expected: 0.8, margin: 0.05, confidence: 0.95 },
      stratifyBy: 'Target',
    });
    expect(useSamples.getState().samples).toEqual([sample]);
  });
});

describe('the gold switch', () => {
  it("follows the click at once, and the core's answer confirms it", async () => {
    const answer = deferred<CodingSettings>();
    const api = fakeApi({ 'annotate.setSettings': () => answer.promise });
    setPlatform({ api, face: 'browser' });
    useSamples.setState({ hasGold: true });
    const done = useSamples.getState().setShowGold(true);
    expect(useSamples.getState().showGold).toBe(true);
    answer.resolve({
      showGold: true,
      hasGold: true,
      emptyGoldNoLabel: true,
      mode: 'shared',
      blindCoders: false,
      hideSuggestions: false,
      resolution: { rule: 'latest' },
    });
    await done;
    expect(useSamples.getState()).toMatchObject({ showGold: true, settingsError: null });
    expect(api.calls).toEqual([{ method: 'annotate.setSettings', input: { showGold: true } }]);
  });

  it('goes back when the core refuses, with its sentence', async () => {
    const api = fakeApi({
      'annotate.setSettings': () => {
        throw new ApiCallError({ code: 'NO_PROJECT', message: 'No project is open.' });
      },
    });
    setPlatform({ api, face: 'browser' });
    await useSamples.getState().setShowGold(true);
    expect(useSamples.getState()).toMatchObject({ showGold: false, settingsError: 'No project is open.' });
  });
});

describe('an Annotate session on a validation sample', () => {
  it('asks for the sample blind, for this coder, and each decision names the sample without a suggestion', async () => {
    const api = fakeApi({
      'annotate.queue': (input): QueuePage => ({
        items: input.after ? [] : [item(4, S), item(9, S)],
        remaining: 0,
        progress,
        sample,
        skippedOutsideSamples: 0,
        mine: null,
        coding: { mode: 'shared', blindCoders: false, hideSuggestions: false },
        queueProgress: null,
      }),
      'annotate.decide': (input) => ({
        id: 'd1',
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
      }),
      'annotate.progress': () => progress,
    });
    setPlatform({ api, face: 'browser' });
    await useAnnotate
      .getState()
      .start({ coder: 'Ana', questionId: Q, order: 'in_order', seed: 1, labelId: null, source: 'sample', sampleId: S }, question);
    const first = api.calls.find((c) => c.method === 'annotate.queue')!.input as MethodInput<'annotate.queue'>;
    expect(first).toMatchObject({ questionId: Q, source: 'sample', sampleId: S, coder: 'Ana' });
    expect(useAnnotate.getState().current?.sampleId).toBe(S);
    expect(useAnnotate.getState().sample).toEqual(sample);
    useAnnotate.getState().choose(A);
    await useAnnotate.getState().accept();
    const decided = api.calls.find((c) => c.method === 'annotate.decide')!.input as MethodInput<'annotate.decide'>;
    expect(decided).toMatchObject({ documentId: 4, sampleId: S, suggestion: null, labelIds: [A] });
    expect(useAnnotate.getState().current?.document.id).toBe(9);
  });

  it('switches to the skipped documents with the same coder and question', async () => {
    const api = fakeApi({
      'annotate.queue': (): QueuePage => ({
        items: [],
        remaining: 0,
        progress,
        sample: null,
        skippedOutsideSamples: 3,
        mine: null,
        coding: { mode: 'shared', blindCoders: false, hideSuggestions: false },
        queueProgress: null,
      }),
      'annotate.progress': () => progress,
    });
    setPlatform({ api, face: 'browser' });
    await useAnnotate.getState().start({ coder: 'Ana', questionId: Q, order: 'random', seed: 5, labelId: null }, question);
    expect(useAnnotate.getState().skippedOutsideSamples).toBe(3);
    await useAnnotate.getState().switchSource('skipped');
    const last = api.calls.filter((c) => c.method === 'annotate.queue').at(-1)!.input as MethodInput<'annotate.queue'>;
    expect(last).toMatchObject({ questionId: Q, source: 'skipped' });
    expect(useAnnotate.getState().setup).toMatchObject({ coder: 'Ana', source: 'skipped', sampleId: null });
  });
});
