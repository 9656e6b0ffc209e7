// The inference process on its own: the same logits as an in-process session, a typed "crashed"
// error for requests of a process that died, a restart with the model loaded again, and test
// hooks that are inert outside tests.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CUDA_PROVIDER_FILES, cudaUnavailableReason, onnxruntimeBinDir, physicalCores } from './cpu-cores';
import { InferenceClient, InferenceCrashedError, InferenceError, splitThreads } from './inference-client';
import { makeModel } from '../../../../scripts/model/gen/make-model';
import { sha256Stream } from '../../models/model-hash';
import { openSession, runLogits } from '../test-support/run-logits';
import { LOGIT_TOLERANCE, loadFixtures, makeTinyModel, maxAbsDiff, type TinyModel } from '../test-support/tiny-model';
import { padBatch } from '../scoring/tokenizer';

const fixtures = loadFixtures();
let model: TinyModel;
let onnxPath: string;
let session: InferenceSession;
let client: InferenceClient | null = null;

beforeAll(async () => {
  model = makeTinyModel(fixtures);
  onnxPath = `${model.dir}/onnx/model.onnx`;
  session = await openSession(onnxPath);
});
afterAll(async () => {
  await session?.release();
  model?.cleanup();
});
afterEach(async () => {
  await client?.close();
  client = null;
});

function batchOf(seqs: number[][]) {
  return { output: 'logits', ...padBatch(seqs, 1) };
}

describe('inference process', () => {
  it('gives the logits of an in-process session for a padded batch of mixed lengths', async () => {
    client = new InferenceClient();
    const info = await client.load(onnxPath, 1);
    expect(info).toMatchObject({
      threads: 1,
      inputs: [
        { name: 'input_ids', type: 'int64' },
        { name: 'attention_mask', type: 'int64' },
      ],
      outputs: [{ name: 'logits', shape: ['batch', 3] }],
    });
    expect(client.pid).not.toBe(process.pid);
    const seqs = fixtures.pairs.map((p) => p.inputIds);
    const out = await client.run(batchOf(seqs));
    expect(out.dims).toEqual([seqs.length, 3]);
    const local = await runLogits(session, seqs, 1);
    fixtures.pairs.forEach((p, i) => {
      const row = Array.from(out.logits.subarray(i * 3, i * 3 + 3));
      expect(maxAbsDiff(row, local[i]!)).toBeLessThan(1e-6);
      expect(maxAbsDiff(row, p.logits)).toBeLessThan(LOGIT_TOLERANCE);
    });
  });

  it('rejects the requests of a killed process as crashed, then restarts and reloads the model', async () => {
    client = new InferenceClient();
    await client.load(onnxPath, 1);
    client.setTestHooks({ runDelayMs: 2000 });
    const pid = client.pid!;
    const pending = client.run(batchOf([fixtures.pairs[0]!.inputIds]));
    await new Promise((r) => setTimeout(r, 100));
    process.kill(pid, 'SIGKILL');
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceCrashedError);
    expect(err).toMatchObject({ code: 'INFERENCE_CRASHED', signal: 'SIGKILL' });
    expect(client.crashes).toBe(1);
    client.setTestHooks({});
    const out = await client.run(batchOf([fixtures.pairs[0]!.inputIds]));
    expect(client.pid).not.toBe(pid);
    expect(maxAbsDiff(Array.from(out.logits), fixtures.pairs[0]!.logits)).toBeLessThan(LOGIT_TOLERANCE);
  });

  it('reports a model onnxruntime cannot load as an error, not a crash', async () => {
    client = new InferenceClient();
    await expect(client.load(`${model.dir}/config.json`, 1)).rejects.toBeInstanceOf(InferenceError);
    await expect(client.run(batchOf([[0, 2]]))).rejects.toThrow(/No model is loaded/);
  });

  it('ignores the test hooks outside vitest', async () => {
    const vitest = process.env.VITEST;
    delete process.env.VITEST;
    try {
      client = new InferenceClient();
      await client.load(onnxPath, 1); // the child starts without VITEST in its environment
    } finally {
      process.env.VITEST = vitest;
    }
    const ids = fixtures.pairs[0]!.inputIds;
    client.setTestHooks({ crashOnIds: ids.slice(1, 4) });
    const out = await client.run(batchOf([ids]));
    expect(out.dims).toEqual([1, 3]);
    expect(client.crashes).toBe(0);
  });

  it('uses the physical cores by default, at least one', () => {
    expect(physicalCores()).toBeGreaterThanOrEqual(1);
  });

  it("counts the time inside session.run and reports the child's peak memory", async () => {
    client = new InferenceClient();
    await client.load(onnxPath, 1);
    const out = await client.run(batchOf([fixtures.pairs[0]!.inputIds]));
    expect(out.runMs).toBeGreaterThan(0);
    await client.run(batchOf([fixtures.pairs[1]!.inputIds]));
    const stats = await client.stats();
    expect(stats).toMatchObject({ runs: 2, pid: client.pid });
    expect(stats!.runMs).toBeGreaterThan(0);
    expect(stats!.idleMs).toBeGreaterThanOrEqual(0);
    expect(stats!.maxRssBytes).toBeGreaterThan(10e6);
  });
});

