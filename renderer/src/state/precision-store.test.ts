// The int8 check from the Pre-label screen: its progress follows its own job id, and Cancel stops
// that job (the core then refuses the switch and the project keeps its precision).
import { describe, expect, it } from 'vitest';
import type { MethodInput, PrecisionResult } from '../../../common/contract';
import { ApiCallError } from '../api/api-client';
import { setPlatform } from '../platform/platform';
import { deferred, fakeApi } from '../test-support/fake-api';
import { usePrecision } from './precision-store';
import { wireEvents } from './wire-events';

const Q = '11111111-1111-4111-8111-111111111111';

describe('the int8 check', () => {
  it('shows its own progress and is cancelled through job.cancel with its job id', async () => {
    const answer = deferred<PrecisionResult>();
    let started: MethodInput<'prelabel.setPrecision'> | null = null;
    const api = fakeApi({
      'prelabel.setPrecision': (input) => {
        started = input;
        return answer.promise;
      },
      'job.cancel': () => {
        answer.reject(new ApiCallError({ code: 'CANCELLED', message: 'The int8 check was cancelled; the project keeps its precision.' }));
        return { cancelled: true };
      },
    });
    setPlatform({ api, face: 'browser' });
    const unwire = wireEvents(api);
    const check = usePrecision.getState().toInt8(Q);
    expect(usePrecision.getState().checking).toBe(true);
    const jobId = (started as MethodInput<'prelabel.setPrecision'> | null)?.jobId;
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    api.emit('job:progress', { jobId: '99999999-9999-4999-8999-999999999999', kind: 'precision', phase: 'int8', done: 9, total: 10 });
    expect(usePrecision.getState().progress).toBeNull(); // another check's progress
    api.emit('job:progress', { jobId: jobId!, kind: 'precision', phase: 'fp32', done: 3, total: 200 });
    expect(usePrecision.getState().progress).toMatchObject({ phase: 'fp32', done: 3 });
    await usePrecision.getState().cancel();
    await check;
    expect(api.calls.find((c) => c.method === 'job.cancel')?.input).toEqual({ jobId });
    expect(usePrecision.getState()).toMatchObject({
      checking: false,
      progress: null,
      error: 'The int8 check was cancelled; the project keeps its precision.',
    });
    // Nothing runs now: Cancel does nothing.
    await usePrecision.getState().cancel();
    expect(api.calls.filter((c) => c.method === 'job.cancel')).toHaveLength(1);
    unwire();
  });
});
