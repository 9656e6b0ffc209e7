// The active model's thread choice on this machine (model.threads): stored or not, when, under what
// load, the timings; "Measure again" (model.measureThreads) replaces it ([Note: thread calibration]).
import { create } from 'zustand';
import type { ModelThreads } from '../../../common/contract';
import { api } from '../platform/platform';
import { errorMessage } from '../platform/error-message';

interface ThreadChoiceState {
  threads: ModelThreads | null;
  measuring: boolean;
  error: string | null;
  load(): Promise<void>;
  remeasure(): Promise<void>;
}

let seq = 0;

export const useThreadChoice = create<ThreadChoiceState>()((set, get) => ({
  threads: null,
  measuring: false,
  error: null,

  async load() {
    const mine = ++seq;
    try {
      const threads = await api().call('model.threads', {});
      if (mine === seq) set({ threads, error: null });
    } catch (err) {
      if (mine === seq) set({ error: errorMessage(err) });
    }
  },

  async remeasure() {
    if (get().measuring) return;
    const mine = ++seq;
    set({ measuring: true, error: null });
    try {
      const threads = await api().call('model.measureThreads', {});
      if (mine === seq) set({ threads });
    } catch (err) {
      if (mine === seq) set({ error: errorMessage(err) });
    } finally {
      set({ measuring: false });
    }
  },
}));
