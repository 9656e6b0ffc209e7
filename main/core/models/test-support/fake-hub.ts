// A stand-in for the Hugging Face hub on 127.0.0.1, for the download tests: /<repo>/resolve/<rev>/<path>
// answers like the hub (X-Repo-Commit; LFS files redirect to a CDN path with X-Linked-ETag and
// X-Linked-Size), and each test can make it misbehave: break a transfer, ignore Range, stall,
// answer an error status. Also a minimal CONNECT proxy in front of it.
// The TLS certificate in ../__fixtures__ is a self-signed test certificate for localhost and
// 127.0.0.1 (openssl req -x509 -newkey ec ... -days 36500); it is trusted only by these tests.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import type { ModelManifest } from '../model-manifest';

export const TEST_CERT = readFileSync(join(__dirname, '..', '__fixtures__', 'test-localhost.cert.pem'), 'utf8');
const TEST_KEY = readFileSync(join(__dirname, '..', '__fixtures__', 'test-localhost.key.pem'), 'utf8');

export interface FakeFile {
  path: string;
  content: Buffer;
  lfs: boolean;
}

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  /** The client's port: a proxy's upstream socket shows up here (see ConnectProxy.upstreamPorts). */
  remotePort: number;
}

/** What the next requests for a file should suffer; each entry is used up once unless `always`. */
export interface Misbehaviour {
  /** Send this many bytes of the body, then destroy the socket. */
  breakAfter?: number;
  /** Send this many bytes, then send nothing more (the client's idle timeout must fire). */
  stallAfter?: number;
  /** Answer this status with an empty body. */
  status?: number;
  /** Serve these bytes instead of the file's content (a damaged or changed file). */
  content?: Buffer;
  /** Answer 200 with the whole file even when a Range was asked for. */
  ignoreRange?: boolean;
  always?: boolean;
}

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export function deterministicBytes(n: number, seed = 1): Buffer {
  const b = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

export const TEST_REVISION = '0123456789abcdef0123456789abcdef01234567';

export function testFiles(modelBytes = 300_000): FakeFile[] {
  return [
    { path: 'config.json', content: Buffer.from('{"label2id":{"entailment":0,"neutral":1,"contradiction":2}}\n'), lfs: false },
    { path: 'tokenizer.json', content: deterministicBytes(40_000, 7), lfs: true },
    { path: 'onnx/model.onnx', content: deterministicBytes(modelBytes, 3), lfs: true },
  ];
}

/** A manifest for `files`; `unknown` lists the paths whose sha256 and size are left null. */
export function manifestFor(files: FakeFile[], unknown: string[] = []): ModelManifest {
  return {
    id: 'tiny-test-model',
    repo: 'test-owner/tiny-test-model',
    revision: TEST_REVISION,
    files: files.map((f) => ({
      path: f.path,
      size: unknown.includes(f.path) ? null : f.content.length,
      approxSize: f.content.length,
      sha256: unknown.includes(f.path) ? null : sha256(f.content),
      lfs: f.lfs,
    })),
  };
}

export class FakeHub {
  readonly requests: SeenRequest[] = [];
  readonly misbehave = new Map<string, Misbehaviour[]>();
  /** Extra headers on the hub's first answer for a file (e.g. a wrong X-Linked-ETag). */
  readonly hubHeaders = new Map<string, Record<string, string>>();
  url = '';
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;

  constructor(
    readonly files: FakeFile[],
    readonly options: { tls?: boolean; redirectLfs?: boolean; repo?: string; revision?: string } = {},
  ) {
    const handler = (req: IncomingMessage, res: ServerResponse) => this.handle(req, res);
    this.server = options.tls ? createHttpsServer({ cert: TEST_CERT, key: TEST_KEY }, handler) : createHttpServer(handler);
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  static async start(files: FakeFile[], options: FakeHub['options'] = {}): Promise<FakeHub> {
    const hub = new FakeHub(files, options);
    await new Promise<void>((ok) => hub.server.listen(0, '127.0.0.1', ok));
    const port = (hub.server.address() as AddressInfo).port;
    hub.url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
    return hub;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Queues misbehaviour for the next requests of `path` (the download URL, not the CDN one). */
  on(path: string, ...m: Misbehaviour[]): void {
    this.misbehave.set(path, [...(this.misbehave.get(path) ?? []), ...m]);
  }

  requestsFor(path: string): SeenRequest[] {
    return this.requests.filter((r) => r.url.endsWith(`/${path}`) || r.url.endsWith(`/${path}?cdn=1`));
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((ok) => this.server.close(() => ok()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, remotePort: req.socket.remotePort ?? 0 });
    const repo = this.options.repo ?? 'test-owner/tiny-test-model';
    const revision = this.options.revision ?? TEST_REVISION;
    const url = new URL(req.url ?? '/', 'http://x');
    const cdn = url.searchParams.get('cdn') === '1';
    const prefix = cdn ? '/cdn/' : `/${repo}/resolve/${revision}/`;
    if (!url.pathname.startsWith(prefix)) return void res.writeHead(404).end();
    const path = decodeURIComponent(url.pathname.slice(prefix.length));
    const file = this.files.find((f) => f.path === path);
    if (!file) return void res.writeHead(404, { 'X-Error-Code': 'EntryNotFound' }).end();

    const queue = this.misbehave.get(path) ?? [];
    const m = cdn || !(this.options.redirectLfs && file.lfs) ? queue[0] : undefined;
    if (m && !m.always) queue.shift();
    if (m?.status) return void res.writeHead(m.status).end();

    const hubHeaders: Record<string, string> = { 'X-Repo-Commit': revision, ...this.hubHeaders.get(path) };
    if (file.lfs) {
      hubHeaders['X-Linked-ETag'] ??= `"${sha256(file.content)}"`;
      hubHeaders['X-Linked-Size'] = String(file.content.length);
    } else hubHeaders.ETag = `"${createHash('sha1').update(`blob ${file.content.length}\0`).update(file.content).digest('hex')}"`;
    if (!cdn && this.options.redirectLfs && file.lfs) {
      // Relative, as the hub sends for its own paths; the CDN answers without the hub's headers.
      return void res.writeHead(302, { ...hubHeaders, Location: `/cdn/${path}?cdn=1` }).end();
    }

    const content = m?.content ?? file.content;
    const range = /^bytes=(\d+)-$/.exec(String(req.headers.range ?? ''));
    let start = 0;
    const headers: Record<string, string> = cdn ? { ETag: '"cdn-etag"' } : hubHeaders;
    if (range && !m?.ignoreRange) {
      start = Number(range[1]);
      if (start >= content.length) return void res.writeHead(416, { 'Content-Range': `bytes */${content.length}` }).end();
      res.writeHead(206, {
        ...headers,
        'Content-Length': String(content.length - start),
        'Content-Range': `bytes ${start}-${content.length - 1}/${content.length}`,
      });
    } else {
      res.writeHead(200, { ...headers, 'Content-Length': String(content.length) });
    }
    const body = content.subarray(start);
    if (m?.breakAfter !== undefined) {
      res.write(body.subarray(0, m.breakAfter), () => setTimeout(() => req.socket.destroy(), 20));
      return;
    }
    if (m?.stallAfter !== undefined) {
      res.write(body.subarray(0, m.stallAfter));
      return; // and nothing more, until the client gives up or the test closes the hub
    }
    res.end(body);
  }
}

export interface ConnectProxy {
  url: string;
  port: number;
  connects: { target: string; headers: Record<string, string> }[];
  /** Local ports of the proxy's connections to targets: the traffic that really went through it. */
  upstreamPorts: number[];
  close(): Promise<void>;
}

/** A CONNECT-only proxy on 127.0.0.1 that tunnels to 127.0.0.1 targets only. With `auth`
 * ("user:password") it answers 407 unless the request carries those credentials. */
export async function startConnectProxy(auth?: string): Promise<ConnectProxy> {
  const connects: ConnectProxy['connects'] = [];
  const upstreamPorts: number[] = [];
  const sockets = new Set<Socket>();
  const server = createHttpServer((_req, res) => res.writeHead(405).end());
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    connects.push({ target: req.url ?? '', headers });
    const expected = auth ? `Basic ${Buffer.from(auth).toString('base64')}` : null;
    if (expected && headers['proxy-authorization'] !== expected) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n');
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    if (host !== '127.0.0.1' && host !== 'localhost') {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect({ host: '127.0.0.1', port: Number(port) }, () => {
      upstreamPorts.push(upstream.localPort ?? 0);
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connects,
    upstreamPorts,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
