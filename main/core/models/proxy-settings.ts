// Which proxy the model download goes through for a URL: an explicit setting (the app's setting, the
// CLI's --proxy), else HTTPS_PROXY / HTTP_PROXY / ALL_PROXY of the environment, unless NO_PROXY names
// the host. The tunnel itself (CONNECT, TLS inside it, credentials from the URL) is undici's
// ProxyAgent (hub-request.ts).
//
// [Note: own proxy choice] undici's EnvHttpProxyAgent makes a similar choice, but it ignores
// ALL_PROXY, prefers http_proxy to HTTP_PROXY, reads a bare IPv6 entry of NO_PROXY ("::1") as host
// ":" with port 1, and falls back to process.env for whatever the caller leaves out (the download
// takes its environment per call, so tests and the CLI never see the machine's). The choice is a
// few lines, made again for every hop of a redirect (the CDN host may be in NO_PROXY when the hub
// is not), and pinned by proxy-settings.test.ts.
import { ModelDownloadError } from './download-errors';

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

/** The host without IPv6 brackets. */
function bareHost(url: URL): string {
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
  else if (target.protocol === 'https:')
    raw = envValue(env, 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy');
  else raw = envValue(env, 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy');
  if (!raw) return null;
  return parseProxyUrl(raw);
}

export function parseProxyUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    throw new ModelDownloadError(
      'proxy',
      `The proxy setting "${raw}" is not a valid address. Write it as http://host:port (or http://user:password@host:port).`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ModelDownloadError(
      'proxy',
      `The proxy ${url.protocol}//${url.host} is not supported: Prelabel speaks to HTTP proxies (http:// or https://), not ${url.protocol.slice(0, -1)}.`,
    );
  }
  return url;
}

/** The proxy as it may be shown: never with its password. */
export function describeProxy(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`;
}
