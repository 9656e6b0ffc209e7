// The import flow: the chosen file (an upload or a path), its preview and column mapping, and the
// running job's progress from `job:progress` / `job:done`.
import { create } from 'zustand';
import type { delimiters, ImportOptions, ImportPreview, ImportSource, JobDone, JobProgress } from '../../../common/contract';
import { t } from '../i18n/t';
import { api, platform } from '../platform/platform';
import { errorMessage } from '../platform/error-message';
import { useNav } from './nav-store';

export type ImportStep = 'choose' | 'uploading' | 'previewing' | 'preview' | 'starting' | 'running' | 'cancelling';
export type Delimiter = (typeof delimiters)[number];

export interface ImportResult {
  name: string;
  imported: number;
  skipped: number;
  flagged: number;
}

interface EarlyEvents {
  progress?: JobProgress;
  done?: JobDone;
}

interface ImportState {
  step: ImportStep;
  error: string | null;
  notice: string | null;
  source: ImportSource | null;
  sourceName: string;
  upload: { sent: number; total: number } | null;
  preview: ImportPreview | null;
  /** Options asked for while their preview loads; the controls show them at once. */
  requested: { delimiter?: Delimiter; hasHeader: boolean } | null;
  textColumns: string[];
  idColumn: string | null;
  jobId: string | null;
  progress: JobProgress | null;
  lastResult: ImportResult | null;
  /** Events for a job whose id has not come back yet (the reply and the events travel apart). */
  early: Record<string, EarlyEvents>;

  chooseFile(file: File): Promise<void>;
  chooseWithDialog(): Promise<void>;
  setDelimiter(delimiter: Delimiter): Promise<void>;
  setHasHeader(hasHeader: boolean): Promise<void>;
  toggleTextColumn(column: string): void;
  setIdColumn(column: string | null): void;
  start(): Promise<void>;
  cancel(): Promise<void>;
  jobProgress(p: JobProgress): void;
  jobDone(d: JobDone): void;
  /** Back to choosing a file; forgets the last result too. */
  reset(): void;
  dismissResult(): void;
}

const initial = {
  step: 'choose' as ImportStep,
  error: null,
  notice: null,
  source: null,
  sourceName: '',
  upload: null,
  preview: null,
  requested: null,
  textColumns: [],
  idColumn: null,
  jobId: null,
  progress: null,
  early: {},
};

const sameColumns = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((c, i) => c === b[i]);

