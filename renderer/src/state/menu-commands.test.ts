// Bug 8 of issue 10: the Electron menu's File > New project and File > Open project did nothing.
// The renderer answers both events: to the Projects screen with the form in focus, and in Electron
// Open project… shows the open dialog at once.
import { beforeEach, describe, expect, it } from 'vitest';
import type { ProjectInfo } from '../../../common/contract';
import { setPlatform } from '../platform/platform';
import { fakeApi } from '../test-support/fake-api';
import { useNav } from './nav-store';
import { useProject } from './project-store';
import { wireEvents } from './wire-events';

const tick = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  useNav.setState({ screen: 'annotate', focus: null });
  useProject.setState({ busy: false, error: null });
});

describe('bug 8: the File menu\u2019s New project and Open project', () => {
  it('New project shows the Projects screen with the name field in focus', () => {
    const api = fakeApi({});
    setPlatform({ api, face: 'electron' });
    const off = wireEvents(api);
    api.emit('menu:new-project', {});
    expect(useNav.getState().screen).toBe('projects');
    expect(useNav.getState().focus?.target).toBe('new-project');
    // Each menu click is a new request, even for the same field.
    const first = useNav.getState().focus!.seq;
    api.emit('menu:new-project', {});
    expect(useNav.getState().focus!.seq).toBeGreaterThan(first);
    off();
  });

  it('Open project… shows the Projects screen with the open form in focus and, in Electron, the open dialog', async () => {
    const opened: ProjectInfo = {
      id: 'p',
      name: 'Study',
      path: '/home/user/Study.prelabel',
      schemaVersion: 3,
      createdAt: '2025-01-01T00:00:00Z',
      documentCount: 0,
      warnings: [],
    };
    const api = fakeApi(
      {
        'dialog.openFile': () => ({ path: opened.path }),
        'project.open': () => opened,
        'projects.recent': () => [],
      },
      'electron',
    );
    setPlatform({ api, face: 'electron' });
    const off = wireEvents(api);
    api.emit('menu:open-project', {});
    expect(useNav.getState().focus?.target).toBe('open-project');
    await tick();
    await tick();
    expect(api.calls.map((c) => c.method).slice(0, 2)).toEqual(['dialog.openFile', 'project.open']);
    expect(useProject.getState().project?.path).toBe(opened.path);
    off();
  });

  it('a focus request is taken once: the screen shown later does not steal the focus again', () => {
    useNav.getState().requestFocus('new-project');
    const seq = useNav.getState().focus!.seq;
    useNav.getState().focusTaken(seq);
    expect(useNav.getState().focus).toBeNull();
  });
});
