import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeHub, manifestFor, testFiles } from '../../core/models/test-support/fake-hub';
import { useTempDir } from '../../core/test-support/temp-dir';
import { createCore } from '../../core/create-core';
import { parseServeArgs, serveCoreConfig } from '../../server/serve-args';
import { run } from '../test-support/cli-project';
import { consentPrompt, progressText } from './models';

const tmp = useTempDir();
const ENV = [
  'PRELABEL_HOME',
  'PRELABEL_HUB_URL',
  'PRELABEL_MODEL_MANIFEST',
  'HTTPS_PROXY',
  'HTTP_PROXY',
  'https_proxy',
  'http_proxy',
  'NO_PROXY',
  'no_proxy',
];
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
let hub: FakeHub;

beforeEach(async () => {
  for (const k of ENV) delete process.env[k];
  hub = await FakeHub.start(testFiles());
  const manifestFile = join(tmp(), 'manifest.json');
  writeFileSync(manifestFile, JSON.stringify(manifestFor(hub.files)));
  process.env.PRELABEL_HOME = join(tmp(), 'home');
  process.env.PRELABEL_HUB_URL = hub.url;
  process.env.PRELABEL_MODEL_MANIFEST = manifestFile;
});

afterEach(async () => {
  vi.restoreAllMocks();
  await hub.close();
  for (const k of ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

const modelDir = () => join(tmp(), 'home', 'models', 'tiny-test-model');

describe('prelabel models download', () => {
  it('downloads with --yes into the app data models folder and says what it verified', async () => {
    const r = await run('models', 'download', '--yes');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      `Downloaded test-owner/tiny-test-model (revision 0123456) into ${modelDir()}: 3 files, 0.3 MB, every checksum verified.`,
    );
    expect(readFileSync(join(modelDir(), 'onnx', 'model.onnx')).equals(hub.files[2]!.content)).toBe(true);
  });

  it('prints one JSON object with --json, into --dir', async () => {
    const dir = join(tmp(), 'elsewhere');
    const r = await run('models', 'download', '--yes', '--dir', dir, '--json');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out);
    expect(result).toMatchObject({ ok: true, model: { dir, repo: 'test-owner/tiny-test-model', files: expect.any(Array) } });
    expect(existsSync(join(dir, 'prelabel-model.json'))).toBe(true);
  });

  it('refuses without a terminal to ask on and without --yes, fetching nothing', async () => {
    vi.spyOn(consentPrompt, 'interactive').mockReturnValue(false);
    const r = await run('models', 'download');
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'prelabel models: downloading the model needs your consent: it fetches 0.3 MB from ' +
        `${new URL(hub.url).host}. Run this on a terminal to be asked, or add --yes. Nothing was downloaded.`,
    );
    expect(hub.requests).toHaveLength(0);
    expect(existsSync(modelDir())).toBe(false);
  });

  it('asks on a terminal, and downloads only after a yes', async () => {
    vi.spyOn(consentPrompt, 'interactive').mockReturnValue(true);
    const ask = vi.spyOn(consentPrompt, 'ask').mockResolvedValueOnce(false).mockResolvedValueOnce(true);
    const declined = await run('models', 'download');
    expect(ask).toHaveBeenCalledWith(
      `Download 0.3 MB from ${new URL(hub.url).host} (test-owner/tiny-test-model) into ${modelDir()}? [y/N] `,
    );
    expect(declined.code).toBe(1);
    expect(declined.err).toBe('prelabel models: you declined the download. Nothing was downloaded.');
    expect(hub.requests).toHaveLength(0);

    const agreed = await run('models', 'download');
    expect(agreed.code).toBe(0);
    expect(hub.requests.length).toBe(3);
  });

  it('explains being offline and points to adding a folder instead', async () => {
    const server = createServer();
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((ok) => server.close(() => ok())); // now nothing listens there
    process.env.PRELABEL_HUB_URL = `http://127.0.0.1:${port}`;
    const r = await run('models', 'download', '--yes');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^prelabel models: You seem to be offline: 127\.0\.0\.1 cannot be reached, so config\.json was not downloaded\. You can instead copy the model folder from a machine with internet and choose it with 'Add a model folder'\.$/,
    );
  });

  it('shows progress as bytes, speed and time left', () => {
    const text = progressText({
      phase: 'downloading',
      file: 'onnx/model.onnx',
      fileIndex: 4,
      fileCount: 5,
      fileBytes: 0,
      fileTotal: 0,
      bytes: 120e6,
      total: 445e6,
      bytesPerSecond: 5e6,
      etaSeconds: 65,
    });
    expect(text).toBe('120 MB of 445 MB  5.0 MB/s  1:05 left  onnx/model.onnx (5/5)');
  });
});

