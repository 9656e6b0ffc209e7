// One GET to the model hub, the way the download needs it, through undici: a fresh dispatcher per
// request (an Agent, or a ProxyAgent that opens a CONNECT tunnel where a proxy applies, with TLS to
// the target inside it), the idle timeout as undici's connect, headers and body timeouts (connecting,
// waiting, and every gap between chunks), cancellation through the AbortSignal. Redirects are
// followed here, hop by hop, because each hop is checked (https only except to this computer), may
// need another proxy (NO_PROXY), and the hub's own headers on the first answer (X-Repo-Commit,
// X-Linked-ETag) must survive the redirect to the CDN. Status codes are the caller's business;
// network failures become ModelDownloadErrors.
import type { Readable } from 'node:stream';
import { Agent, Pool, ProxyAgent, request, type Dispatcher } from 'undici';
import { version } from '../version';
import { cancelledError, isBrokenTransfer, isOfflineError, ModelDownloadError, OFFLINE_ALTERNATIVE, offlineError } from './download-errors';
import { describeProxy, proxyFor, type ProxySettings } from './proxy-settings';

export type ResponseHeaders = Record<string, string | string[] | undefined>;

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
  headers: ResponseHeaders;
  /** Headers of the first response, the hub's own: X-Repo-Commit, X-Linked-ETag, X-Linked-Size. */
  hubHeaders: ResponseHeaders;
  url: string;
  body: Readable;
  /** Stops the request and releases the connection. */
  close(): void;
  /** Turns an error from reading the body into a ModelDownloadError (timeout, cancel, broken). */
  explain(err: unknown): Error;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

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

/** A dispatcher for one request to `target`: no pooled keep-alive connection outlives it. */
function dispatcherFor(target: URL, proxy: URL | null, options: HubGetOptions): Dispatcher {
  const ms = options.idleTimeoutMs;
  const tls = { timeout: ms, ...(options.ca ? { ca: options.ca } : {}) };
  if (!proxy) return new Agent({ connect: tls, headersTimeout: ms, bodyTimeout: ms, connections: 1 });
  return new ProxyAgent({
    uri: proxy.href,
    headersTimeout: ms,
    bodyTimeout: ms,
    connections: 1,
    // CONNECT goes through this pool: the timeout covers a proxy that never answers it.
    clientFactory: (origin, opts) => new Pool(origin, { ...opts, headersTimeout: ms }),
    proxyTls: { timeout: ms },
    requestTls: tls,
  });
}

export async function hubGet(options: HubGetOptions): Promise<HubResponse> {
  const maxRedirects = options.maxRedirects ?? 5;
  const seconds = Math.max(1, Math.round(options.idleTimeoutMs / 1000));
  const timeoutError = () =>
    new ModelDownloadError(
      'timeout',
      `The server sent nothing for ${seconds} second${seconds === 1 ? '' : 's'} while downloading ${options.file}, so Prelabel stopped waiting. What arrived is kept; try again later to resume.`,
      options.file,
    );
  if (options.signal?.aborted) throw cancelledError(options.file);

  let url = safeUrl(options.url, options.file);
  let hubHeaders: ResponseHeaders | null = null;
  for (let hop = 0; ; hop++) {
    checkUrlAllowed(url, options.file);
    const proxy = proxyFor(url, options);
    const dispatcher = dispatcherFor(url, proxy, options);
    const release = () => void dispatcher.destroy().catch(() => {});
    const explain = (err: unknown, answered: boolean) => mapError(err, url, proxy, answered);
    let res: Dispatcher.ResponseData;
    try {
      res = await request(url, {
        dispatcher,
        method: 'GET',
        headers: { 'user-agent': `Prelabel/${version}`, 'accept-encoding': 'identity', ...options.headers },
        signal: options.signal,
      });
    } catch (err) {
      release();
      throw explain(err, false);
    }
    hubHeaders ??= res.headers;
    const body = res.body;
    body.on('error', () => {}); // the reader sees errors through its iterator; a dropped body's are nobody's
    const location = res.headers.location;
    if (REDIRECTS.has(res.statusCode) && typeof location === 'string') {
      body.destroy();
      release();
      if (hop >= maxRedirects) {
        throw new ModelDownloadError(
          'redirect',
          `The server redirected ${options.file} more than ${maxRedirects} times, so Prelabel gave up.`,
          options.file,
        );
      }
      url = safeUrl(new URL(location, url).toString(), options.file);
      continue;
    }
    return {
      status: res.statusCode,
      headers: res.headers,
      hubHeaders,
      url: url.toString(),
      body,
      close: () => {
        body.destroy();
        release();
      },
      explain: (err) => explain(err, true),
    };
  }

  function mapError(err: unknown, at: URL, proxy: URL | null, answered: boolean): Error {
    if (options.signal?.aborted) return cancelledError(options.file);
    if (err instanceof ModelDownloadError) return err;
    const e = err as NodeJS.ErrnoException;
    const code = e.code ?? '';
    const proxyName = proxy ? describeProxy(proxy) : '';
    if (proxy && !answered) {
      const refused = /^Proxy response \((\d{3})\)/.exec(e.message ?? '');
      if (refused) return proxyRefused(Number(refused[1]), proxyName, at);
      if (isOfflineError(err)) {
        return new ModelDownloadError(
          'proxy',
          `Could not reach the proxy ${proxyName} (${code}). Check the proxy setting (HTTPS_PROXY), or download without a proxy.`,
          options.file,
        );
      }
      if (TIMEOUT_CODES.has(code)) {
        return new ModelDownloadError(
          'timeout',
          `The proxy ${proxyName}, or ${at.hostname} behind it, did not answer within ${seconds} second${seconds === 1 ? '' : 's'}.`,
          options.file,
        );
      }
    }
    if (TIMEOUT_CODES.has(code)) return timeoutError();
    if (isOfflineError(err)) return offlineError(at.hostname, options.file);
    if (/certificate|self.signed|SSL|TLS/i.test(`${code} ${e.message}`)) {
      return new ModelDownloadError(
        'insecure',
        `The secure connection to ${at.hostname} could not be verified (${code || e.message}). A firewall that inspects traffic needs its certificate in NODE_EXTRA_CA_CERTS.`,
        options.file,
      );
    }
    if (isBrokenTransfer(err)) {
      return new ModelDownloadError(
        'interrupted',
        `The connection to ${at.hostname} broke while asking for ${options.file} (${code || e.message}).`,
        options.file,
      );
    }
    return new ModelDownloadError('http', `Could not download ${options.file} from ${at.hostname}: ${e.message}.`, options.file);
  }

  function proxyRefused(status: number, proxyName: string, target: URL): ModelDownloadError {
    if (status === 407) {
      return new ModelDownloadError(
        'proxy',
        `The proxy ${proxyName} asks for a user name and password (HTTP 407). Put them in the proxy address: http://user:password@host:port.`,
        options.file,
      );
    }
    if (status === 502 || status === 503 || status === 504) {
      return new ModelDownloadError(
        'proxy',
        `The proxy ${proxyName} could not reach ${target.hostname} (HTTP ${status}). ${OFFLINE_ALTERNATIVE}`,
        options.file,
      );
    }
    return new ModelDownloadError(
      'proxy',
      `The proxy ${proxyName} refused the connection to ${target.host} (HTTP ${status}).`,
      options.file,
    );
  }
}

function safeUrl(raw: string, file: string): URL {
  try {
    return new URL(raw);
  } catch {
    throw new ModelDownloadError('http', `"${raw}" is not a valid address to download ${file} from.`, file);
  }
}
