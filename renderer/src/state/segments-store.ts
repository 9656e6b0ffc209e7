// The unit of analysis of the open project: its segmentations (project.stats), the choice of how
// to split (paragraphs, sentences, windows of N sentences; the sentence rules' language), a
// preview of the first document's units (segments.preview, nothing written), the split itself as
// a job of kind 'segment' (progress, Cancel; its events routed here by wire-events.ts) and the way
// back to whole documents (segments.remove). The core refuses a split of documents that already
// have decisions and an undo of units that have some: its sentence is shown as it comes. The same
// choice, made on the Import screen, splits a file as it is imported (`onImport`).
import { create } from 'zustand';
import type {
  ImportSummary,
  JobDoneOf,
  JobProgressOf,
  Segmentation,
  SegmentSpan,
  SegmentSpecInput,
  SegmentUnit,
} from '../../../common/contract';
import { t } from '../i18n/t';
import { api } from '../platform/platform';
import { errorMessage } from '../platform/error-message';
import { useAnnotate } from './annotate-store';
import { useBrowse } from './browse-store';
import { resetsWithProject } from './project-scope';

/** How to split, as the controls hold it (the numbers as typed). */
export interface SplitChoice {
  unit: SegmentUnit;
  /** A BCP 47 tag, or 'auto'. */
  language: string;
  windowSize: string;
  windowOverlap: string;
}

export const defaultChoice: SplitChoice = { unit: 'sentence', language: 'auto', windowSize: '3', windowOverlap: '0' };

/** The choice as the contract's spec, or the sentence that says what is wrong with it. */
export function specOf(choice: SplitChoice): { spec: SegmentSpecInput } | { error: string } {
  const spec: SegmentSpecInput = { unit: choice.unit, language: choice.language };
  if (choice.unit !== 'window') return { spec };
  const size = Number(choice.windowSize);
  if (choice.windowSize.trim() === '' || !Number.isInteger(size) || size < 1 || size > 50) return { error: t('segments.badWindowSize') };
  const overlap = Number(choice.windowOverlap);
  if (choice.windowOverlap.trim() === '' || !Number.isInteger(overlap) || overlap < 0 || overlap >= size) {
    return { error: t('segments.badWindowOverlap') };
  }
  return { spec: { ...spec, windowSize: size, windowOverlap: overlap } };
}

/** The imports whose documents are whole coding units now: what a split without importIds takes. */
export function splittableImports(imports: readonly ImportSummary[]): ImportSummary[] {
  return imports.filter((i) => i.status === 'committed' && i.format !== 'segments' && i.segmentedBy === null);
}

export interface SegmentPreview {
  externalId: string | null;
  units: SegmentSpan[];
}

interface SegmentJob {
  jobId: string;
  progress: JobProgressOf<'segment'> | null;
  cancelling: boolean;
}

interface SegmentsState {
  /** null until project.stats answers. */
  segmentations: Segmentation[] | null;
  /** Imports a split would take now. */
  splittable: number;
  choice: SplitChoice;
  preview: SegmentPreview | null;
  previewing: boolean;
  previewError: string | null;
  job: SegmentJob | null;
  removing: boolean;
  error: string | null;
  notice: string | null;
  /** The split chosen on the Import screen for the next import; null: whole documents. */
  onImport: SplitChoice | null;

  load(): Promise<void>;
  choose(patch: Partial<SplitChoice>): void;
  /** Splits the first document with the current choice (nothing is written). */
  runPreview(): Promise<void>;
  start(): Promise<void>;
  cancel(): Promise<void>;
  /** Back to whole documents (one segmentation, or all). */
  remove(segmentationId?: string): Promise<void>;
  setOnImport(choice: SplitChoice | null): void;
  /** The import option `segment` for import.start (no spec: whole documents), or what is wrong with the choice. */
  importSegment(): { spec: SegmentSpecInput | null } | { error: string };
  jobProgress(p: JobProgressOf<'segment'>): void;
  jobDone(d: JobDoneOf<'segment'>): void;
  dismiss(): void;
  reset(): void;
}

/** How many units of the preview are listed; the rest are counted. */
export const PREVIEW_SHOWN = 8;

