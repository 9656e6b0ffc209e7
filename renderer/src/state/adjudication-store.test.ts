// The Adjudicate screen's state against a fake core: the list read in pages (status all), the first
// open disagreement shown; a multi-label question's labels toggled and "none of these" recorded as
// the empty set with role 'adjudication' under the adjudicator's name (trimmed), then on to the next
// open one; nothing recorded before a choice or without a name; undo by the adjudicator's name goes
// back to the document it reopened.
import { beforeEach, describe, expect, it } from 'vitest';
import type { AdjudicationPage, AdjudicationUnit, Decision, SampleInfo } from '../../../common/contract';
import { setPlatform } from '../platform/platform';
import { fakeApi } from '../test-support/fake-api';
import { useAdjudication } from './adjudication-store';

const Q = '11111111-1111-4111-8111-111111111111';
const unit = (documentId: number, settled: boolean): AdjudicationUnit =>
  ({
    key: `k${documentId}`,
    documentId,
    externalId: `d${documentId}`,
    coders: [],
    adjudication: settled ? { coder: 'x' } : null,
  }) as unknown as AdjudicationUnit;
const page = (units: AdjudicationUnit[], next: string | null): AdjudicationPage => ({
  units,
  next,
  counts: { open: units.filter((u) => !u.adjudication).length, settled: 0, total: units.length },
  suggestionsHidden: false,
  goldShown: false,
});

beforeEach(() => useAdjudication.getState().reset());

describe('the Adjudicate screen state', () => {
  it('reads every page, records a multi-label choice as an adjudication and moves to the next open one', async () => {
    let settled = new Set<number>([1]);
    const api = fakeApi({
      'adjudication.list': (input: { after?: string; documentId?: number }) =>
        input.documentId !== undefined
          ? page([unit(input.documentId, settled.has(input.documentId))], null)
          : input.after
            ? page([unit(3, settled.has(3))], null)
            : page([unit(1, settled.has(1)), unit(2, settled.has(2))], 'k2'),
      'annotate.decide': (input: { documentId: number }) => {
        settled = new Set([...settled, input.documentId]);
        return {} as Decision;
      },
      'annotate.undo': () => {
        settled = new Set([1]);
        return { undone: { documentId: 2 } as Decision, current: null };
      },
    });
    setPlatform({ face: 'browser', api });
    const s = useAdjudication.getState();
    s.choose({ questionId: Q, multiLabel: true, adjudicator: '  Dana ' });
    await s.load();
    expect(useAdjudication.getState().units.map((u) => u.documentId)).toEqual([1, 2, 3]);
    expect(useAdjudication.getState().index).toBe(1);

    await s.record();
    expect(useAdjudication.getState().notice).toMatch(/Choose a label/);
    expect(api.calls.some((c) => c.method === 'annotate.decide')).toBe(false);
    s.pick('a');
    s.pick('b');
    s.pick('a');
    expect(useAdjudication.getState().selection).toEqual(['b']);
    s.none();
    expect(useAdjudication.getState()).toMatchObject({ selection: [], chosen: true });
    await s.record();
    expect(api.calls.find((c) => c.method === 'annotate.decide')!.input).toEqual({
      questionId: Q,
      documentId: 2,
      coder: 'Dana',
      kind: 'label',
      labelIds: [],
      role: 'adjudication',
    });
    // Only that document is read again (not the whole list); it is settled now, and 3 is next.
    expect(api.calls.filter((c) => c.method === 'adjudication.list').at(-1)!.input).toMatchObject({ documentId: 2, status: 'all' });
    expect(useAdjudication.getState().units.map((u) => [u.documentId, u.adjudication !== null])).toEqual([
      [1, true],
      [2, true],
      [3, false],
    ]);
    expect(useAdjudication.getState()).toMatchObject({ index: 2, chosen: false });

    await s.undo();
    expect(api.calls.find((c) => c.method === 'annotate.undo')!.input).toEqual({ questionId: Q, coder: 'Dana', role: 'adjudication' });
    expect(useAdjudication.getState().index).toBe(1);
    expect(useAdjudication.getState().units[1]!.adjudication).toBeNull();
    s.choose({ adjudicator: ' ' });
    s.pick('a');
    await s.record();
    expect(useAdjudication.getState().error).toBe('Enter the adjudicator’s name first.');
  });

  it('reads and downloads a chosen sample only; another question forgets the sample', async () => {
    const S = '22222222-2222-4222-8222-222222222222';
    const api = fakeApi({
      'adjudication.list': () => page([unit(4, false)], null),
      'adjudication.csv': () => ({ csv: 'document_id\r\nd4\r\n', rows: 1, coders: [] }),
      'samples.list': () => [{ id: S } as SampleInfo],
    });
    setPlatform({ face: 'browser', api });
    const s = useAdjudication.getState();
    s.choose({ questionId: Q });
    await s.loadSamples();
    s.choose({ sampleId: S });
    await s.load();
    expect(api.calls.find((c) => c.method === 'adjudication.list')!.input).toEqual({
      questionId: Q,
      status: 'all',
      showSuggestion: true,
      limit: 500,
      sampleId: S,
    });
    expect(await s.csv()).toBe('document_id\r\nd4\r\n');
    expect(api.calls.at(-1)).toEqual({
      method: 'adjudication.csv',
      input: { questionId: Q, status: 'all', showSuggestion: true, sampleId: S },
    });
    s.choose({ questionId: '33333333-3333-4333-8333-333333333333' });
    expect(useAdjudication.getState()).toMatchObject({ sampleId: null, samples: [], units: [], counts: null });
  });
});
