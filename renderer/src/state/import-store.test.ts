import { beforeEach, describe, expect, it } from 'vitest';
import type { ImportPreview, ImportStarted } from '../../../common/contract';
import { ApiCallError } from '../api/api-client';
import { setPlatform } from '../platform/platform';
import { deferred, fakeApi } from '../test-support/fake-api';
import { useImport } from './import-store';
import { useNav } from './nav-store';

const UPLOAD_ID = '0b4f7a4e-2f7c-4d43-9b59-3f3f0c6f4a11';
const JOB_ID = '7d3c1d8e-5a61-4f0e-8d55-2a6a7c1f9b20';

const preview = (hasHeader = true): ImportPreview => ({
  sourceName: 'speeches.csv',
  format: 'csv',
  detection: {
    format: 'csv',
    encoding: 'utf-8',
    bom: false,
    delimiter: ',',
    quote: 'double',
    hasHeader,
    lineEndings: 'LF',
    sheets: [],
    sheet: null,
    arrayKey: null,
  },
  delimiter: ',',
  hasHeader,
  columns: hasHeader ? ['id', 'text', 'party'] : ['Column 1', 'Column 2', 'Column 3'],
  rows: [['1', 'Hello', 'A']],
  suggestedTextColumns: [hasHeader ? 'text' : 'Column 2'],
  suggestedIdColumn: hasHeader ? 'id' : null,
  suggestedGoldColumn: null,
});

const file = new File(['id,text,party\n1,Hello,A\n'], 'speeches.csv');

function setUp(started = deferred<ImportStarted>()) {
  const api = fakeApi({
    'import.preview': (input) => preview(input.options?.hasHeader ?? true),
    'import.start': () => started.promise,
    'job.cancel': () => ({ cancelled: true }),
  });
  setPlatform({ api, face: 'browser', uploadFile: async (f) => ({ uploadId: UPLOAD_ID, name: f.name, bytes: f.size }) });
  return { api, started };
}

beforeEach(() => {
  useImport.getState().reset();
  useNav.setState({ screen: 'import' });
});

describe('import store', () => {
  it('uploads, previews and preselects the suggested columns', async () => {
    const { api } = setUp();
    await useImport.getState().chooseFile(file);
    const s = useImport.getState();
    expect(s.step).toBe('preview');
    expect(s.source).toEqual({ kind: 'upload', uploadId: UPLOAD_ID });
    expect(s.textColumns).toEqual(['text']);
    expect(s.idColumn).toBe('id');
    expect(api.calls.map((c) => c.method)).toEqual(['import.preview']);
  });

  it('re-runs the preview when the header option changes, and takes the new suggestions', async () => {
    const { api } = setUp();
    await useImport.getState().chooseFile(file);
    const pending = useImport.getState().setHasHeader(false);
    expect(useImport.getState().requested).toEqual({ delimiter: ',', hasHeader: false });
    await pending;
    expect(api.calls.at(-1)?.input).toMatchObject({ options: { delimiter: ',', hasHeader: false } });
    expect(useImport.getState().textColumns).toEqual(['Column 2']);
    expect(useImport.getState().idColumn).toBeNull();
    expect(useImport.getState().requested).toBeNull();
  });

  it('keeps the chosen columns in file order and never uses one column as both text and id', async () => {
    setUp();
    await useImport.getState().chooseFile(file);
    useImport.getState().toggleTextColumn('id');
    expect(useImport.getState().textColumns).toEqual(['id', 'text']);
    expect(useImport.getState().idColumn).toBeNull();
    useImport.getState().setIdColumn('text');
    expect(useImport.getState().textColumns).toEqual(['id']);
  });

  it('does not lose a job:done that arrives before import.start replies', async () => {
    const { started } = setUp();
    await useImport.getState().chooseFile(file);
    const starting = useImport.getState().start();
    expect(useImport.getState().step).toBe('starting');
    useImport.getState().jobProgress({ jobId: JOB_ID, kind: 'import', phase: 'reading', done: 10, total: 20, unit: 'bytes' });
    useImport.getState().jobDone({ jobId: JOB_ID, kind: 'import', status: 'done', counts: { imported: 1, skipped: 0, flagged: 0 } });
    started.resolve({ jobId: JOB_ID, importId: UPLOAD_ID });
    await starting;
    expect(useImport.getState().step).toBe('choose');
    expect(useImport.getState().lastResult).toEqual({ name: 'speeches.csv', imported: 1, skipped: 0, flagged: 0 });
    expect(useNav.getState().screen).toBe('documents');
  });

  it('ignores events of other jobs and shows a failure as the core’s sentence', async () => {
    const { started } = setUp();
    await useImport.getState().chooseFile(file);
    const starting = useImport.getState().start();
    started.resolve({ jobId: JOB_ID, importId: UPLOAD_ID });
    await starting;
    useImport.getState().jobDone({ jobId: UPLOAD_ID, kind: 'import', status: 'done' });
    expect(useImport.getState().step).toBe('running');
    useImport.getState().jobDone({
      jobId: JOB_ID,
      kind: 'import',
      status: 'failed',
      error: { code: 'BAD_FILE', message: 'Row 3: the text column is empty.' },
    });
    expect(useImport.getState().step).toBe('preview');
    expect(useImport.getState().error).toBe('The import failed: Row 3: the text column is empty.');
  });

  it('returns to choosing a file when the preview of a file fails', async () => {
    const api = fakeApi({
      'import.preview': () => {
        throw new ApiCallError({ code: 'BAD_FILE', message: 'x.csv does not look like a text file.' });
      },
    });
    setPlatform({ api, face: 'browser', uploadFile: async (f) => ({ uploadId: UPLOAD_ID, name: f.name, bytes: f.size }) });
    await useImport.getState().chooseFile(file);
    expect(useImport.getState().step).toBe('choose');
    expect(useImport.getState().error).toBe('x.csv does not look like a text file.');
  });
});
