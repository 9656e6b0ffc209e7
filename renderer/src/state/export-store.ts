// The Export screen's state: the choices (question, format, filter, split), the running job's
// progress and end (the job events of kind 'export', routed here by state/wire-events.ts). The job
// id is chosen here, before the call, so that events that arrive before the answer are not missed. In Electron the save dialog
// asks for the target; in the browser the core writes into its own folder and the page downloads.
// Every change of the choices asks export.count for the rows the export would write (shown before
// Export); an answer to older choices is dropped.
import { create } from 'zustand';
import { trainingFilters, trainingFormats } from '../../../common/contract';
import type {
  AggregateRule,
  ExportCount,
  ExportFilter,
  ExportFormat,
  ExportContent,
  ExportLevel,
  ExportResult,
  JobDoneOf,
  JobProgressOf,
  NliLabels,
  NliNegatives,
} from '../../../common/contract';
import { t } from '../i18n/t';
import { errorMessage } from '../platform/error-message';
import { api, platform } from '../platform/platform';
import { resetsWithProject } from './project-scope';

export type ExportPhase = 'idle' | 'starting' | 'running' | 'cancelling';
export type ExportChoice =
  | 'questionId'
  | 'format'
  | 'filter'
  | 'seed'
  | 'testFraction'
  | 'level'
  | 'aggregate'
  | 'nliNegatives'
  | 'nliLabels'
  | 'content'
  | 'pseudonymise';

/** Formats a labels-only export is written in (the core refuses the others). */
export const LABELS_ONLY_FORMATS: readonly ExportFormat[] = ['csv', 'csv-excel', 'jsonl'];

/** What export.start and export.count take of the choices (the split only for hf and nli, the NLI
 * options only for nli, the level and rule only at parent level). */
export function exportChoices(s: Pick<ExportState, ExportChoice>, split: { seed: number; testFraction: number }) {
  const training = s.format === 'hf' || s.format === 'nli';
  return {
    questionId: s.questionId!,
    format: s.format,
    filter: s.filter,
    ...(training ? split : {}),
    ...(s.format === 'nli' ? { nliNegatives: s.nliNegatives, nliLabels: s.nliLabels } : {}),
    ...(s.level === 'parent' ? { level: s.level, aggregate: s.aggregate } : {}),
    ...(s.content === 'labels' ? { content: s.content } : {}),
    ...(s.pseudonymise.length ? { pseudonymise: [...s.pseudonymise] } : {}),
  };
}

interface ExportState {
  questionId: string | null;
  format: ExportFormat;
  filter: ExportFilter;
  seed: string;
  testFraction: string;
  /** Units, or their parent documents with the units' results combined by `aggregate`. */
  level: ExportLevel;
  aggregate: AggregateRule;
  /** NLI pairs: balanced or all not_entailment pairs; labels as text or 0/1. */
  nliNegatives: NliNegatives;
  nliLabels: NliLabels;
  /** To share: `labels` writes ids and codes only (no text, no metadata). */
  content: ExportContent;
  /** Metadata columns written as keyed pseudonyms. */
  pseudonymise: readonly string[];
  /** The project's metadata columns, offered for pseudonyms (samples.columns); null until read. */
  metadataColumns: readonly string[] | null;
  /** The rows the export would write now (export.count); null while asked or when it failed. */
  count: ExportCount | null;
  countError: string | null;
  phase: ExportPhase;
  jobId: string | null;
  progress: JobProgressOf<'export'> | null;
  result: ExportResult | null;
  error: string | null;
  notice: string | null;

  choose(patch: Partial<Pick<ExportState, ExportChoice>>): void;
  /** Reads the metadata columns the pseudonym choice offers. */
  loadColumns(): Promise<void>;
  /** Asks export.count for the current choices. */
  refreshCount(): Promise<void>;
  start(questionName: string): Promise<void>;
  cancel(): Promise<void>;
  dismiss(): void;
  /** An export job's progress and end; another job's are ignored. */
  jobProgress(p: JobProgressOf<'export'>): void;
  jobDone(d: JobDoneOf<'export'>): void;
  /** Another project: its choices and result go; a running export's events are no longer followed. */
  reset(): void;
}

const EXTENSION: Record<ExportFormat, string> = {
  csv: '.csv',
  'csv-excel': '.csv',
  jsonl: '.jsonl',
  xlsx: '.xlsx',
  parquet: '.parquet',
  hf: '',
  nli: '-nli.jsonl',
};

