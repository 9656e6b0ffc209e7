// A stand-in for the Hugging Face hub on 127.0.0.1, for the model download e2e: serves a model
// folder's files under /<repo>/resolve/<revision>/<path>, honours Range (so a cancelled download
// resumes), paces the bytes so progress can be watched, and writes the manifest (sizes and SHA-256)
// that the server is pointed at with PRELABEL_MODEL_MANIFEST. `wrongSha256For` pins a wrong
// checksum for one file, as a damaged or tampered download would look.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join, relative, sep } from 'node:path';

export const HUB_REPO = 'prelabel-e2e/tiny-nli';
export const HUB_REVISION = '0123456789abcdef0123456789abcdef01234567';

export interface LocalHubOptions {
  /** Pace of every response body (default 700 kB/s: the tiny model takes about 2.5 s). */
  bytesPerSecond?: number;
  /** Repository path of a file whose SHA-256 the manifest gets wrong. */
  wrongSha256For?: string;
}

export interface HubRequest {
  path: string;
  range: string | null;
}

export interface LocalHub {
  url: string;
  /** host:port, as the consent step names it. */
  host: string;
  repo: string;
  revision: string;
  manifestPath: string;
  totalBytes: number;
  requests: HubRequest[];
  /** The server's environment that points its download here. */
  env: Record<string, string>;
  close(): Promise<void>;
}

interface HubFile {
  path: string;
  content: Buffer;
}

function filesOf(dir: string): HubFile[] {
  const out: HubFile[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push({ path: relative(dir, p).split(sep).join('/'), content: readFileSync(p) });
    }
  };
  walk(dir);
  // Small files first and the ONNX graph last, as the hub's pinned manifest lists them.
  return out.sort((a, b) => a.content.length - b.content.length);
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function send(req: IncomingMessage, res: ServerResponse, body: Buffer, bytesPerSecond: number): void {
  const tickMs = 50;
  const chunk = Math.max(1, Math.round((bytesPerSecond * tickMs) / 1000));
  let offset = 0;
  let timer: NodeJS.Timeout | undefined;
  const next = () => {
    if (offset >= body.length) return void res.end();
    res.write(body.subarray(offset, offset + chunk));
    offset += chunk;
    timer = setTimeout(next, tickMs);
  };
  req.on('close', () => clearTimeout(timer));
  next();
}

export async function startLocalHub(modelDir: string, workDir: string, options: LocalHubOptions = {}): Promise<LocalHub> {
  const files = filesOf(modelDir);
  const bytesPerSecond = options.bytesPerSecond ?? 700_000;
  const requests: HubRequest[] = [];
  const sockets = new Set<Socket>();
  const prefix = `/${HUB_REPO}/resolve/${HUB_REVISION}/`;

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.startsWith(prefix) ? decodeURIComponent(url.pathname.slice(prefix.length)) : null;
    requests.push({ path: path ?? url.pathname, range: typeof req.headers.range === 'string' ? req.headers.range : null });
    const file = files.find((f) => f.path === path);
    if (!file) return void res.writeHead(404, { 'X-Error-Code': 'EntryNotFound' }).end();
    const headers = { 'X-Repo-Commit': HUB_REVISION, 'Content-Type': 'application/octet-stream' };
    const range = /^bytes=(\d+)-$/.exec(String(req.headers.range ?? ''));
    const start = range ? Number(range[1]) : 0;
    if (start >= file.content.length && range) {
      return void res.writeHead(416, { 'Content-Range': `bytes */${file.content.length}` }).end();
    }
    if (range) {
      res.writeHead(206, {
        ...headers,
        'Content-Length': String(file.content.length - start),
        'Content-Range': `bytes ${start}-${file.content.length - 1}/${file.content.length}`,
      });
    } else {
      res.writeHead(200, { ...headers, 'Content-Length': String(file.content.length) });
    }
    send(req, res, file.content.subarray(start), bytesPerSecond);
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;

  const manifest = {
    id: HUB_REPO.split('/')[1],
    repo: HUB_REPO,
    revision: HUB_REVISION,
    files: files.map((f) => ({
      path: f.path,
      size: f.content.length,
      approxSize: f.content.length,
      sha256: f.path === options.wrongSha256For ? sha256(Buffer.from('not the file')) : sha256(f.content),
      lfs: f.path.endsWith('.onnx') || f.path === 'tokenizer.json',
    })),
  };
  const manifestPath = join(workDir, 'model-manifest.json');
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    host: `127.0.0.1:${port}`,
    repo: HUB_REPO,
    revision: HUB_REVISION,
    manifestPath,
    totalBytes: files.reduce((n, f) => n + f.content.length, 0),
    requests,
    // NO_PROXY: a proxy set on the test machine must not carry loopback traffic.
    env: { PRELABEL_HUB_URL: url, PRELABEL_MODEL_MANIFEST: manifestPath, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost' },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

/** The size as the UI writes it for a model of this many bytes ("1.7 MB"). */
export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