describe('several inference processes', () => {
  it("splits a run's threads over at most maxProcesses processes", () => {
    expect(splitThreads(1, 2)).toEqual([1]);
    expect(splitThreads(2, 2)).toEqual([1, 1]);
    expect(splitThreads(3, 2)).toEqual([2, 1]);
    expect(splitThreads(8, 2)).toEqual([4, 4]);
    expect(splitThreads(8, 1)).toEqual([8]);
  });

  it('loads the model into each, spreads concurrent batches over them, and survives one of them dying', async () => {
    client = new InferenceClient();
    client.maxProcesses = 2;
    const info = await client.load(onnxPath, 2);
    expect(info.threads).toBe(2);
    expect(client.processes).toBe(2);
    expect(new Set(client.pids).size).toBe(2);
    const seqs = fixtures.pairs.map((p) => [p.inputIds]);
    const outs = await Promise.all(seqs.map((s) => client!.run(batchOf(s))));
    const stats = await client.stats();
    expect(stats).toMatchObject({ processes: 2, runs: seqs.length });
    outs.forEach((o, i) => expect(maxAbsDiff(Array.from(o.logits), fixtures.pairs[i]!.logits)).toBeLessThan(LOGIT_TOLERANCE));
    const [first, second] = client.pids;
    client.setTestHooks({ runDelayMs: 1000 });
    const a = client.run(batchOf(seqs[0]!));
    const b = client.run(batchOf(seqs[1]!));
    await new Promise((r) => setTimeout(r, 200));
    process.kill(first!, 'SIGKILL');
    expect(await a.catch((e: unknown) => e)).toBeInstanceOf(InferenceCrashedError);
    expect((await b).dims).toEqual([1, 3]); // the other process went on
    expect(client.crashes).toBe(1);
    client.setTestHooks({});
    await client.run(batchOf(seqs[0]!));
    expect(client.pids).toContain(second);
    // Back to one process: the second one stops.
    client.maxProcesses = 1;
    await client.ensureLoaded(onnxPath, 2);
    expect(client.processes).toBe(1);
  });
});

describe('CUDA provider', () => {
  const cudaInstalled = cudaUnavailableReason() === null;

  it('says CUDA is only available on Linux x64 elsewhere', () => {
    for (const [platform, arch] of [
      ['darwin', 'arm64'],
      ['win32', 'x64'],
      ['linux', 'arm64'],
    ]) {
      expect(cudaUnavailableReason(platform, arch)).toMatch(
        new RegExp(`^CUDA is only available on Linux x64 \\(this machine is ${platform} ${arch}\\)`),
      );
    }
  });

  it('names the missing provider libraries and how to install them, and accepts a folder that holds them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'prelabel-ort-bin-'));
    try {
      const reason = cudaUnavailableReason('linux', 'x64', dir)!;
      expect(reason).toContain('The CUDA provider of onnxruntime-node is not installed');
      expect(reason).toContain('libonnxruntime_providers_cuda.so');
      expect(reason).toContain('ONNXRUNTIME_NODE_INSTALL=cuda12');
      expect(reason).toContain('internet');
      for (const f of CUDA_PROVIDER_FILES) writeFileSync(join(dir, f), '');
      expect(cudaUnavailableReason('linux', 'x64', dir)).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(onnxruntimeBinDir('linux', 'x64')).toMatch(/onnxruntime-node[\\/]bin[\\/]napi-v6[\\/]linux[\\/]x64$/);
  });

  it.skipIf(cudaInstalled)(
    'a load with provider cuda fails in the child with that message, as UNSUPPORTED, not as a damaged model',
    async () => {
      client = new InferenceClient();
      client.provider = 'cuda';
      const err = await client.load(onnxPath, 1).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'PrelabelError', code: 'UNSUPPORTED' });
      expect((err as Error).message).toBe(cudaUnavailableReason());
      // The same child still serves the CPU.
      client.provider = 'cpu';
      const info = await client.load(onnxPath, 1);
      expect(info.provider).toBe('cpu');
    },
  );
});

