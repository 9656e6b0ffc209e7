// The Export screen's level: units, or parent documents with a declared aggregation rule; the
// parent level offers only the formats and filters the core writes at that level.
import { beforeEach, describe, expect, it } from 'vitest';
import { setPlatform } from '../platform/platform';
import { fakeApi } from '../test-support/fake-api';
import { parentLevelChoice, trainingFilterChoice, useExport } from './export-store';

const Q = '11111111-1111-4111-8111-111111111111';

beforeEach(() => useExport.getState().reset());

describe('export level', () => {
  it('keeps a format and filter the parent level takes, and turns the others into CSV of coded documents', () => {
    expect(parentLevelChoice('xlsx', 'all')).toEqual({ format: 'xlsx', filter: 'all' });
    expect(parentLevelChoice('hf', 'accepted')).toEqual({ format: 'csv', filter: 'coded' });
    expect(parentLevelChoice('nli', 'coded')).toEqual({ format: 'csv', filter: 'coded' });
  });

  it('the training formats take coded, accepted or changed documents: "all" becomes "coded" when one is chosen', () => {
    expect(trainingFilterChoice('hf', 'all')).toBe('coded');
    expect(trainingFilterChoice('nli', 'changed')).toBe('changed');
    expect(trainingFilterChoice('csv', 'all')).toBe('all');
    const api = fakeApi({ 'export.count': () => ({ rows: 1, documents: 1, split: null }) });
    setPlatform({ face: 'browser', api });
    useExport.getState().choose({ questionId: Q, format: 'csv', filter: 'all' });
    useExport.getState().choose({ format: 'hf' });
    expect(useExport.getState().filter).toBe('coded');
    expect(api.calls.filter((c) => c.method === 'export.count').at(-1)!.input).toMatchObject({ format: 'hf', filter: 'coded' });
  });

  it('sends the level and the rule only for a parent-level export', async () => {
    const api = fakeApi({ 'export.start': ({ jobId }) => ({ jobId: jobId!, exportId: 'e1' }) });
    setPlatform({ face: 'browser', api });
    useExport.getState().choose({ questionId: Q, format: 'jsonl' });
    await useExport.getState().start('Topic');
    expect(api.calls.at(-1)!.input).not.toHaveProperty('level');

    useExport.getState().reset();
    useExport.getState().choose({ questionId: Q, format: 'hf', filter: 'changed' });
    useExport.getState().choose({ level: 'parent', aggregate: 'majority' });
    expect(useExport.getState()).toMatchObject({ format: 'csv', filter: 'coded' });
    await useExport.getState().start('Topic');
    expect(api.calls.at(-1)!.input).toMatchObject({
      questionId: Q,
      format: 'csv',
      filter: 'coded',
      level: 'parent',
      aggregate: 'majority',
    });
  });
});

describe('the rows before Export, and the NLI options', () => {
  it('asks export.count with the choices an export would send; an older answer never replaces a newer one', async () => {
    const replies: Array<(v: { rows: number; documents: number; split: null }) => void> = [];
    const api = fakeApi({
      'export.count': () => new Promise((resolve) => replies.push(resolve)),
      'export.start': ({ jobId }) => ({ jobId: jobId!, exportId: 'e1' }),
    });
    setPlatform({ face: 'browser', api });
    useExport.getState().choose({ questionId: Q, format: 'nli' });
    useExport.getState().choose({ nliNegatives: 'all', nliLabels: 'numeric', seed: '7' });
    const counts = api.calls.filter((c) => c.method === 'export.count').map((c) => c.input);
    expect(counts).toHaveLength(2);
    expect(counts[1]).toEqual({
      questionId: Q,
      format: 'nli',
      filter: 'coded',
      seed: 7,
      testFraction: 0.2,
      nliNegatives: 'all',
      nliLabels: 'numeric',
    });
    replies[1]!({ rows: 30, documents: 10, split: null });
    await Promise.resolve();
    replies[0]!({ rows: 99, documents: 33, split: null });
    await new Promise((r) => setTimeout(r, 0));
    expect(useExport.getState().count).toEqual({ rows: 30, documents: 10, split: null });
    await useExport.getState().start('Topic');
    expect(api.calls.at(-1)).toMatchObject({
      method: 'export.start',
      input: { format: 'nli', nliNegatives: 'all', nliLabels: 'numeric', seed: 7 },
    });
    // A CSV export sends neither the split nor the NLI options.
    useExport.getState().choose({ format: 'csv' });
    expect(api.calls.at(-1)!.input).toEqual({ questionId: Q, format: 'csv', filter: 'coded' });
  });

  it('says why the rows could not be counted', async () => {
    const api = fakeApi({
      'export.count': () => {
        throw new Error('This question does not exist in the open project.');
      },
    });
    setPlatform({ face: 'browser', api });
    useExport.getState().choose({ questionId: Q });
    await new Promise((r) => setTimeout(r, 0));
    expect(useExport.getState().count).toBeNull();
    expect(useExport.getState().countError).toMatch(/This question does not exist in the open project\.$/);
  });
});
