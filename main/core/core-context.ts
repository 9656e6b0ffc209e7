// The state one core process holds: where its data lives, the open project, running jobs, its NLI
// engine, and the channel on which it pushes events to whichever face hosts it.
import { PrelabelError } from '../../common/contract';
import type { CoreConfig, CoreServices, Emit, Job, JobHandle } from './core-services';
import type { NliEngine } from './nli/nli-engine';
import type { ProjectStore } from './store/project-store';

export type { CoreConfig, Emit, Job, JobHandle };

export class CoreContext implements CoreServices {
  project: ProjectStore | null = null;
  readonly jobs = new Map<string, Job>();
  /** The NLI engine of this core: made once, with the core (createCore). */
  readonly engine: NliEngine;

  constructor(
    readonly config: CoreConfig,
    readonly emit: Emit,
    makeEngine: (core: CoreServices) => NliEngine,
  ) {
    this.engine = makeEngine(this);
  }

  requireProject(): ProjectStore {
    if (!this.project) throw new PrelabelError('NO_PROJECT', 'No project is open. Create or open a project first.');
    return this.project;
  }

  /** Registers a job so that it can be cancelled (job.cancel) and awaited (closing a project). */
  startJob(id: string, kind: Job['kind']): JobHandle {
    if (this.jobs.has(id)) throw new PrelabelError('BUSY', 'A job with this id is already running.');
    const abort = new AbortController();
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    this.jobs.set(id, { id, kind, abort, done });
    return {
      id,
      signal: abort.signal,
      end: () => {
        this.jobs.delete(id);
        finish();
      },
    };
  }

  /** Waits for running jobs to stop (after cancelling them), e.g. before closing a project. */
  async stopJobs(): Promise<void> {
    const running = [...this.jobs.values()];
    for (const job of running) job.abort.abort();
    await Promise.allSettled(running.map((j) => j.done));
  }
}
