// The open project, the recent list and the app's own info; create, open, close and forget.
import { create } from 'zustand';
import type { AppInfo, ProjectInfo, RecentProject } from '../../../common/contract';
import { api, platform } from '../platform/platform';
import { errorMessage } from '../platform/error-message';
import { useBrowse } from './browse-store';
import { screenFromHash, useNav } from './nav-store';
import { usePrelabel } from './prelabel-store';
import { resetProjectStores } from './project-scope';

export type StartupStatus = 'starting' | 'ready' | 'failed';

interface ProjectState {
  status: StartupStatus;
  startError: string | null;
  appInfo: AppInfo | null;
  project: ProjectInfo | null;
  recent: RecentProject[];
  busy: boolean;
  error: string | null;

  /** Startup: the app's info, the project the core has open (if any) and the recent list. */
  init(): Promise<void>;
  refreshRecent(): Promise<void>;
  create(name: string): Promise<void>;
  open(path: string): Promise<void>;
  openWithDialog(): Promise<void>;
  close(): Promise<void>;
  forget(path: string): Promise<void>;
  /** From the core's `project:changed` event (an import finished, another window switched). */
  projectChanged(project: ProjectInfo | null): void;
  clearError(): void;
}

/** Where to land once a project is open: its documents, or the import screen when it has none. */
function landingFor(project: ProjectInfo) {
  return project.documentCount > 0 ? 'browse' : 'import';
}

export const useProject = create<ProjectState>()((set, get) => {
  /** Runs a user action: one at a time, errors shown as the core's sentence. */
  const run = async (action: () => Promise<void>) => {
    if (get().busy) return;
    set({ busy: true, error: null });
    try {
      await action();
    } catch (err) {
      set({ error: errorMessage(err) });
    } finally {
      set({ busy: false });
    }
  };

  /** Sets the open project; a different project (or none) starts every per-project store afresh
   * ([Note: per-project stores] in project-scope.ts). */
  const apply = (project: ProjectInfo | null): ProjectInfo | null => {
    const before = get().project;
    set({ project });
    if (project?.path !== before?.path) resetProjectStores();
    return before;
  };

  const opened = (project: ProjectInfo) => {
    apply(project);
    useNav.getState().go(landingFor(project));
    void get().refreshRecent();
  };

  return {
    status: 'starting',
    startError: null,
    appInfo: null,
    project: null,
    recent: [],
    busy: false,
    error: null,

    async init() {
      set({ status: 'starting', startError: null });
      try {
        const [appInfo, project, recent] = await Promise.all([
          api().call('app.info', {}),
          api().call('project.current', {}),
          api().call('projects.recent', {}),
        ]);
        set({ appInfo, project, recent, status: 'ready' });
        // With a project open, a reload stays on the screen it showed; without one, the recent
        // list on the Projects screen is one click away from where the user left off.
        const fromHash = screenFromHash(window.location.hash);
        if (project) useNav.getState().go(fromHash ?? landingFor(project));
        else useNav.getState().go('projects');
      } catch (err) {
        set({ status: 'failed', startError: errorMessage(err) });
      }
    },

    async refreshRecent() {
      try {
        set({ recent: await api().call('projects.recent', {}) });
      } catch (err) {
        set({ error: errorMessage(err) });
      }
    },

    create: (name) =>
      run(async () => {
        let path: string | undefined;
        if (platform().face === 'electron') {
          const choice = await api().call('dialog.saveFile', { purpose: 'project', defaultName: `${name}.prelabel` });
          if (!choice) return; // the user closed the dialog
          path = choice.path;
        }
        opened(await api().call('project.create', path ? { name, path } : { name }));
      }),

    open: (path) => run(async () => opened(await api().call('project.open', { path }))),

    openWithDialog: () =>
      run(async () => {
        const choice = await api().call('dialog.openFile', { purpose: 'project' });
        if (choice) opened(await api().call('project.open', { path: choice.path }));
      }),

    close: () =>
      run(async () => {
        await api().call('project.close', {});
        apply(null);
        useNav.getState().go('projects');
        await get().refreshRecent();
      }),

    forget: (path) =>
      run(async () => {
        set({ recent: await api().call('projects.forget', { path }) });
      }),

    projectChanged(project) {
      const before = apply(project);
      if (project && project.path === before?.path) {
        useBrowse.getState().invalidate();
        void usePrelabel.getState().refreshStatus();
      } else if (project) void get().refreshRecent();
      else if (before) useNav.getState().go('projects');
    },

    clearError: () => set({ error: null }),
  };
});
