// The Pre-label screen's "Measuring threads (n of m)" while a start measures the threads, rendered
// to markup; the store shows it from the run's progress until the run scores; and a pause refused
// because another process owns the run shows the core's one line.
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PrelabelProgress, PrelabelStatus } from '../../../common/contract';
import { ApiCallError } from '../api/api-client';
import { setPlatform } from '../platform/platform';
import { usePrelabel } from '../state/prelabel-store';
import { useBrowse } from '../state/browse-store';
import { fakeApi } from '../test-support/fake-api';
import { ThreadMeasuring } from './thread-measuring';

const REFUSAL =
  'This run is being pre-labelled by process 4242 on lab-server since 2026-12-08T00:50:00.000Z; pause it in that process (a CLI run pauses on Ctrl+C or kill -TERM 4242).';
const status: PrelabelStatus = {
  run: {
    id: 'run-1',
    questionId: 'q',
    status: 'running',
    modelId: 'tiny',
    modelSha256: 'abc',
    modelInputHash: 'h',
    createdAt: '2026-12-08T00:50:00Z',
    finishedAt: null,
    error: null,
  },
  documents: 50,
  scored: 3,
  stale: 0,
  truncated: 0,
};

const event = (fields: Partial<PrelabelProgress>): PrelabelProgress => ({
  jobId: 'run-1',
  kind: 'prelabel',
  questionId: 'q',
  status: 'running',
  done: 0,
  total: 0,
  pairsPerSecond: 0,
  etaSeconds: null,
  ...fields,
});

beforeEach(() => {
  setPlatform({
    api: fakeApi({
      'prelabel.status': () => status,
      'browse.page': () => ({ rows: [], next: null, total: 0 }),
      'prelabel.pause': () => {
        throw new ApiCallError({ code: 'BUSY', message: REFUSAL });
      },
    }),
    face: 'browser',
  });
  useBrowse.getState().clear();
  usePrelabel.getState().reset();
});

describe('ThreadMeasuring', () => {
  it('says which thread count is being measured, and nothing when none is', () => {
    expect(renderToStaticMarkup(<ThreadMeasuring measuring={{ step: 1, steps: 2 }} />)).toBe(
      '<p class="field-hint" role="status" data-testid="prelabel-measuring">Measuring threads (1 of 2): the first run of this model on this machine times it at each thread count and keeps the fastest.</p>',
    );
    expect(renderToStaticMarkup(<ThreadMeasuring measuring={null} />)).toBe('');
  });

  it("the store shows the measuring steps of the question, not as the run's progress, until the run scores", () => {
    usePrelabel.setState({ questionId: 'q' });
    const store = usePrelabel.getState();
    store.progressed(event({ measuring: { step: 1, steps: 2 } }));
    expect(usePrelabel.getState()).toMatchObject({ measuring: { step: 1, steps: 2 }, progress: null });
    store.progressed(event({ measuring: { step: 2, steps: 2 }, questionId: 'another question' }));
    expect(usePrelabel.getState().measuring).toEqual({ step: 1, steps: 2 });
    store.progressed(event({ measuring: { step: 2, steps: 2 } }));
    expect(usePrelabel.getState().measuring).toEqual({ step: 2, steps: 2 });
    store.progressed(event({ done: 3, total: 50, threads: 2, threadSource: 'calibrated' }));
    expect(usePrelabel.getState()).toMatchObject({ measuring: null, progress: { done: 3, total: 50 } });
  });
});

describe('a run owned by another process', () => {
  it("a refused pause shows the core's line naming that process, and the run stays as it was", async () => {
    usePrelabel.setState({ questionId: 'q', status });
    await usePrelabel.getState().pause();
    expect(usePrelabel.getState()).toMatchObject({ error: REFUSAL, pending: null, status: { run: { status: 'running' } } });
  });
});
