// The NLI playground: one premise and one hypothesis through the selected model, the three class
// probabilities back. The texts survive a visit to another screen.
import { create } from 'zustand';
import type { NliResult } from '../../../common/contract';
import { api } from '../platform/platform';
import { errorMessage } from '../platform/error-message';

interface PlaygroundState {
  premise: string;
  hypothesis: string;
  result: NliResult | null;
  running: boolean;
  error: string | null;

  setPremise(premise: string): void;
  setHypothesis(hypothesis: string): void;
  run(): Promise<void>;
}

export const usePlayground = create<PlaygroundState>()((set, get) => {
  let seq = 0;
  return {
    premise: '',
    hypothesis: '',
    result: null,
    running: false,
    error: null,

    setPremise: (premise) => set({ premise }),
    setHypothesis: (hypothesis) => set({ hypothesis }),

    async run() {
      const premise = get().premise.trim();
      const hypothesis = get().hypothesis.trim();
      if (!premise || !hypothesis) return;
      const mine = ++seq;
      set({ running: true, error: null });
      try {
        const result = await api().call('nli.playground', { premise, hypothesis });
        if (mine === seq) set({ result });
      } catch (err) {
        if (mine === seq) set({ error: errorMessage(err), result: null });
      } finally {
        if (mine === seq) set({ running: false });
      }
    },
  };
});
