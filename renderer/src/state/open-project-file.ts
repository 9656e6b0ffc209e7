// Electron main's `app:open-project-file`: a .prelabel file was double-clicked (or named on the
// command line) and main asks this page to open it ([Note: opening a project file] in
// main/electron/project-file-opener.ts). It is opened as the Projects screen opens one, with
// project.open through the project store, so its usual errors show there (a file that is not a
// project gives the core's one-line NOT_A_PROJECT sentence).
import { useNav } from './nav-store';
import { useProject } from './project-store';

/** Resolves once startup has answered and no other project action runs: startup's own answer
 * (the project the core had open) must not land after this one, and the store drops an action
 * asked for while another runs. */
function whenIdle(): Promise<void> {
  const idle = () => {
    const { status, busy } = useProject.getState();
    return status === 'ready' && !busy;
  };
  if (idle()) return Promise.resolve();
  return new Promise((resolve) => {
    const off = useProject.subscribe(() => {
      if (!idle()) return;
      off();
      resolve();
    });
  });
}

let latest = 0;

/** Opens the project file: on success its landing screen (project-store's `opened`), on failure
 * the Projects screen with the error. A request that arrives while an earlier one waits replaces
 * it (the last file the user opened is the one they want). */
export async function openProjectFile(path: string): Promise<void> {
  const seq = ++latest;
  await whenIdle();
  if (seq !== latest) return;
  useNav.getState().go('projects');
  await useProject.getState().open(path);
}
