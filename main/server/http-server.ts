// The browser mode's HTTP face: the contract over loopback HTTP, events over SSE, uploads in place
// of file paths, and the built renderer. Every request passes the Host, Origin and session checks
// first.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { API_PREFIX, callRoute, eventsRoute, exportDownloadRoute, folderUploadRoute, uploadRoute } from '../../common/contract';
import { createAuth } from './auth';
import { handleApiCall, type CoreLike } from './api-call';
import { isLoopbackHost, originAllowed } from './request-guards';
import { sendError, sendPage, sendText, setSecurityHeaders } from './responses';
import { handleExportDownload } from './export-download';
import { handleFolderUpload } from './folder-upload';
import { createEventHub, type EventHub } from './sse';
import { serveStatic } from './static-files';
import { DEFAULT_MAX_UPLOAD_BYTES, ensureUploadsDir, handleUpload } from './upload';
import { UploadCleanup } from './upload-cleanup';
import type { PathGuard } from './path-guard';
import { logSafe } from '../../common/log-safe';

export type { CoreLike } from './api-call';

export interface HttpServerOptions {
  core: CoreLike;
  /** The one-time token printed with the link. */
  token: string;
  /** The built renderer (out/renderer). */
  staticDir: string;
  uploadsDir: string;
  /** Where the core writes the browser mode's exports (one folder per export id), for downloads. */
  exportsDir?: string;
  maxUploadBytes?: number;
  /** Checks every path of a call ([Note: browser-mode paths]); npm run serve always gives one. */
  pathGuard?: PathGuard;
  /** How often idle event streams get a keep-alive comment. */
  pingIntervalMs?: number;
}

export interface PrelabelServer extends Server {
  /** The open event streams; ended by closeEventStreams so that close() can finish. */
  readonly events: EventHub;
}

const RESTART_HINT = 'Stop the server (Ctrl+C) and start it again with npm run serve to get a new link.';
const NO_SESSION_MESSAGE = 'This browser has no Prelabel session: open the link printed by npm run serve.';

export function createHttpServer(options: HttpServerOptions): PrelabelServer {
  const { core, token, staticDir, uploadsDir } = options;
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const auth = createAuth(token);
  const events = createEventHub(options.pingIntervalMs);
  ensureUploadsDir(uploadsDir);

  const uploads = new UploadCleanup(uploadsDir);
  const unsubscribe = core.onEvent((event, payload) => {
    uploads.onEvent(event, payload);
    events.publish(event, payload);
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    setSecurityHeaders(res);
    if (!isLoopbackHost(req.headers.host)) {
      return sendText(res, 403, 'Prelabel answers only to http://127.0.0.1 or http://localhost.');
    }
    if (!originAllowed(req)) {
      return sendError(res, 403, 'FORBIDDEN', 'This request came from another web site and was refused.');
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      return sendText(res, 400, 'Bad request');
    }
    const path = url.pathname;
    const isApi = path === API_PREFIX || path.startsWith(`${API_PREFIX}/`);
    const isRead = req.method === 'GET' || req.method === 'HEAD';

    // Only GET spends the token: a link preview's HEAD must not use up the user's one visit.
    if (req.method === 'GET' && path === '/' && url.searchParams.has('token')) {
      return exchangeToken(req, res, url.searchParams.get('token') ?? '');
    }
    if (!auth.hasSession(req.headers.cookie)) {
      if (isApi) return sendError(res, 401, 'FORBIDDEN', NO_SESSION_MESSAGE);
      return sendPage(res, 401, 'Open the Prelabel link', [NO_SESSION_MESSAGE, 'The link is shown in the terminal where the server runs.']);
    }

    if (isApi) {
      res.setHeader('Cache-Control', 'no-store');
      // The routes of common/contract/routes.ts, and nothing else.
      if (path.startsWith(callRoute.prefix) && req.method === callRoute.method) {
        return handleApiCall(req, res, core, path.slice(callRoute.prefix.length), {
          check: options.pathGuard?.check,
          after: (method, input, result) => uploads.afterCall(method, input, result),
        });
      }
      if (path === eventsRoute.path && req.method === eventsRoute.method) return events.attach(req, res);
      if (path === uploadRoute.path && req.method === uploadRoute.method) return handleUpload(req, res, uploadsDir, maxUploadBytes);
      if (path === folderUploadRoute.path && req.method === folderUploadRoute.method) {
        return handleFolderUpload(req, res, uploadsDir, maxUploadBytes);
      }
      if (path.startsWith(exportDownloadRoute.prefix) && isRead && options.exportsDir) {
        return handleExportDownload(req, res, options.exportsDir, path.slice(exportDownloadRoute.prefix.length));
      }
      return sendError(res, 404, 'UNKNOWN_METHOD', `Unknown API endpoint: ${req.method} ${path.slice(0, 100)}`);
    }
    if (!isRead) return sendText(res, 405, 'Method not allowed');
    return serveStatic(req, res, staticDir, path);
  };

  const exchangeToken = (req: IncomingMessage, res: ServerResponse, candidate: string) => {
    // The link opened again in a browser that already has the session: just show the app.
    if (auth.hasSession(req.headers.cookie)) return redirectHome(res);
    const outcome = auth.exchange(candidate);
    if (outcome.kind === 'ok') {
      res.setHeader('Set-Cookie', outcome.setCookie);
      return redirectHome(res);
    }
    if (outcome.kind === 'used') {
      return sendPage(res, 403, 'This link has already been used', [
        'Each link printed by npm run serve opens Prelabel in one browser, once.',
        RESTART_HINT,
      ]);
    }
    return sendPage(res, 403, 'This link is not valid', ['The link does not match the one printed by npm run serve.', RESTART_HINT]);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error(`[server] request failed: ${logSafe(err)}`);
      if (!res.headersSent) sendError(res, 500, 'INTERNAL', 'The Prelabel server failed to answer. Try again.');
      else res.destroy();
    });
  }) as PrelabelServer;
  Object.defineProperty(server, 'events', { value: events });
  server.on('close', () => {
    events.closeAll();
    if (typeof unsubscribe === 'function') unsubscribe();
  });
  return server;
}

function redirectHome(res: ServerResponse): void {
  res.statusCode = 302;
  res.setHeader('Location', '/');
  res.setHeader('Cache-Control', 'no-store');
  res.end();
}

/** Stops accepting connections and ends open ones, event streams included. */
export function closeServer(server: PrelabelServer): Promise<void> {
  return new Promise((resolve) => {
    server.events.closeAll();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
