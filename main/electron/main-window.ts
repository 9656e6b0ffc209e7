// The main window and its security settings. Everything the renderer may do goes through the
// preload's `window.prelabel` bridge; the page itself gets no Node and no Electron.
import { join } from 'node:path';
import { BrowserWindow, type WebPreferences } from 'electron';

export interface MainWindowOptions {
  /** out/preload/index.js */
  preloadPath: string;
  /** app://prelabel/index.html, or the dev server's URL when unpackaged. */
  entryUrl: string;
}

export function mainWindowPreferences(preloadPath: string): WebPreferences {
  return {
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    preload: preloadPath,
  };
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Prelabel',
    // Shown once painted, so the user never sees an empty white frame.
    show: false,
    webPreferences: mainWindowPreferences(options.preloadPath),
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.on('did-fail-load', (_event, code, description, url) => {
    console.error(`[prelabel] could not load ${url}: ${description} (${code})`);
    // A window that never shows looks like an app that never started.
    if (!window.isDestroyed() && !window.isVisible()) window.show();
  });
  void window.loadURL(options.entryUrl).catch((err: unknown) => console.error('[prelabel] loading the window failed:', err));
  return window;
}

/** Where the built preload sits next to the built main bundle (out/main -> out/preload). */
export function preloadPathFrom(mainDir: string): string {
  return join(mainDir, '../preload/index.js');
}
