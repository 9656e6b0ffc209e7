// Checks that a request comes from a page this server served, before anything else looks at it.
import type { IncomingMessage } from 'node:http';

// Any port: through an SSH port forward the browser sees another port than the one bound here.
// A name other than loopback means DNS rebinding: a foreign site whose name now points at us.
const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;

export function isLoopbackHost(host: string | undefined): host is string {
  return typeof host === 'string' && LOOPBACK_HOST.test(host);
}

/**
 * Cross-site writes carry a foreign Origin; browsers send Origin on every fetch POST, so a write
 * without one did not come from our page. Reads are checked only when they name an Origin.
 */
export function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  const isRead = req.method === 'GET' || req.method === 'HEAD';
  if (origin === undefined) return isRead;
  return origin.toLowerCase() === `http://${req.headers.host ?? ''}`.toLowerCase();
}
