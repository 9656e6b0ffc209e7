// The state one core process holds: where its data lives, the open project, running jobs, and
// the channel on which it pushes events to whichever face hosts it.
import type { Events, EventName, AppInfo } from '../../common/contract';
import { PrelabelError } from '../../common/contract';
import type { ProjectStore } from './store/project-store';

export type Emit = <E extends EventName>(event: E, payload: Events[E]) => void;

export interface CoreConfig {
  /** The user's app data folder: recent projects, settings, models. */
  dataDir: string;
  /** Where projects go when no path is given. */
  projectsDir: string;
  /** Where the browser-mode server stores uploads; the core resolves upload ids inside it. */
  uploadsDir: string;
  face: AppInfo['face'];
  version: string;
}

export interface Job {
  id: string;
  /** A pre-label run registers too, so that closing the project pauses it after its current batch. */
  kind: 'import' | 'index' | 'analyze' | 'prelabel' | 'download' | 'export';
  abort: AbortController;
  done: Promise<void>;
}

/** A running job as its owner sees it: the signal to watch, and `end` to call when it stops. */
export interface JobHandle {
  id: string;
  signal: AbortSignal;
  end(): void;
}

export class CoreContext {
  project: ProjectStore | null = null;
  readonly jobs = new Map<string, Job>();

  constructor(
    readonly config: CoreConfig,
    readonly emit: Emit,
  ) {}

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
