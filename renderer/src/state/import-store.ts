// The import flow: the chosen file (an upload or a path), its preview with the reading options the
// user overrode, the column mapping, the check (import.analyze) with a decision per problem class,
// and the running job's progress from `job:progress` / `job:done`. Nothing is written before start().
import { create } from 'zustand';
import type {
  delimiters,
  ImportAnalysis,
  ImportDetection,
  ImportMapping,
  ImportOptions,
  ImportPreview,
  ImportSource,
  JobDoneOf,
  JobProgressOf,
  ProblemChoice,
  ProblemCode,
} from '../../../common/contract';
import { ApiCallError } from '../api/api-client';
import type { PickedFolder } from '../api/folder-files';
import { t } from '../i18n/t';
import { api, platform } from '../platform/platform';
import { errorMessage } from '../platform/error-message';
import {
  addInFileOrder,
  buildGoldMap,
  decisionsFor,
  importBlockers,
  initialDecisions,
  moveItem,
  nextOptions,
  type Decisions,
} from './import-rules';
import { useNav } from './nav-store';
import { resetsWithProject } from './project-scope';
import { useSegments } from './segments-store';

export type ImportStep = 'choose' | 'uploading' | 'previewing' | 'preview' | 'checking' | 'starting' | 'running' | 'cancelling';
export type Delimiter = (typeof delimiters)[number];
export const DEFAULT_JOIN = '\n\n';

export interface ImportResult {
  name: string;
  imported: number;
  skipped: number;
  flagged: number;
  /** Units made by the import's split (absent: whole documents). */
  segments?: number;
}

interface EarlyEvents {
  progress?: JobProgressOf<'import'>;
  done?: JobDoneOf<'import'>;
}

/** A running check: its id (ours, so its progress can be followed from the first event). */
interface CheckJob {
  jobId: string;
  progress: JobProgressOf<'analyze'> | null;
  cancelling: boolean;
}

interface ImportState {
  step: ImportStep;
  error: string | null;
  notice: string | null;
  source: ImportSource | null;
  sourceName: string;
  upload: { sent: number; total: number } | null;
  preview: ImportPreview | null;
  /** What detection found with no overrides, to mark the detected choice in each control. */
  detected: ImportDetection | null;
  /** The overrides the preview was read with; sent unchanged to the check and the import. */
  options: ImportOptions;
  /** Overrides asked for while their preview loads; the controls show them at once. */
  requested: ImportOptions | null;
  textColumns: string[];
  joinWith: string;
  idColumn: string | null;
  goldColumn: string | null;
  /** Label names typed for gold values, by the values' case-free key (import-rules goldKey). */
  goldLabels: Record<string, string>;
  /** The last check of the current options and mapping; null when there is none or it is stale. */
  analysis: ImportAnalysis | null;
  check: CheckJob | null;
  decisions: Decisions;
  jobId: string | null;
  progress: JobProgressOf<'import'> | null;
  lastResult: ImportResult | null;
  /** Events for a job whose id has not come back yet (the reply and the events travel apart). */
  early: Record<string, EarlyEvents>;

  chooseFile(file: File): Promise<void>;
  /** Electron: the native dialog, for a file or (`importFolder`) a folder of .txt files. */
  chooseWithDialog(purpose?: 'import' | 'importFolder'): Promise<void>;
  /** Browser mode: a picked or dropped folder, uploaded as one and read as the 'folder' format. */
  chooseFolder(folder: PickedFolder): Promise<void>;
  setOption<K extends keyof ImportOptions>(key: K, value: ImportOptions[K]): Promise<void>;
  toggleTextColumn(column: string): void;
  moveTextColumn(column: string, delta: -1 | 1): void;
  setJoinWith(joinWith: string): void;
  setIdColumn(column: string | null): void;
  setGoldColumn(column: string | null): void;
  setGoldLabel(key: string, label: string): void;
  setDecision(code: ProblemCode, choice: ProblemChoice): void;
  /** Reads the whole file with the mapping and lists its problems (import.analyze), writing nothing. */
  runCheck(): Promise<void>;
  cancelCheck(): Promise<void>;
  start(): Promise<void>;
  cancel(): Promise<void>;
  /** The import's and its check's progress (kinds 'import' and 'analyze'). */
  jobProgress(p: JobProgressOf<'import' | 'analyze'>): void;
  jobDone(d: JobDoneOf<'import'>): void;
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
  detected: null,
  options: {},
  requested: null,
  textColumns: [],
  joinWith: DEFAULT_JOIN,
  idColumn: null,
  goldColumn: null,
  goldLabels: {},
  analysis: null,
  check: null,
  decisions: {},
  jobId: null,
  progress: null,
  early: {},
};

