// What a part of the core may use of the core that holds it: its configuration, the channel on
// which it pushes events, the open project and the job registry. The context (core-context.ts)
// gives them; the NLI engine takes them through this interface, so the engine and the context that
// carries it do not import each other.
import type { AppInfo, Emit } from '../../common/contract';
import type { JobRegistry } from './jobs';
import type { ProjectStore } from './store/project-store';

export type { Emit };

export interface CoreConfig {
  /** The user's app data folder: recent projects, settings, models. */
  dataDir: string;
  /** Where projects go when no path is given. */
  projectsDir: string;
  /** Where the browser-mode server stores uploads; the core resolves upload ids inside it. */
  uploadsDir: string;
  /** Who chooses where the core writes files for the user, decided by the face that hosts it (the
   * core never asks which face that is). 'caller': an export's path and a model download's folder
   * come with the call (the desktop app's save dialog, the CLI's flags). 'server': the browser
   * mode's server chooses; the core refuses such paths and writes every export into a fresh folder
   * under exportsDir, which the server serves for download ([Note: browser exports] in
   * main/server/serve-args.ts). */
  writes: { chosenBy: 'caller' } | { chosenBy: 'server'; exportsDir: string };
  /** Which face hosts the core, as app.info reports it; nothing in the core branches on it. */
  face: AppInfo['face'];
  version: string;
}

export interface CoreServices {
  readonly config: CoreConfig;
  readonly emit: Emit;
  /** The open project; a NO_PROJECT error a person can act on when none is open. */
  requireProject(): ProjectStore;
  /** Every long piece of work runs as a job through here (main/core/jobs.ts). */
  readonly jobs: JobRegistry;
}
