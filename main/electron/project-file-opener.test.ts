// The queue between "open this .prelabel file" (argv, a second instance, macOS open-file, which can
// come before 'ready') and a page that can open it: nothing is sent before a page has loaded, a
// reload or a closed window makes requests wait again, the latest request wins. The Electron
// window is stubbed at the seam attachWindow uses.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { attachWindow, OPEN_PROJECT_FILE_EVENT, ProjectFileOpener, type OpenerWindow } from './project-file-opener';

class StubContents extends EventEmitter {
  readonly sent: unknown[][] = [];
  destroyed = false;
  isDestroyed = () => this.destroyed;
  send(channel: string, ...args: unknown[]) {
    this.sent.push([channel, ...args]);
  }
}

class StubWindow extends EventEmitter implements OpenerWindow {
  readonly webContents = new StubContents();
  destroyed = false;
  isDestroyed = () => this.destroyed;
  close() {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

function attach(opener: ProjectFileOpener): StubWindow {
  const window = new StubWindow();
  attachWindow(opener, window, 'prelabel:event');
  return window;
}

const load = (w: StubWindow) => {
  w.webContents.emit('did-navigate');
  w.webContents.emit('did-finish-load');
};

describe('ProjectFileOpener', () => {
  it('keeps a request that comes before any page (argv, macOS open-file before ready) and delivers it once', () => {
    const opener = new ProjectFileOpener();
    opener.request('/p/Study.prelabel');
    expect(opener.waiting).toBe('/p/Study.prelabel');
    const got: string[] = [];
    opener.pageLoaded((p) => got.push(p));
    expect(got).toEqual(['/p/Study.prelabel']);
    expect(opener.waiting).toBeNull();
    opener.pageLoaded((p) => got.push(`again ${p}`));
    expect(got).toEqual(['/p/Study.prelabel']);
  });

  it('keeps only the latest of several early requests', () => {
    const opener = new ProjectFileOpener();
    opener.request('/p/A.prelabel');
    opener.request('/p/B.prelabel');
    const got: string[] = [];
    opener.pageLoaded((p) => got.push(p));
    expect(got).toEqual(['/p/B.prelabel']);
  });

  it('delivers at once to a loaded page; after pageGone requests wait again', () => {
    const opener = new ProjectFileOpener();
    const got: string[] = [];
    const target = (p: string) => got.push(p);
    opener.pageLoaded(target);
    opener.request('/p/A.prelabel');
    expect(got).toEqual(['/p/A.prelabel']);
    opener.pageGone(target);
    opener.request('/p/B.prelabel');
    expect(got).toEqual(['/p/A.prelabel']);
    expect(opener.waiting).toBe('/p/B.prelabel');
  });

  it('a page that was replaced going away does not take the target from the new one', () => {
    const opener = new ProjectFileOpener();
    const got: string[] = [];
    const old = (p: string) => got.push(`old ${p}`);
    opener.pageLoaded(old);
    opener.pageLoaded((p) => got.push(`new ${p}`));
    opener.pageGone(old);
    opener.request('/p/A.prelabel');
    expect(got).toEqual(['new /p/A.prelabel']);
  });
});

describe('attachWindow', () => {
  it('sends nothing while the page loads, then the event with the path on the channel', () => {
    const opener = new ProjectFileOpener();
    const window = attach(opener);
    opener.request('/p/Study.prelabel');
    window.webContents.emit('did-navigate');
    expect(window.webContents.sent).toEqual([]);
    window.webContents.emit('did-finish-load');
    expect(window.webContents.sent).toEqual([['prelabel:event', OPEN_PROJECT_FILE_EVENT, { path: '/p/Study.prelabel' }]]);
    expect(OPEN_PROJECT_FILE_EVENT).toBe('app:open-project-file');
  });

  it('a second instance\u2019s request goes straight to the loaded page', () => {
    const opener = new ProjectFileOpener();
    const window = attach(opener);
    load(window);
    opener.request('/p/Other.prelabel');
    expect(window.webContents.sent).toEqual([['prelabel:event', OPEN_PROJECT_FILE_EVENT, { path: '/p/Other.prelabel' }]]);
  });

  it('during a reload a request waits for the new page instead of going to one with no listeners', () => {
    const opener = new ProjectFileOpener();
    const window = attach(opener);
    load(window);
    window.webContents.emit('did-navigate');
    opener.request('/p/Study.prelabel');
    expect(window.webContents.sent).toEqual([]);
    window.webContents.emit('did-finish-load');
    expect(window.webContents.sent).toHaveLength(1);
  });

  it('after the window closes (macOS keeps the app running) the request waits for the next window', () => {
    const opener = new ProjectFileOpener();
    const first = attach(opener);
    load(first);
    first.close();
    opener.request('/p/Study.prelabel');
    expect(first.webContents.sent).toEqual([]);
    const second = attach(opener);
    load(second);
    expect(second.webContents.sent).toEqual([['prelabel:event', OPEN_PROJECT_FILE_EVENT, { path: '/p/Study.prelabel' }]]);
  });

  it('a window destroyed without its closed event yet does not swallow the request', () => {
    const opener = new ProjectFileOpener();
    const first = attach(opener);
    load(first);
    first.webContents.destroyed = true;
    opener.request('/p/Study.prelabel');
    expect(first.webContents.sent).toEqual([]);
    expect(opener.waiting).toBe('/p/Study.prelabel');
    const second = attach(opener);
    load(second);
    expect(second.webContents.sent).toHaveLength(1);
  });
});
