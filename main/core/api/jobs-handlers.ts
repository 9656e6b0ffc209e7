// Contract handlers of jobs of every kind: cancel one, list the running ones. Starting a job is
// its domain's method (import.start, export.start, models.download, ...); each runs through the
// core's job registry (main/core/jobs.ts).
import type { CoreContext } from '../core-context';
import type { Handlers } from './dispatcher';

export function jobHandlers(ctx: CoreContext): Pick<Handlers, 'job.cancel' | 'job.list'> {
  return {
    // Pre-label runs are not cancelled here: they are paused or cancelled through prelabel.pause /
    // prelabel.cancel, which keep the run resumable.
    'job.cancel': async ({ jobId }) => ({ cancelled: await ctx.jobs.cancel(jobId) }),
    'job.list': () => ctx.jobs.list(),
  };
}