describe('prelabel models list and add', () => {
  it('lists nothing at first, then the download, then an added folder', async () => {
    expect((await run('models', 'list')).out).toMatch(/^No models yet in .+\. Run "prelabel models download"/);
    await run('models', 'download', '--yes');
    const copied = join(tmp(), 'usb', 'model-copy');
    for (const f of ['config.json', 'tokenizer.json', 'onnx/model.onnx']) {
      mkdirSync(join(copied, ...f.split('/'), '..'), { recursive: true });
      writeFileSync(join(copied, ...f.split('/')), '{}');
    }
    const added = await run('models', 'add', copied);
    expect(added.out).toBe(`Added ${copied}: config.json, tokenizer.json and onnx/model.onnx are there.`);
    expect((await run('models', 'add', copied)).out).toBe(`${copied} was already added.`);

    const listed = await run('models', 'list');
    expect(listed.out.split('\n')).toEqual([
      'Models:',
      '  tiny-test-model  downloaded  0.3 MB  downloaded and verified',
      `      ${modelDir()}`,
      '  model-copy  added  0.0 MB  added folder, not a downloaded copy (its files stay where they are)',
      `      ${copied}`,
    ]);
    const json = JSON.parse((await run('models', 'list', '--json')).out);
    expect(json.models.map((m: { id: string; hasRecord: boolean }) => [m.id, m.hasRecord])).toEqual([
      ['tiny-test-model', true],
      ['model-copy', false],
    ]);
  });

  it('issue 10: models list says in plain words what is wrong, never "no prelabel-model.json"', async () => {
    hub.on('onnx/model.onnx', { status: 500, always: true });
    const failed = await run('models', 'download', '--yes');
    expect(failed.code).toBe(1);
    const broken = join(tmp(), 'usb', 'broken');
    for (const f of ['config.json', 'tokenizer.json', 'onnx/model.onnx']) {
      mkdirSync(join(broken, ...f.split('/'), '..'), { recursive: true });
      writeFileSync(join(broken, ...f.split('/')), '{}');
    }
    await run('models', 'add', broken);
    rmSync(join(broken, 'onnx'), { recursive: true });

    const listed = await run('models', 'list');
    expect(listed.out).not.toMatch(/prelabel-model\.json/);
    const lines = listed.out.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'Models:',
      '  broken  added  0.0 MB  missing file onnx/model.onnx: add the whole model folder again',
      `      ${broken}`,
    ]);
    expect(lines[3]).toBe('Unfinished downloads (not models yet):');
    expect(lines[4]).toMatch(/^ {2}tiny-test-model {2}0\.\d MB so far {2}incomplete download: "prelabel models download" continues it$/);
    expect(lines[5]).toBe(`      ${modelDir()}`);
    const json = JSON.parse((await run('models', 'list', '--json')).out);
    expect(json.models).toEqual([
      expect.objectContaining({
        id: 'broken',
        missingFiles: ['onnx/model.onnx'],
        state: 'missing file onnx/model.onnx: add the whole model folder again',
      }),
    ]);
    expect(json.unfinishedDownloads).toEqual([{ id: 'tiny-test-model', path: modelDir(), bytes: expect.any(Number) }]);
  });

  it('refuses a folder without the model files, naming them', async () => {
    const dir = join(tmp(), 'not-a-model');
    mkdirSync(dir);
    writeFileSync(join(dir, 'config.json'), '{}');
    const r = await run('models', 'add', dir);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `prelabel models: ${dir} is not a complete model folder: tokenizer.json, onnx/model.onnx are missing. A model folder holds config.json, tokenizer.json and onnx/model.onnx (the Hugging Face hub layout); copy the whole folder.`,
    );
  });

  it('says what it can do when the action is missing or unknown', async () => {
    expect((await run('models')).err).toBe('prelabel models: missing what to do: list, add DIR or download.');
    expect((await run('models', 'delete')).err).toBe('prelabel models: unknown action "delete": use list, add DIR or download.');
  });
});

describe('issue 10: the CLI and the browser-mode server see the same models for the same data folder', () => {
  async function serverModels(argv: string[], env: NodeJS.ProcessEnv): Promise<string[]> {
    const args = parseServeArgs(argv);
    if (args.kind !== 'run') throw new Error(`serve args: ${args.kind}`);
    const core = createCore(serveCoreConfig(args, 'test', env), () => undefined);
    try {
      const r = await core.dispatch('models.list', {});
      if (!r.ok) throw new Error(r.error.message);
      return (r.value as { path: string }[]).map((m) => m.path);
    } finally {
      await core.shutdown();
    }
  }

  const cliModels = async (...argv: string[]) =>
    (JSON.parse((await run('models', 'list', '--json', ...argv)).out) as { models: { path: string }[] }).models.map((m) => m.path);

  it('--data-dir DIR means the same folder in both', async () => {
    const dir = join(tmp(), 'shared-data');
    const copied = join(tmp(), 'usb', 'model-copy');
    for (const f of ['config.json', 'tokenizer.json', 'onnx/model.onnx']) {
      mkdirSync(join(copied, ...f.split('/'), '..'), { recursive: true });
      writeFileSync(join(copied, ...f.split('/')), '{}');
    }
    expect((await run('models', 'download', '--yes', '--data-dir', dir)).code).toBe(0);
    expect((await run('models', 'add', copied, '--data-dir', dir)).code).toBe(0);
    const expected = [join(dir, 'models', 'tiny-test-model'), copied];
    expect(await cliModels('--data-dir', dir)).toEqual(expected);
    expect(await serverModels(['--data-dir', dir], {})).toEqual(expected);
    // Without the flag the CLI uses PRELABEL_HOME, which holds none of them.
    expect(await cliModels()).toEqual([]);
  });

  it('PRELABEL_HOME means the same folder in both; --data-dir wins over it in both', async () => {
    const home = process.env.PRELABEL_HOME!;
    expect((await run('models', 'download', '--yes')).code).toBe(0);
    expect(await cliModels()).toEqual([modelDir()]);
    expect(await serverModels([], { PRELABEL_HOME: home })).toEqual([modelDir()]);
    const other = join(tmp(), 'other');
    expect(await cliModels('--data-dir', other)).toEqual([]);
    expect(await serverModels(['--data-dir', other], { PRELABEL_HOME: home })).toEqual([]);
  });
});
