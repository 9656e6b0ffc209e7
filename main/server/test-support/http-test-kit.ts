// Test support for the browser-mode server: a raw HTTP client (fetch would not let tests forge the
// Host header) and a fake core that answers calls and emits events in memory.
import { once } from 'node:events';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Result } from '../../../common/contract';
import { closeServer, createHttpServer, type HttpServerOptions, type PrelabelServer } from '../http-server';

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RequestSpec {
  method?: string;
  path: string;
  headers?: Record<string, string | number | undefined>;
  body?: string | Buffer;
}

/** Headers without the ones a test left out by setting them to undefined. */
export function definedHeaders(headers: Record<string, string | number | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = String(v);
  return out;
}

export function rawRequest(port: number, spec: RequestSpec): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers = definedHeaders(spec.headers ?? {});
    const req = httpRequest({ host: '127.0.0.1', port, method: spec.method ?? 'GET', path: spec.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(spec.body);
  });
}

export interface FakeCore {
  calls: Array<{ method: string; input: unknown }>;
  call(method: string, input: unknown): Promise<Result<unknown>>;
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
  emit(event: string, payload: unknown): void;
  readonly listenerCount: number;
}

export function fakeCore(answer: (method: string, input: unknown) => Result<unknown> = () => ({ ok: true, value: null })): FakeCore {
  const listeners = new Set<(event: string, payload: unknown) => void>();
  const calls: FakeCore['calls'] = [];
  return {
    calls,
    async call(method, input) {
      calls.push({ method, input });
      return answer(method, input);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event, payload) {
      for (const l of listeners) l(event, payload);
    },
    get listenerCount() {
      return listeners.size;
    },
  };
}

export interface TestServer {
  server: PrelabelServer;
  port: number;
  token: string;
  root: string;
  staticDir: string;
  uploadsDir: string;
  host: string;
  origin: string;
  /** Headers of a same-origin request from the logged-in page. */
  page(extra?: Record<string, string | number | undefined>): Record<string, string>;
  cookie: string;
  /** Trades the token for the session cookie, as the browser does when the link is opened. */
  login(): Promise<string>;
  close(): Promise<void>;
}

export const TEST_TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuv';

export async function startTestServer(
  core: FakeCore | HttpServerOptions['core'],
  options: Partial<Omit<HttpServerOptions, 'core'>> = {},
): Promise<TestServer> {
  const root = mkdtempSync(join(tmpdir(), 'prelabel-server-test-'));
  const staticDir = join(root, 'static');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Prelabel</title><div id="root"></div>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log("app");');
  writeFileSync(join(staticDir, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(staticDir, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(root, 'secret.txt'), 'TOP SECRET');
  const opts = { token: TEST_TOKEN, staticDir, uploadsDir: join(root, 'uploads'), ...options };
  const server = createHttpServer({ core, ...opts });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const host = `127.0.0.1:${port}`;
  const t: TestServer = {
    server,
    port,
    token: opts.token,
    root,
    staticDir: opts.staticDir,
    uploadsDir: opts.uploadsDir,
    host,
    origin: `http://${host}`,
    cookie: '',
    page: (extra = {}) => definedHeaders({ Host: host, Origin: `http://${host}`, Cookie: t.cookie || undefined, ...extra }),
    async login() {
      const reply = await rawRequest(port, { path: `/?token=${encodeURIComponent(t.token)}`, headers: { Host: host } });
      const setCookie = reply.headers['set-cookie']?.[0];
      if (reply.status !== 302 || !setCookie) throw new Error(`login failed: ${reply.status} ${reply.body}`);
      t.cookie = setCookie.split(';')[0]!;
      return t.cookie;
    },
    async close() {
      await closeServer(server);
      rmSync(root, { recursive: true, force: true });
    },
  };
  return t;
}

export async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface EventStream {
  status: number;
  contentType: string;
  /** Everything received so far. */
  text(): string;
  close(): void;
}

/** Opens /api/events as the logged-in page would. */
export function openEventStream(t: TestServer): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const req = httpRequest(
      { host: '127.0.0.1', port: t.port, path: '/api/events', headers: t.page({ Origin: undefined }), agent: false },
      (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (buffer += chunk));
        res.on('error', () => undefined);
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type']),
          text: () => buffer,
          close: () => req.destroy(),
        });
      },
    );
    req.on('error', (err) => {
      if (!req.destroyed) reject(err);
    });
    req.end();
  });
}

/** The named events in a stream's text, in order, with their data parsed. */
export function parseEvents(text: string): Array<{ event: string; data: unknown }> {
  const out: Array<{ event: string; data: unknown }> = [];
  for (const block of text.split('\n\n')) {
    const event = /^event: (.*)$/m.exec(block)?.[1];
    const data = /^data: (.*)$/m.exec(block)?.[1];
    if (event && data !== undefined) out.push({ event, data: JSON.parse(data) });
  }
  return out;
}
