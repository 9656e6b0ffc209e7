// What a part of the core may use of the core that holds it: its configuration, the channel on
// which it pushes events, the open project and the job registry. The context (core-context.ts)
// gives them; the NLI engine takes them through this interface, so the engine and the context that
// carries it do not import each other.
import type { AppInfo, EventName, Events } from '../../common/contract';
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

export interface CoreServices {
  readonly config: CoreConfig;
  readonly emit: Emit;
  /** The open project; a NO_PROJECT error a person can act on when none is open. */
  requireProject(): ProjectStore;
  /** Registers a job so that it can be cancelled (job.cancel) and awaited (closing a project). */
  startJob(id: string, kind: Job['kind']): JobHandle;
}