export const useImport = create<ImportState>()((set, get) => {
  let previewSeq = 0;

  const loadPreview = async (source: ImportSource, sourceName: string, options: ImportOptions) => {
    const seq = ++previewSeq;
    set({ step: 'previewing', source, sourceName, error: null, notice: null });
    try {
      const preview = await api().call('import.preview', { source, options });
      if (seq !== previewSeq) return; // a newer preview was asked for
      const before = get().preview;
      const keep = before && sameColumns(before.columns, preview.columns);
      set({
        step: 'preview',
        preview,
        requested: null,
        textColumns: keep ? get().textColumns : preview.suggestedTextColumns,
        idColumn: keep ? get().idColumn : preview.suggestedIdColumn,
      });
    } catch (err) {
      if (seq !== previewSeq) return;
      // Options that fail (a wrong delimiter) keep the last good preview; a file that fails goes back to choosing.
      set({ step: get().preview ? 'preview' : 'choose', requested: null, error: errorMessage(err) });
    }
  };

  const finish = (done: JobDone) => {
    const name = get().sourceName;
    if (done.status === 'done') {
      const counts = { imported: 0, skipped: 0, flagged: 0, ...done.counts };
      set({ ...initial, lastResult: { name, ...counts } });
      useNav.getState().go('documents');
    } else if (done.status === 'cancelled') {
      set({ step: 'preview', jobId: null, progress: null, notice: t('import.cancelled') });
    } else {
      const message = done.error?.message ?? t('error.unknown');
      set({ step: 'preview', jobId: null, progress: null, error: t('import.failed', { message }) });
    }
  };

  return {
    ...initial,
    lastResult: null,

    async chooseFile(file) {
      const p = platform();
      set({ ...initial, preview: null });
      if (p.pathForFile) {
        let path = '';
        try {
          path = p.pathForFile(file);
        } catch (err) {
          set({ error: errorMessage(err) });
          return;
        }
        if (path) await loadPreview({ kind: 'path', path }, file.name, {});
        return;
      }
      if (!p.uploadFile) return;
      set({ step: 'uploading', sourceName: file.name, upload: { sent: 0, total: file.size } });
      try {
        const up = await p.uploadFile(file, (sent, total) => set({ upload: { sent, total } }));
        set({ upload: null });
        await loadPreview({ kind: 'upload', uploadId: up.uploadId }, up.name || file.name, {});
      } catch (err) {
        set({ step: 'choose', upload: null, error: errorMessage(err) });
      }
    },

    async chooseWithDialog() {
      try {
        const choice = await api().call('dialog.openFile', { purpose: 'import' });
        if (!choice) return;
        set({ ...initial, preview: null });
        const name = choice.path.split(/[\\/]/).pop() || choice.path;
        await loadPreview({ kind: 'path', path: choice.path }, name, {});
      } catch (err) {
        set({ error: errorMessage(err) });
      }
    },

    async setDelimiter(delimiter) {
      const { source, sourceName, preview, requested } = get();
      if (!source || !preview) return;
      const options = { delimiter, hasHeader: requested?.hasHeader ?? preview.hasHeader };
      set({ requested: options });
      await loadPreview(source, sourceName, options);
    },

    async setHasHeader(hasHeader) {
      const { source, sourceName, preview, requested } = get();
      if (!source || !preview) return;
      const options = { delimiter: requested?.delimiter ?? preview.delimiter ?? undefined, hasHeader };
      set({ requested: options });
      await loadPreview(source, sourceName, options);
    },

    toggleTextColumn(column) {
      const { textColumns, idColumn, preview } = get();
      const on = textColumns.includes(column);
      const next = on ? textColumns.filter((c) => c !== column) : [...textColumns, column];
      // Keep the file's column order, so the joined text reads in the order of the file.
      const order = preview?.columns ?? next;
      set({
        textColumns: order.filter((c) => next.includes(c)),
        idColumn: !on && idColumn === column ? null : idColumn,
      });
    },

    setIdColumn(column) {
      set((s) => ({ idColumn: column, textColumns: column ? s.textColumns.filter((c) => c !== column) : s.textColumns }));
    },

    async start() {
      const { source, preview, textColumns, idColumn, step } = get();
      if (!source || !preview || textColumns.length === 0 || step !== 'preview') return;
      set({ step: 'starting', error: null, notice: null, progress: null, early: {} });
      try {
        const { jobId } = await api().call('import.start', {
          source,
          // What the preview showed is what gets imported.
          options: { delimiter: preview.delimiter ?? undefined, hasHeader: preview.hasHeader },
          mapping: { textColumns, idColumn },
        });
        const early = get().early[jobId];
        set({ step: 'running', jobId, early: {}, progress: early?.progress ?? null });
        if (early?.done) finish(early.done);
      } catch (err) {
        set({ step: 'preview', error: errorMessage(err) });
      }
    },

    async cancel() {
      const { jobId, step } = get();
      if (!jobId || step !== 'running') return;
      set({ step: 'cancelling' });
      try {
        await api().call('job.cancel', { jobId });
      } catch (err) {
        set({ error: errorMessage(err) });
      }
    },

    jobProgress(p) {
      const s = get();
      if (s.jobId === p.jobId) set({ progress: p });
      else if (s.step === 'starting') set({ early: { ...s.early, [p.jobId]: { ...s.early[p.jobId], progress: p } } });
    },

    jobDone(d) {
      const s = get();
      if (s.jobId === d.jobId) finish(d);
      else if (s.step === 'starting') set({ early: { ...s.early, [d.jobId]: { ...s.early[d.jobId], done: d } } });
    },

    reset() {
      previewSeq++;
      set({ ...initial, preview: null, lastResult: null });
    },

    dismissResult: () => set({ lastResult: null }),
  };
});
