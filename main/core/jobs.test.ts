// The job registry: one job:progress family and exactly one job:done per job, whatever the kind;
// cancel, list, stop all; every event it sends fits the contract's schema.
import { describe, expect, it } from 'vitest';
import { checkEvent, PrelabelError, type EventName, type Events } from '../../common/contract';
import { JobRegistry } from './jobs';

function registry() {
  const events: { event: EventName; payload: unknown }[] = [];
  const jobs = new JobRegistry(<E extends EventName>(event: E, payload: Events[E]) => {
    expect(checkEvent(event, payload)).toEqual({ ok: true });
    events.push({ event, payload });
  });
  return { jobs, events };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('JobRegistry', () => {
  it('sends progress with the job id and kind, then one job:done with the result, and forgets the job', async () => {
    const { jobs, events } = registry();
    const started = jobs.start(
      'export',
      async (job) => {
        job.progress({ phase: 'writing', done: 1, total: 2, unit: 'rows' });
        return { exportId: 'e', format: 'csv', filter: 'coded', rows: 2, perLabel: [], files: [], downloadable: false, warnings: [] };
      },
      { jobId: '11111111-1111-4111-8111-111111111111' },
    );
    expect(jobs.list()).toEqual([{ jobId: started.jobId, kind: 'export' }]);
    await started.value;
    await settle();
    expect(events).toEqual([
      { event: 'job:progress', payload: { jobId: started.jobId, kind: 'export', phase: 'writing', done: 1, total: 2, unit: 'rows' } },
      {
        event: 'job:done',
        payload: expect.objectContaining({
          jobId: started.jobId,
          kind: 'export',
          status: 'done',
          result: expect.objectContaining({ rows: 2 }),
        }),
      },
    ]);
    expect(jobs.list()).toEqual([]);
  });

  it('reports a failure with the error a person reads (and a download reason), and the caller gets the error too', async () => {
    const { jobs, events } = registry();
    const started = jobs.start(
      'download',
      async () => {
        throw Object.assign(new PrelabelError('INTERNAL', 'You seem to be offline.'), { reason: 'offline' });
      },
      { reason: (err) => (err as { reason?: string }).reason },
    );
    await expect(started.value).rejects.toThrow('You seem to be offline.');
    await settle();
    expect(events.at(-1)).toEqual({
      event: 'job:done',
      payload: {
        jobId: started.jobId,
        kind: 'download',
        status: 'failed',
        error: { code: 'INTERNAL', message: 'You seem to be offline.', reason: 'offline' },
      },
    });
  });

  it('cancel aborts the job, waits until it stopped, and job:done says cancelled', async () => {
    const { jobs, events } = registry();
    const started = jobs.start(
      'index',
      (job) => new Promise<null>((_, reject) => job.signal.addEventListener('abort', () => reject(new Error('stopped')))),
    );
    started.value.catch(() => {});
    expect(await jobs.cancel(started.jobId)).toBe(true);
    expect(events.at(-1)).toEqual({ event: 'job:done', payload: { jobId: started.jobId, kind: 'index', status: 'cancelled' } });
    expect(await jobs.cancel(started.jobId)).toBe(false);
  });

  it('a job that is not cancellable is left alone by cancel but stopped by stopAll; its work decides the outcome', async () => {
    const { jobs, events } = registry();
    const started = jobs.start(
      'precision',
      (job) => new Promise<string>((resolve) => job.signal.addEventListener('abort', () => resolve('paused'))),
      {
        cancellable: false,
        result: () => ({ state: { precision: 'fp32', effective: 'fp32', check: null }, check: null }),
        outcome: () => ({ status: 'cancelled' }),
      },
    );
    expect(await jobs.cancel(started.jobId)).toBe(false);
    expect(jobs.isRunning('precision')).toBe(true);
    await jobs.stopAll();
    expect(jobs.isRunning('precision')).toBe(false);
    expect(events.at(-1)).toMatchObject({
      event: 'job:done',
      payload: { kind: 'precision', status: 'cancelled', result: { check: null } },
    });
  });

  it('refuses a second job with the same id while the first runs', async () => {
    const { jobs } = registry();
    const id = '22222222-2222-4222-8222-222222222222';
    let finish!: () => void;
    const first = jobs.start('analyze', () => new Promise<{ rows: number }>((r) => (finish = () => r({ rows: 0 }))), { jobId: id });
    expect(() => jobs.start('analyze', async () => ({ rows: 0 }), { jobId: id })).toThrow(expect.objectContaining({ code: 'BUSY' }));
    finish();
    await first.value;
  });
});
