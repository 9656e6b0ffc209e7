// POST /api/call/<method>: one contract call over HTTP, validated here at the edge and again in
// the core, answered with the core's Result.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { callRoute, isMethodName, parseInput, shellMethods, type ApiError, type Result } from '../../common/contract';
import { sendError, sendJson } from './responses';
import { logSafe } from '../../common/log-safe';

export interface CoreLike {
  call(method: string, input: unknown): Promise<Result<unknown>>;
  /** Returns an unsubscribe function where the core offers one. */
  onEvent(listener: (event: string, payload: unknown) => void): unknown;
}

type Body = { ok: true; text: string } | { ok: false; tooLarge: boolean };

/** Reads a small body into memory, giving up as soon as it passes the limit. */
export function readBody(req: IncomingMessage, limit: number): Promise<Body> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) return resolve({ ok: false, tooLarge: true });
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        resolve({ ok: false, tooLarge: true });
      } else chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve({ ok: true, text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', () => resolve({ ok: false, tooLarge: false }));
    req.on('close', () => {
      if (!req.complete) resolve({ ok: false, tooLarge: false });
    });
  });
}

const SHELL_METHOD_MESSAGE =
  'Native file dialogs exist only in the desktop app. In the browser, files are uploaded instead: choose or drop a file on the page.';

/** What the server adds around a call: a check of its parsed input before the core sees it (a
 * refusal answers instead), and a look at the answer. */
export interface CallHooks {
  check?(method: string, input: unknown): { code: ApiError['code']; message: string } | null;
  after?(method: string, input: unknown, result: Result<unknown>): void;
}

export async function handleApiCall(
  req: IncomingMessage,
  res: ServerResponse,
  core: CoreLike,
  method: string,
  hooks: CallHooks = {},
): Promise<void> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  // A cross-site form cannot send this type without a CORS preflight, which this server never grants.
  if (type !== 'application/json') {
    return sendError(res, 415, 'INVALID_INPUT', 'Calls must send JSON (Content-Type: application/json).');
  }
  const body = await readBody(req, callRoute.maxBodyBytes);
  if (!body.ok) {
    if (!body.tooLarge) return; // the browser went away
    res.setHeader('Connection', 'close');
    return sendError(res, 413, 'INVALID_INPUT', 'The request is larger than 1 MB. Upload files instead of sending them in a call.');
  }
  let input: unknown;
  try {
    input = body.text.trim() === '' ? {} : JSON.parse(body.text);
  } catch {
    return sendError(res, 400, 'INVALID_INPUT', 'The request body is not valid JSON.');
  }

  if (!isMethodName(method)) {
    return sendError(res, 404, 'UNKNOWN_METHOD', `Unknown method: ${method.slice(0, 100)}`);
  }
  if ((shellMethods as readonly string[]).includes(method)) {
    return sendError(res, 400, 'UNSUPPORTED', SHELL_METHOD_MESSAGE);
  }
  const parsed = parseInput(method, input);
  if (!parsed.ok) return sendJson(res, 400, parsed);
  const refusal = hooks.check?.(method, parsed.value);
  if (refusal) return sendError(res, 403, refusal.code, refusal.message);

  let result: Result<unknown>;
  try {
    // The raw input goes on, not the parsed one: the core parses again and applies the defaults.
    result = await core.call(method, input);
  } catch (err) {
    console.error(`[server] ${method} failed: ${logSafe(err)}`);
    result = { ok: false, error: { code: 'INTERNAL', message: `Something went wrong in ${method}. Try again.` } };
  }
  hooks.after?.(method, input, result);
  sendJson(res, 200, result);
}
