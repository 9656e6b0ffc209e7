// Proxy support for the model download without a dependency: which proxy applies to a URL
// (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, or an explicit setting), and an HTTP CONNECT tunnel through
// it, with TLS to the target on top for https. Credentials come from the proxy URL's userinfo.
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { ModelDownloadError, OFFLINE_ALTERNATIVE } from './download-errors';

export interface ProxySettings {
  /** A proxy URL, null for none, or undefined to read the environment. */
  proxy?: string | null;
  env?: NodeJS.ProcessEnv;
}

function envValue(env: NodeJS.ProcessEnv, ...names: string[]): string | undefined {
  for (const name of names) {
    const v = env[name]?.trim();
    if (v) return v;
  }
  return undefined;
}

function defaultPort(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** The host without IPv6 brackets, as node:net wants it. */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

function noProxyEntry(raw: string): { host: string; port: number | null } {
  const entry = raw.toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { host: bracketed[1]!, port: bracketed[2] ? Number(bracketed[2]) : null };
  const hostPort = /^([^:]+):(\d+)$/.exec(entry);
  if (hostPort) return { host: hostPort[1]!, port: Number(hostPort[2]) };
  return { host: entry, port: null }; // a name, an IPv4 address or a bare IPv6 address
}

/** NO_PROXY as curl reads it: "*", host names (a leading "." or "*." also matches subdomains; a
 * plain name matches itself and its subdomains), literal IPs, each optionally with :port. CIDR
 * ranges are not supported. */
export function bypassesProxy(target: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = bareHost(target).toLowerCase();
  const port = defaultPort(target);
  for (const raw of noProxy.split(/[\s,]+/)) {
    if (!raw) continue;
    if (raw === '*') return true;
    const entry = noProxyEntry(raw);
    if (entry.port !== null && entry.port !== port) continue;
    const domain = entry.host.replace(/^\*?\./, '');
    if (domain && (host === domain || host.endsWith(`.${domain}`))) return true;
  }
  return false;
}

/** The proxy to use for `target`, or null for a direct connection. */
export function proxyFor(target: URL, settings: ProxySettings = {}): URL | null {
  const env = settings.env ?? process.env;
  if (bypassesProxy(target, envValue(env, 'NO_PROXY', 'no_proxy'))) return null;
  let raw: string | undefined;
  if (settings.proxy !== undefined) raw = settings.proxy ?? undefined;
  else if (target.protocol === 'https:') raw = envValue(env, 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy');
  else raw = envValue(env, 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy');
  if (!raw) return null;
  return parseProxyUrl(raw);
}

export function parseProxyUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    throw new ModelDownloadError('proxy', `The proxy setting "${raw}" is not a valid address. Write it as http://host:port (or http://user:password@host:port).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ModelDownloadError('proxy', `The proxy ${url.protocol}//${url.host} is not supported: Prelabel speaks to HTTP proxies (http:// or https://), not ${url.protocol.slice(0, -1)}.`);
  }
  return url;
}

/** The proxy as it may be shown: never with its password. */
export function describeProxy(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`;
}

function authority(target: URL): string {
  return `${target.hostname}:${defaultPort(target)}`;
}

/** The CONNECT request that opens a tunnel to `target` (exported for tests of the https path). */
export function connectRequest(target: URL, proxy: URL): string {
  const lines = [`CONNECT ${authority(target)} HTTP/1.1`, `Host: ${authority(target)}`];
  if (proxy.username || proxy.password) {
    const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
    lines.push(`Proxy-Authorization: Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

export interface TunnelOptions {
  signal?: AbortSignal;
  timeoutMs: number;
  /** Extra trusted certificates for TLS to the target (tests; otherwise Node's store and NODE_EXTRA_CA_CERTS). */
  ca?: string | Buffer;
  /** Called with the socket as soon as it exists, so the caller can destroy it (idle timeout). */
  onSocket?: (socket: Socket) => void;
}

const MAX_PROXY_HEADER = 16 * 1024;

/** Opens a CONNECT tunnel to `target` through `proxy`; for an https target, TLS runs inside it. */
export function openTunnel(target: URL, proxy: URL, options: TunnelOptions): Promise<Socket | TLSSocket> {
  const proxyName = describeProxy(proxy);
  return new Promise((resolve, reject) => {
    const port = defaultPort(proxy);
    const socket: Socket =
      proxy.protocol === 'https:'
        ? tlsConnect({ host: bareHost(proxy), port, servername: bareHost(proxy), ...(options.ca ? { ca: options.ca } : {}) })
        : netConnect({ host: bareHost(proxy), port });
    options.onSocket?.(socket);
    let settled = false;
    let buffered = Buffer.alloc(0);
    const timer = setTimeout(
      () => fail(new ModelDownloadError('timeout', `The proxy ${proxyName} did not answer within ${Math.round(options.timeoutMs / 1000)} seconds.`)),
      options.timeoutMs,
    );
    const onAbort = () => fail(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    options.signal?.addEventListener('abort', onAbort, { once: true });

    function cleanup() {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket.removeListener('data', onData);
      socket.removeListener('error', onError);
      socket.removeListener('close', onClose);
    }
    function fail(err: Error) {
      if (settled) return;
      settled = true;
      cleanup();
      socket.destroy();
      reject(err);
    }
    function onError(err: NodeJS.ErrnoException) {
      fail(new ModelDownloadError('proxy', `Could not reach the proxy ${proxyName} (${err.code ?? err.message}). Check the proxy setting (HTTPS_PROXY), or download without a proxy.`));
    }
    function onClose() {
      fail(new ModelDownloadError('proxy', `The proxy ${proxyName} closed the connection before the tunnel to ${target.host} was open.`));
    }
    function onData(chunk: Buffer) {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buffered.length > MAX_PROXY_HEADER) fail(new ModelDownloadError('proxy', `The proxy ${proxyName} sent an answer Prelabel cannot read.`));
        return;
      }
      const statusLine = buffered.subarray(0, buffered.indexOf('\r\n')).toString('latin1');
      const status = Number(/^HTTP\/\d(?:\.\d)? (\d{3})/.exec(statusLine)?.[1] ?? NaN);
      const rest = buffered.subarray(end + 4);
      if (status === 200) {
        settled = true;
        cleanup();
        if (rest.length) socket.unshift(rest);
        if (target.protocol !== 'https:') return resolve(socket);
        upgradeToTls(socket, target, options).then(resolve, reject);
        return;
      }
      if (status === 407) {
        return fail(new ModelDownloadError('proxy', `The proxy ${proxyName} asks for a user name and password (HTTP 407). Put them in the proxy address: http://user:password@host:port.`));
      }
      if (status === 502 || status === 503 || status === 504) {
        return fail(new ModelDownloadError('proxy', `The proxy ${proxyName} could not reach ${target.hostname} (HTTP ${status}). ${OFFLINE_ALTERNATIVE}`));
      }
      fail(new ModelDownloadError('proxy', `The proxy ${proxyName} refused the connection to ${target.host} (${statusLine.trim() || 'no status'}).`));
    }
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
    socket.once(proxy.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
      if (!settled) socket.write(connectRequest(target, proxy));
    });
  });
}

function upgradeToTls(socket: Socket, target: URL, options: TunnelOptions): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const host = bareHost(target);
    const tls = tlsConnect({ socket, servername: /^[\d.]+$|:/.test(host) ? undefined : host, host, ALPNProtocols: ['http/1.1'], ...(options.ca ? { ca: options.ca } : {}) });
    options.onSocket?.(tls);
    const onError = (err: Error) => {
      tls.destroy();
      reject(new ModelDownloadError('proxy', `The secure connection to ${target.hostname} through the proxy failed: ${err.message}.`));
    };
    tls.once('error', onError);
    tls.once('secureConnect', () => {
      tls.removeListener('error', onError);
      resolve(tls);
    });
  });
}
