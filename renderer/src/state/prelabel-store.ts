// Pre-labelling one question: the question in focus (the Documents table shows its suggestions
// too), its status from the core (scored, stale, cut), the run's live progress from its job's
// `job:progress` (kind 'prelabel'; the job's id is the run's), and start, pause, resume and cancel.
// While a run goes, the visible pages of the Documents table are fetched again at most every
// REFRESH_MS so suggestions appear as they come.
import { create } from 'zustand';
import type { PrelabelProgress, PrelabelStatus, RunInfo } from '../../../common/contract';
import { api } from '../platform/platform';
import { errorMessage } from '../platform/error-message';
import { useBrowse } from './browse-store';
import { throttle } from './throttle';
import { resetsWithProject } from './project-scope';

export const REFRESH_MS = 500;
/** The counts (scored, stale) are read again at most this often while a run goes. */
export const STATUS_MS = 1500;

export type RunAction = 'start' | 'pause' | 'resume' | 'cancel';

interface PrelabelState {
  questionId: string | null;
  status: PrelabelStatus | null;
  /** The latest progress event of the question's run. */
  progress: PrelabelProgress | null;
  /** While a start measures the model's threads on this machine (before its run exists): the step. */
  measuring: { step: number; steps: number } | null;
  /** The action waiting for the core's answer. */
  pending: RunAction | null;
  error: string | null;
  /** Run option: the top-level labels first, then only the labels under the top parents. */
  hierarchical: boolean;
  topParents: number;

  setHierarchical(on: boolean, topParents?: number): void;
  selectQuestion(questionId: string | null): void;
  refreshStatus(): Promise<void>;
  start(): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  cancel(): Promise<void>;
  /** From the core's `job:progress` of kind 'prelabel'. */
  progressed(p: PrelabelProgress): void;
  clearError(): void;
  reset(): void;
}

/** The run's status as the UI shows it: the live event's when it belongs to the latest run. */
export function runStatus(s: Pick<PrelabelState, 'status' | 'progress'>): RunInfo['status'] | null {
  const run = s.status?.run ?? null;
  if (s.progress && (!run || s.progress.jobId === run.id)) return s.progress.status;
  return run?.status ?? null;
}

/** Done and total documents for the bar: the live event while a run reports, else the counts. */
export function runCounts(s: Pick<PrelabelState, 'status' | 'progress'>): { done: number; total: number } {
  const run = s.status?.run ?? null;
  if (s.progress && (!run || s.progress.jobId === run.id)) return { done: s.progress.done, total: s.progress.total };
  return { done: s.status?.scored ?? 0, total: s.status?.documents ?? 0 };
}

export const usePrelabel = create<PrelabelState>()((set, get) => {
  let generation = 0;
  let statusSeq = 0;
  const refreshDocuments = throttle(() => useBrowse.getState().refresh(), REFRESH_MS);
  const refreshCounts = throttle(() => void get().refreshStatus(), STATUS_MS);

  const withRun = async (action: RunAction, call: (runId: string) => Promise<RunInfo>) => {
    const runId = get().status?.run?.id;
    if (!runId || get().pending) return;
    await act(action, () => call(runId));
  };

  const act = async (action: RunAction, call: () => Promise<RunInfo>) => {
    const gen = generation;
    set({ pending: action, error: null, measuring: null });
    try {
      const run = await call();
      if (gen !== generation) return;
      set((s) => ({ status: s.status ? { ...s.status, run } : s.status }));
      await get().refreshStatus();
    } catch (err) {
      if (gen === generation) set({ error: errorMessage(err) });
    } finally {
      if (gen === generation) set({ pending: null, measuring: null });
    }
  };

  return {
    questionId: null,
    status: null,
    progress: null,
    measuring: null,
    pending: null,
    error: null,
    hierarchical: false,
    topParents: 2,

    setHierarchical(on, topParents) {
      set((s) => ({
        hierarchical: on,
        topParents: topParents !== undefined && Number.isInteger(topParents) && topParents >= 1 ? Math.min(100, topParents) : s.topParents,
      }));
    },

    selectQuestion(questionId) {
      useBrowse.getState().setQuestion(questionId);
      if (questionId === get().questionId) return;
      generation++;
      set({ questionId, status: null, progress: null, measuring: null, pending: null, error: null });
      void get().refreshStatus();
    },

    async refreshStatus() {
      const { questionId } = get();
      if (!questionId) return;
      const gen = generation;
      const mine = ++statusSeq;
      try {
        const status = await api().call('prelabel.status', { questionId });
        // Only the newest answer counts: an older one may arrive late.
        if (gen !== generation || mine !== statusSeq) return;
        // A progress event of an older run says nothing about this one.
        set((s) => ({ status, progress: s.progress && status.run && s.progress.jobId !== status.run.id ? null : s.progress }));
      } catch (err) {
        if (gen === generation) set({ error: errorMessage(err) });
      }
    },

    async start() {
      const { questionId, pending } = get();
      if (!questionId || pending) return;
      // The documents in view in the table go first, so the coder sees their suggestions soonest.
      const priorityDocumentIds = useBrowse.getState().visibleIds();
      const { hierarchical, topParents } = get();
      await act('start', () =>
        api().call('prelabel.start', { questionId, priorityDocumentIds, hierarchical, ...(hierarchical ? { topParents } : {}) }),
      );
    },

    pause: () => withRun('pause', (runId) => api().call('prelabel.pause', { runId })),
    resume: () => withRun('resume', (runId) => api().call('prelabel.resume', { runId })),
    cancel: () => withRun('cancel', (runId) => api().call('prelabel.cancel', { runId })),

    progressed(p) {
      if (p.questionId !== get().questionId) return;
      // Measuring threads comes before the run exists: it is shown on its own, not as the run's progress.
      if (p.measuring) return set({ measuring: p.measuring });
      if (get().measuring) set({ measuring: null });
      const before = runStatus(get());
      const known = get().status?.run?.id === p.jobId;
      set({ progress: p });
      if (useBrowse.getState().questionId === p.questionId) refreshDocuments();
      // A new run (started here or elsewhere), or a run that stopped: the counts changed.
      if (!known || p.status !== 'running' || before !== 'running') void get().refreshStatus();
      else refreshCounts();
    },

    clearError: () => set({ error: null }),

    reset() {
      generation++;
      refreshDocuments.cancel();
      refreshCounts.cancel();
      set({ questionId: null, status: null, progress: null, measuring: null, pending: null, error: null });
    },
  };
});

resetsWithProject('prelabel', () => usePrelabel.getState().reset());
