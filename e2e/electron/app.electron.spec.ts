// The desktop app end to end: the real Electron binary, the sandboxed preload, the app:// page, the
// core in its utility process with better-sqlite3's Electron build. Skipped where no Electron
// binary is installed (these development machines cannot download it); the browser-mode specs
// cover the UI itself.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import type { PreloadBridge } from '../../common/bridge';

const repoRoot = resolve(__dirname, '../..');

/**
 * In plain Node, require('electron') returns the binary's path, or throws when the binary was never
 * downloaded; this checks the same files its index.js reads (path.txt, dist/) without requiring it.
 */
function electronBinaryInstalled(): boolean {
  const pkg = join(repoRoot, 'node_modules', 'electron');
  try {
    const relative = readFileSync(join(pkg, 'path.txt'), 'utf8').trim();
    return relative !== '' && existsSync(join(pkg, 'dist', relative));
  } catch {
    return false;
  }
}

interface PageGlobals {
  prelabel?: PreloadBridge;
  require?: unknown;
  process?: unknown;
  location: { href: string };
  open(url: string): unknown;
}

const installed = electronBinaryInstalled();
const SKIP_REASON = 'Electron binary not installed here (no internet to download it): run on a machine where `npm ci` downloads Electron';
// The list reporter does not show skip reasons; say it once where the run's output shows it.
if (!installed && process.env.TEST_WORKER_INDEX === undefined) console.warn(`[electron e2e] skipped: ${SKIP_REASON}`);
test.skip(!installed, SKIP_REASON);

test('creates a project through the preload bridge and the core process, with the page locked down', async () => {
  expect(existsSync(join(repoRoot, 'out/main/electron.js')), 'build first: npx electron-vite build').toBe(true);
  expect(
    existsSync(join(repoRoot, '.native/electron/better_sqlite3.node')),
    'build better-sqlite3 for Electron first: node scripts/electron-native.mjs',
  ).toBe(true);

  // PRELABEL_HOME keeps the run's projects, recent list and Chromium profile out of the user's folders.
  const home = mkdtempSync(join(tmpdir(), 'prelabel-electron-e2e-'));
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && key !== 'ELECTRON_RENDERER_URL' && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value;
  }
  env.PRELABEL_HOME = home;
  // Chromium refuses to start as root with its OS sandbox on (CI containers run as root).
  const rootArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  const app = await electron.launch({ args: [...rootArgs, '.'], cwd: repoRoot, env });
  try {
    const page = await app.firstWindow();
    await expect(page.getByRole('heading', { level: 1, name: 'Projects' })).toBeVisible();
    expect(page.url()).toMatch(/^app:\/\/prelabel\//);

    // The page gets the bridge and nothing else: no require, no process, no ipcRenderer.
    const globals = await page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      return { bridge: Object.keys(g.prelabel ?? {}).sort(), require: typeof g.require, process: typeof g.process };
    });
    expect(globals).toEqual({ bridge: ['call', 'onEvent', 'pathForFile'], require: 'undefined', process: 'undefined' });

    await page.getByTestId('new-project-name').fill('Electron smoke');
    await page.getByTestId('create-project').click();
    await expect(page.getByTestId('project-name')).toHaveText('Electron smoke');

    // The file was written by the core process, with the Electron build of better-sqlite3.
    const current = await page.evaluate(() => (globalThis as unknown as PageGlobals).prelabel!.call('project.current', {}));
    expect(current.ok).toBe(true);
    const path = (current as { ok: true; value: { path: string } }).value.path;
    expect(path.startsWith(join(home, 'projects'))).toBe(true);
    expect(existsSync(path)).toBe(true);

    // Navigation away from the app and new windows are refused.
    const before = page.url();
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).open('https://example.com/') === null)).toBe(true);
    await page.evaluate(() => {
      (globalThis as unknown as PageGlobals).location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
    expect(app.windows()).toHaveLength(1);
  } finally {
    await app.close();
    rmSync(home, { recursive: true, force: true });
  }
});
