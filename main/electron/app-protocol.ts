// Registers the app:// scheme and serves the built renderer through it.
// See [Note: app:// instead of file://] in app-origin.ts.
import { protocol } from 'electron';
import { APP_SCHEME } from './app-origin';
import { createRendererRequestHandler } from './renderer-protocol-handler';

/**
 * Must run before the app is ready. standard: relative URLs and a real origin; secure: a secure
 * context like https; supportFetchAPI and corsEnabled: Vite's `<script type="module" crossorigin>`
 * loads through CORS-mode fetches; codeCache: V8 caches the bundle between runs.
 */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
  ]);
}

/** Serves rootDir (out/renderer) on app://prelabel/ for the default session. */
export function serveRenderer(rootDir: string): void {
  const handler = createRendererRequestHandler(rootDir);
  protocol.handle(APP_SCHEME, (request) => handler(request));
}
