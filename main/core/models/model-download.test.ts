// The consented download against a local stand-in for the hub (127.0.0.1 only): resume, verification,
// error messages, redirects, proxies and cancellation.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support/temp-dir';
import { ModelDownloadError } from './download-errors';
import type { DownloadProgress } from './download-progress';
import { partPathOf } from './download-staging';
import { downloadModel, downloadStagingDir, MODEL_RECORD_FILE, type DownloadModelOptions } from './model-download';
import {
  deterministicBytes,
  FakeHub,
  manifestFor,
  sha256,
  startConnectProxy,
  TEST_CERT,
  TEST_REVISION,
  testFiles,
  type ConnectProxy,
} from './test-support/fake-hub';

const tmp = useTempDir();
let hub: FakeHub | null = null;
let proxy: ConnectProxy | null = null;

afterEach(async () => {
  await hub?.close();
  await proxy?.close();
  hub = null;
  proxy = null;
});

async function startHub(...args: Parameters<typeof FakeHub.start>): Promise<FakeHub> {
  hub = await FakeHub.start(...args);
  return hub;
}

function options(h: FakeHub, extra: Partial<DownloadModelOptions> = {}): DownloadModelOptions {
  return {
    consent: true,
    destDir: join(tmp(), 'model'),
    manifest: manifestFor(h.files),
    baseUrl: h.url,
    env: {},
    retryDelayMs: 0,
    idleTimeoutMs: 3000,
    ...extra,
  };
}

async function failure(p: Promise<unknown>): Promise<ModelDownloadError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ModelDownloadError);
  return err as ModelDownloadError;
}

function expectModel(dir: string, h: FakeHub): void {
  for (const f of h.files) expect(readFileSync(join(dir, ...f.path.split('/'))).equals(f.content), f.path).toBe(true);
  expect(existsSync(join(dir, '.partial'))).toBe(false);
  expect(existsSync(downloadStagingDir(dir))).toBe(false);
}

/** Where the unfinished transfer of a download into `dir` is kept (see [Note: download staging]). */
const partOf = (dir: string, path: string) => partPathOf(downloadStagingDir(dir), path);

