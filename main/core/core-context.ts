// The state one core process holds: where its data lives, the open project, running jobs, its NLI
// engine, and the channel on which it pushes events to whichever face hosts it.
import { PrelabelError } from '../../common/contract';
import type { CoreConfig, CoreServices, Emit } from './core-services';
import { JobRegistry } from './jobs';
import type { NliEngine } from './nli/nli-engine';
import type { ProjectStore } from './store/project-store';

export type { CoreConfig, Emit };

export class CoreContext implements CoreServices {
  project: ProjectStore | null = null;
  readonly jobs: JobRegistry;
  /** The NLI engine of this core: made once, with the core (createCore). */
  readonly engine: NliEngine;

  constructor(
    readonly config: CoreConfig,
    readonly emit: Emit,
    makeEngine: (core: CoreServices) => NliEngine,
  ) {
    this.jobs = new JobRegistry(emit);
    this.engine = makeEngine(this);
  }

  requireProject(): ProjectStore {
    if (!this.project) throw new PrelabelError('NO_PROJECT', 'No project is open. Create or open a project first.');
    return this.project;
  }
}
