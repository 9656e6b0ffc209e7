// Serves the built renderer (out/renderer) for app://prelabel/ requests. Plain Node, no electron
// import, so the path checks and headers are unit-tested; app-protocol.ts hands it to Electron.
// See [Note: app:// instead of file://] in app-origin.ts.
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-origin';

/**
 * The baseline policy for every page the app serves. The renderer's <meta> CSP applies on top and
 * may be stricter; this one only has to be something no part of a Vite + React build ever needs to
 * relax: scripts from the app only and no eval, no plugins, no frames, no forms, no network beyond
 * the app itself (the renderer talks to the core over IPC). Inline styles stay allowed here
 * because setting that is the renderer's choice (its <meta> CSP decides).
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** Module scripts are refused unless served with a JavaScript MIME type, so never guess. */
export function mimeTypeFor(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps an app:// URL to a file inside rootDir, or null for anything else: another host, a path
 * that escapes the folder (encoded or not), a NUL byte. "/" means index.html.
 */
export function resolveRendererPath(rootDir: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname === '' || pathname.endsWith('/')) pathname += 'index.html';
  const root = resolve(rootDir);
  const file = resolve(root, `.${pathname.startsWith('/') ? pathname : `/${pathname}`}`);
  const rel = relative(root, file);
  if (rel === '' || isAbsolute(rel) || rel.split(sep).includes('..')) return null;
  return file;
}

function securityHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': RENDERER_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  };
}

export type RendererRequestHandler = (request: Request) => Promise<Response>;

export function createRendererRequestHandler(rootDir: string): RendererRequestHandler {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: securityHeaders('text/plain; charset=utf-8') });
    }
    const file = resolveRendererPath(rootDir, request.url);
    if (!file) return new Response('Not found', { status: 404, headers: securityHeaders('text/plain; charset=utf-8') });
    try {
      const body = await readFile(file);
      return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: securityHeaders(mimeTypeFor(file)) });
    } catch {
      return new Response('Not found', { status: 404, headers: securityHeaders('text/plain; charset=utf-8') });
    }
  };
}
