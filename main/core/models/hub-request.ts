// One GET to the model hub, the way the download needs it: redirects followed by hand (the hub
// sends LFS files to a CDN host), https only except to this computer, a proxy tunnel where one is
// set, an idle timeout that covers connecting, waiting and every gap between chunks, and
// cancellation. Status codes are the caller's business; network failures become ModelDownloadErrors.
import { request as httpRequest, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { version } from '../version';
import { cancelledError, isBrokenTransfer, isOfflineError, ModelDownloadError, offlineError } from './download-errors';
import { bareHost, openTunnel, proxyFor, type ProxySettings } from './proxy-tunnel';

export interface HubGetOptions extends ProxySettings {
  url: string;
  headers?: Record<string, string>;
  /** The file, for messages. */
  file: string;
  signal?: AbortSignal;
  idleTimeoutMs: number;
  maxRedirects?: number;
  ca?: string | Buffer;
}

export interface HubResponse {
  status: number;
  /** Headers of the final response (the CDN's, after redirects). */
  headers: IncomingHttpHeaders;
  /** Headers of the first response, the hub's own: X-Repo-Commit, X-Linked-ETag, X-Linked-Size. */
  hubHeaders: IncomingHttpHeaders;
  url: string;
  body: IncomingMessage;
  /** Call for every chunk: the idle timer restarts. */
  touch(): void;
  /** Stops the timers and releases the connection. */
  close(): void;
  /** Turns an error from reading the body into a ModelDownloadError (timeout, cancel, broken). */
  explain(err: unknown): Error;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** https everywhere; plain http only to this computer (the tests' local server). */
export function checkUrlAllowed(url: URL, file: string): void {
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return;
  throw new ModelDownloadError(
    'insecure',
    `Refusing to download ${file} from ${url.protocol}//${url.host}: models are fetched only over https (plain http only from this computer).`,
    file,
  );
}

class IdleWatch {
  private timer: NodeJS.Timeout | null = null;
  fired = false;
  constructor(
    private readonly ms: number,
    private readonly onIdle: () => void,
  ) {}
  touch(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.fired = true;
      this.onIdle();
    }, this.ms);
  }
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

export async function hubGet(options: HubGetOptions): Promise<HubResponse> {
  const maxRedirects = options.maxRedirects ?? 5;
  let url = safeUrl(options.url, options.file);
  let current: ClientRequest | null = null;
  let socket: Socket | null = null;
  const seconds = Math.max(1, Math.round(options.idleTimeoutMs / 1000));
  const timeoutError = () =>
    new ModelDownloadError(
      'timeout',
      `The server sent nothing for ${seconds} second${seconds === 1 ? '' : 's'} while downloading ${options.file}, so Prelabel stopped waiting. What arrived is kept; try again later to resume.`,
      options.file,
    );
  const watch = new IdleWatch(options.idleTimeoutMs, () => {
    const err = timeoutError();
    current?.destroy(err);
    socket?.destroy(err);
  });
  const onAbort = () => {
    const err = cancelledError(options.file);
    current?.destroy(err);
    socket?.destroy(err);
  };
  if (options.signal?.aborted) throw cancelledError(options.file);
  options.signal?.addEventListener('abort', onAbort);
  const finish = () => {
    watch.stop();
    options.signal?.removeEventListener('abort', onAbort);
  };

  let hubHeaders: IncomingHttpHeaders | null = null;
  try {
    for (let hop = 0; ; hop++) {
      checkUrlAllowed(url, options.file);
      watch.touch();
      const res = await send(url);
      hubHeaders ??= res.headers;
      const location = res.headers.location;
      if (REDIRECTS.has(res.statusCode ?? 0) && location) {
        res.resume();
        res.destroy();
        if (hop >= maxRedirects) {
          throw new ModelDownloadError('redirect', `The server redirected ${options.file} more than ${maxRedirects} times, so Prelabel gave up.`, options.file);
        }
        url = safeUrl(new URL(location, url).toString(), options.file);
        continue;
      }
      const body = res;
      body.on('error', () => {}); // the reader sees errors through its iterator
      return {
        status: res.statusCode ?? 0,
        headers: res.headers,
        hubHeaders: hubHeaders,
        url: url.toString(),
        body,
        touch: () => watch.touch(),
        close: () => {
          finish();
          if (!body.complete) body.destroy();
        },
        explain: (err) => mapError(err, url),
      };
    }
  } catch (err) {
    finish();
    throw mapError(err, url);
  }

  function send(target: URL): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const base: RequestOptions = {
        method: 'GET',
        host: bareHost(target),
        port: target.port || undefined,
        path: `${target.pathname}${target.search}`,
        headers: { 'User-Agent': `Prelabel/${version}`, 'Accept-Encoding': 'identity', ...options.headers },
      };
      const start = (connection?: Socket) => {
        // A fresh agent per request (no pooled keep-alive sockets); with a tunnel no agent at all,
        // since node:http ignores createConnection when an agent is given.
        const servername = /^[\d.]+$|:/.test(bareHost(target)) ? undefined : bareHost(target);
        const req = connection
          ? httpRequest({ ...base, createConnection: () => connection })
          : target.protocol === 'https:'
            ? httpsRequest({ ...base, agent: false, servername, ...(options.ca ? { ca: options.ca } : {}) })
            : httpRequest({ ...base, agent: false });
        current = req;
        req.on('socket', (s) => (socket = s));
        req.on('response', resolve);
        req.on('error', reject);
        req.end();
      };
      const proxy = proxyFor(target, options);
      if (!proxy) return start();
      openTunnel(target, proxy, { signal: options.signal, timeoutMs: options.idleTimeoutMs, ca: options.ca, onSocket: (s) => (socket = s) }).then(start, reject);
    });
  }

  function mapError(err: unknown, at: URL): Error {
    // A cancel or an idle timeout destroys the connection, and what fails next says only that.
    if (options.signal?.aborted) return cancelledError(options.file);
    if (watch.fired) return timeoutError();
    if (err instanceof ModelDownloadError) return err;
    if (isOfflineError(err)) return offlineError(at.hostname, options.file);
    const e = err as NodeJS.ErrnoException;
    if (isBrokenTransfer(err)) {
      return new ModelDownloadError('interrupted', `The connection to ${at.hostname} broke while asking for ${options.file} (${e.code ?? e.message}).`, options.file);
    }
    if (/certificate|self.signed|SSL|TLS/i.test(`${e.code ?? ''} ${e.message}`)) {
      return new ModelDownloadError(
        'insecure',
        `The secure connection to ${at.hostname} could not be verified (${e.code ?? e.message}). A firewall that inspects traffic needs its certificate in NODE_EXTRA_CA_CERTS.`,
        options.file,
      );
    }
    return new ModelDownloadError('http', `Could not download ${options.file} from ${at.hostname}: ${e.message}.`, options.file);
  }
}

function safeUrl(raw: string, file: string): URL {
  try {
    return new URL(raw);
  } catch {
    throw new ModelDownloadError('http', `"${raw}" is not a valid address to download ${file} from.`, file);
  }
}
