// Routes the pushed events into the stores: the core's, and the Electron menu's (File > New project
// and Open project…). Called once at startup. main/electron/menu-events.test.ts fails when main
// sends an event that has no api.on(...) in the renderer.
import type { Api } from '../api/api-client';
import { useBrowse } from './browse-store';
import { useImport } from './import-store';
import { useModelDownload } from './model-download-store';
import { useNav } from './nav-store';
import { usePrelabel } from './prelabel-store';
import { useProject } from './project-store';

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

export function wireEvents(api: Api): () => void {
  const offs = [
    api.on('project:changed', ({ project }) => useProject.getState().projectChanged(project)),
    api.on('coding:changed', ({ questionId }) => useBrowse.getState().codingChanged(questionId)),
    api.on('job:progress', (p) => useImport.getState().jobProgress(p)),
    api.on('job:done', (d) => useImport.getState().jobDone(d)),
    api.on('prelabel:progress', (p) => usePrelabel.getState().progressed(p)),
    api.on('models:progress', (p) => useModelDownload.getState().progressed(p)),
    api.on('models:done', (d) => useModelDownload.getState().finished(d)),
    api.on('menu:new-project', menuNewProject),
    api.on('menu:open-project', () => menuOpenProject(api)),
  ];
  return () => offs.forEach((off) => off());
}
