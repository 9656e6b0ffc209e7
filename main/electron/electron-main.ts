// Entry of the Electron main process (built to out/main/electron.js). Thin by design: one window,
// its security, the menu, native dialogs, and forwarding contract calls to the core process.
import { join } from 'node:path';
import { app, ipcMain, Menu, session, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { IPC_EVENT } from '../../common/bridge';
import { createOriginPolicy } from './app-origin';
import { registerAppSchemePrivileges, serveRenderer } from './app-protocol';
import { buildMenuTemplate } from './app-menu';
import { electronCoreConfig, sqliteBindingPath } from './core-config';
import { createCoreClient } from './core-host';
import { registerIpcHandlers } from './ipc-registrar';
import { createMainWindow, preloadPathFrom } from './main-window';
import { projectFileFromArgv, projectFileFromPath } from './open-file-args';
import { attachWindow, ProjectFileOpener } from './project-file-opener';
import { isTrustedSender, senderInfo } from './sender-policy';
import { createShellHandler } from './shell-dialogs';
import { guardSession, guardWebContents } from './web-contents-guard';
import { WindowRegistry } from './window-registry';

const prelabelHome = process.env.PRELABEL_HOME || undefined;

function start(): void {
  // Every renderer sandboxed, whatever its webPreferences say.
  app.enableSandbox();
  registerAppSchemePrivileges();

  const policy = createOriginPolicy({ devServerUrl: process.env.ELECTRON_RENDERER_URL, isPackaged: app.isPackaged });
  const windows = new WindowRegistry<BrowserWindow>();

  // Before any window exists, so that no webContents escapes the guard.
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, policy));

  // A .prelabel file to open waits for a loaded page ([Note: opening a project file]).
  const opener = new ProjectFileOpener();
  const argvContext = (cwd: string) => ({ defaultApp: Boolean(process.defaultApp), cwd });
  const reveal = (window: BrowserWindow) => {
    if (window.isMinimized()) window.restore();
    window.focus();
  };

  const openMainWindow = (): BrowserWindow => {
    const window = windows.add(createMainWindow({ preloadPath: preloadPathFrom(__dirname), entryUrl: policy.entryUrl }));
    attachWindow(opener, window, IPC_EVENT);
    return window;
  };
  // Set once 'ready' has set up the core, the IPC handlers and the first window: before that a
  // request only waits in the opener (the first window takes it).
  let windowsReady = false;
  const showWindow = () => {
    if (windowsReady) reveal(windows.first() ?? openMainWindow());
  };

  // The file this launch was asked to open (Linux, Windows: the file manager passes its path).
  const launchFile = projectFileFromArgv(process.argv, argvContext(process.cwd()));
  if (launchFile) opener.request(launchFile);

  // A second launch (double-clicking the app, or a .prelabel file, again) brings the existing
  // window forward instead, and opens the file it was given there.
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const file = projectFileFromArgv(argv, argvContext(workingDirectory));
    if (file) opener.request(file);
    showWindow();
  });

  // macOS hands a double-clicked file to the running app, and at launch may do so before 'ready':
  // registered now, and queued until a page can take it.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    const file = projectFileFromPath(path, process.cwd());
    if (!file) return console.error(`[prelabel] ${path} is not a .prelabel project file; not opened.`);
    opener.request(file);
    showWindow();
  });

  void app.whenReady().then(() => {
    guardSession(session.defaultSession);
    serveRenderer(join(__dirname, '../renderer'));

    const config = electronCoreConfig({ documents: app.getPath('documents'), temp: app.getPath('temp') }, app.getVersion(), prelabelHome);
    const core = createCoreClient({
      entry: join(__dirname, 'core-process.js'),
      config,
      sqliteBinding: sqliteBindingPath({ isPackaged: app.isPackaged, appPath: app.getAppPath(), resourcesPath: process.resourcesPath }),
    });
    core.onEvent((event, payload) => windows.broadcast(IPC_EVENT, event, payload));
    // Started now rather than on the first call, so the first screen does not wait for it.
    core.start().catch((err: unknown) => console.error('[prelabel] the core process did not start:', err));

    const callShell = createShellHandler({ projectsDir: config.projectsDir, documentsDir: app.getPath('documents') });
    registerIpcHandlers(ipcMain, {
      isTrustedSender: (event: IpcMainInvokeEvent) => isTrustedSender(senderInfo(event), windows.webContentsIds, policy.isAppUrl),
      callShell: (method, input, event) => callShell(method, input, event.sender),
      callCore: (method, input) => core.call(method, input),
    });

    app.setAboutPanelOptions({ applicationName: 'Prelabel', applicationVersion: app.getVersion() });
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        buildMenuTemplate({
          platform: process.platform,
          isPackaged: app.isPackaged,
          sendToFocusedWindow: (event) => {
            const window = windows.all().find((w) => w.isFocused()) ?? windows.first();
            window?.webContents.send(IPC_EVENT, event, {});
          },
          showAbout: () => app.showAboutPanel(),
        }),
      ),
    );

    openMainWindow();
    windowsReady = true;
    app.on('activate', () => {
      if (windows.all().length === 0) openMainWindow();
    });

    // The core closes the project cleanly (WAL checkpoint, jobs cancelled) before the app exits.
    let coreStopped = false;
    let stopping: Promise<void> | null = null;
    app.on('before-quit', (event) => {
      if (coreStopped) return;
      event.preventDefault();
      stopping ??= core.stop().finally(() => {
        coreStopped = true;
        app.quit();
      });
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

// PRELABEL_HOME keeps Chromium's profile with the rest of a test run's files (core-config.ts). It
// must be set before the single-instance lock, which is keyed on the userData folder: a test run
// then never hands over to (or blocks) the instance the user has open.
if (prelabelHome) app.setPath('userData', join(prelabelHome, 'electron'));

// [Note: single instance] Two instances would each start a core that opens the same project file
// for writing; the second launch hands over to the first instead.
if (app.requestSingleInstanceLock()) start();
else app.quit();
