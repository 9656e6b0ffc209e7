// The consented download of the default model, step by step: what would be downloaded (no
// network), the person's yes, and the job of kind 'download': its progress and its end.
// models.download is called only from start(), which only the consent step's Download button calls.
import { create } from 'zustand';
import type { DownloadOffer, JobDoneOf, ModelDownloadProgress } from '../../../common/contract';
import { ApiCallError } from '../api/api-client';
import { api } from '../platform/platform';
import { errorMessage } from '../platform/error-message';
import { useModel } from './model-store';
import { useModels } from './models-store';

export type DownloadStep = 'idle' | 'offering' | 'consent' | 'starting' | 'running' | 'cancelling' | 'done' | 'cancelled' | 'failed';

export interface DownloadFailure {
  code: string;
  message: string;
  /** The core's reason (offline, checksum, ...), for what to suggest next. */
  reason?: string;
  /** Asking what would be downloaded failed, before any download. */
  offer?: boolean;
}

/** Failures where the network, not the file, was the trouble: another machine's copy helps. */
const NETWORK_REASONS = new Set([
  'offline',
  'proxy',
  'timeout',
  'interrupted',
  'http',
  'not-found',
  'unauthorized',
  'redirect',
  'insecure',
]);

export function suggestsCopy(failure: DownloadFailure | null): boolean {
  return !!failure?.reason && NETWORK_REASONS.has(failure.reason);
}

interface DownloadState {
  step: DownloadStep;
  offer: DownloadOffer | null;
  jobId: string | null;
  progress: ModelDownloadProgress | null;
  failure: DownloadFailure | null;
  /** The id of the model the download made active. */
  doneId: string | null;

  /** Asks the core what it would download, for the consent step. */
  ask(): Promise<void>;
  /** The person said no: nothing was fetched. */
  decline(): void;
  /** The person said yes. */
  start(): Promise<void>;
  cancel(): Promise<void>;
  progressed(p: ModelDownloadProgress): void;
  finished(d: JobDoneOf<'download'>): void;
  dismiss(): void;
}

const asFailure = (err: unknown): DownloadFailure =>
  err instanceof ApiCallError ? { code: err.code, message: err.message } : { code: 'INTERNAL', message: errorMessage(err) };

const running = (step: DownloadStep) => step === 'starting' || step === 'running' || step === 'cancelling';

export const useModelDownload = create<DownloadState>()((set, get) => ({
  step: 'idle',
  offer: null,
  jobId: null,
  progress: null,
  failure: null,
  doneId: null,

  async ask() {
    if (running(get().step) || get().step === 'offering') return;
    set({ step: 'offering', failure: null, progress: null, doneId: null });
    try {
      // The offer says how much an earlier, unfinished download left to continue from.
      const offer = await api().call('models.downloadOffer', {});
      if (get().step === 'offering') set({ step: 'consent', offer });
    } catch (err) {
      if (get().step === 'offering') set({ step: 'failed', failure: { ...asFailure(err), offer: true } });
    }
  },

  decline() {
    if (get().step === 'consent') set({ step: 'idle' });
  },

  async start() {
    if (get().step !== 'consent') return;
    // The client names the job, so events that arrive before the answer are recognised.
    const jobId = crypto.randomUUID();
    set({ step: 'starting', jobId, progress: null, failure: null, doneId: null });
    try {
      await api().call('models.download', { consent: true, jobId });
      if (get().jobId === jobId && get().step === 'starting') set({ step: 'running' });
    } catch (err) {
      if (get().jobId === jobId && running(get().step)) set({ step: 'failed', failure: asFailure(err) });
    }
  },

  async cancel() {
    const { jobId, step } = get();
    if (!jobId || (step !== 'running' && step !== 'starting')) return;
    set({ step: 'cancelling' });
    try {
      // The end arrives as job:done (cancelled, or done when the last byte beat the cancel).
      await api().call('job.cancel', { jobId });
    } catch (err) {
      if (get().jobId === jobId && get().step === 'cancelling') set({ step: 'failed', failure: asFailure(err) });
    }
  },

  progressed(p) {
    const { jobId, step } = get();
    if (p.jobId !== jobId || !running(step)) return;
    set({ progress: p, step: step === 'cancelling' ? step : 'running' });
  },

  finished(d) {
    if (d.jobId !== get().jobId || !running(get().step)) return;
    if (d.status === 'done') set({ step: 'done', failure: null });
    else if (d.status === 'cancelled') set({ step: 'cancelled', failure: null });
    else set({ step: 'failed', failure: d.error ?? { code: 'INTERNAL', message: errorMessage(null) } });
    // Only a finished download adds a model; the list is read again either way, so it is current.
    void useModels
      .getState()
      .load()
      .then(() => {
        if (d.status !== 'done' || get().jobId !== d.jobId) return;
        const path = d.result?.path;
        const entry = useModels.getState().entries.find((e) => e.path === path);
        set({ doneId: entry?.id ?? path ?? null });
      });
    if (d.status === 'done') void useModel.getState().load(true);
  },

  dismiss() {
    if (!running(get().step)) set({ step: 'idle', failure: null, progress: null, doneId: null });
  },
}));
