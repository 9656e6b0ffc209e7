// Serves the built renderer from one folder and nothing outside it; unknown routes get the app's
// index.html so that the single-page app can handle them.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { sendText } from './responses';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticLookup = { kind: 'file'; path: string } | { kind: 'fallback' } | { kind: 'missing' } | { kind: 'refused' };

/**
 * Maps a URL path onto staticDir. Decoding comes before normalising, so an encoded `..%2f` cannot
 * slip past; the final check on the real path also stops a link that points out of the folder.
 */
export async function lookupStatic(staticDir: string, urlPath: string): Promise<StaticLookup> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: 'refused' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'refused' };
  // A `..` is refused outright rather than normalised away: no page of the app asks for one.
  if (decoded.split('/').some((s) => s === '..')) return { kind: 'refused' };
  const relative = normalize(decoded).replace(/^[/\\]+/, '');
  const segments = relative.split(/[/\\]/);
  // Dot files (.env, .git) are never part of a build.
  if (segments.some((s) => s.startsWith('.'))) return { kind: 'missing' };

  const root = await realpath(staticDir).catch(() => null);
  if (!root) return extname(relative) === '' ? { kind: 'fallback' } : { kind: 'missing' };
  const candidate = relative === '' ? join(root, 'index.html') : join(root, relative);
  const real = await realpath(candidate).catch(() => null);
  if (real) {
    if (real !== root && !real.startsWith(root + sep)) return { kind: 'refused' };
    const info = await stat(real).catch(() => null);
    if (info?.isFile()) return { kind: 'file', path: real };
    if (info?.isDirectory()) {
      const index = join(real, 'index.html');
      if ((await stat(index).catch(() => null))?.isFile()) return { kind: 'file', path: index };
    }
  }
  // A route of the app (no extension) gets the app; a missing asset stays missing, or a wrong
  // script would be answered with HTML.
  return extname(relative) === '' ? { kind: 'fallback' } : { kind: 'missing' };
}

export async function serveStatic(req: IncomingMessage, res: ServerResponse, staticDir: string, urlPath: string): Promise<void> {
  let found = await lookupStatic(staticDir, urlPath);
  if (found.kind === 'refused') return sendText(res, 403, 'Forbidden');
  if (found.kind === 'fallback') {
    found = await lookupStatic(staticDir, '/index.html');
    if (found.kind !== 'file') return sendText(res, 404, 'The app is not built. Run npm run build, then npm run serve.');
  }
  if (found.kind !== 'file') return sendText(res, 404, 'Not found');
  const info = await stat(found.path);
  res.statusCode = 200;
  res.setHeader('Content-Type', contentTypeFor(found.path));
  res.setHeader('Content-Length', info.size);
  // Hashed asset names change with every build; index.html must always be fetched again.
  res.setHeader('Cache-Control', found.path.endsWith('.html') ? 'no-store' : 'private, no-cache');
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(found.path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
