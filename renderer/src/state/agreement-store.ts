// The Agreement screen's state: the question, optionally one of its reliability (validation) samples,
// whether the model's current pre-labels count as one more coder, and the AgreementResult the core
// computed (agreement.run, the same object `prelabel agreement --json` prints). An older answer never
// replaces a newer one.
import { create } from 'zustand';
import type { AgreementResult, SampleInfo } from '../../../common/contract';
import { ApiCallError } from '../api/api-client';
import { errorMessage } from '../platform/error-message';
import { api } from '../platform/platform';
import { resetsWithProject } from './project-scope';

interface AgreementState {
  questionId: string | null;
  /** Only this sample's documents; null: every document a coder decided. */
  sampleId: string | null;
  includeModel: boolean;
  samples: SampleInfo[];
  result: AgreementResult | null;
  loading: boolean;
  error: string | null;
  /** Nothing to compute yet (no coder has decided a document of the question, or of the sample): the
   * core's sentence, shown as information rather than as an error. */
  nothing: string | null;

  choose(patch: Partial<Pick<AgreementState, 'questionId' | 'sampleId' | 'includeModel'>>): void;
  /** The question's samples (for the sample picker). */
  loadSamples(): Promise<void>;
  run(): Promise<void>;
  reset(): void;
}

const initial = {
  questionId: null,
  sampleId: null,
  includeModel: false,
  samples: [],
  result: null,
  loading: false,
  error: null,
  nothing: null,
} satisfies Partial<AgreementState>;

let runSeq = 0;

export const useAgreement = create<AgreementState>()((set, get) => ({
  ...initial,

  choose(patch) {
    const question = patch.questionId !== undefined && patch.questionId !== get().questionId;
    set(patch);
    // Another question's samples are not this one's; its old result would show under the new name.
    if (question) set({ sampleId: null, samples: [], result: null });
  },

  async loadSamples() {
    const { questionId } = get();
    if (!questionId) return;
    try {
      // A training round's decisions are no coder's own labels: agreement between coders has none there.
      const samples = (await api().call('samples.list', { questionId })).filter((s) => s.kind !== 'training');
      if (get().questionId !== questionId) return;
      const sampleId = get().sampleId;
      set({ samples, ...(sampleId && !samples.some((s) => s.id === sampleId) ? { sampleId: null } : {}) });
    } catch (err) {
      set({ error: errorMessage(err) });
    }
  },

  async run() {
    const { questionId, sampleId, includeModel } = get();
    if (!questionId) return;
    const seq = ++runSeq;
    set({ loading: true, error: null, nothing: null });
    try {
      const result = await api().call('agreement.run', { questionId, includeModel, ...(sampleId ? { sampleId } : { allDocuments: true }) });
      if (seq === runSeq) set({ result, loading: false });
    } catch (err) {
      if (seq !== runSeq) return;
      const nothing = err instanceof ApiCallError && err.code === 'NOT_FOUND';
      set({ loading: false, result: null, ...(nothing ? { nothing: err.message } : { error: errorMessage(err) }) });
    }
  },

  reset() {
    runSeq++;
    set(initial);
  },
}));

resetsWithProject('agreement', () => useAgreement.getState().reset());
