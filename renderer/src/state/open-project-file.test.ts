// Electron main's `app:open-project-file` (a .prelabel file double-clicked): the page opens it with
// the Projects screen's project.open, after startup has answered, and shows the core's one-line
// error on the Projects screen when the file is not a project.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProjectInfo } from '../../../common/contract';
import { ApiCallError } from '../api/api-client';
import { setPlatform } from '../platform/platform';
import { deferred, fakeApi } from '../test-support/fake-api';
import { useNav } from './nav-store';
import { useProject } from './project-store';
import { wireEvents } from './wire-events';

const tick = () => new Promise((r) => setTimeout(r, 0));

const study: ProjectInfo = {
  id: 'p',
  name: 'Study',
  path: '/home/user/Study.prelabel',
  schemaVersion: 3,
  createdAt: '2025-01-01T00:00:00Z',
  documentCount: 12,
  warnings: [],
};

beforeEach(() => {
  // Startup reads the screen from the URL hash (node runs these tests: no window of its own).
  vi.stubGlobal('window', { location: { hash: '' } });
  useNav.setState({ screen: 'annotate', focus: null });
  useProject.setState({ status: 'ready', busy: false, error: null, project: null, recent: [] });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('app:open-project-file', () => {
  it('opens the file with project.open and lands on its documents', async () => {
    const api = fakeApi({ 'project.open': () => study, 'projects.recent': () => [] }, 'electron');
    setPlatform({ api, face: 'electron' });
    const off = wireEvents(api);
    api.emit('app:open-project-file', { path: study.path });
    await tick();
    expect(api.calls.slice(0, 1)).toEqual([{ method: 'project.open', input: { path: study.path } }]);
    expect(useProject.getState().project?.path).toBe(study.path);
    expect(useNav.getState().screen).toBe('browse');
    off();
  });

  it('a file that is not a project: the Projects screen with the core\u2019s one-line error, as when opened there', async () => {
    const message = 'notes.prelabel is not a Prelabel project (it is not an SQLite database).';
    const api = fakeApi(
      {
        'project.open': () => {
          throw new ApiCallError({ code: 'NOT_A_PROJECT', message });
        },
      },
      'electron',
    );
    setPlatform({ api, face: 'electron' });
    const off = wireEvents(api);
    api.emit('app:open-project-file', { path: '/home/user/notes.prelabel' });
    await tick();
    expect(useNav.getState().screen).toBe('projects');
    expect(useProject.getState().error).toBe(message);
    // The same sentence the Projects screen's own open shows.
    useProject.setState({ error: null });
    await useProject.getState().open('/home/user/notes.prelabel');
    expect(useProject.getState().error).toBe(message);
    off();
  });

  it('waits for startup, so startup\u2019s answer (no project open) does not land after the file\u2019s', async () => {
    const current = deferred<ProjectInfo | null>();
    const api = fakeApi(
      {
        'app.info': () => ({ version: '0.0.0', face: 'electron', projectsDir: '/home/user/Prelabel' }),
        'project.current': () => current.promise,
        'projects.recent': () => [],
        'project.open': () => study,
      },
      'electron',
    );
    setPlatform({ api, face: 'electron' });
    const off = wireEvents(api);
    const starting = useProject.getState().init();
    api.emit('app:open-project-file', { path: study.path });
    await tick();
    expect(api.calls.map((c) => c.method)).not.toContain('project.open');
    current.resolve(null);
    await starting;
    expect(useProject.getState().status).toBe('ready');
    await tick();
    expect(api.calls.map((c) => c.method)).toContain('project.open');
    expect(useProject.getState().project?.path).toBe(study.path);
    expect(useNav.getState().screen).toBe('browse');
    off();
  });

  it('waits for a project action in progress instead of being dropped, and the latest of two waiting requests wins', async () => {
    const opened: string[] = [];
    const api = fakeApi(
      {
        'project.open': ({ path }) => (opened.push(path), { ...study, path }),
        'projects.recent': () => [],
      },
      'electron',
    );
    setPlatform({ api, face: 'electron' });
    const off = wireEvents(api);
    useProject.setState({ busy: true });
    api.emit('app:open-project-file', { path: '/home/user/A.prelabel' });
    api.emit('app:open-project-file', { path: '/home/user/B.prelabel' });
    await tick();
    expect(opened).toEqual([]);
    useProject.setState({ busy: false });
    await tick();
    await tick();
    expect(opened).toEqual(['/home/user/B.prelabel']);
    expect(useProject.getState().project?.path).toBe('/home/user/B.prelabel');
    off();
  });
});
