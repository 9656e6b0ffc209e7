// The open project's model precision (fp32 or int8) and the int8 agreement check: the threshold
// the user sets, the check's live phase (its job's progress, kind 'precision'), and its result.
import { create } from 'zustand';
import type { PrecisionCheck, PrecisionProgress, PrecisionState } from '../../../common/contract';
import { api } from '../platform/platform';
import { errorMessage } from '../platform/error-message';
import { resetsWithProject } from './project-scope';

interface PrecisionStore {
  state: PrecisionState | null;
  /** Percent, as the user typed it. */
  minAgreement: number;
  checking: boolean;
  progress: PrecisionProgress | null;
  /** The check made here last (accepted or refused). */
  lastCheck: PrecisionCheck | null;
  error: string | null;
  load(): Promise<void>;
  setMinAgreement(percent: number): void;
  toInt8(questionId: string): Promise<void>;
  toFp32(): Promise<void>;
  /** Stops a running int8 check; the project keeps its precision. */
  cancel(): Promise<void>;
  clearError(): void;
  /** The running check's progress; another job's is ignored. */
  progressed(p: PrecisionProgress): void;
  /** Another project: its precision is read again when a screen asks. */
  reset(): void;
}

/** The id of the check in progress (job.cancel takes it). */
let runningJob: string | null = null;
/** Grows with every project change: answers about the last project are dropped. */
let generation = 0;

const newJobId = () => crypto.randomUUID();

export const usePrecision = create<PrecisionStore>()((set, get) => ({
  state: null,
  minAgreement: 95,
  checking: false,
  progress: null,
  lastCheck: null,
  error: null,

  async load() {
    const gen = generation;
    try {
      const state = await api().call('prelabel.precision', {});
      if (gen === generation) set({ state });
    } catch (err) {
      if (gen === generation) set({ error: errorMessage(err) });
    }
  },

  setMinAgreement(percent) {
    if (Number.isFinite(percent)) set({ minAgreement: Math.min(100, Math.max(0, percent)) });
  },

  async toInt8(questionId) {
    if (get().checking) return;
    const gen = generation;
    const jobId = newJobId();
    runningJob = jobId;
    set({ checking: true, error: null, lastCheck: null, progress: null });
    try {
      const r = await api().call('prelabel.setPrecision', { precision: 'int8', questionId, minAgreement: get().minAgreement / 100, jobId });
      if (gen === generation) set({ state: r.state, lastCheck: r.check });
    } catch (err) {
      if (gen === generation) set({ error: errorMessage(err) });
    } finally {
      if (runningJob === jobId) runningJob = null;
      if (gen === generation) set({ checking: false, progress: null });
    }
  },

  async cancel() {
    if (!runningJob) return;
    try {
      await api().call('job.cancel', { jobId: runningJob });
    } catch (err) {
      set({ error: errorMessage(err) });
    }
  },

  async toFp32() {
    try {
      const r = await api().call('prelabel.setPrecision', { precision: 'fp32' });
      set({ state: r.state, lastCheck: null, error: null });
    } catch (err) {
      set({ error: errorMessage(err) });
    }
  },

  progressed(p) {
    if (p.jobId === runningJob) set({ progress: p });
  },

  clearError: () => set({ error: null }),

  reset() {
    generation++;
    set({ state: null, checking: false, progress: null, lastCheck: null, error: null });
  },
}));

resetsWithProject('precision', () => usePrecision.getState().reset());
