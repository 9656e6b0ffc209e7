import { beforeEach, describe, expect, it } from 'vitest';
import type { DownloadOffer, ModelDownloadProgress, ModelEntry, ModelInfo } from '../../../common/contract';
import { setPlatform } from '../platform/platform';
import { deferred, fakeApi, type FakeApi } from '../test-support/fake-api';
import { suggestsCopy, useModelDownload } from './model-download-store';
import { wireEvents } from './wire-events';
import { useModel } from './model-store';
import { useModels } from './models-store';

const offer: DownloadOffer = {
  repo: 'owner/tiny-nli',
  revision: '0123456789abcdef0123456789abcdef01234567',
  totalBytes: 1_741_000,
  host: '127.0.0.1:4321',
  destDir: '/data/models/tiny-nli',
  resumeBytes: 0,
};
const downloaded: ModelEntry = {
  id: 'tiny-nli',
  path: offer.destDir,
  source: 'downloaded',
  sizeBytes: 1_741_000,
  missing: false,
  missingFiles: [],
  complete: true,
  active: true,
  card: null,
};
const model: ModelInfo = {
  id: 'tiny-nli',
  path: offer.destDir,
  sha256: 'c'.repeat(64),
  labels: { entailment: 0, neutral: 1, contradiction: 2 },
  inputs: ['input_ids', 'attention_mask'],
  maxLength: 512,
  sizeBytes: 1_741_000,
};
const progress = (jobId: string, bytes: number, phase: ModelDownloadProgress['phase'] = 'downloading'): ModelDownloadProgress => ({
  jobId,
  kind: 'download',
  phase,
  file: 'onnx/model.onnx',
  fileIndex: 2,
  fileCount: 3,
  fileBytes: bytes,
  fileTotal: offer.totalBytes,
  bytes,
  total: offer.totalBytes,
  bytesPerSecond: 600_000,
  etaSeconds: 2,
});
const tick = () => new Promise((r) => setTimeout(r, 0));

let api: FakeApi;
let list: ModelEntry[];
let unwire: (() => void) | null = null;

beforeEach(() => {
  list = [];
  offer.resumeBytes = 0;
  api = fakeApi({
    'models.downloadOffer': () => offer,
    'models.list': () => list,
    'models.download': ({ jobId }) => ({ jobId }),
    'job.cancel': () => ({ cancelled: true }),
    'model.current': () => (list.length ? model : null),
  });
  setPlatform({ api, face: 'browser' });
  unwire?.();
  unwire = wireEvents(api);
  useModelDownload.setState({ step: 'idle', offer: null, jobId: null, progress: null, failure: null, doneId: null });
  useModels.setState({
    entries: [],
    loaded: false,
    loadError: null,
    pending: null,
    addError: null,
    useError: null,
    removeError: null,
    notice: null,
  });
  useModel.setState({ model: null, loaded: true, loading: false, error: null });
});

const methods = () => api.calls.map((c) => c.method);

describe('model download store', () => {
  it('asks for consent first and downloads nothing when the person declines', async () => {
    await useModelDownload.getState().ask();
    expect(useModelDownload.getState()).toMatchObject({ step: 'consent', offer });
    useModelDownload.getState().decline();
    expect(useModelDownload.getState().step).toBe('idle');
    expect(methods()).not.toContain('models.download');
    // start() does nothing outside the consent step.
    await useModelDownload.getState().start();
    expect(methods()).not.toContain('models.download');
  });

  it('downloads with consent, follows its own job only, and ends with the model active', async () => {
    await useModelDownload.getState().ask();
    await useModelDownload.getState().start();
    const call = api.calls.find((c) => c.method === 'models.download')!;
    const { jobId } = call.input as { jobId: string; consent: true };
    expect(call.input).toEqual({ consent: true, jobId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(useModelDownload.getState().step).toBe('running');

    api.emit('job:progress', progress('99999999-9999-4999-8999-999999999999', 5));
    expect(useModelDownload.getState().progress).toBeNull();
    api.emit('job:progress', progress(jobId, 800_000));
    expect(useModelDownload.getState().progress).toMatchObject({ bytes: 800_000 });
    useModelDownload.getState().progressed(progress(jobId, 1_741_000, 'verifying'));
    expect(useModelDownload.getState().progress).toMatchObject({ bytes: 1_741_000, phase: 'verifying' });

    list = [downloaded];
    api.emit('job:done', {
      jobId,
      kind: 'download',
      status: 'done',
      result: {
        path: offer.destDir,
        model: {
          format: 1,
          id: 'tiny-nli',
          repo: offer.repo,
          revision: offer.revision,
          source: 'hub',
          downloadedAt: '2026-01-01T00:00:00.000Z',
          files: [],
          dir: offer.destDir,
        },
      },
    });
    expect(useModelDownload.getState().step).toBe('done');
    await tick();
    await tick();
    expect(useModelDownload.getState().doneId).toBe('tiny-nli');
    expect(useModels.getState().entries).toEqual([downloaded]);
    expect(useModel.getState().model?.path).toBe(offer.destDir);
  });

  it('takes events that arrive before models.download answers', async () => {
    const answer = deferred<{ jobId: string }>();
    api = fakeApi({
      'models.downloadOffer': () => offer,
      'models.list': () => [],
      'models.download': () => answer.promise,
      'model.current': () => null,
    });
    setPlatform({ api, face: 'browser' });
    await useModelDownload.getState().ask();
    const started = useModelDownload.getState().start();
    const jobId = useModelDownload.getState().jobId!;
    useModelDownload.getState().finished({
      jobId,
      kind: 'download',
      status: 'failed',
      error: { code: 'BAD_FILE', message: 'config.json failed its checksum.', reason: 'checksum' },
    });
    answer.resolve({ jobId });
    await started;
    expect(useModelDownload.getState()).toMatchObject({
      step: 'failed',
      failure: { reason: 'checksum', message: 'config.json failed its checksum.' },
    });
    expect(suggestsCopy(useModelDownload.getState().failure)).toBe(false);
  });

  it('issue 10: cancels with job.cancel; the kept bytes are no model in the list, and asking again offers to continue from them', async () => {
    await useModelDownload.getState().ask();
    await useModelDownload.getState().start();
    const jobId = useModelDownload.getState().jobId!;
    await useModelDownload.getState().cancel();
    expect(api.calls.at(-1)).toEqual({ method: 'job.cancel', input: { jobId } });
    expect(useModelDownload.getState().step).toBe('cancelling');
    useModelDownload.getState().finished({ jobId, kind: 'download', status: 'cancelled' });
    await tick();
    expect(useModelDownload.getState().step).toBe('cancelled');
    expect(useModels.getState().entries).toEqual([]);
    offer.resumeBytes = 400_000;
    await useModelDownload.getState().ask();
    expect(useModelDownload.getState()).toMatchObject({ step: 'consent', offer: { resumeBytes: 400_000 } });
  });

  it('suggests a copied folder when the network is the trouble', () => {
    expect(suggestsCopy({ code: 'INTERNAL', message: 'offline', reason: 'offline' })).toBe(true);
    expect(suggestsCopy({ code: 'INTERNAL', message: 'proxy', reason: 'proxy' })).toBe(true);
    expect(suggestsCopy({ code: 'BAD_FILE', message: 'checksum', reason: 'checksum' })).toBe(false);
    expect(suggestsCopy(null)).toBe(false);
  });
});
