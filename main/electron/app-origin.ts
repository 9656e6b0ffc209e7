// The one answer to "is this URL our own app?", used by navigation guards and the IPC sender check.
//
// [Note: app:// instead of file://] The renderer is served from app://prelabel/ by a protocol
// handler (renderer-protocol.ts), not loaded with loadFile. Electron's security checklist advises
// against file://: a file:// page shares its "origin" with every other local file, so a CSP of
// 'self' or a navigation check by prefix would admit any file on the disk. A privileged standard
// scheme gives the renderer a real origin that nothing else has, lets the handler refuse paths
// outside out/renderer, and lets us send the CSP as a response header (a header also enforces
// frame-ancestors, which a <meta> CSP cannot). The renderer's own <meta> CSP still applies: the two
// policies intersect, so the header is a baseline that never needs relaxing for the renderer.
export const APP_SCHEME = 'app';
export const APP_HOST = 'prelabel';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export interface OriginPolicy {
  /** Where the main window loads the renderer from. */
  readonly entryUrl: string;
  /** True for URLs of the app's own pages (and, unpackaged, the electron-vite dev server). */
  isAppUrl(url: string): boolean;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * The dev server URL that `electron-vite dev` puts in ELECTRON_RENDERER_URL, accepted only for an
 * unpackaged app and only on loopback http: a packaged app never loads pages from anywhere else,
 * whatever its environment says.
 */
export function devServerOrigin(devServerUrl: string | undefined, isPackaged: boolean): URL | null {
  if (isPackaged || !devServerUrl) return null;
  const url = parse(devServerUrl);
  if (!url || url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname) || url.username || url.password) return null;
  return url;
}

export function isOwnAppUrl(url: string): boolean {
  const parsed = parse(url);
  // Node and Chromium give non-special schemes an opaque origin ("null"): compare the parts instead.
  return (
    parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === ''
  );
}

export function createOriginPolicy(options: { devServerUrl?: string | undefined; isPackaged: boolean }): OriginPolicy {
  const dev = devServerOrigin(options.devServerUrl, options.isPackaged);
  return {
    entryUrl: dev ? dev.href : APP_ENTRY_URL,
    isAppUrl(url: string): boolean {
      if (isOwnAppUrl(url)) return true;
      if (!dev) return false;
      const parsed = parse(url);
      return parsed !== null && parsed.origin === dev.origin;
    },
  };
}
