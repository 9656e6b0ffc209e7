// Contract handlers of segmentation: split documents into units (a job of kind 'segment'), list
// and remove segmentations, and preview a split. A change of the units is announced as
// `project:changed` (the counts changed).
import { randomUUID } from 'node:crypto';
import { PrelabelError } from '../../../common/contract';
import type { CoreContext } from '../core-context';
import { checkSegmentation, runSegmentation } from '../segments/segment-job';
import { listSegmentations, previewSegments, removeSegmentations } from '../segments/segmentations';
import type { Handlers } from './dispatcher';

type SegmentsHandlers = Pick<Handlers, 'segments.create' | 'segments.list' | 'segments.remove' | 'segments.preview'>;

/** Work that changes which documents are units waits for whatever writes documents or suggestions. */
function refuseWhileBusy(ctx: CoreContext, what: string): void {
  const busy = ctx.jobs.isRunning('import')
    ? 'an import is running'
    : ctx.jobs.isRunning('segment')
      ? 'another split is running'
      : ctx.jobs.isRunning('prelabel')
        ? 'a pre-label run is running (pause or cancel it first)'
        : null;
  if (busy) throw new PrelabelError('BUSY', `Cannot ${what} while ${busy}. Try again when it has finished.`);
}

export function segmentsHandlers(ctx: CoreContext): SegmentsHandlers {
  return {
    'segments.create': ({ jobId, spec, importIds }) => {
      const store = ctx.requireProject();
      refuseWhileBusy(ctx, 'split documents');
      // Refusals (decisions, nothing to split, a bad window) are the call's answer, before any job.
      checkSegmentation(store.db, spec, importIds);
      const segmentationId = randomUUID();
      const job = ctx.jobs.start(
        'segment',
        (job) =>
          runSegmentation({
            db: store.db,
            spec,
            ...(importIds ? { importIds } : {}),
            segmentationId,
            signal: job.signal,
            onProgress: (p) => job.progress({ ...p, unit: 'rows' }),
          }),
        jobId ? { jobId } : {},
      );
      job.value.then(
        () => ctx.emit('project:changed', { project: store.info() }),
        () => {},
      );
      return { jobId: job.jobId, segmentationId };
    },
    'segments.list': () => listSegmentations(ctx.requireProject().db),
    'segments.remove': ({ segmentationId }) => {
      const store = ctx.requireProject();
      refuseWhileBusy(ctx, 'remove a split');
      const removed = removeSegmentations(store.db, segmentationId);
      ctx.emit('project:changed', { project: store.info() });
      return removed;
    },
    'segments.preview': (input) => previewSegments(ctx.project?.db ?? null, input),
  };
}
