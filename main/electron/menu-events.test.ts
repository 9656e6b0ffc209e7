// Bug 8 of issue 10: File > New project and File > Open project did nothing, because main sent
// events that no renderer code listened to. This test reads the sources: every event name that
// main sends to the renderer (its own menu events, and the core's events it forwards) must have a
// listener in the renderer: a route in state/wire-events.ts (whose table the compiler holds to
// every event of the contract) or an `api.on('<name>', ...)`. A send added without one fails here. The
// second part drives the BUILT main and preload bundles with the fake 'electron' module (Electron
// cannot run here): a click on the menu item reaches the page's onEvent listener.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MenuItemConstructorOptions } from 'electron';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT, MENU_EVENTS, type PreloadBridge } from '../../common/bridge';
import { eventNames } from '../../common/contract';
import { createFakeElectron, loadWithFakeElectron } from './test-support/fake-electron';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Source files under `dir` (tests and test support left out). */
function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!/^(node_modules|__fixtures__|__snapshots__|test-support)$/.test(entry.name)) out.push(...sources(path));
    } else if (/\.tsx?$/.test(entry.name) && !/\.(test|spec)\.tsx?$/.test(entry.name)) out.push(path);
  }
  return out;
}

/** Every string-literal name matched by `pattern` (its first group) in the files, with where. */
function names(files: string[], pattern: RegExp): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of files) {
    for (const m of readFileSync(join(root, file), 'utf8').matchAll(pattern)) found.set(m[1]!, [...(found.get(m[1]!) ?? []), file]);
  }
  return found;
}

/** What main sends on IPC_EVENT: its menu events, names sent literally from main/electron, and the
 * core's events (main forwards every one of them to each window). */
function sentByMain(): Map<string, string[]> {
  const sent = new Map<string, string[]>();
  const add = (found: Map<string, string[]>) => found.forEach((where, name) => sent.set(name, [...(sent.get(name) ?? []), ...where]));
  add(new Map(Object.values(MENU_EVENTS).map((name) => [name, ['common/bridge.ts (MENU_EVENTS)']])));
  add(names(sources('main/electron'), /\.send\(\s*IPC_EVENT\s*,\s*['"]([^'"]+)['"]/g));
  add(names(sources('main/core'), /\bemit\(\s*['"]([a-z]+:[a-z-]+)['"]/g));
  return sent;
}

/** What the renderer subscribes to: wire-events.ts's routes, and `.on('<name>', ...)` on the typed API. */
function listenedInRenderer(): Map<string, string[]> {
  const found = names(sources('renderer/src'), /\.on\(\s*['"]([a-z]+:[a-z-]+)['"]/g);
  // The routes of wire-events.ts: `'<name>': (payload) => ...`.
  names(['renderer/src/state/wire-events.ts'], /^\s+'([a-z]+:[a-z-]+)':\s/gm).forEach((where, name) =>
    found.set(name, [...(found.get(name) ?? []), ...where]),
  );
  return found;
}

describe('bug 8: every event main sends to the renderer has a listener there', () => {
  it('the menu events, main/electron\u2019s own sends and the core\u2019s forwarded events are all listened to', () => {
    const sent = sentByMain();
    const listened = listenedInRenderer();
    // The scan found what it must: the menu events and the core's usual events.
    for (const name of ['menu:new-project', 'menu:open-project', 'project:changed', 'job:done', 'coding:changed'])
      expect(sent.has(name), name).toBe(true);
    const unheard = [...sent]
      .filter(([name]) => !listened.has(name))
      .map(([name, where]) => `${name} (sent from ${[...new Set(where)].join(', ')})`);
    expect(
      unheard,
      'events main sends that no renderer code listens to: add an api.on(...) for each (renderer/src/state/wire-events.ts)',
    ).toEqual([]);
  });

  it('every sent event is in the contract, so both transports deliver it', () => {
    const unknown = [...sentByMain().keys()].filter((name) => !(eventNames as readonly string[]).includes(name));
    expect(unknown).toEqual([]);
  });

  it('the menu sends exactly the names of MENU_EVENTS (source files, relative)', () => {
    const literal = names(sources('main/electron'), /['"](menu:[a-z-]+)['"]/g);
    expect(
      [...literal.keys()]
        .filter((n) => !(Object.values(MENU_EVENTS) as string[]).includes(n))
        .map(
          (n) =>
            `${n} in ${literal
              .get(n)!
              .map((f) => relative(root, join(root, f)))
              .join(', ')}`,
        ),
    ).toEqual([]);
  });
});

const mainBundle = join(root, 'out/main/electron.js');
const preloadBundle = join(root, 'out/preload/index.js');
const built = existsSync(mainBundle) && existsSync(preloadBundle);

describe.skipIf(!built)('bug 8: the built app delivers File > New project and Open project to the page', () => {
  let dir = '';
  afterAll(() => {
    vi.restoreAllMocks();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a menu click is sent to the window on IPC_EVENT and reaches the listener the page gave onEvent', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    delete process.env.ELECTRON_RENDERER_URL;
    delete process.env.PRELABEL_HOME;
    dir = mkdtempSync(join(tmpdir(), 'prelabel-menu-events-'));
    const fake = createFakeElectron({
      userData: join(dir, 'userData'),
      documents: join(dir, 'Documents'),
      temp: join(dir, 'tmp'),
      appPath: root,
    });
    loadWithFakeElectron(mainBundle, fake);
    await new Promise((r) => setTimeout(r, 20));
    loadWithFakeElectron(preloadBundle, fake);
    const bridge = fake.exposed.get('prelabel') as PreloadBridge;
    const heard: [string, unknown][] = [];
    bridge.onEvent((name, payload) => heard.push([name, payload]));

    const template = fake.menuTemplates.at(-1) as MenuItemConstructorOptions[];
    const items = template.flatMap((m) => (m.submenu as MenuItemConstructorOptions[] | undefined) ?? []);
    const click = (label: string) => (items.find((i) => i.label === label)?.click as (() => void) | undefined)?.();
    click('New project');
    click('Open project…');
    const sent = fake.windows[0]!.webContents.sent.filter((m) => m[0] === IPC_EVENT);
    expect(sent).toEqual([
      [IPC_EVENT, MENU_EVENTS.newProject, {}],
      [IPC_EVENT, MENU_EVENTS.openProject, {}],
    ]);
    // What the page's transport receives, as main's webContents.send delivers it.
    for (const [, ...args] of sent) fake.emitToRenderer(IPC_EVENT, ...args);
    expect(heard).toEqual([
      [MENU_EVENTS.newProject, {}],
      [MENU_EVENTS.openProject, {}],
    ]);
  });
});
