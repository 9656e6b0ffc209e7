import { beforeEach, describe, expect, it } from 'vitest';
import type { ImportAnalysis, ImportPreview, ImportStarted, MethodInput } from '../../../common/contract';
import { ApiCallError } from '../api/api-client';
import { setPlatform } from '../platform/platform';
import { deferred, fakeApi } from '../test-support/fake-api';
import { canImport, useImport } from './import-store';
import { useNav } from './nav-store';

const UPLOAD_ID = '0b4f7a4e-2f7c-4d43-9b59-3f3f0c6f4a11';
const JOB_ID = '7d3c1d8e-5a61-4f0e-8d55-2a6a7c1f9b20';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const preview = (hasHeader = true, format: ImportPreview['format'] = 'csv'): ImportPreview => ({
  sourceName: 'speeches.csv',
  format,
  detection: {
    format,
    encoding: 'utf-8',
    bom: false,
    delimiter: format === 'csv' ? ',' : null,
    quote: format === 'csv' ? 'double' : null,
    hasHeader,
    lineEndings: 'LF',
    sheets: [],
    sheet: null,
    arrayKey: null,
  },
  delimiter: format === 'csv' ? ',' : null,
  hasHeader,
  columns: format === 'text' ? ['text'] : hasHeader ? ['id', 'text', 'party', 'stance'] : ['Column 1', 'Column 2', 'Column 3', 'Column 4'],
  rows: [['1', 'Hello', 'A', 'favor']],
  suggestedTextColumns: [hasHeader ? 'text' : 'Column 2'],
  suggestedIdColumn: hasHeader && format === 'csv' ? 'id' : null,
  suggestedGoldColumn: hasHeader && format === 'csv' ? 'stance' : null,
  decodeHtmlEntities: false,
  entityCells: 0,
});

const analysis = (withDuplicates = true): ImportAnalysis => ({
  sourceName: 'speeches.csv',
  detection: preview().detection,
  rows: 1000,
  problems: [
    ...(withDuplicates
      ? [
          {
            code: 'duplicate_id' as const,
            count: 93,
            rows: [3, 4, 6],
            examples: [{ row: 3, message: 'Row 3: the id 1.37e+18 was already used by an earlier row.' }],
            summary: '93 rows repeat an id used by an earlier row. 93 ids look like numbers in scientific notation (such as 1.4e+18).',
            choices: ['rownumber' as const, 'skip' as const, 'cancel' as const],
            defaultChoice: 'cancel' as const,
          },
        ]
      : []),
    {
      code: 'empty_text',
      count: 2,
      rows: [7, 9],
      examples: [],
      summary: '2 rows have no text in the text column.',
      choices: ['skip', 'cancel'],
      defaultChoice: 'skip',
    },
  ],
  goldValues: [
    { value: 'favor', count: 500 },
    { value: 'FAVOUR', count: 20 },
    { value: 'against', count: 470 },
    { value: 'agains', count: 10 },
  ],
});

const file = new File(['id,text,party,stance\n1,Hello,A,favor\n'], 'speeches.csv');

interface SetUpOptions {
  started?: ReturnType<typeof deferred<ImportStarted>>;
  analyzed?: ReturnType<typeof deferred<ImportAnalysis>>;
  failOptions?: (options: MethodInput<'import.preview'>['options']) => boolean;
}

function setUp({ started = deferred<ImportStarted>(), analyzed, failOptions }: SetUpOptions = {}) {
  const api = fakeApi({
    'import.preview': (input) => {
      if (failOptions?.(input.options))
        throw new ApiCallError({ code: 'BAD_FILE', message: 'The file could not be read with these settings.' });
      return preview(input.options?.hasHeader ?? true, input.options?.format ?? 'csv');
    },
    'import.analyze': () => (analyzed ? analyzed.promise : analysis()),
    'import.start': () => started.promise,
    'job.cancel': () => ({ cancelled: true }),
  });
  setPlatform({ api, face: 'browser', uploadFile: async (f) => ({ uploadId: UPLOAD_ID, name: f.name, bytes: f.size }) });
  return { api, started };
}

const callsOf = (api: ReturnType<typeof setUp>['api'], method: string) => api.calls.filter((c) => c.method === method);

/** Upload, check, and choose for the duplicate ids: ready to import. */
async function checked() {
  const env = setUp();
  await useImport.getState().chooseFile(file);
  await useImport.getState().runCheck();
  useImport.getState().setDecision('duplicate_id', 'rownumber');
  return env;
}

beforeEach(() => {
  useImport.getState().reset();
  useNav.setState({ screen: 'import' });
});

