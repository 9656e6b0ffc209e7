// Who may use the browser-mode server: the one browser that opened the printed link. The URL token
// is exchanged once for a session cookie, because EventSource cannot send headers and a token left
// in the address bar would end up in history and screenshots.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'prelabel_session';

export type ExchangeOutcome = { kind: 'ok'; setCookie: string } | { kind: 'used' } | { kind: 'wrong' };

export interface Auth {
  /** Trades the printed token for the session cookie; works once. */
  exchange(candidate: string): ExchangeOutcome;
  /** Whether a request's Cookie header carries the session. */
  hasSession(cookieHeader: string | undefined): boolean;
}

export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Hashing first gives equal lengths, so timingSafeEqual never throws and leaks no length. */
export function secretsEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** Every value of one cookie name: a browser may send the same name more than once. */
export function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) values.push(part.slice(eq + 1).trim());
  }
  return values;
}

export function createAuth(token: string): Auth {
  // Separate from the token, so that a token seen somewhere (terminal scrollback, shell history)
  // is worth nothing once it has been used.
  const session = randomSecret();
  let used = false;
  return {
    exchange(candidate) {
      if (!secretsEqual(candidate, token)) return { kind: 'wrong' };
      if (used) return { kind: 'used' };
      used = true;
      return { kind: 'ok', setCookie: `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/` };
    },
    hasSession(cookieHeader) {
      if (!used) return false;
      return cookieValues(cookieHeader, SESSION_COOKIE).some((v) => secretsEqual(v, session));
    },
  };
}
