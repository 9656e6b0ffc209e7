// The renderer hears every event of the contract (issue 11: a name left out of a hand-kept list
// never reached the page), and each job's events reach the store of its kind.
import { afterEach, describe, expect, it } from 'vitest';
import { eventNames, type EventName } from '../../../common/contract';
import { setPlatform } from '../platform/platform';
import { fakeApi } from '../test-support/fake-api';
import { useExport } from './export-store';
import { useModelDownload } from './model-download-store';
import { usePrecision } from './precision-store';
import { wireEvents } from './wire-events';

let unwire: (() => void) | null = null;
afterEach(() => {
  unwire?.();
  unwire = null;
});

const JOB = '11111111-1111-4111-8111-111111111111';

describe('wireEvents', () => {
  it('subscribes to every event of the contract, and unsubscribes from all of them', () => {
    const api = fakeApi({});
    const subscribed = new Map<EventName, number>();
    const on = api.on.bind(api);
    api.on = (event, listener) => {
      subscribed.set(event, (subscribed.get(event) ?? 0) + 1);
      const off = on(event, listener);
      return () => {
        subscribed.set(event, subscribed.get(event)! - 1);
        off();
      };
    };
    setPlatform({ api, face: 'browser' });
    const off = wireEvents(api);
    expect([...subscribed.keys()].sort()).toEqual([...eventNames].sort());
    off();
    expect([...subscribed.values()].every((n) => n === 0)).toBe(true);
  });

  it('routes job events by kind: an export job to the export store, a download to the download store', () => {
    const api = fakeApi({});
    setPlatform({ api, face: 'browser' });
    unwire = wireEvents(api);
    useExport.setState({ jobId: JOB, phase: 'running', progress: null });
    useModelDownload.setState({ jobId: JOB, step: 'running', progress: null });
    usePrecision.setState({ progress: null });

    api.emit('job:progress', { jobId: JOB, kind: 'export', phase: 'writing', done: 3, total: 9, unit: 'rows' });
    expect(useExport.getState().progress).toMatchObject({ kind: 'export', done: 3 });
    // The same id under another kind is not this store's job.
    expect(useModelDownload.getState().progress).toBeNull();

    api.emit('job:done', { jobId: JOB, kind: 'export', status: 'cancelled' });
    expect(useExport.getState()).toMatchObject({ phase: 'idle', jobId: null });
    expect(useModelDownload.getState().step).toBe('running');
  });
});
