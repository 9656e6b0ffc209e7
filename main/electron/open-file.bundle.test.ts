// Double-clicking a .prelabel file opens it (issue 15 §4), checked on the BUILT main and preload
// bundles with the fake 'electron' module (Electron cannot run here): the path in the first
// launch's argv, a second launch's argv (the window comes forward) and macOS's 'open-file' before
// 'ready' each reach the page's onEvent listener as `app:open-project-file`, and only once the
// page has loaded. The page's side is renderer/src/state/open-project-file.test.ts.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT, type PreloadBridge } from '../../common/bridge';
import { checkEvent } from '../../common/contract';
import { createFakeElectron, loadWithFakeElectron, type FakeElectron } from './test-support/fake-electron';

const root = fileURLToPath(new URL('../..', import.meta.url));
const mainBundle = join(root, 'out/main/electron.js');
const preloadBundle = join(root, 'out/preload/index.js');
const built = existsSync(mainBundle) && existsSync(preloadBundle);

const tick = () => new Promise((r) => setTimeout(r, 20));
const EVENT = 'app:open-project-file';

let dir = '';
let study = '';
let other = '';
const argv = process.argv;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'prelabel-open-file-'));
  study = join(dir, 'Study.prelabel');
  other = join(dir, 'Other study.prelabel');
  writeFileSync(study, '');
  writeFileSync(other, '');
});
afterEach(() => {
  process.argv = argv;
  vi.restoreAllMocks();
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Loads the built main with `launchArgv` as process.argv (the fake's app is ready at once). */
function launch(launchArgv: string[]): FakeElectron {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  delete process.env.ELECTRON_RENDERER_URL;
  delete process.env.PRELABEL_HOME;
  const fake = createFakeElectron({
    userData: join(dir, 'userData'),
    documents: join(dir, 'Documents'),
    temp: join(dir, 'tmp'),
    appPath: root,
  });
  process.argv = launchArgv;
  loadWithFakeElectron(mainBundle, fake);
  process.argv = argv;
  return fake;
}

/** What the window was sent as the open request. */
const requests = (fake: FakeElectron, window = 0) =>
  fake.windows[window]!.webContents.sent.filter((m) => m[0] === IPC_EVENT && m[1] === EVENT).map((m) => m[2]);

describe.skipIf(!built)('the built app opens a double-clicked .prelabel file', () => {
  it('from the first launch\u2019s argv, once the page has loaded, and the page\u2019s listener hears it', async () => {
    const fake = launch(['/opt/Prelabel/prelabel', '--no-sandbox', study]);
    await tick();
    expect(fake.windows).toHaveLength(1);
    expect(requests(fake)).toEqual([]);
    fake.windows[0]!.webContents.emit('did-navigate');
    fake.windows[0]!.webContents.emit('did-finish-load');
    expect(requests(fake)).toEqual([{ path: study }]);
    expect(checkEvent(EVENT, { path: study })).toEqual({ ok: true });

    loadWithFakeElectron(preloadBundle, fake);
    const heard: [string, unknown][] = [];
    (fake.exposed.get('prelabel') as PreloadBridge).onEvent((name, payload) => heard.push([name, payload]));
    for (const [, ...args] of fake.windows[0]!.webContents.sent.filter((m) => m[0] === IPC_EVENT)) fake.emitToRenderer(IPC_EVENT, ...args);
    expect(heard).toEqual([[EVENT, { path: study }]]);
  });

  it('a launch without a project file sends nothing', async () => {
    const fake = launch(['/opt/Prelabel/prelabel', '--no-sandbox', join(dir, 'missing.prelabel')]);
    await tick();
    fake.windows[0]!.webContents.emit('did-finish-load');
    expect(requests(fake)).toEqual([]);
  });

  it('from a second launch: its file, relative to its working folder, goes to the loaded window, which comes forward', async () => {
    const fake = launch(['/opt/Prelabel/prelabel']);
    await tick();
    const window = fake.windows[0]!;
    window.webContents.emit('did-finish-load');
    const focus = vi.spyOn(window, 'focus');
    fake.electron.app.emit(
      'second-instance',
      {},
      ['/opt/Prelabel/prelabel', '--allow-file-access-from-files', 'Other study.prelabel'],
      dir,
      {},
    );
    expect(requests(fake)).toEqual([{ path: other }]);
    expect(focus).toHaveBeenCalled();
    expect(fake.windows).toHaveLength(1);
    // A second launch without a file only brings the window forward.
    fake.electron.app.emit('second-instance', {}, ['/opt/Prelabel/prelabel'], dir, {});
    expect(requests(fake)).toEqual([{ path: other }]);
    expect(focus).toHaveBeenCalledTimes(2);
  });

  it('from macOS open-file before ready: default handling prevented, queued until the window\u2019s page has loaded', async () => {
    const fake = launch(['/Applications/Prelabel.app/Contents/MacOS/Prelabel']);
    const preventDefault = vi.fn();
    // Synchronously after loading: before the whenReady callback has run (no window, no core yet).
    expect(fake.windows).toHaveLength(0);
    fake.electron.app.emit('open-file', { preventDefault }, study);
    expect(preventDefault).toHaveBeenCalledOnce();
    expect(fake.windows).toHaveLength(0);
    await tick();
    expect(fake.windows).toHaveLength(1);
    expect(requests(fake)).toEqual([]);
    fake.windows[0]!.webContents.emit('did-finish-load');
    expect(requests(fake)).toEqual([{ path: study }]);
  });

  it('macOS open-file of another kind of file opens nothing and says so', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const fake = launch(['/Applications/Prelabel.app/Contents/MacOS/Prelabel']);
    await tick();
    fake.windows[0]!.webContents.emit('did-finish-load');
    const texts = join(dir, 'texts.csv');
    writeFileSync(texts, 'a\n');
    fake.electron.app.emit('open-file', { preventDefault: () => {} }, texts);
    expect(requests(fake)).toEqual([]);
    expect(errors.mock.calls.map((c) => String(c[0]))).toContain(`[prelabel] ${texts} is not a .prelabel project file; not opened.`);
  });
});
