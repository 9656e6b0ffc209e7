// The "Split into units" state: the choice as the contract's spec, which imports a split takes, the
// split as a job followed by its id from the first event, the core's refusals shown as its own
// sentence, the way back to whole documents, the import option, and the language list.
import { beforeEach, describe, expect, it } from 'vitest';
import type { ImportSummary, ProjectStats, Segmentation } from '../../../common/contract';
import { ApiCallError } from '../api/api-client';
import { setPlatform } from '../platform/platform';
import { deferred, fakeApi } from '../test-support/fake-api';
import { useBrowse } from './browse-store';
import { languageOptions } from './segment-languages';
import { defaultChoice, specOf, splittableImports, useSegments } from './segments-store';

const SEG = '55555555-5555-4555-8555-555555555555';

const summary = (id: string, patch: Partial<ImportSummary> = {}): ImportSummary => ({
  id,
  sourceName: `${id}.csv`,
  format: 'csv',
  status: 'committed',
  rowCount: 10,
  skippedCount: 0,
  problems: [],
  startedAt: '2026-01-01T00:00:00Z',
  finishedAt: '2026-01-01T00:00:01Z',
  searchIndexed: true,
  runningElsewhere: false,
  segmentedBy: null,
  ...patch,
});

const segmentation: Segmentation = {
  id: SEG,
  unit: 'sentence',
  language: 'en',
  languageColumn: null,
  windowSize: 3,
  windowOverlap: 0,
  sources: [{ importId: 'a', sourceName: 'speeches.csv' }],
  parents: 4,
  segments: 37,
  createdAt: '2026-01-01T00:00:00Z',
};

function stats(segmentations: Segmentation[], imports: ImportSummary[]): ProjectStats {
  return {
    documents: 10,
    imports,
    annotations: 0,
    predictions: 0,
    search: { complete: true, pending: 0, total: 10, building: false },
    units: { unit: segmentations.length ? 'sentence' : 'document', segmentations },
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  useSegments.getState().reset();
  useBrowse.getState().clear();
});

describe('specOf', () => {
  it('takes sentences and paragraphs as they are, with the language', () => {
    expect(specOf(defaultChoice)).toEqual({ spec: { unit: 'sentence', language: 'auto' } });
    expect(specOf({ ...defaultChoice, unit: 'paragraph', language: 'de' })).toEqual({ spec: { unit: 'paragraph', language: 'de' } });
  });

  it('reads the window numbers and says what is wrong with them', () => {
    expect(specOf({ ...defaultChoice, unit: 'window', windowSize: '4', windowOverlap: '1' })).toEqual({
      spec: { unit: 'window', language: 'auto', windowSize: 4, windowOverlap: 1 },
    });
    expect(specOf({ ...defaultChoice, unit: 'window', windowSize: '0' })).toEqual({ error: expect.stringContaining('1 to 50') });
    expect(specOf({ ...defaultChoice, unit: 'window', windowSize: '2.5' })).toHaveProperty('error');
    expect(specOf({ ...defaultChoice, unit: 'window', windowSize: '3', windowOverlap: '3' })).toEqual({
      error: expect.stringContaining('one less'),
    });
  });
});

describe('splittableImports', () => {
  it('takes committed imports of whole documents only', () => {
    const list = [
      summary('a'),
      summary('b', { segmentedBy: SEG }),
      summary('c', { format: 'segments' }),
      summary('d', { status: 'pending' }),
    ];
    expect(splittableImports(list).map((i) => i.id)).toEqual(['a']);
  });
});

describe('the split job', () => {
  it('follows its progress from the first event, then says what it did and shows the units everywhere', async () => {
    let list: Segmentation[] = [];
    const answer = deferred<{ jobId: string; segmentationId: string }>();
    const api = fakeApi({
      'project.stats': () => stats(list, [summary('a')]),
      'segments.create': () => answer.promise,
      'browse.page': () => ({ rows: [], next: null, total: 0 }),
    });
    setPlatform({ face: 'browser', api });
    await useSegments.getState().load();
    expect(useSegments.getState().splittable).toBe(1);

    void useSegments.getState().start();
    const jobId = useSegments.getState().job!.jobId;
    expect(api.calls.at(-1)).toEqual({ method: 'segments.create', input: { jobId, spec: { unit: 'sentence', language: 'auto' } } });
    // Progress that comes before the answer is ours already.
    useSegments.getState().jobProgress({ jobId, kind: 'segment', phase: 'splitting', done: 2, total: 4, unit: 'rows' });
    expect(useSegments.getState().job!.progress).toMatchObject({ done: 2, total: 4 });
    useSegments.getState().jobProgress({ jobId: 'another', kind: 'segment', phase: 'splitting', done: 9, total: 9, unit: 'rows' });
    expect(useSegments.getState().job!.progress).toMatchObject({ done: 2 });
    answer.resolve({ jobId, segmentationId: SEG });
    await tick();

    list = [segmentation];
    useSegments.getState().jobDone({ jobId, kind: 'segment', status: 'done', result: { segmentationId: SEG, parents: 4, segments: 37 } });
    await tick();
    const s = useSegments.getState();
    expect(s.job).toBeNull();
    expect(s.notice).toBe('Split 4 documents into 37 units. Annotate and Browse now show the units.');
    expect(s.segmentations).toEqual([segmentation]);
    expect(api.calls.some((c) => c.method === 'browse.page')).toBe(true);
  });

  it('shows the core’s refusal as it is and can start again', async () => {
    const refusal = '3 documents to split already have decisions: undo them, or export them first and split a new project.';
    const api = fakeApi({
      'project.stats': () => stats([], [summary('a')]),
      'segments.create': () => {
        throw new ApiCallError({ code: 'INVALID_INPUT', message: refusal });
      },
    });
    setPlatform({ face: 'browser', api });
    await useSegments.getState().start();
    expect(useSegments.getState().error).toBe(refusal);
    expect(useSegments.getState().job).toBeNull();
  });

  it('cancels by its id and says the documents are whole', async () => {
    const api = fakeApi({
      'project.stats': () => stats([], [summary('a')]),
      'segments.create': ({ jobId }) => ({ jobId: jobId!, segmentationId: SEG }),
      'job.cancel': () => ({ cancelled: true }),
    });
    setPlatform({ face: 'browser', api });
    await useSegments.getState().start();
    const jobId = useSegments.getState().job!.jobId;
    await useSegments.getState().cancel();
    expect(api.calls.at(-1)).toEqual({ method: 'job.cancel', input: { jobId } });
    useSegments.getState().jobDone({ jobId, kind: 'segment', status: 'cancelled' });
    expect(useSegments.getState().notice).toMatch(/cancelled/);
  });

  it('does not start a window split with a wrong window', async () => {
    const api = fakeApi({});
    setPlatform({ face: 'browser', api });
    useSegments.getState().choose({ unit: 'window', windowSize: '60' });
    await useSegments.getState().start();
    expect(api.calls).toEqual([]);
    expect(useSegments.getState().error).toMatch(/1 to 50/);
  });
});

