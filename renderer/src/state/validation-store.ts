// The Validation screen's state: the question, what its pre-labels are compared with (every coded
// document, gold, a blind sample), the breakdown column, the EvaluationResult the core computed
// (evaluation.run, the same object `prelabel evaluate --json` prints), and the methods report
// (report.write: a save dialog in Electron, a download in the browser).
import { create } from 'zustand';
import type { EvaluationAgainst, EvaluationResult, ReportWritten, SampleInfo } from '../../../common/contract';
import { errorMessage } from '../platform/error-message';
import { api, platform } from '../platform/platform';
import { resetsWithProject } from './project-scope';

interface ValidationState {
  questionId: string | null;
  against: EvaluationAgainst;
  sampleId: string | null;
  groupBy: string | null;
  /** One coder's decisions as the truth (human and sample); null: each document's latest decision. */
  coder: string | null;
  samples: SampleInfo[];
  columns: string[];
  coders: string[];
  result: EvaluationResult | null;
  loading: boolean;
  error: string | null;
  report: { phase: 'idle' | 'writing'; written: ReportWritten | null; error: string | null };

  choose(patch: Partial<Pick<ValidationState, 'questionId' | 'against' | 'sampleId' | 'groupBy' | 'coder'>>): void;
  /** The question's samples, the project's metadata columns and coders (for the choices). */
  loadChoices(): Promise<void>;
  run(): Promise<void>;
  writeReport(questionName: string): Promise<void>;
  reset(): void;
}

const initial = {
  questionId: null,
  against: 'human',
  sampleId: null,
  groupBy: null,
  coder: null,
  samples: [],
  columns: [],
  coders: [],
  result: null,
  loading: false,
  error: null,
  report: { phase: 'idle', written: null, error: null },
} satisfies Partial<ValidationState>;

/** The report's file name proposed in the save dialog. */
export function defaultReportName(questionName: string): string {
  const base = questionName.replace(/[\\/:*?"<>|\u0000-\u001f]/g, ' ').trim() || 'question';
  return `validation-${base}.html`;
}

let runSeq = 0;

export const useValidation = create<ValidationState>()((set, get) => {
  const input = () => {
    const { questionId, against, sampleId, groupBy, coder } = get();
    return {
      questionId: questionId!,
      against,
      ...(against === 'sample' && sampleId ? { sampleId } : {}),
      ...(groupBy ? { groupBy } : {}),
      // Gold has no coder.
      ...(coder && against !== 'gold' ? { coder } : {}),
    };
  };
  return {
    ...initial,

    choose(patch) {
      set(patch);
      if (patch.questionId !== undefined) set({ sampleId: null, samples: [] });
    },

    async loadChoices() {
      const { questionId } = get();
      if (!questionId) return;
      try {
        const [samples, columns, coders] = await Promise.all([
          api().call('samples.list', { questionId }),
          api().call('samples.columns', {}),
          api().call('coders.list', {}),
        ]);
        if (get().questionId !== questionId) return;
        // A training round's decisions train a coder; they are no truth for the model.
        set({
          samples: samples.filter((s) => s.kind !== 'training'),
          columns: columns.map((c) => c.name),
          coders: coders.map((c) => c.name),
        });
      } catch (err) {
        set({ error: errorMessage(err) });
      }
    },

    async run() {
      if (!get().questionId) return;
      const seq = ++runSeq;
      set({ loading: true, error: null });
      try {
        const result = await api().call('evaluation.run', input());
        if (seq === runSeq) set({ result, loading: false });
      } catch (err) {
        if (seq === runSeq) set({ loading: false, error: errorMessage(err), result: null });
      }
    },

    async writeReport(questionName) {
      if (!get().questionId || get().report.phase === 'writing') return;
      set({ report: { phase: 'writing', written: null, error: null } });
      let path: string | undefined;
      try {
        if (platform().face === 'electron') {
          const choice = await api().call('dialog.saveFile', { purpose: 'export', defaultName: defaultReportName(questionName) });
          if (!choice) return set({ report: { phase: 'idle', written: null, error: null } });
          path = choice.path;
        }
        const written = await api().call('report.write', { ...input(), ...(path ? { path } : {}) });
        set({ report: { phase: 'idle', written, error: null } });
      } catch (err) {
        set({ report: { phase: 'idle', written: null, error: errorMessage(err) } });
      }
    },

    reset() {
      runSeq++;
      set(initial);
    },
  };
});

resetsWithProject('validation', () => useValidation.getState().reset());
