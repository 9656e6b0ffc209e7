// The Validation screen's state: what it sends to evaluation.run, that an older answer never replaces
// a newer one, and the methods report through a save dialog (Electron) or as a download (browser).
import { beforeEach, describe, expect, it } from 'vitest';
import type { EvaluationResult, ReportWritten } from '../../../common/contract';
import { ApiCallError } from '../api/api-client';
import { setPlatform } from '../platform/platform';
import { deferred, fakeApi } from '../test-support/fake-api';
import { defaultReportName, useValidation } from './validation-store';

const Q = '11111111-1111-4111-8111-111111111111';
const S = '22222222-2222-4222-8222-222222222222';
const result = (tookMs: number) => ({ tookMs }) as unknown as EvaluationResult;
const written: ReportWritten = { path: '/r.html', name: 'r.html', bytes: 10, sha256: 'ab', downloadable: false, exportId: null };

beforeEach(() => useValidation.getState().reset());

describe('evaluation.run from the Validation screen', () => {
  it('sends the sample only against a sample, the breakdown only when chosen', async () => {
    const api = fakeApi({ 'evaluation.run': () => result(1) });
    setPlatform({ face: 'browser', api });
    const s = useValidation.getState();
    s.choose({ questionId: Q });
    s.choose({ sampleId: S });
    await s.run();
    expect(api.calls.at(-1)!.input).toEqual({ questionId: Q, against: 'human' });
    s.choose({ against: 'sample', groupBy: 'lang' });
    await s.run();
    expect(api.calls.at(-1)!.input).toEqual({ questionId: Q, against: 'sample', sampleId: S, groupBy: 'lang' });
    // One coder's decisions as the truth: sent against human and sample, never against gold.
    s.choose({ coder: 'alice' });
    await s.run();
    expect(api.calls.at(-1)!.input).toEqual({ questionId: Q, against: 'sample', sampleId: S, groupBy: 'lang', coder: 'alice' });
    s.choose({ against: 'gold' });
    await s.run();
    expect(api.calls.at(-1)!.input).toEqual({ questionId: Q, against: 'gold', groupBy: 'lang' });
    s.choose({ against: 'human', coder: null });
    // Choosing a question forgets the sample chosen before.
    s.choose({ questionId: Q });
    expect(useValidation.getState().sampleId).toBeNull();
  });

  it('keeps the newest answer when an older one arrives later, and says an error in a sentence', async () => {
    const slow = deferred<EvaluationResult>();
    let n = 0;
    const api = fakeApi({
      'evaluation.run': () => {
        n++;
        if (n === 1) return slow.promise;
        if (n === 2) return result(2);
        throw new ApiCallError({ code: 'NOT_FOUND', message: '"Stance" has no validation sample yet.' });
      },
    });
    setPlatform({ face: 'browser', api });
    const s = useValidation.getState();
    s.choose({ questionId: Q });
    const first = s.run();
    await s.run();
    slow.resolve(result(1));
    await first;
    expect(useValidation.getState().result!.tookMs).toBe(2);
    await s.run();
    expect(useValidation.getState()).toMatchObject({ result: null, loading: false, error: '"Stance" has no validation sample yet.' });
  });
});

describe('the methods report', () => {
  it('in Electron asks where to save it, and a cancelled dialog writes nothing', async () => {
    let choice: { path: string } | null = null;
    const api = fakeApi({ 'dialog.saveFile': () => choice, 'report.write': () => written }, 'electron');
    setPlatform({ face: 'electron', api });
    const s = useValidation.getState();
    s.choose({ questionId: Q, against: 'gold' });
    await s.writeReport('Stance: a/b');
    expect(api.calls.map((c) => c.method)).toEqual(['dialog.saveFile']);
    expect(api.calls[0]!.input).toMatchObject({ defaultName: 'validation-Stance  a b.html' });
    expect(useValidation.getState().report).toEqual({ phase: 'idle', written: null, error: null });
    choice = { path: '/tmp/report.html' };
    await s.writeReport('Stance');
    expect(api.calls.at(-1)).toEqual({ method: 'report.write', input: { questionId: Q, against: 'gold', path: '/tmp/report.html' } });
    expect(useValidation.getState().report.written).toEqual(written);
  });

  it('in the browser lets the server choose the place (a download)', async () => {
    const api = fakeApi({ 'report.write': () => ({ ...written, downloadable: true, exportId: 'e1' }) });
    setPlatform({ face: 'browser', api });
    useValidation.getState().choose({ questionId: Q });
    await useValidation.getState().writeReport('Stance');
    expect(api.calls).toEqual([{ method: 'report.write', input: { questionId: Q, against: 'human' } }]);
    expect(useValidation.getState().report.written).toMatchObject({ downloadable: true, exportId: 'e1' });
  });

  it('proposes a file name without characters a file system refuses', () => {
    expect(defaultReportName('Topic')).toBe('validation-Topic.html');
    expect(defaultReportName(' /:* ')).toBe('validation-question.html');
  });
});
