// Issue 10 (papercut): a failed or cancelled model download left a "Downloaded, 0 bytes" model in the
// list. A download now happens in a staging folder that is never listed; only a complete, verified
// download is moved to its place among the models, and a folder without a valid model never shows
// as a downloaded model. Against the local stand-in for the hub.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support/temp-dir';
import { ModelDownloadError } from './download-errors';
import { downloadModel, downloadStagingDir, MODEL_RECORD_FILE, type DownloadModelOptions } from './model-download';
import { listModelFolders, listUnfinishedDownloads, modelsDir } from './model-folders';
import { FakeHub, manifestFor, testFiles } from './test-support/fake-hub';

const tmp = useTempDir();
let hub: FakeHub | null = null;

afterEach(async () => {
  await hub?.close();
  hub = null;
});

const dataDir = () => join(tmp(), 'data');
const dest = () => join(modelsDir(dataDir()), 'tiny-test-model');

function options(h: FakeHub, extra: Partial<DownloadModelOptions> = {}): DownloadModelOptions {
  return {
    consent: true,
    destDir: dest(),
    manifest: manifestFor(h.files),
    baseUrl: h.url,
    env: {},
    retryDelayMs: 0,
    idleTimeoutMs: 3000,
    retries: 0,
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

const models = () => listModelFolders({ dataDir: dataDir(), bundledDirs: [] });

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

describe('issue 10: a failed or cancelled download is never listed as a model', () => {
  it('a cancelled download stays in the staging folder, is not listed, and the next download resumes it', async () => {
    hub = await FakeHub.start(testFiles());
    hub.on('onnx/model.onnx', { stallAfter: 150_000 });
    const controller = new AbortController();
    const opts = options(hub, { signal: controller.signal, progressIntervalMs: 0 });
    const err = await failure(
      downloadModel({ ...opts, onProgress: (p) => p.file === 'onnx/model.onnx' && p.fileBytes >= 150_000 && controller.abort() }),
    );
    expect(err.reason).toBe('cancelled');

    expect(models()).toEqual([]);
    expect(existsSync(dest())).toBe(false);
    expect(readdirSync(modelsDir(dataDir())).filter((n) => !n.startsWith('.'))).toEqual([]);
    const [unfinished, ...more] = listUnfinishedDownloads(dataDir());
    expect(more).toEqual([]);
    expect(unfinished).toMatchObject({ id: 'tiny-test-model', path: dest() });
    expect(unfinished!.bytes).toBeGreaterThanOrEqual(150_000);

    await downloadModel({ ...opts, signal: undefined });
    expect(hub.requestsFor('onnx/model.onnx').at(-1)!.headers.range).toBe('bytes=150000-');
    expect(models()).toEqual([expect.objectContaining({ path: dest(), source: 'downloaded', hasRecord: true, missingFiles: [] })]);
    expect(listUnfinishedDownloads(dataDir())).toEqual([]);
    expect(existsSync(downloadStagingDir(dest()))).toBe(false);
  });

  it('a download that fails before any byte arrives leaves nothing behind', async () => {
    hub = await FakeHub.start(testFiles());
    const port = await closedPort();
    const err = await failure(downloadModel(options(hub, { baseUrl: `http://127.0.0.1:${port}` })));
    expect(err.reason).toBe('offline');
    expect(models()).toEqual([]);
    expect(listUnfinishedDownloads(dataDir())).toEqual([]);
    expect(readdirSync(modelsDir(dataDir()))).toEqual([]);
  });

  it('a file that fails its checksum leaves no model in the list', async () => {
    hub = await FakeHub.start(testFiles());
    hub.on('onnx/model.onnx', { content: Buffer.alloc(300_000, 1) });
    const err = await failure(downloadModel(options(hub)));
    expect(err.reason).toBe('checksum');
    expect(models()).toEqual([]);
    expect(existsSync(dest())).toBe(false);
  });

  it('a re-download keeps the complete model listed until the new one is verified', async () => {
    hub = await FakeHub.start(testFiles());
    await downloadModel(options(hub));
    writeFileSync(join(dest(), 'config.json'), 'changed');
    hub.on('config.json', { status: 500 });
    await failure(downloadModel(options(hub)));
    // The damaged copy is still there to be repaired, and still the one in the list.
    expect(models()).toEqual([expect.objectContaining({ path: dest(), hasRecord: true })]);
    await downloadModel(options(hub));
    expect(models()).toEqual([expect.objectContaining({ path: dest(), hasRecord: true, missingFiles: [] })]);
  });

  it('a folder in the models folder without a finished download is not a model; one whose files went missing says which', () => {
    // The layout of older versions: an unfinished download inside the model folder itself.
    const old = join(modelsDir(dataDir()), 'half');
    mkdirSync(join(old, '.partial', 'onnx'), { recursive: true });
    writeFileSync(join(old, 'config.json'), '{}');
    writeFileSync(join(old, '.partial', 'onnx', 'model.onnx.part'), 'abc');
    mkdirSync(join(modelsDir(dataDir()), 'empty'));
    const damaged = join(modelsDir(dataDir()), 'damaged');
    mkdirSync(damaged);
    for (const f of ['config.json', 'tokenizer.json', MODEL_RECORD_FILE]) writeFileSync(join(damaged, f), '{}');

    expect(models()).toEqual([
      expect.objectContaining({ id: 'damaged', source: 'downloaded', hasRecord: true, missingFiles: ['onnx/model.onnx'] }),
    ]);
    expect(listUnfinishedDownloads(dataDir())).toEqual([
      { id: 'empty', path: join(modelsDir(dataDir()), 'empty'), bytes: 0 },
      { id: 'half', path: old, bytes: 5 },
    ]);
  });

  it('continues an unfinished download of the older layout from its partial files', async () => {
    hub = await FakeHub.start(testFiles());
    const part = join(dest(), '.partial', 'onnx', 'model.onnx.part');
    mkdirSync(join(part, '..'), { recursive: true });
    writeFileSync(part, hub.files[2]!.content.subarray(0, 1000));
    await downloadModel(options(hub));
    expect(hub.requestsFor('onnx/model.onnx').at(-1)!.headers.range).toBe('bytes=1000-');
    expect(models()).toEqual([expect.objectContaining({ path: dest(), hasRecord: true, missingFiles: [] })]);
    expect(existsSync(join(dest(), '.partial'))).toBe(false);
  });
});
