// The application menu. Actions that need the UI (new project, open project) are sent to the
// focused window as events on the contract's event channel; the renderer runs its own flow for
// them (the Projects screen's forms), so the menu and the Projects screen cannot behave
// differently. menu-events.test.ts fails if main sends an event that the renderer does not hear.
import type { MenuItemConstructorOptions } from 'electron';
import { MENU_EVENTS, type MenuEventName } from '../../common/bridge';

export { MENU_EVENTS, type MenuEventName };

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Reload and developer tools exist only in an unpackaged (development) app. */
  isPackaged: boolean;
  sendToFocusedWindow(event: MenuEventName): void;
  showAbout(): void;
}

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin';
  const send = (event: MenuEventName) => () => options.sendToFocusedWindow(event);

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'New project', accelerator: 'CmdOrCtrl+N', click: send(MENU_EVENTS.newProject) },
      { label: 'Open project…', accelerator: 'CmdOrCtrl+O', click: send(MENU_EVENTS.openProject) },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };

  const developer: MenuItemConstructorOptions[] = options.isPackaged
    ? []
    : [{ type: 'separator' }, { role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }];
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...developer,
    ],
  };

  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: '&Help',
    submenu: [{ label: 'About Prelabel', click: () => options.showAbout() }],
  };

  return [...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []), file, edit, view, help];
}
