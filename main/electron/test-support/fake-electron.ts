// A stand-in for the 'electron' module, for loading the built main and preload bundles in plain
// Node (Electron cannot run on the machines that run the tests). It records what the bundles ask
// of Electron so a test can assert the security settings and drive the IPC handler.
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import Module from 'node:module';
import { sep } from 'node:path';

export interface FakeElectronOptions {
  userData: string;
  documents: string;
  temp: string;
  appPath: string;
  isPackaged?: boolean;
}

export class FakeWebContents extends EventEmitter {
  readonly sent: unknown[][] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  constructor(readonly id: number) {
    super();
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

/** What a fake utility process was asked to do; it answers like a healthy core. */
export class FakeUtilityProcess extends EventEmitter {
  readonly received: unknown[] = [];
  killed = false;
  constructor(
    readonly modulePath: string,
    readonly options: { serviceName?: string; env?: Record<string, string | undefined> },
  ) {
    super();
    setImmediate(() => this.emit('message', { type: 'ready' }));
  }
  postMessage(message: unknown): void {
    this.received.push(message);
    const m = message as { type: string; id?: number };
    if (m.type === 'call') setImmediate(() => this.emit('message', { type: 'result', id: m.id, result: { ok: true, value: null } }));
    if (m.type === 'shutdown') setImmediate(() => this.emit('exit', 0));
  }
  kill(): boolean {
    this.killed = true;
    setImmediate(() => this.emit('exit', null));
    return true;
  }
}

type Handler = (...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any

export function createFakeElectron(options: FakeElectronOptions) {
  let nextWebContentsId = 1;
  const calls: { method: string; args: unknown[] }[] = [];
  const record = (method: string, ...args: unknown[]) => calls.push({ method, args });

  const app = Object.assign(new EventEmitter(), {
    isPackaged: options.isPackaged ?? false,
    quitCalls: 0,
    requestSingleInstanceLock: () => (record('app.requestSingleInstanceLock'), true),
    quit() {
      app.quitCalls += 1;
      app.emit('before-quit', { preventDefault: () => record('before-quit.preventDefault') });
    },
    enableSandbox: () => record('app.enableSandbox'),
    setPath: (name: string, path: string) => record('app.setPath', name, path),
    whenReady: () => Promise.resolve(),
    isReady: () => true,
    getPath(name: string): string {
      const paths: Record<string, string> = { userData: options.userData, documents: options.documents, temp: options.temp };
      const path = paths[name];
      if (!path) throw new Error(`fake electron: no path for ${name}`);
      return path;
    },
    getVersion: () => '0.0.0-test',
    getAppPath: () => options.appPath,
    setAboutPanelOptions: (o: unknown) => record('app.setAboutPanelOptions', o),
    showAboutPanel: () => record('app.showAboutPanel'),
  });

  const windows: FakeBrowserWindow[] = [];
  class FakeBrowserWindow extends EventEmitter {
    readonly webContents = new FakeWebContents(nextWebContentsId++);
    loadedUrl: string | null = null;
    constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
      super();
      windows.push(this);
      // As Electron does: every new webContents is announced before anyone can use it.
      app.emit('web-contents-created', {}, this.webContents);
    }
    static fromWebContents(contents: unknown): FakeBrowserWindow | null {
      return windows.find((w) => w.webContents === contents) ?? null;
    }
    loadURL(url: string): Promise<void> {
      this.loadedUrl = url;
      return Promise.resolve();
    }
    show(): void {}
    focus(): void {}
    restore(): void {}
    isMinimized(): boolean {
      return false;
    }
    isFocused(): boolean {
      return true;
    }
    isDestroyed(): boolean {
      return false;
    }
  }

  const ipcHandlers = new Map<string, Handler>();
  const protocolHandlers = new Map<string, Handler>();
  const sessionHandlers: Record<string, Handler> = {};
  const forks: FakeUtilityProcess[] = [];
  const menuTemplates: unknown[] = [];
  const dialogAnswers = {
    open: { canceled: false, filePaths: ['/home/user/texts.csv'] } as { canceled: boolean; filePaths: string[] },
    save: { canceled: false, filePath: '/home/user/Study' } as { canceled: boolean; filePath?: string },
  };

  const rendererListeners = new Map<string, Set<Handler>>();
  const invocations: unknown[][] = [];
  let invokeAnswer: (args: unknown[]) => Promise<unknown> = () => Promise.resolve({ ok: true, value: null });
  const exposed = new Map<string, unknown>();

  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: {
      handle: (channel: string, handler: Handler) => ipcHandlers.set(channel, handler),
      removeHandler: (channel: string) => ipcHandlers.delete(channel),
    },
    Menu: {
      buildFromTemplate: (template: unknown) => (menuTemplates.push(template), { template }),
      setApplicationMenu: (menu: unknown) => record('Menu.setApplicationMenu', menu),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Handler) => (sessionHandlers.permissionRequest = h),
        setPermissionCheckHandler: (h: Handler) => (sessionHandlers.permissionCheck = h),
        setDevicePermissionHandler: (h: Handler) => (sessionHandlers.devicePermission = h),
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown) => record('protocol.registerSchemesAsPrivileged', schemes),
      handle: (scheme: string, handler: Handler) => protocolHandlers.set(scheme, handler),
    },
    utilityProcess: {
      fork(modulePath: string, _args: string[], forkOptions: FakeUtilityProcess['options']) {
        const child = new FakeUtilityProcess(modulePath, forkOptions);
        forks.push(child);
        return child;
      },
    },
    dialog: {
      showOpenDialog: (...args: unknown[]) => (record('dialog.showOpenDialog', ...args), Promise.resolve(dialogAnswers.open)),
      showSaveDialog: (...args: unknown[]) => (record('dialog.showSaveDialog', ...args), Promise.resolve(dialogAnswers.save)),
    },
    shell: {
      openExternal: (url: string) => (record('shell.openExternal', url), Promise.resolve()),
    },
    // Preload side.
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api),
    },
    ipcRenderer: {
      invoke: (...args: unknown[]) => (invocations.push(args), invokeAnswer(args)),
      on(channel: string, listener: Handler) {
        if (!rendererListeners.has(channel)) rendererListeners.set(channel, new Set());
        rendererListeners.get(channel)!.add(listener);
      },
      removeListener(channel: string, listener: Handler) {
        rendererListeners.get(channel)?.delete(listener);
      },
    },
    webUtils: {
      getPathForFile(file: unknown): string {
        const path = (file as { fakePath?: unknown })?.fakePath;
        if (typeof path !== 'string') throw new TypeError('not a File');
        return path;
      },
    },
  };

  return {
    electron,
    calls,
    windows,
    forks,
    ipcHandlers,
    protocolHandlers,
    sessionHandlers,
    menuTemplates,
    dialogAnswers,
    invocations,
    exposed,
    rendererListeners,
    setInvokeAnswer(answer: (args: unknown[]) => Promise<unknown>) {
      invokeAnswer = answer;
    },
    /** Delivers an IPC event to the preload's listeners, as main's webContents.send would. */
    emitToRenderer(channel: string, ...args: unknown[]) {
      for (const listener of rendererListeners.get(channel) ?? []) listener({ sender: 'ipc-renderer-event' }, ...args);
    },
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

interface ModuleInternals {
  _load(request: string, parent: unknown, isMain: boolean): unknown;
}

/**
 * Loads a built CommonJS bundle with require('electron') answered by the fake. Fresh each time:
 * the bundle and its chunks are dropped from the require cache first.
 */
export function loadWithFakeElectron(bundlePath: string, fake: FakeElectron): unknown {
  const internals = Module as unknown as ModuleInternals;
  const originalLoad = internals._load;
  internals._load = function load(request, parent, isMain) {
    if (request === 'electron') return fake.electron;
    return originalLoad.call(this, request, parent, isMain);
  };
  try {
    const require = createRequire(bundlePath);
    for (const key of Object.keys(require.cache)) if (key.includes(`${sep}out${sep}`)) delete require.cache[key];
    return require(bundlePath);
  } finally {
    internals._load = originalLoad;
  }
}