/** A changed option or mapping makes the last check stale: it must run again before Import. */
const stale = { analysis: null, decisions: {} };

const sameColumns = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((c, i) => c === b[i]);

/** Ready to import: a current check, every problem class decided, none set to cancel. */
export function canImport(s: Pick<ImportState, 'step' | 'analysis' | 'decisions' | 'textColumns'>): boolean {
  if (s.step !== 'preview' || !s.analysis || s.textColumns.length === 0) return false;
  const b = importBlockers(s.analysis, s.decisions);
  return b.undecided.length === 0 && b.cancelling.length === 0;
}

function mappingOf(s: ImportState, withGold: boolean): ImportMapping {
  return {
    textColumns: s.textColumns,
    idColumn: s.idColumn,
    joinWith: s.joinWith,
    goldColumn: s.goldColumn,
    // The check lists the raw gold values, so it runs without the mapping of them.
    goldMap: withGold ? buildGoldMap(s.goldLabels) : {},
  };
}

export const useImport = create<ImportState>()((set, get) => {
  let previewSeq = 0;

  const loadPreview = async (source: ImportSource, sourceName: string, options: ImportOptions) => {
    const seq = ++previewSeq;
    set({ step: 'previewing', source, sourceName, error: null, notice: null, ...stale });
    try {
      const preview = await api().call('import.preview', { source, options });
      if (seq !== previewSeq) return; // a newer preview was asked for
      const before = get().preview;
      const keep = before && sameColumns(before.columns, preview.columns);
      set({
        step: 'preview',
        preview,
        detected: Object.keys(options).length === 0 ? preview.detection : (get().detected ?? preview.detection),
        options,
        requested: null,
        ...(keep
          ? {}
          : {
              textColumns: preview.suggestedTextColumns,
              idColumn: preview.suggestedIdColumn,
              goldColumn: preview.suggestedGoldColumn,
              goldLabels: {},
            }),
      });
    } catch (err) {
      if (seq !== previewSeq) return;
      // Options that fail (a wrong delimiter) keep the last good preview; a file that fails goes back to choosing.
      set({ step: get().preview ? 'preview' : 'choose', requested: null, error: errorMessage(err) });
    }
  };

  const finish = (done: JobDoneOf<'import'>) => {
    const name = get().sourceName;
    if (done.status === 'done') {
      const counts = { imported: 0, skipped: 0, flagged: 0, ...done.result };
      set({ ...initial, lastResult: { name, ...counts } });
      useNav.getState().go('browse');
    } else if (done.status === 'cancelled') {
      set({ step: 'preview', jobId: null, progress: null, notice: t('import.cancelled') });
    } else {
      const message = done.error?.message ?? t('error.unknown');
      set({ step: 'preview', jobId: null, progress: null, error: t('import.failed', { message }) });
    }
  };

  /** A mapping change while nothing runs; it makes the last check stale. */
  const remap = (change: Partial<ImportState>) => {
    const step = get().step;
    if (step !== 'preview' && step !== 'previewing') return;
    set({ ...change, ...stale });
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

    async chooseFolder(folder) {
      const p = platform();
      set({ ...initial, preview: null });
      if (!p.uploadFolder) return;
      if (folder.files.length === 0) {
        set({ error: t('import.folder.noText', { name: folder.name }) });
        return;
      }
      const total = folder.files.reduce((sum, f) => sum + f.file.size, 0);
      set({ step: 'uploading', sourceName: folder.name, upload: { sent: 0, total } });
      try {
        const up = await p.uploadFolder(folder, (sent, all) => set({ upload: { sent, total: all } }));
        set({ upload: null });
        await loadPreview({ kind: 'upload', uploadId: up.uploadId }, up.name || folder.name, {});
        if (folder.leftOut > 0) set({ notice: t('import.folder.leftOut', { count: folder.leftOut }) });
      } catch (err) {
        set({ step: 'choose', upload: null, error: errorMessage(err) });
      }
    },

    async chooseWithDialog(purpose = 'import') {
      try {
        const choice = await api().call('dialog.openFile', { purpose });
        if (!choice) return;
        set({ ...initial, preview: null });
        const name = choice.path.split(/[\\/]/).pop() || choice.path;
        await loadPreview({ kind: 'path', path: choice.path }, name, {});
      } catch (err) {
        set({ error: errorMessage(err) });
      }
    },

    async setOption(key, value) {
      const { source, sourceName, preview, options, requested, step } = get();
      if (!source || !preview || (step !== 'preview' && step !== 'previewing')) return;
      const next = nextOptions(requested ?? options, key, value);
      set({ requested: next });
      await loadPreview(source, sourceName, next);
    },

    toggleTextColumn(column) {
      const { textColumns, idColumn, goldColumn, preview } = get();
      const on = textColumns.includes(column);
      remap({
        textColumns: on ? textColumns.filter((c) => c !== column) : addInFileOrder(preview?.columns ?? [], textColumns, column),
        // One column has one role: taken as text, it stops being the id or the gold label.
        idColumn: !on && idColumn === column ? null : idColumn,
        goldColumn: !on && goldColumn === column ? null : goldColumn,
      });
    },

    moveTextColumn(column, delta) {
      remap({ textColumns: moveItem(get().textColumns, column, delta) });
    },

    setJoinWith(joinWith) {
      remap({ joinWith });
    },

    setIdColumn(column) {
      const s = get();
      remap({
        idColumn: column,
        textColumns: column ? s.textColumns.filter((c) => c !== column) : s.textColumns,
        goldColumn: column && s.goldColumn === column ? null : s.goldColumn,
      });
    },

    setGoldColumn(column) {
      const s = get();
      remap({
        goldColumn: column,
        goldLabels: column === s.goldColumn ? s.goldLabels : {},
        textColumns: column ? s.textColumns.filter((c) => c !== column) : s.textColumns,
        idColumn: column && s.idColumn === column ? null : s.idColumn,
      });
    },

    // Labels for gold values do not change what the check found, so the check stays current.
    setGoldLabel(key, label) {
      set((s) => ({ goldLabels: { ...s.goldLabels, [key]: label } }));
    },

    setDecision(code, choice) {
      set((s) => ({ decisions: { ...s.decisions, [code]: choice } }));
    },

    async runCheck() {
      const s = get();
      if (!s.source || !s.preview || s.step !== 'preview' || s.textColumns.length === 0) return;
      const jobId = crypto.randomUUID();
      set({ step: 'checking', check: { jobId, progress: null, cancelling: false }, error: null, notice: null, ...stale });
      try {
        const analysis = await api().call('import.analyze', { jobId, source: s.source, options: s.options, mapping: mappingOf(s, false) });
        if (get().check?.jobId !== jobId) return;
        set({ step: 'preview', check: null, analysis, decisions: initialDecisions(analysis) });
      } catch (err) {
        if (get().check?.jobId !== jobId) return;
        const cancelled = err instanceof ApiCallError && err.code === 'CANCELLED';
        set({
          step: 'preview',
          check: null,
          notice: cancelled ? t('import.check.cancelled') : null,
          error: cancelled ? null : t('import.check.failed', { message: errorMessage(err) }),
        });
      }
    },

    async cancelCheck() {
      const check = get().check;
      if (!check || check.cancelling) return;
      set({ check: { ...check, cancelling: true } });
      try {
        await api().call('job.cancel', { jobId: check.jobId });
      } catch (err) {
        set({ error: errorMessage(err) });
      }
    },

    async start() {
      const s = get();
      const { source, analysis } = s;
      if (!source || !analysis || !canImport(s)) return;
      // The unit of analysis chosen for this import (segment-on-import.tsx): whole documents or units.
      const segment = useSegments.getState().importSegment();
      if ('error' in segment) return set({ error: segment.error });
      set({ step: 'starting', error: null, notice: null, progress: null, early: {} });
      try {
        const { jobId } = await api().call('import.start', {
          source,
          // What the preview showed and the check read is what gets imported.
          options: s.options,
          mapping: mappingOf(s, true),
          decisions: decisionsFor(analysis, s.decisions),
          ...(segment.spec ? { segment: segment.spec } : {}),
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
      if (p.kind === 'analyze') {
        if (s.check?.jobId === p.jobId) set({ check: { ...s.check, progress: p } });
      } else if (s.jobId === p.jobId) set({ progress: p });
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

resetsWithProject('import', () => useImport.getState().reset());
