import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, MENU_EVENTS } from './app-menu';

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((menu) => [menu, ...items((menu.submenu as MenuItemConstructorOptions[] | undefined) ?? [])]);
}

const base = { sendToFocusedWindow: vi.fn(), showAbout: vi.fn() };

describe('buildMenuTemplate', () => {
  it('has File, Edit, View and Help on Windows and Linux, with the app menu first on macOS', () => {
    expect(buildMenuTemplate({ ...base, platform: 'linux', isPackaged: true }).map((m) => m.label)).toEqual([
      '&File',
      '&Edit',
      '&View',
      '&Help',
    ]);
    expect(buildMenuTemplate({ ...base, platform: 'darwin', isPackaged: true })[0]?.role).toBe('appMenu');
  });

  it('offers reload and developer tools only in an unpackaged app', () => {
    const roles = (isPackaged: boolean) => items(buildMenuTemplate({ ...base, platform: 'linux', isPackaged })).map((i) => i.role);
    expect(roles(true)).not.toContain('toggleDevTools');
    expect(roles(true)).not.toContain('reload');
    expect(roles(true)).not.toContain('forceReload');
    expect(roles(false)).toContain('toggleDevTools');
    expect(roles(false)).toContain('reload');
  });

  it('sends New project and Open project to the renderer as menu events, and shows About', () => {
    const sendToFocusedWindow = vi.fn();
    const showAbout = vi.fn();
    const all = items(buildMenuTemplate({ sendToFocusedWindow, showAbout, platform: 'linux', isPackaged: true }));
    const click = (label: string) => (all.find((i) => i.label === label)?.click as (() => void) | undefined)?.();
    click('New project');
    click('Open project…');
    click('About Prelabel');
    expect(sendToFocusedWindow.mock.calls).toEqual([[MENU_EVENTS.newProject], [MENU_EVENTS.openProject]]);
    expect(showAbout).toHaveBeenCalledTimes(1);
  });

  it('has the standard Edit roles, so copy and paste work in text fields', () => {
    const roles = items(buildMenuTemplate({ ...base, platform: 'win32', isPackaged: true })).map((i) => i.role);
    for (const role of ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'quit'] as const) expect(roles).toContain(role);
  });
});
