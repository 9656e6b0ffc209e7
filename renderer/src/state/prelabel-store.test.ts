import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowsePage, BrowseRow, MethodInput, PrelabelProgress, PrelabelStatus, RunInfo } from '../../../common/contract';
import { ApiCallError } from '../api/api-client';
import { setPlatform } from '../platform/platform';
import { fakeApi, type FakeApi } from '../test-support/fake-api';
import { useBrowse } from './browse-store';
import { REFRESH_MS, runCounts, runStatus, usePrelabel } from './prelabel-store';

const Q = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const RUN = '33333333-3333-4333-8333-333333333333';

const run = (status: RunInfo['status']): RunInfo => ({
  id: RUN,
  questionId: Q,
  status,
  modelId: 'tiny',
  modelSha256: 'abc',
  modelInputHash: 'h',
  createdAt: '2025-01-01T00:00:00Z',
  finishedAt: null,
  error: null,
});

const rows = (offset: number, n: number): BrowseRow[] =>
  Array.from({ length: n }, (_, i) => ({
    id: offset + i + 1,
    externalId: String(offset + i + 1),
    text: 't',
    textLength: 1,
    status: 'open',
    labels: [],
    suggestion: null,
    coder: null,
    decidedAt: null,
    flagged: false,
    note: null,
    accepted: null,
    parent: null,
    gold: null,
  }));

/** Browse pages over `total` rows by keyset: the cursor is the index of the last row handed out. */
const browse =
  (total: number) =>
  ({ after, limit = 100 }: MethodInput<'browse.page'>): BrowsePage => {
    const start = after === undefined ? 0 : Number(after) + 1;
    const end = Math.min(total, start + limit);
    return { rows: rows(start, end - start), next: end < total ? String(end - 1) : null, total: after === undefined ? total : null };
  };

const event = (done: number, status: RunInfo['status'] = 'running', questionId = Q): PrelabelProgress => ({
  jobId: RUN,
  kind: 'prelabel',
  questionId,
  status,
  done,
  total: 300,
  pairsPerSecond: 250,
  etaSeconds: 12,
});

let api: FakeApi;
let status: PrelabelStatus;
const tick = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  status = { run: null, documents: 300, scored: 0, stale: 0, truncated: 0 };
  api = fakeApi({
    'browse.page': browse(300),
    'prelabel.status': () => status,
    'prelabel.start': () => {
      status = { ...status, run: run('running') };
      return run('running');
    },
    'prelabel.pause': () => {
      status = { ...status, run: run('paused') };
      return run('paused');
    },
  });
  setPlatform({ api, face: 'browser' });
  useBrowse.getState().clear();
  usePrelabel.getState().reset();
});

afterEach(() => vi.useRealTimers());

describe('prelabel store', () => {
  it('shows the question’s suggestions in the documents table and reads its status', async () => {
    useBrowse.getState().ensureRange(0, 9);
    await tick();
    usePrelabel.getState().selectQuestion(Q);
    await tick();
    expect(useBrowse.getState().questionId).toBe(Q);
    expect(api.calls.filter((c) => c.method === 'browse.page').at(-1)?.input).toEqual({
      questionId: Q,
      sort: 'document',
      direction: 'asc',
      limit: 200,
    });
    expect(usePrelabel.getState().status).toEqual(status);
  });

  it('starts with the rows in view as priority, then pauses the run it started', async () => {
    useBrowse.getState().ensureRange(0, 4);
    await tick();
    usePrelabel.getState().selectQuestion(Q);
    await tick();
    await usePrelabel.getState().start();
    expect(api.calls.find((c) => c.method === 'prelabel.start')?.input).toEqual({
      questionId: Q,
      priorityDocumentIds: [1, 2, 3, 4, 5],
      hierarchical: false,
    });
    expect(runStatus(usePrelabel.getState())).toBe('running');
    await usePrelabel.getState().pause();
    expect(api.calls.find((c) => c.method === 'prelabel.pause')?.input).toEqual({ runId: RUN });
    expect(runStatus(usePrelabel.getState())).toBe('paused');
  });

  it('refreshes the visible documents at most every REFRESH_MS while progress arrives, and last at the end', async () => {
    useBrowse.getState().ensureRange(0, 9);
    await tick();
    usePrelabel.getState().selectQuestion(Q);
    await tick();
    await usePrelabel.getState().start();
    vi.useFakeTimers();
    const lists = () => api.calls.filter((c) => c.method === 'browse.page').length;
    const before = lists();
    for (let i = 1; i <= 10; i++) usePrelabel.getState().progressed(event(i * 10));
    expect(lists()).toBe(before + 1); // the first at once
    vi.advanceTimersByTime(REFRESH_MS);
    expect(lists()).toBe(before + 2); // the rest folded into one
    usePrelabel.getState().progressed(event(300, 'done'));
    vi.advanceTimersByTime(REFRESH_MS);
    expect(lists()).toBe(before + 3);
    expect(runCounts(usePrelabel.getState())).toEqual({ done: 300, total: 300 });
    expect(runStatus(usePrelabel.getState())).toBe('done');
  });

  it('ignores the progress of another question', async () => {
    usePrelabel.getState().selectQuestion(Q);
    await tick();
    usePrelabel.getState().progressed(event(10, 'running', OTHER));
    expect(usePrelabel.getState().progress).toBeNull();
  });

  it('shows the core’s refusal', async () => {
    api = fakeApi({
      'browse.page': browse(0),
      'prelabel.status': () => status,
      'prelabel.start': () => {
        throw new ApiCallError({ code: 'NOT_FOUND', message: 'No NLI model is selected.' });
      },
    });
    setPlatform({ api, face: 'browser' });
    usePrelabel.getState().selectQuestion(Q);
    await tick();
    await usePrelabel.getState().start();
    expect(usePrelabel.getState().error).toBe('No NLI model is selected.');
    expect(usePrelabel.getState().pending).toBeNull();
  });
});