const initial = {
  segmentations: null,
  splittable: 0,
  choice: defaultChoice,
  preview: null,
  previewing: false,
  previewError: null,
  job: null,
  removing: false,
  error: null,
  notice: null,
  onImport: null,
} satisfies Partial<SegmentsState>;

/** The coding units changed: Browse and a running Annotate session show what they had before. */
function unitsChanged(): void {
  useBrowse.getState().invalidate();
  // Its queue holds documents that are no longer units (or units that are gone): back to its start.
  if (useAnnotate.getState().setup) useAnnotate.getState().stop();
}

export const useSegments = create<SegmentsState>()((set, get) => {
  let generation = 0;
  let previewSeq = 0;

  const finish = (d: JobDoneOf<'segment'>) => {
    if (d.status === 'done' && d.result) {
      set({ job: null, notice: t('segments.done', { parents: d.result.parents, count: d.result.segments }) });
      unitsChanged();
    } else if (d.status === 'cancelled') set({ job: null, notice: t('segments.cancelled') });
    else set({ job: null, error: t('segments.failed', { message: d.error?.message ?? d.status }) });
    void get().load();
  };

  return {
    ...initial,

    async load() {
      const gen = generation;
      try {
        const stats = await api().call('project.stats', {});
        if (gen !== generation) return;
        set({ segmentations: stats.units.segmentations, splittable: splittableImports(stats.imports).length });
      } catch (err) {
        if (gen === generation) set({ error: errorMessage(err) });
      }
    },

    choose(patch) {
      set({ choice: { ...get().choice, ...patch } });
    },

    async runPreview() {
      const seq = ++previewSeq;
      const gen = generation;
      const parsed = specOf(get().choice);
      if ('error' in parsed) return set({ previewing: false, previewError: parsed.error });
      set({ previewing: true, previewError: null });
      try {
        const reply = await api().call('segments.preview', { spec: parsed.spec, limit: 1 });
        if (seq !== previewSeq || gen !== generation) return;
        const first = reply.documents[0];
        set({ previewing: false, preview: first ? { externalId: first.externalId, units: first.units } : { externalId: null, units: [] } });
      } catch (err) {
        if (seq !== previewSeq || gen !== generation) return;
        set({ previewing: false, preview: null, previewError: t('segments.preview.failed', { message: errorMessage(err) }) });
      }
    },

    async start() {
      if (get().job || get().removing) return;
      const parsed = specOf(get().choice);
      if ('error' in parsed) return set({ error: parsed.error });
      // Our id, so that progress that comes before the answer is followed.
      const jobId = crypto.randomUUID();
      set({ job: { jobId, progress: null, cancelling: false }, error: null, notice: null });
      try {
        await api().call('segments.create', { jobId, spec: parsed.spec });
      } catch (err) {
        if (get().job?.jobId === jobId) set({ job: null, error: errorMessage(err) });
      }
    },

    async cancel() {
      const job = get().job;
      if (!job || job.cancelling) return;
      set({ job: { ...job, cancelling: true } });
      try {
        await api().call('job.cancel', { jobId: job.jobId });
      } catch (err) {
        set({ error: errorMessage(err) });
      }
    },

    async remove(segmentationId) {
      if (get().job || get().removing) return;
      const gen = generation;
      set({ removing: true, error: null, notice: null });
      try {
        const removed = await api().call('segments.remove', segmentationId ? { segmentationId } : {});
        if (gen !== generation) return;
        set({ notice: t('segments.removed', { parents: removed.parents, count: removed.segments }) });
        useBrowse.getState().setGroupByParent(false);
        unitsChanged();
      } catch (err) {
        if (gen === generation) set({ error: errorMessage(err) });
      } finally {
        if (gen === generation) set({ removing: false });
      }
      await get().load();
    },

    setOnImport(choice) {
      set({ onImport: choice });
    },

    importSegment() {
      const choice = get().onImport;
      return choice ? specOf(choice) : { spec: null };
    },

    jobProgress(p) {
      const job = get().job;
      if (job?.jobId === p.jobId) set({ job: { ...job, progress: p } });
    },

    jobDone(d) {
      if (get().job?.jobId === d.jobId) finish(d);
    },

    dismiss: () => set({ error: null, notice: null }),

    reset() {
      generation++;
      previewSeq++;
      set(initial);
    },
  };
});

resetsWithProject('segments', () => useSegments.getState().reset());
