// The Export screen's level: units, or parent documents with a declared aggregation rule; the
// parent level offers only the formats and filters the core writes at that level.
import { beforeEach, describe, expect, it } from 'vitest';
import { setPlatform } from '../platform/platform';
import { fakeApi } from '../test-support/fake-api';
import { parentLevelChoice, useExport } from './export-store';

const Q = '11111111-1111-4111-8111-111111111111';

beforeEach(() => useExport.getState().reset());

describe('export level', () => {
  it('keeps a format and filter the parent level takes, and turns the others into CSV of coded documents', () => {
    expect(parentLevelChoice('xlsx', 'all')).toEqual({ format: 'xlsx', filter: 'all' });
    expect(parentLevelChoice('hf', 'accepted')).toEqual({ format: 'csv', filter: 'coded' });
    expect(parentLevelChoice('nli', 'coded')).toEqual({ format: 'csv', filter: 'coded' });
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
