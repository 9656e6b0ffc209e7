// The Training screen's state (issue 14, item 6): the question, its training rounds with every
// coder's score (training.rounds), the project's coders (the expert masters to choose from), drawing
// a round (training.create), and one trainee's result on a round (training.result: per label and the
// documents where they differed). An older answer never replaces a newer one.
import { create } from 'zustand';
import type { TrainingMasterInput, TrainingResult, TrainingRound } from '../../../common/contract';
import { errorMessage } from '../platform/error-message';
import { api } from '../platform/platform';
import { resetsWithProject } from './project-scope';

interface TrainingState {
  questionId: string | null;
  rounds: TrainingRound[];
  /** The project's coders, by name (the experts a round can take as its master). */
  coders: string[];
  /** The trainee named on the screen (who codes a round in Annotate); kept while the project is open. */
  trainee: string;
  /** The result shown: a round and a trainee. */
  chosen: { roundId: string; coder: string } | null;
  result: TrainingResult | null;
  loading: boolean;
  creating: boolean;
  error: string | null;

  choose(questionId: string): void;
  setTrainee(name: string): void;
  load(): Promise<void>;
  /** Draws a round; answers with it (null when the core refused: `error` says why). */
  create(input: { master: TrainingMasterInput; size: number; seed: number }): Promise<TrainingRound | null>;
  showResult(roundId: string, coder: string): Promise<void>;
  reset(): void;
}

const initial = {
  questionId: null,
  rounds: [],
  coders: [],
  trainee: '',
  chosen: null,
  result: null,
  loading: false,
  creating: false,
  error: null,
} satisfies Partial<TrainingState>;

let seq = 0;

export const useTraining = create<TrainingState>()((set, get) => ({
  ...initial,

  choose(questionId) {
    if (questionId === get().questionId) return;
    seq++;
    set({ questionId, rounds: [], chosen: null, result: null, error: null });
  },

  setTrainee(trainee) {
    set({ trainee });
  },

  async load() {
    const { questionId } = get();
    if (!questionId) return;
    const mine = ++seq;
    set({ loading: true, error: null });
    try {
      const [rounds, coders] = await Promise.all([api().call('training.rounds', { questionId }), api().call('coders.list', {})]);
      if (mine !== seq) return;
      set({ rounds, coders: coders.map((c) => c.name), loading: false });
      const chosen = get().chosen;
      if (chosen && rounds.some((r) => r.id === chosen.roundId)) await get().showResult(chosen.roundId, chosen.coder);
    } catch (err) {
      if (mine === seq) set({ loading: false, error: errorMessage(err) });
    }
  },

  async create(input) {
    const { questionId } = get();
    if (!questionId) return null;
    set({ creating: true, error: null });
    try {
      const round = await api().call('training.create', { questionId, ...input });
      if (get().questionId === questionId) set((s) => ({ rounds: [round, ...s.rounds] }));
      return round;
    } catch (err) {
      set({ error: errorMessage(err) });
      return null;
    } finally {
      set({ creating: false });
    }
  },

  async showResult(roundId, coder) {
    const mine = ++seq;
    set({ chosen: { roundId, coder }, error: null });
    try {
      const result = await api().call('training.result', { sampleId: roundId, coder });
      if (mine === seq) set({ result });
    } catch (err) {
      if (mine === seq) set({ result: null, error: errorMessage(err) });
    }
  },

  reset() {
    seq++;
    set({ ...initial });
  },
}));

resetsWithProject('training', () => useTraining.getState().reset());