describe('optimised model cache', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'prelabel-model-cache-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cached = (cacheRoot: string) => {
    const c = new InferenceClient();
    c.modelCache = { dir: cacheRoot, sha256: sha256Stream };
    return c;
  };
  const seqs = () => fixtures.pairs.map((p) => p.inputIds);
  async function expectSameLogits(c: InferenceClient): Promise<void> {
    const out = await c.run(batchOf(seqs()));
    const local = await runLogits(session, seqs(), 1);
    local.forEach((row, i) => expect(maxAbsDiff(Array.from(out.logits.subarray(i * 3, i * 3 + 3)), row)).toBeLessThan(1e-5));
  }

  it('writes the optimised graph with its weights beside it on the first load, and loads it from there next time, with the same logits', async () => {
    const root = join(dir, 'a');
    client = cached(root);
    expect((await client.load(onnxPath, 1)).cache).toBe('written');
    await expectSameLogits(client);
    const folder = join(root, await sha256Stream(onnxPath));
    const [version] = readdirSync(folder);
    expect(version).toMatch(/^ort-\d+\.\d+/);
    expect(readdirSync(join(folder, version!)).sort()).toEqual(['complete.json', 'model.data', 'model.onnx']);
    await client.close();
    client = cached(root);
    const info = await client.load(onnxPath, 1);
    expect(info.cache).toBe('hit');
    await expectSameLogits(client);
  });

  it('rebuilds a damaged cache and one whose loading process died, and never fails a load because of the cache', async () => {
    const root = join(dir, 'b');
    client = cached(root);
    await client.load(onnxPath, 1);
    await client.close();
    const folder = join(root, await sha256Stream(onnxPath));
    const version = join(folder, readdirSync(folder)[0]!);
    truncateSync(join(version, 'model.data'), 100);
    client = cached(root);
    expect((await client.load(onnxPath, 1)).cache).toBe('written');
    await expectSameLogits(client);
    await client.close();
    writeFileSync(join(version, 'loading-999999999'), ''); // a load that never finished
    client = cached(root);
    expect((await client.load(onnxPath, 1)).cache).toBe('written');
    expect(readdirSync(version).some((f) => f.startsWith('loading-'))).toBe(false);
    await client.close();
    // A cache folder that cannot be written: the model loads from its file.
    const blocked = join(dir, 'blocked');
    writeFileSync(blocked, 'a file where the cache folder would go');
    client = cached(blocked);
    expect((await client.load(onnxPath, 1)).cache).toBe('failed');
    await expectSameLogits(client);
  });

  it('drops the cache of a model file that changed, and caches the new one', async () => {
    const root = join(dir, 'c');
    const modelDir = join(dir, 'changing', 'onnx');
    mkdirSync(modelDir, { recursive: true });
    const path = join(modelDir, 'model.onnx');
    copyFileSync(onnxPath, path);
    client = cached(root);
    await client.load(path, 1);
    const before = await sha256Stream(path);
    const other = makeModel({ size: 'tiny', outDir: join(dir, 'other'), seed: 7 });
    copyFileSync(other.onnxPath, path);
    expect((await client.load(path, 1)).cache).toBe('written');
    expect(existsSync(join(root, before))).toBe(false);
    expect(existsSync(join(root, await sha256Stream(path)))).toBe(true);
  });

  it("is not used without a cache folder (the client's default)", async () => {
    client = new InferenceClient();
    expect((await client.load(onnxPath, 1)).cache).toBe('off');
  });
});
