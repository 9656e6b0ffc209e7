// Routes the pushed events into the stores: the core's, the Electron menu's (File > New project
// and Open project…) and Electron main's project file to open, one route per event of the contract
// and, for jobs, one per kind. Called once at startup.
import { eventNames, type EventName, type Events, type JobKind } from '../../../common/contract';
import type { Api } from '../api/api-client';
import type { JobListener } from '../api/jobs';
import { useBrowse } from './browse-store';
import { useExport } from './export-store';
import { useImport } from './import-store';
import { useModelDownload } from './model-download-store';
import { useNav } from './nav-store';
import { openProjectFile } from './open-project-file';
import { usePrecision } from './precision-store';
import { usePrelabel } from './prelabel-store';
import { useProject } from './project-store';
import { useSegments } from './segments-store';

/** The menu's New project: the Projects screen with the new project's name in focus. */
function menuNewProject(): void {
  useNav.getState().go('projects');
  useNav.getState().requestFocus('new-project');
}

/** The menu's Open project…: the Projects screen with the open form in focus; in Electron the open
 * dialog shows at once, as a desktop menu item with an ellipsis promises. */
function menuOpenProject(api: Api): void {
  useNav.getState().go('projects');
  useNav.getState().requestFocus('open-project');
  if (api.face === 'electron') void useProject.getState().openWithDialog();
}

/** Where each kind of job's events go. Every kind of the contract is named (a new kind fails to
 * compile until it has its line); a kind whose events a component follows only while it is on
 * screen says so with an empty route. */
const jobRoutes: { [K in JobKind]: JobListener<K> } = {
  import: { progress: (p) => useImport.getState().jobProgress(p), done: (d) => useImport.getState().jobDone(d) },
  // The check's answer is the call's result; only its progress is shown.
  analyze: { progress: (p) => useImport.getState().jobProgress(p) },
  // Followed by components/search-index-notice.tsx while Browse shows it.
  index: {},
  export: { progress: (p) => useExport.getState().jobProgress(p), done: (d) => useExport.getState().jobDone(d) },
  download: { progress: (p) => useModelDownload.getState().progressed(p), done: (d) => useModelDownload.getState().finished(d) },
  // The check's answer is the call's result; only its progress is shown.
  precision: { progress: (p) => usePrecision.getState().progressed(p) },
  // A run's end is also its last progress (status done, paused, cancelled or failed).
  prelabel: { progress: (p) => usePrelabel.getState().progressed(p) },
  segment: { progress: (p) => useSegments.getState().jobProgress(p), done: (d) => useSegments.getState().jobDone(d) },
  // The CLI's evaluate-model; no screen starts one, and the call's answer is its result.
  'evaluate-model': {},
  // Hypothesis "try it": the tuning panel follows its own job with onJob.
  tuning: {},
  // The calibration section follows its own job with onJob.
  calibration: {},
};

/** Every event of the contract (common/contract/events.ts) and what the renderer does with it: an
 * event added there fails to compile here until it has a route, so none is silently unheard.
 * main/electron/menu-events.test.ts reads these names. */
function routes(api: Api): { [E in EventName]: (payload: Events[E]) => void } {
  return {
    'project:changed': ({ project }) => useProject.getState().projectChanged(project),
    'coding:changed': ({ questionId }) => useBrowse.getState().codingChanged(questionId),
    // The route of the job's kind ([K in JobKind] above pairs each kind with its own payload).
    'job:progress': (p) => (jobRoutes[p.kind] as JobListener<JobKind>).progress?.(p),
    'job:done': (d) => (jobRoutes[d.kind] as JobListener<JobKind>).done?.(d),
    'menu:new-project': menuNewProject,
    'menu:open-project': () => menuOpenProject(api),
    'app:open-project-file': ({ path }) => void openProjectFile(path),
  };
}

export function wireEvents(api: Api): () => void {
  const table = routes(api);
  const subscribe = <E extends EventName>(name: E) => api.on(name, table[name]);
  const offs = eventNames.map((name) => subscribe(name));
  return () => offs.forEach((off) => off());
}
