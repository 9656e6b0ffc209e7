// The Export screen's sharing choices: labels only sends content 'labels' and keeps to the formats
// it is written in; pseudonymised columns are sent by name, and only the project's columns stay chosen.
import { beforeEach, describe, expect, it } from 'vitest';
import { setPlatform } from '../platform/platform';
import { fakeApi } from '../test-support/fake-api';
import { useExport } from './export-store';

const Q = '11111111-1111-4111-8111-111111111111';

beforeEach(() => useExport.getState().reset());

describe('exports to share', () => {
  it('labels only turns an XLSX or dataset choice into CSV, keeps JSON Lines, and is sent with the pseudonymised columns', async () => {
    const api = fakeApi({
      'export.count': () => ({ rows: 1, documents: 1, split: null }),
      'export.start': ({ jobId }) => ({ jobId: jobId!, exportId: 'e1' }),
      'samples.columns': () => [
        { name: 'author', values: 3 },
        { name: 'place', values: 2 },
      ],
    });
    setPlatform({ face: 'browser', api });
    useExport.getState().choose({ questionId: Q, format: 'xlsx' });
    useExport.getState().choose({ content: 'labels' });
    expect(useExport.getState().format).toBe('csv');
    useExport.getState().choose({ format: 'jsonl' });
    expect(useExport.getState().format).toBe('jsonl');
    await useExport.getState().loadColumns();
    expect(useExport.getState().metadataColumns).toEqual(['author', 'place']);
    useExport.getState().choose({ pseudonymise: ['place'] });
    await useExport.getState().start('Topic');
    expect(api.calls.at(-1)).toMatchObject({
      method: 'export.start',
      input: { questionId: Q, format: 'jsonl', content: 'labels', pseudonymise: ['place'] },
    });
  });

  it('a full export without pseudonyms sends neither choice; the parent level clears them', async () => {
    const api = fakeApi({
      'export.count': () => ({ rows: 1, documents: 1, split: null }),
      'export.start': ({ jobId }) => ({ jobId: jobId!, exportId: 'e1' }),
    });
    setPlatform({ face: 'browser', api });
    useExport.getState().choose({ questionId: Q, format: 'csv' });
    await useExport.getState().start('Topic');
    expect(api.calls.at(-1)!.input).not.toHaveProperty('content');
    expect(api.calls.at(-1)!.input).not.toHaveProperty('pseudonymise');
    useExport.getState().reset();
    useExport.getState().choose({ questionId: Q, content: 'labels', pseudonymise: ['author'] });
    useExport.getState().choose({ level: 'parent' });
    expect(useExport.getState()).toMatchObject({ level: 'parent', content: 'full', pseudonymise: [] });
  });
});