describe('back to whole documents', () => {
  it('removes the segmentation, ends the grouping in Browse and says how many documents are units again', async () => {
    let list = [segmentation];
    const api = fakeApi({
      'project.stats': () => stats(list, [summary('a', { segmentedBy: list.length ? SEG : null })]),
      'segments.remove': () => {
        list = [];
        return { removed: 1, segments: 37, parents: 4 };
      },
      'browse.page': () => ({ rows: [], next: null, total: 0 }),
    });
    setPlatform({ face: 'browser', api });
    useBrowse.getState().setGroupByParent(true);
    await useSegments.getState().remove(SEG);
    expect(api.calls.find((c) => c.method === 'segments.remove')!.input).toEqual({ segmentationId: SEG });
    expect(useSegments.getState().notice).toBe('Back to whole documents: 4 documents are coding units again (37 units removed).');
    expect(useSegments.getState().segmentations).toEqual([]);
    expect(useSegments.getState().splittable).toBe(1);
    expect(useBrowse.getState().groupByParent).toBe(false);
  });

  it('shows the refusal when units have decisions', async () => {
    const refusal = '12 units have decisions; undo them first.';
    setPlatform({
      face: 'browser',
      api: fakeApi({
        'project.stats': () => stats([segmentation], []),
        'segments.remove': () => {
          throw new ApiCallError({ code: 'INVALID_INPUT', message: refusal });
        },
      }),
    });
    await useSegments.getState().remove(SEG);
    expect(useSegments.getState().error).toBe(refusal);
    expect(useSegments.getState().removing).toBe(false);
  });
});

describe('the preview', () => {
  it('splits the first document only and keeps the reply of the latest choice', async () => {
    const first = deferred<{ documents: [] }>();
    const replies = [
      first.promise,
      Promise.resolve({
        documents: [{ id: 1, externalId: 'speech-1', language: 'auto', units: [{ index: 0, start: 0, end: 5, text: 'Hello' }] }],
      }),
    ];
    const api = fakeApi({ 'segments.preview': () => replies.shift()! });
    setPlatform({ face: 'browser', api });
    const older = useSegments.getState().runPreview();
    useSegments.getState().choose({ unit: 'paragraph' });
    await useSegments.getState().runPreview();
    first.resolve({ documents: [] });
    await older;
    expect(api.calls.map((c) => c.input)).toEqual([
      { spec: { unit: 'sentence', language: 'auto' }, limit: 1 },
      { spec: { unit: 'paragraph', language: 'auto' }, limit: 1 },
    ]);
    expect(useSegments.getState().preview).toEqual({ externalId: 'speech-1', units: [{ index: 0, start: 0, end: 5, text: 'Hello' }] });
  });
});

describe('split on import', () => {
  it('gives whole documents by default, the spec when chosen, and the problem of a wrong window', () => {
    expect(useSegments.getState().importSegment()).toEqual({ spec: null });
    useSegments.getState().setOnImport({ ...defaultChoice, language: 'en' });
    expect(useSegments.getState().importSegment()).toEqual({ spec: { unit: 'sentence', language: 'en' } });
    useSegments.getState().setOnImport({ ...defaultChoice, unit: 'window', windowSize: 'x' });
    expect(useSegments.getState().importSegment()).toHaveProperty('error');
  });
});

describe('languageOptions', () => {
  it('names the common languages in the UI language, sorted by name', () => {
    const list = languageOptions('en');
    expect(list.find((l) => l.tag === 'de')?.name).toBe('German');
    expect(list.find((l) => l.tag === 'el')?.name).toBe('Greek');
    const names = list.map((l) => l.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
  });
});
