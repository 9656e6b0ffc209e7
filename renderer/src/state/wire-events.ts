// Routes the core's pushed events into the stores. Called once at startup.
import type { Api } from '../api/api-client';
import { useImport } from './import-store';
import { useModelDownload } from './model-download-store';
import { usePrelabel } from './prelabel-store';
import { useProject } from './project-store';

export function wireEvents(api: Api): () => void {
  const offs = [
    api.on('project:changed', ({ project }) => useProject.getState().projectChanged(project)),
    api.on('job:progress', (p) => useImport.getState().jobProgress(p)),
    api.on('job:done', (d) => useImport.getState().jobDone(d)),
    api.on('prelabel:progress', (p) => usePrelabel.getState().progressed(p)),
    api.on('models:progress', (p) => useModelDownload.getState().progressed(p)),
    api.on('models:done', (d) => useModelDownload.getState().finished(d)),
  ];
  return () => offs.forEach((off) => off());
}
