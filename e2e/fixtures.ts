// Test fixtures for the browser-mode e2e suite: a fresh data folder and server per test, the page
// signed in through the printed one-time link, the shared corpora, a network guard that fails any
// test in which the page asked for something beyond loopback, and a CSP guard that fails any test in
// which the app broke its own Content Security Policy (an inline style, eval).
import { test as base, expect, type BrowserContext, type Page, type Request } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const repoRoot = resolve(__dirname, '..');
const SERVE_JS = join(repoRoot, 'out/main/serve.js');
const URL_LINE = /Prelabel is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/;
const START_TIMEOUT_MS = 30_000;

/** The shared test corpora; PRELABEL_DATA_DIR points elsewhere. */
export const corporaDir = resolve(process.env.PRELABEL_DATA_DIR ?? join(repoRoot, '../shared/data'));

export function corpusFile(relative: string): string {
  if (!existsSync(corporaDir)) {
    throw new Error(
      `The test corpora are missing: ${corporaDir} does not exist. Set PRELABEL_DATA_DIR to the folder that holds ` +
        `bbc_news/, ag_news/, ... (the shared data folder), or place it at ../shared/data next to the repository.`,
    );
  }
  const file = join(corporaDir, relative);
  if (!existsSync(file)) throw new Error(`The corpus file ${file} is missing from ${corporaDir}.`);
  return file;
}

export interface PrelabelServer {
  /** The one-time link printed by the server. */
  link: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** The server's own data folder (recent list, projects, uploads). */
  dataDir: string;
  /** Everything the server wrote to stderr, for failure messages. */
  log(): string;
}

/** Requests the page made to hosts other than loopback. */
export interface NetworkGuard {
  readonly external: readonly string[];
  /** Marks requests a test made on purpose (to prove the guard works) so that teardown passes. */
  acknowledge(predicate: (url: string) => boolean): string[];
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function isExternal(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return true;
  }
  if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return false;
  // chrome-extension:, chrome:, devtools: and the like are the browser's own, not the network.
  if (u.protocol !== 'http:' && u.protocol !== 'https:' && u.protocol !== 'ws:' && u.protocol !== 'wss:') return false;
  return !LOCAL_HOSTS.has(u.hostname);
}

async function startServer(
  dataDir: string,
  extraEnv: Record<string, string>,
): Promise<{ child: ChildProcess; link: string; log: () => string }> {
  if (!existsSync(SERVE_JS)) {
    throw new Error(`${SERVE_JS} is missing: build first with \`npx electron-vite build\` (or npm run build).`);
  }
  const child = spawn(process.execPath, [SERVE_JS, '--port', '0', '--data-dir', dataDir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Browser mode refuses paths outside the data folder and the folders it was allowed
    // (main/server path guard): the specs use files in the temp folder, the repository (test
    // fixtures) and the shared corpora, as a person would start it with `--allow`.
    env: { ...process.env, NODE_ENV: 'test', PRELABEL_ALLOW: [tmpdir(), repoRoot, corporaDir].join(delimiter), ...extraEnv },
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const log = () => stderr;
  const link = await new Promise<string>((resolveLink, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The server printed no link within ${START_TIMEOUT_MS} ms.\n${stderr}`)),
      START_TIMEOUT_MS,
    );
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = URL_LINE.exec(line);
      if (m) {
        clearTimeout(timer);
        resolveLink(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited (code ${code}) before printing its link.\n${stderr}`));
    });
  });
  return { child, link, log };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5_000));
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

async function installGuard(context: BrowserContext, record: (url: string) => void): Promise<void> {
  // Every request of every page and worker in the context...
  context.on('request', (req: Request) => {
    if (isExternal(req.url())) record(req.url());
  });
  // ...and anything routed through the context is stopped before it leaves the machine.
  await context.route(
    (url) => isExternal(url.href),
    (route) => {
      record(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
}

/** Content Security Policy violations the browser reported (an inline style or script, eval, ...). */
export interface CspGuard {
  readonly violations: readonly string[];
  acknowledge(predicate: (message: string) => boolean): string[];
}

interface Fixtures {
  /** Extra environment of the server process (e.g. PRELABEL_HUB_URL for a local stand-in for the
   * hub); a spec sets it with test.use or overrides it with a fixture of its own. */
  serverEnv: Record<string, string>;
  server: PrelabelServer;
  networkGuard: NetworkGuard;
  cspGuard: CspGuard;
  /** The page, signed in to a fresh server and showing the app. */
  app: Page;
}

export const test = base.extend<Fixtures>({
  networkGuard: [
    async ({ context }, use) => {
      const external: string[] = [];
      const acknowledged = new Set<string>();
      await installGuard(context, (url) => {
        if (!external.includes(url)) external.push(url);
      });
      const guard: NetworkGuard = {
        get external() {
          return external.filter((u) => !acknowledged.has(u));
        },
        acknowledge(predicate) {
          const hits = external.filter(predicate);
          for (const h of hits) acknowledged.add(h);
          return hits;
        },
      };
      await use(guard);
      const unexpected = guard.external;
      if (unexpected.length) {
        throw new Error(`The page made requests beyond this machine:\n  ${unexpected.join('\n  ')}`);
      }
    },
    { auto: true },
  ],

  cspGuard: [
    async ({ context }, use) => {
      const seen: string[] = [];
      const acknowledged = new Set<string>();
      context.on('console', (msg) => {
        if (/Content Security Policy/i.test(msg.text())) seen.push(msg.text());
      });
      const guard: CspGuard = {
        get violations() {
          return seen.filter((m) => !acknowledged.has(m));
        },
        acknowledge(predicate) {
          const hits = seen.filter(predicate);
          for (const h of hits) acknowledged.add(h);
          return hits;
        },
      };
      await use(guard);
      if (guard.violations.length) {
        throw new Error(`The page broke its Content Security Policy:\n  ${guard.violations.join('\n  ')}`);
      }
    },
    { auto: true },
  ],

  serverEnv: [{}, { option: true }],

  server: async ({ serverEnv }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'prelabel-e2e-'));
    const { child, link, log } = await startServer(dataDir, serverEnv);
    try {
      await use({ link, origin: new URL(link).origin, dataDir, log });
    } finally {
      await stopServer(child);
      rmSync(dataDir, { recursive: true, force: true });
    }
  },

  app: async ({ page, server }, use) => {
    await page.goto(server.link);
    // The token is traded for a cookie and the address loses it.
    await expect(page).toHaveURL(new RegExp(`^${server.origin}/(#.*)?$`));
    await expect(page.getByTestId('startup')).toHaveCount(0);
    await use(page);
  },
});

export { expect };

/**
 * Switches the colour scheme and waits until the page has repainted in it: the buttons fade their
 * colours (a 120 ms CSS transition), and a contrast check taken mid-fade measures a colour of
 * neither theme (seen on a loaded machine as a contrast violation of .btn-primary).
 */
export async function useColorScheme(page: Page, colorScheme: 'light' | 'dark' | null): Promise<void> {
  await page.emulateMedia({ colorScheme });
  await page.evaluate(async () => {
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    await Promise.all(
      document
        .getAnimations()
        .filter((a) => a instanceof CSSTransition)
        .map((a) => a.finished.catch(() => undefined)),
    );
  });
}