describe('import store: preview and reading options', () => {
  it('uploads, previews and preselects the suggested text, id and gold columns', async () => {
    const { api } = setUp();
    await useImport.getState().chooseFile(file);
    const s = useImport.getState();
    expect(s.step).toBe('preview');
    expect(s.source).toEqual({ kind: 'upload', uploadId: UPLOAD_ID });
    expect(s.textColumns).toEqual(['text']);
    expect(s.idColumn).toBe('id');
    expect(s.goldColumn).toBe('stance');
    expect(s.detected?.delimiter).toBe(',');
    expect(api.calls.map((c) => c.method)).toEqual(['import.preview']);
  });

  it('re-runs the preview with an override, shows it at once, and takes the new suggestions', async () => {
    const { api } = setUp();
    await useImport.getState().chooseFile(file);
    const pending = useImport.getState().setOption('hasHeader', false);
    expect(useImport.getState().requested).toEqual({ hasHeader: false });
    await pending;
    expect(api.calls.at(-1)?.input).toMatchObject({ options: { hasHeader: false } });
    const s = useImport.getState();
    expect(s.options).toEqual({ hasHeader: false });
    expect(s.textColumns).toEqual(['Column 2']);
    expect(s.idColumn).toBeNull();
    expect(s.goldColumn).toBeNull();
    expect(s.requested).toBeNull();
    // What detection found with no overrides stays known, to mark it in the controls.
    expect(s.detected?.hasHeader).toBe(true);
  });

  it('keeps overrides together, but a new format starts over', async () => {
    const { api } = setUp();
    await useImport.getState().chooseFile(file);
    await useImport.getState().setOption('delimiter', ';');
    await useImport.getState().setOption('quote', 'none');
    expect(useImport.getState().options).toEqual({ delimiter: ';', quote: 'none' });
    await useImport.getState().setOption('format', 'text');
    expect(api.calls.at(-1)?.input).toMatchObject({ options: { format: 'text' } });
    expect(useImport.getState().options).toEqual({ format: 'text' });
  });

  it('keeps the last good preview and its options when an override fails', async () => {
    setUp({ failOptions: (o) => o?.encoding === 'utf-16be' });
    await useImport.getState().chooseFile(file);
    await useImport.getState().setOption('delimiter', ';');
    await useImport.getState().setOption('encoding', 'utf-16be');
    const s = useImport.getState();
    expect(s.step).toBe('preview');
    expect(s.error).toBe('The file could not be read with these settings.');
    expect(s.options).toEqual({ delimiter: ';' });
    expect(s.requested).toBeNull();
    expect(s.preview).not.toBeNull();
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

describe('import store: mapping', () => {
  it('gives each column one role: text, id or gold label', async () => {
    setUp();
    await useImport.getState().chooseFile(file);
    useImport.getState().toggleTextColumn('id');
    expect(useImport.getState().textColumns).toEqual(['id', 'text']);
    expect(useImport.getState().idColumn).toBeNull();
    useImport.getState().setIdColumn('text');
    expect(useImport.getState().textColumns).toEqual(['id']);
    useImport.getState().setGoldColumn('text');
    expect(useImport.getState().idColumn).toBeNull();
    useImport.getState().toggleTextColumn('text');
    expect(useImport.getState().goldColumn).toBeNull();
  });

  it('adds text columns in file order and lets the user reorder them', async () => {
    setUp();
    await useImport.getState().chooseFile(file);
    useImport.getState().toggleTextColumn('party');
    useImport.getState().toggleTextColumn('id');
    expect(useImport.getState().textColumns).toEqual(['id', 'text', 'party']);
    useImport.getState().moveTextColumn('party', -1);
    expect(useImport.getState().textColumns).toEqual(['id', 'party', 'text']);
    useImport.getState().moveTextColumn('id', -1); // already first
    expect(useImport.getState().textColumns).toEqual(['id', 'party', 'text']);
  });
});

describe('import store: check', () => {
  it('checks with its own job id, follows that job’s progress, and lists the raw gold values', async () => {
    const analyzed = deferred<ImportAnalysis>();
    const { api } = setUp({ analyzed });
    await useImport.getState().chooseFile(file);
    useImport.getState().setGoldLabel('favour', 'favor'); // typed before the check: not sent to it
    const running = useImport.getState().runCheck();
    const s = useImport.getState();
    expect(s.step).toBe('checking');
    const input = callsOf(api, 'import.analyze')[0]!.input as MethodInput<'import.analyze'>;
    expect(input.jobId).toMatch(UUID);
    expect(input.jobId).toBe(s.check?.jobId);
    expect(input.mapping).toEqual({ textColumns: ['text'], idColumn: 'id', joinWith: '\n\n', goldColumn: 'stance', goldMap: {} });

    useImport.getState().jobProgress({ jobId: JOB_ID, kind: 'analyze', phase: 'reading', done: 1, total: 9, unit: 'bytes' });
    expect(useImport.getState().check?.progress).toBeNull();
    useImport.getState().jobProgress({ jobId: input.jobId, kind: 'analyze', phase: 'reading', done: 5, total: 9, unit: 'bytes' });
    expect(useImport.getState().check?.progress?.done).toBe(5);

    analyzed.resolve(analysis());
    await running;
    expect(useImport.getState().step).toBe('preview');
    expect(useImport.getState().analysis?.rows).toBe(1000);
    expect(useImport.getState().check).toBeNull();
  });

  it('asks for a choice about duplicate ids before Import, and preselects the other defaults', async () => {
    setUp();
    await useImport.getState().chooseFile(file);
    await useImport.getState().runCheck();
    expect(useImport.getState().decisions).toEqual({ empty_text: 'skip' });
    expect(canImport(useImport.getState())).toBe(false);
    useImport.getState().setDecision('duplicate_id', 'rownumber');
    expect(canImport(useImport.getState())).toBe(true);
    // Choosing to cancel on rows that exist would stop the import at once: Import stays off.
    useImport.getState().setDecision('empty_text', 'cancel');
    expect(canImport(useImport.getState())).toBe(false);
  });

  it('needs a new check after any change of options or mapping, but not after a gold label', async () => {
    setUp();
    await useImport.getState().chooseFile(file);
    expect(canImport(useImport.getState())).toBe(false); // never checked
    await useImport.getState().runCheck();
    useImport.getState().setDecision('duplicate_id', 'rownumber');
    useImport.getState().setGoldLabel('agains', 'against');
    expect(canImport(useImport.getState())).toBe(true);

    useImport.getState().setJoinWith(' | ');
    expect(useImport.getState().analysis).toBeNull();
    expect(useImport.getState().decisions).toEqual({});
    expect(canImport(useImport.getState())).toBe(false);

    await useImport.getState().runCheck();
    expect(useImport.getState().analysis).not.toBeNull();
    await useImport.getState().setOption('delimiter', ';');
    expect(useImport.getState().analysis).toBeNull();
  });

  it('cancels a running check through job.cancel and says nothing was stored', async () => {
    const analyzed = deferred<ImportAnalysis>();
    const { api } = setUp({ analyzed });
    await useImport.getState().chooseFile(file);
    const running = useImport.getState().runCheck();
    const jobId = useImport.getState().check!.jobId;
    await useImport.getState().cancelCheck();
    expect(callsOf(api, 'job.cancel')[0]!.input).toEqual({ jobId });
    expect(useImport.getState().check?.cancelling).toBe(true);
    analyzed.reject(new ApiCallError({ code: 'CANCELLED', message: 'The check was cancelled.' }));
    await running;
    const s = useImport.getState();
    expect(s.step).toBe('preview');
    expect(s.analysis).toBeNull();
    expect(s.notice).toBe('Check cancelled. Nothing was stored.');
    expect(s.error).toBeNull();
  });
});

describe('import store: import', () => {
  it('does not start an import that was not checked', async () => {
    const { api } = setUp();
    await useImport.getState().chooseFile(file);
    await useImport.getState().start();
    expect(callsOf(api, 'import.start')).toHaveLength(0);
  });

  it('imports with the checked options, the gold mapping and the decisions for the classes found', async () => {
    const { api, started } = await checked();
    await useImport.getState().setOption('quote', 'none');
    await useImport.getState().runCheck();
    useImport.getState().setDecision('duplicate_id', 'rownumber');
    useImport.getState().setGoldLabel('favor', 'favor');
    useImport.getState().setGoldLabel('agains', ' against ');
    useImport.getState().setGoldLabel('against', '');
    const starting = useImport.getState().start();
    expect(callsOf(api, 'import.start')[0]!.input).toEqual({
      source: { kind: 'upload', uploadId: UPLOAD_ID },
      options: { quote: 'none' },
      mapping: {
        textColumns: ['text'],
        idColumn: 'id',
        joinWith: '\n\n',
        goldColumn: 'stance',
        goldMap: { favor: 'favor', agains: 'against' },
      },
      decisions: { duplicate_id: 'rownumber', empty_text: 'skip' },
    });
    started.resolve({ jobId: JOB_ID, importId: UPLOAD_ID });
    await starting;
    expect(useImport.getState().step).toBe('running');
  });

  it('does not lose a job:done that arrives before import.start replies', async () => {
    const { started } = await checked();
    const starting = useImport.getState().start();
    expect(useImport.getState().step).toBe('starting');
    useImport.getState().jobProgress({ jobId: JOB_ID, kind: 'import', phase: 'reading', done: 10, total: 20, unit: 'bytes' });
    useImport.getState().jobDone({ jobId: JOB_ID, kind: 'import', status: 'done', result: { imported: 1, skipped: 2, flagged: 93 } });
    started.resolve({ jobId: JOB_ID, importId: UPLOAD_ID });
    await starting;
    expect(useImport.getState().step).toBe('choose');
    expect(useImport.getState().lastResult).toEqual({ name: 'speeches.csv', imported: 1, skipped: 2, flagged: 93 });
    expect(useNav.getState().screen).toBe('browse');
  });

  it('ignores events of other jobs and shows a failure as the core’s sentence', async () => {
    const { started } = await checked();
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
});