/** A port nothing listens on: bound and released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

describe('downloadModel', () => {
  it('downloads every file, reports progress, verifies and writes prelabel-model.json', async () => {
    const h = await startHub(testFiles());
    const events: DownloadProgress[] = [];
    let t = 0;
    const opts = options(h, { onProgress: (p) => events.push(p), now: () => (t += 100) });
    const result = await downloadModel(opts);
    expectModel(opts.destDir, h);
    const record = JSON.parse(readFileSync(join(opts.destDir, MODEL_RECORD_FILE), 'utf8'));
    expect(record).toMatchObject({ format: 1, repo: 'test-owner/tiny-test-model', revision: TEST_REVISION, source: h.url });
    expect(record.files).toEqual(
      h.files.map((f) => ({ path: f.path, size: f.content.length, sha256: sha256(f.content), hashSource: 'manifest' })),
    );
    expect(Date.parse(record.downloadedAt)).toBeGreaterThan(0);
    expect(result.dir).toBe(opts.destDir);

    const total = h.files.reduce((s, f) => s + f.content.length, 0);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ phase: 'done', bytes: total, total, etaSeconds: 0 });
    expect(events.map((e) => e.file)).toContain('onnx/model.onnx');
    expect(events.some((e) => e.phase === 'verifying')).toBe(true);
    // Byte-count events are at least 200 ms apart (fake clock); phase changes are extra.
    const counted = events.filter((e, i) => i > 0 && e.phase === 'downloading' && e.fileBytes > 0 && e.file === events[i - 1]!.file);
    expect(counted.length).toBeLessThanOrEqual(Math.ceil(t / 200) + 1);
    expect(events.some((e) => typeof e.bytesPerSecond === 'number' && e.bytesPerSecond > 0)).toBe(true);
  });

  it('resumes a transfer the server broke off with a Range request, in the same call', async () => {
    const h = await startHub(testFiles());
    h.on('onnx/model.onnx', { breakAfter: 100_000 });
    const opts = options(h);
    await downloadModel(opts);
    expectModel(opts.destDir, h);
    const asked = h.requestsFor('onnx/model.onnx');
    expect(asked).toHaveLength(2);
    expect(asked[0]!.headers.range).toBeUndefined();
    const from = Number(/^bytes=(\d+)-$/.exec(String(asked[1]!.headers.range))?.[1]);
    expect(from).toBeGreaterThan(0);
    expect(from).toBeLessThanOrEqual(100_000);
  });

  it('keeps the partial file when the connection breaks for good, and a later call resumes it', async () => {
    const h = await startHub(testFiles());
    h.on('onnx/model.onnx', { breakAfter: 120_000 });
    const opts = options(h, { retries: 0 });
    const err = await failure(downloadModel(opts));
    expect(err.reason).toBe('interrupted');
    expect(err.message).toMatch(
      /^The download of onnx\/model\.onnx stopped after 0\.\d MB of 0\.3 MB \(.+\)\. Run the download again: it resumes where it stopped\.$/,
    );
    const kept = statSync(partOf(opts.destDir, 'onnx/model.onnx')).size;
    expect(kept).toBeGreaterThan(0);
    expect(existsSync(join(downloadStagingDir(opts.destDir), 'config.json'))).toBe(true);
    expect(existsSync(opts.destDir)).toBe(false); // not a model folder until every file is verified

    await downloadModel(opts);
    expectModel(opts.destDir, h);
    expect(h.requestsFor('onnx/model.onnx').at(-1)!.headers.range).toBe(`bytes=${kept}-`);
    expect(h.requestsFor('config.json')).toHaveLength(1); // verified files are not fetched again
  });

  it('starts the file over when the server ignores the Range request (200 instead of 206)', async () => {
    const h = await startHub(testFiles());
    h.on('onnx/model.onnx', { breakAfter: 50_000 });
    const opts = options(h, { retries: 0 });
    await failure(downloadModel(opts));
    h.on('onnx/model.onnx', { ignoreRange: true });
    const events: DownloadProgress[] = [];
    await downloadModel({ ...opts, onProgress: (p) => events.push(p), progressIntervalMs: 0 });
    expectModel(opts.destDir, h);
    expect(h.requestsFor('onnx/model.onnx').at(-1)!.headers.range).toMatch(/^bytes=\d+-$/);
    const total = h.files.reduce((s, f) => s + f.content.length, 0);
    expect(Math.max(...events.map((e) => e.bytes))).toBe(total);
  });

  it('deletes a download whose SHA-256 is wrong and names the file', async () => {
    const h = await startHub(testFiles());
    const damaged = Buffer.from(h.files[1]!.content);
    damaged[1234] = damaged[1234]! ^ 0xff;
    h.on('tokenizer.json', { content: damaged });
    const opts = options(h);
    const err = await failure(downloadModel(opts));
    expect(err.reason).toBe('checksum');
    expect(err.code).toBe('BAD_FILE');
    expect(err.file).toBe('tokenizer.json');
    expect(err.message).toBe(
      `tokenizer.json failed its checksum: expected SHA-256 ${sha256(h.files[1]!.content)}, got ${sha256(damaged)}. The damaged download was deleted; run the download again.`,
    );
    expect(existsSync(partOf(opts.destDir, 'tokenizer.json'))).toBe(false);
    expect(existsSync(join(opts.destDir, 'tokenizer.json'))).toBe(false);
    expect(existsSync(join(downloadStagingDir(opts.destDir), 'tokenizer.json'))).toBe(false);
  });

  it('stops before downloading when the hub states another SHA-256 than the pinned one', async () => {
    const h = await startHub(testFiles());
    h.hubHeaders.set('onnx/model.onnx', { 'X-Linked-ETag': `"${'ab'.repeat(32)}"` });
    const err = await failure(downloadModel(options(h)));
    expect(err.reason).toBe('checksum');
    expect(err.message).toMatch(
      /^The server says onnx\/model\.onnx has SHA-256 abababababab…, but Prelabel expects [0-9a-f]{12}… for revision 0123456\. Nothing was downloaded\.$/,
    );
  });

  it('refuses a file of the wrong size before writing it', async () => {
    const h = await startHub(testFiles());
    h.on('onnx/model.onnx', { content: deterministicBytes(300_001, 3) });
    const opts = options(h);
    const err = await failure(downloadModel(opts));
    expect(err.reason).toBe('size');
    expect(err.message).toBe("The server's onnx/model.onnx has 300,001 bytes, but revision 0123456 of it has 300,000. Nothing was kept.");
    expect(existsSync(partOf(opts.destDir, 'onnx/model.onnx'))).toBe(false);
  });

  it('names the file and the revision on HTTP 404', async () => {
    const h = await startHub(testFiles());
    const manifest = manifestFor(h.files);
    manifest.files.push({ path: 'onnx/model_quantized.onnx', size: 10, approxSize: 10, sha256: 'a'.repeat(64), lfs: true });
    const err = await failure(downloadModel(options(h, { manifest })));
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toBe(
      `onnx/model_quantized.onnx was not found at revision ${manifest.revision} of test-owner/tiny-test-model on 127.0.0.1 (HTTP 404).`,
    );
  });

  it('explains HTTP 401 and 403, and other statuses', async () => {
    const h = await startHub(testFiles());
    h.on('config.json', { status: 401 }, { status: 403 }, { status: 503 });
    for (const status of [401, 403]) {
      const err = await failure(downloadModel(options(h)));
      expect(err.reason).toBe('unauthorized');
      expect(err.message).toBe(
        `127.0.0.1 refused access to config.json (HTTP ${status}). The model is public, so a firewall or proxy may be blocking it, or the repository now requires a login.`,
      );
    }
    expect((await failure(downloadModel(options(h)))).message).toBe('127.0.0.1 answered HTTP 503 for config.json. Try again later.');
  });

  it('gives up on a server that stops sending (idle timeout) and keeps what arrived', async () => {
    const h = await startHub(testFiles());
    h.on('onnx/model.onnx', { stallAfter: 10_000 });
    const opts = options(h, { idleTimeoutMs: 300 });
    const started = Date.now();
    const err = await failure(downloadModel(opts));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(err.reason).toBe('timeout');
    expect(err.message).toBe(
      'The server sent nothing for 1 second while downloading onnx/model.onnx, so Prelabel stopped waiting. What arrived is kept; try again later to resume.',
    );
    expect(statSync(partOf(opts.destDir, 'onnx/model.onnx')).size).toBe(10_000);
  });

  it('follows the redirect of LFS files to another path and resumes there with Range', async () => {
    const h = await startHub(testFiles(), { redirectLfs: true });
    h.on('onnx/model.onnx', { breakAfter: 80_000 });
    const opts = options(h);
    await downloadModel(opts);
    expectModel(opts.destDir, h);
    const cdn = h.requests.filter((r) => r.url.startsWith('/cdn/onnx/model.onnx'));
    expect(cdn).toHaveLength(2);
    expect(cdn[1]!.headers.range).toMatch(/^bytes=[1-9]\d*-$/);
  });

  it('stops after five redirects, and never follows one to plain http elsewhere', async () => {
    const h = await startHub(testFiles());
    let n = 0;
    const loop = await startRedirector(() => `/loop/${++n}`);
    try {
      const err = await failure(downloadModel(options(h, { baseUrl: loop.url })));
      expect(err.reason).toBe('redirect');
      expect(err.message).toBe('The server redirected config.json more than 5 times, so Prelabel gave up.');
      expect(n).toBe(6);
    } finally {
      await loop.close();
    }
    const away = await startRedirector(() => 'http://example.com/model/config.json');
    try {
      const err = await failure(downloadModel(options(h, { baseUrl: away.url })));
      expect(err.reason).toBe('insecure');
      expect(err.message).toBe(
        'Refusing to download config.json from http://example.com: models are fetched only over https (plain http only from this computer).',
      );
    } finally {
      await away.close();
    }
  });

  it('says "offline" and offers the folder alternative when nothing answers', async () => {
    const h = await startHub(testFiles());
    const port = await closedPort();
    const err = await failure(downloadModel(options(h, { baseUrl: `http://127.0.0.1:${port}` })));
    expect(err.reason).toBe('offline');
    expect(err.message).toBe(
      "You seem to be offline: 127.0.0.1 cannot be reached, so config.json was not downloaded. You can instead copy the model folder from a machine with internet and choose it with 'Add a model folder'.",
    );
  });

  it('cancels with the AbortSignal, keeps the partial file, and resumes it later', async () => {
    const h = await startHub(testFiles());
    h.on('onnx/model.onnx', { stallAfter: 150_000 });
    const controller = new AbortController();
    const opts = options(h, { signal: controller.signal, progressIntervalMs: 0 });
    const err = await failure(
      downloadModel({ ...opts, onProgress: (p) => p.file === 'onnx/model.onnx' && p.fileBytes >= 150_000 && controller.abort() }),
    );
    expect(err.reason).toBe('cancelled');
    expect(err.code).toBe('CANCELLED');
    expect(statSync(partOf(opts.destDir, 'onnx/model.onnx')).size).toBe(150_000);

    await downloadModel({ ...opts, signal: undefined });
    expectModel(opts.destDir, h);
    expect(h.requestsFor('onnx/model.onnx').at(-1)!.headers.range).toBe('bytes=150000-');
  });

  it('refuses without consent, before any request or file', async () => {
    const h = await startHub(testFiles());
    const opts = options(h);
    const err = await failure(downloadModel({ ...opts, consent: false } as unknown as DownloadModelOptions));
    expect(err.reason).toBe('no-consent');
    expect(err.code).toBe('FORBIDDEN');
    expect(h.requests).toHaveLength(0);
    expect(existsSync(opts.destDir)).toBe(false);
  });

  it('takes the SHA-256 of an unpinned LFS file from the hub, and records that it did', async () => {
    const h = await startHub(testFiles(), { redirectLfs: true });
    const opts = options(h, { manifest: manifestFor(h.files, ['tokenizer.json']) });
    const result = await downloadModel(opts);
    expectModel(opts.destDir, h);
    expect(result.files.find((f) => f.path === 'tokenizer.json')).toEqual({
      path: 'tokenizer.json',
      size: 40_000,
      sha256: sha256(h.files[1]!.content),
      hashSource: 'server',
    });
  });

  it('refuses an unpinned file the server gives no SHA-256 for', async () => {
    const h = await startHub(testFiles());
    h.hubHeaders.set('tokenizer.json', { 'X-Linked-ETag': '' });
    const opts = options(h, { manifest: manifestFor(h.files, ['tokenizer.json']) });
    const err = await failure(downloadModel(opts));
    expect(err.reason).toBe('unverifiable');
    expect(err.message).toBe(
      'Cannot verify tokenizer.json: Prelabel has no pinned checksum for it and the server did not state one (X-Linked-ETag), so it was not downloaded.',
    );
    expect(existsSync(join(opts.destDir, 'tokenizer.json'))).toBe(false);
    expect(existsSync(join(downloadStagingDir(opts.destDir), 'tokenizer.json'))).toBe(false);
  });

  it('refuses a file the hub resolved from another commit', async () => {
    const h = await startHub(testFiles());
    h.hubHeaders.set('config.json', { 'X-Repo-Commit': 'f'.repeat(40) });
    const err = await failure(downloadModel(options(h)));
    expect(err.reason).toBe('revision-mismatch');
    expect(err.message).toBe(
      'The server gave config.json from commit ffffffffffff instead of the pinned revision 0123456789ab. Nothing was kept.',
    );
  });

  it('does not fetch again what is already verified, and rewrites the record', async () => {
    const h = await startHub(testFiles());
    const opts = options(h);
    await downloadModel(opts);
    const before = h.requests.length;
    await downloadModel(opts);
    expect(h.requests.length).toBe(before);
    expect(existsSync(join(opts.destDir, MODEL_RECORD_FILE))).toBe(true);
    writeFileSync(join(opts.destDir, 'config.json'), 'changed');
    await downloadModel(opts);
    expect(h.requests.length).toBe(before + 1);
    expectModel(opts.destDir, h);
  });

  it('starts over when a Range beyond the end is refused (416) for a file of unknown size', async () => {
    const h = await startHub(testFiles());
    const opts = options(h, { manifest: manifestFor(h.files, ['tokenizer.json']) });
    const part = partOf(opts.destDir, 'tokenizer.json');
    mkdirSync(join(part, '..'), { recursive: true });
    writeFileSync(part, Buffer.concat([h.files[1]!.content, Buffer.from('junk')]));
    await downloadModel(opts);
    expectModel(opts.destDir, h);
    expect(h.requestsFor('tokenizer.json').map((r) => r.headers.range)).toEqual(['bytes=40004-', undefined]);
  });

  it('refuses a second download into the same folder while one runs', async () => {
    const h = await startHub(testFiles());
    h.on('onnx/model.onnx', { stallAfter: 1000 });
    const opts = options(h, { idleTimeoutMs: 500 });
    const first = downloadModel(opts);
    const second = await failure(downloadModel(opts));
    expect(second.reason).toBe('busy');
    expect((await failure(first)).reason).toBe('timeout');
  });

  describe('through a proxy', () => {
    it('tunnels with CONNECT, from the explicit setting or HTTP_PROXY, with credentials from the URL', async () => {
      const h = await startHub(testFiles(), { redirectLfs: true });
      proxy = await startConnectProxy('ana:p@ss word');
      const dest = join(tmp(), 'via-proxy');
      const creds = `ana:${encodeURIComponent('p@ss word')}`;
      await downloadModel(options(h, { destDir: dest, proxy: `http://${creds}@127.0.0.1:${proxy.port}` }));
      expectModel(dest, h);
      expect(proxy.connects.length).toBeGreaterThanOrEqual(5); // 3 files, 2 of them redirected
      expect(h.requests.every((r) => proxy!.upstreamPorts.includes(r.remotePort))).toBe(true);
      expect(proxy.connects[0]!.target).toBe(`127.0.0.1:${h.port}`);
      expect(proxy.connects[0]!.headers['proxy-authorization']).toBe(`Basic ${Buffer.from('ana:p@ss word').toString('base64')}`);

      const viaEnv = join(tmp(), 'via-env');
      const count = proxy.connects.length;
      await downloadModel(options(h, { destDir: viaEnv, env: { HTTP_PROXY: `http://${creds}@127.0.0.1:${proxy.port}` } }));
      expect(proxy.connects.length).toBeGreaterThan(count);
      expect(h.requests.every((r) => proxy!.upstreamPorts.includes(r.remotePort))).toBe(true);
    });

    it('goes direct for hosts in NO_PROXY', async () => {
      const h = await startHub(testFiles());
      proxy = await startConnectProxy();
      await downloadModel(options(h, { env: { HTTP_PROXY: proxy.url, NO_PROXY: 'example.org, 127.0.0.1' } }));
      expect(proxy.connects).toHaveLength(0);
      expect(h.requests.length).toBe(3);
    });

    it('says when the proxy wants a password or cannot be reached', async () => {
      const h = await startHub(testFiles());
      proxy = await startConnectProxy('ana:secret');
      const err = await failure(downloadModel(options(h, { proxy: `http://ana:wrong@127.0.0.1:${proxy.port}` })));
      expect(err.reason).toBe('proxy');
      expect(err.message).toBe(
        `The proxy http://127.0.0.1:${proxy.port} asks for a user name and password (HTTP 407). Put them in the proxy address: http://user:password@host:port.`,
      );
      expect(err.message).not.toContain('wrong');
      const port = await closedPort();
      const gone = await failure(downloadModel(options(h, { proxy: `http://127.0.0.1:${port}` })));
      expect(gone.message).toBe(
        `Could not reach the proxy http://127.0.0.1:${port} (ECONNREFUSED). Check the proxy setting (HTTPS_PROXY), or download without a proxy.`,
      );
    });

    it('gives up on a proxy that never answers the CONNECT', async () => {
      const h = await startHub(testFiles());
      const silent = createServer((socket) => socket.on('data', () => {}));
      await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', ok));
      try {
        const port = (silent.address() as AddressInfo).port;
        const err = await failure(downloadModel(options(h, { proxy: `http://127.0.0.1:${port}`, idleTimeoutMs: 300 })));
        expect(err.reason).toBe('timeout');
        expect(h.requests).toHaveLength(0);
      } finally {
        silent.close();
      }
    });

    it('speaks TLS to an https hub inside the tunnel, and directly without a proxy', async () => {
      const h = await startHub(testFiles(), { tls: true, redirectLfs: true });
      expect(h.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      proxy = await startConnectProxy();
      const tunnelled = join(tmp(), 'tls-proxy');
      await downloadModel(options(h, { destDir: tunnelled, proxy: proxy.url, ca: TEST_CERT }));
      expectModel(tunnelled, h);
      expect(proxy.connects.every((c) => c.target === `127.0.0.1:${h.port}`)).toBe(true);
      expect(h.requests.length).toBeGreaterThanOrEqual(5);
      expect(h.requests.every((r) => proxy!.upstreamPorts.includes(r.remotePort))).toBe(true);

      const direct = join(tmp(), 'tls-direct');
      await downloadModel(options(h, { destDir: direct, ca: TEST_CERT }));
      expectModel(direct, h);

      const untrusted = await failure(downloadModel(options(h, { destDir: join(tmp(), 'tls-untrusted') })));
      expect(untrusted.reason).toBe('insecure');
      expect(untrusted.message).toMatch(
        /^The secure connection to 127\.0\.0\.1 could not be verified \(.+\)\. A firewall that inspects traffic needs its certificate in NODE_EXTRA_CA_CERTS\.$/,
      );
    });
  });

  it('says so when the model folder cannot be created', async () => {
    const h = await startHub(testFiles());
    const file = join(tmp(), 'a-file');
    writeFileSync(file, 'x');
    const err = await failure(downloadModel(options(h, { destDir: join(file, 'model') })));
    expect(err.reason).toBe('disk');
    expect(err.message).toBe(`Cannot create the model folder ${join(file, 'model')} (ENOTDIR). Choose a folder you can write to.`);
    expect(h.requests).toHaveLength(0);
  });

  it('refuses a plain-http hub that is not this computer, without connecting', async () => {
    const h = await startHub(testFiles());
    const dest = join(tmp(), 'm');
    mkdirSync(dest);
    const err = await failure(downloadModel(options(h, { destDir: dest, baseUrl: 'http://hub.example' })));
    expect(err.reason).toBe('insecure');
  });
});

/** An HTTP server on 127.0.0.1 that answers every request with a 302 to `next(url)`. */
async function startRedirector(next: (url: string) => string): Promise<{ url: string; close(): Promise<void> }> {
  const { createServer: createHttp } = await import('node:http');
  const server = createHttp((req, res) => res.writeHead(302, { Location: next(req.url ?? '') }).end());
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