/** What the save dialog proposes: the question's name and the format's extension. */
export function defaultExportName(questionName: string, format: ExportFormat): string {
  const base = questionName.replace(/[\\/:*?"<>|\u0000-\u001f]/g, ' ').trim() || 'export';
  return `${base}${format === 'hf' ? '-dataset' : ''}${EXTENSION[format]}`;
}

/** The split options as numbers, or the message that says what is wrong. */
export function splitOptions(seed: string, testFraction: string): { seed: number; testFraction: number } | { error: string } {
  const s = Number(seed);
  if (seed.trim() === '' || !Number.isInteger(s) || s < 0 || s > 2_147_483_647) return { error: t('export.badSeed') };
  const f = Number(testFraction);
  if (testFraction.trim() === '' || !Number.isFinite(f) || f < 0 || f > 0.9) return { error: t('export.badFraction') };
  return { seed: s, testFraction: f };
}

/** Formats and filters an export at the parent level takes (the core refuses the others). */
export const PARENT_FORMATS: readonly ExportFormat[] = ['csv', 'csv-excel', 'jsonl', 'xlsx'];
export const PARENT_FILTERS: readonly ExportFilter[] = ['all', 'coded'];

/** A format and filter the parent level takes: the chosen ones where they fit, else CSV of coded documents. */
export function parentLevelChoice(format: ExportFormat, filter: ExportFilter): { format: ExportFormat; filter: ExportFilter } {
  return { format: PARENT_FORMATS.includes(format) ? format : 'csv', filter: PARENT_FILTERS.includes(filter) ? filter : 'coded' };
}

/** The filter a format takes: the training formats (hf, nli) write labelled documents only, so
 * "all" becomes "coded" for them; every other choice stays. */
export function trainingFilterChoice(format: ExportFormat, filter: ExportFilter): ExportFilter {
  return trainingFormats.includes(format) && !trainingFilters.includes(filter) ? 'coded' : filter;
}

const initial = {
  questionId: null,
  format: 'csv',
  filter: 'coded',
  seed: '42',
  testFraction: '0.2',
  level: 'unit',
  aggregate: 'any',
  nliNegatives: 'balanced',
  nliLabels: 'text',
  content: 'full',
  pseudonymise: [],
  metadataColumns: null,
  count: null,
  countError: null,
  phase: 'idle',
  jobId: null,
  progress: null,
  result: null,
  error: null,
  notice: null,
} satisfies Partial<ExportState>;

export const useExport = create<ExportState>()((set, get) => {
  let countSeq = 0;
  const finish = (d: JobDoneOf<'export'>) => {
    if (d.status === 'done' && d.result) set({ phase: 'idle', jobId: null, result: d.result, progress: null });
    else if (d.status === 'cancelled') set({ phase: 'idle', jobId: null, progress: null, notice: t('export.cancelled') });
    else set({ phase: 'idle', jobId: null, progress: null, error: t('export.failed', { message: d.error?.message ?? d.status }) });
  };

  return {
    ...initial,

    choose(patch) {
      set(patch);
      // A labels-only export is a table or JSON Lines of coding units; pseudonyms are written at unit level.
      if (get().content === 'labels' && !LABELS_ONLY_FORMATS.includes(get().format)) set({ format: 'csv' });
      if ((get().content === 'labels' || get().pseudonymise.length > 0) && get().level === 'parent') {
        if (patch.level === 'parent') set({ content: 'full', pseudonymise: [] });
        else set({ level: 'unit' });
      }
      // The parent level writes tables of all or coded documents only.
      if (get().level === 'parent') set(parentLevelChoice(get().format, get().filter));
      // A dataset or NLI pairs hold labelled documents only: "all" becomes "coded" (the core refuses "all").
      else set({ filter: trainingFilterChoice(get().format, get().filter) });
      void get().refreshCount();
    },

    async loadColumns() {
      try {
        const columns = (await api().call('samples.columns', {})).map((c) => c.name);
        set({ metadataColumns: columns, pseudonymise: get().pseudonymise.filter((c) => columns.includes(c)) });
      } catch (err) {
        set({ metadataColumns: [], countError: errorMessage(err) });
      }
    },

    async refreshCount() {
      const seq = ++countSeq;
      const s = get();
      const split = splitOptions(s.seed, s.testFraction);
      if (!s.questionId || 'error' in split) return set({ count: null, countError: null });
      set({ count: null, countError: null });
      try {
        const count = await api().call('export.count', exportChoices(s, split));
        if (seq === countSeq) set({ count });
      } catch (err) {
        if (seq === countSeq) set({ countError: errorMessage(err) });
      }
    },

    async start(questionName) {
      const { questionId, format, phase } = get();
      if (!questionId || phase !== 'idle') return;
      const split = splitOptions(get().seed, get().testFraction);
      if ('error' in split) return set({ error: split.error });
      set({ phase: 'starting', error: null, notice: null, result: null, progress: null });
      let path: string | undefined;
      if (platform().face === 'electron') {
        try {
          const choice = await api().call('dialog.saveFile', { purpose: 'export', defaultName: defaultExportName(questionName, format) });
          if (!choice) return set({ phase: 'idle' });
          path = choice.path;
        } catch (err) {
          return set({ phase: 'idle', error: errorMessage(err) });
        }
      }
      const jobId = crypto.randomUUID();
      set({ jobId });
      try {
        await api().call('export.start', { jobId, ...exportChoices(get(), split), ...(path ? { path } : {}) });
        if (get().jobId === jobId && get().phase === 'starting') set({ phase: 'running' });
      } catch (err) {
        set({ phase: 'idle', jobId: null, error: errorMessage(err) });
      }
    },

    async cancel() {
      const { jobId, phase } = get();
      if (!jobId || phase === 'cancelling' || phase === 'idle') return;
      set({ phase: 'cancelling' });
      try {
        await api().call('job.cancel', { jobId });
      } catch (err) {
        set({ error: errorMessage(err) });
      }
    },

    dismiss() {
      set({ error: null, notice: null });
    },

    jobProgress(p) {
      if (p.jobId === get().jobId) set({ progress: p, phase: get().phase === 'cancelling' ? 'cancelling' : 'running' });
    },

    jobDone(d) {
      if (d.jobId === get().jobId) finish(d);
    },

    reset() {
      set(initial);
    },
  };
});

resetsWithProject('export', () => useExport.getState().reset());
