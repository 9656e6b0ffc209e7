// [Note: opening a project file] A .prelabel file can be asked for before anyone can open it:
// in the first launch's argv, and on macOS in 'open-file', which fires before 'ready' when the
// double-click starts the app. The request waits here until a window's page has loaded (its
// event listeners are wired by then: renderer/src/main.tsx wires them before the first render),
// then goes to that page, which opens it with the same project.open the Projects screen calls
// (renderer/src/state/open-project-file.ts), so its usual errors show. Only the latest request is
// kept: one window shows one project, and the last file the user opened is the one they want.
import type { Events } from '../../common/contract';

/** The event main sends on IPC_EVENT with the file's path. */
export const OPEN_PROJECT_FILE_EVENT = 'app:open-project-file' satisfies keyof Events;

/** Hands a path to one loaded page. */
export type PageTarget = (path: string) => void;

export class ProjectFileOpener {
  private pending: string | null = null;
  private target: PageTarget | null = null;

  /** A file to open, from argv, a second instance or macOS 'open-file'. */
  request(path: string): void {
    if (this.target) this.target(path);
    else this.pending = path;
  }

  /** A window's page finished loading: it takes the pending request and the next ones. */
  pageLoaded(target: PageTarget): void {
    this.target = target;
    const path = this.pending;
    this.pending = null;
    if (path !== null) target(path);
  }

  /** The page is gone (its window closed, or it is navigating away): requests wait again. */
  pageGone(target: PageTarget): void {
    if (this.target === target) this.target = null;
  }

  /** The request still waiting for a page (tests and logs). */
  get waiting(): string | null {
    return this.pending;
  }
}

/** The part of a BrowserWindow the opener needs (the Electron seam; tests stub it). */
export interface OpenerWindow {
  isDestroyed(): boolean;
  once(event: 'closed', listener: () => void): unknown;
  readonly webContents: {
    isDestroyed(): boolean;
    send(channel: string, ...args: unknown[]): void;
    on(event: 'did-finish-load' | 'did-navigate', listener: () => void): unknown;
  };
}

/**
 * Connects a window to the opener: once its page has loaded, requests are sent to it on
 * `channel` as OPEN_PROJECT_FILE_EVENT; a navigation (a reload) or closing the window makes them
 * wait for the next page. (Whoever requests brings the window forward: electron-main.ts.)
 */
export function attachWindow(opener: ProjectFileOpener, window: OpenerWindow, channel: string): void {
  const target: PageTarget = (path) => {
    if (window.isDestroyed() || window.webContents.isDestroyed()) {
      // Closed between its last load and this request: keep the request for the next window.
      opener.pageGone(target);
      opener.request(path);
      return;
    }
    const payload: Events[typeof OPEN_PROJECT_FILE_EVENT] = { path };
    window.webContents.send(channel, OPEN_PROJECT_FILE_EVENT, payload);
  };
  // 'did-navigate' is a new document committed (a reload included; not an in-page hash change):
  // its listeners are not wired until it has loaded.
  window.webContents.on('did-navigate', () => opener.pageGone(target));
  window.webContents.on('did-finish-load', () => opener.pageLoaded(target));
  window.once('closed', () => opener.pageGone(target));
}
