// Thread choice by measurement on the tiny model through the real inference process: the first
// use measures 1..N threads and stores the choice in settings.json beside the other settings, a
// later use reuses it without measuring, and an explicit --threads wins and is not stored.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sha256File } from '../../../../scripts/model/gen/make-model';
import { settingsFile } from '../../models/model-settings';
import { loadFixtures, makeTinyModel, type TinyModel } from '../test-support/tiny-model';
import { InferenceClient } from './inference-client';
import { chooseThreads, machineKey, readThreadChoice, writeThreadChoice } from './thread-calibration';

let tiny: TinyModel;
let dataDir: string;
let onnxPath: string;
let sha: string;
let client: InferenceClient;

beforeAll(() => {
  tiny = makeTinyModel(loadFixtures());
  onnxPath = join(tiny.dir, 'onnx', 'model.onnx');
  sha = sha256File(onnxPath);
  dataDir = mkdtempSync(join(tmpdir(), 'prelabel-threads-'));
  client = new InferenceClient();
});
afterAll(async () => {
  await client?.close();
  tiny?.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('thread calibration', () => {
  it('measures each count once on first use, stores the choice beside the other settings, and reuses it', async () => {
    writeFileSync(settingsFile(dataDir), JSON.stringify({ nliModel: { path: '/models/x' }, theme: 'dark' }));
    const load = vi.spyOn(client, 'load');
    const first = await chooseThreads({ client, dataDir, onnxPath, modelSha256: sha, maxThreads: 2, budgetMs: 200 });
    expect(first.source).toBe('calibrated');
    expect(first.choice!.measured.map((m) => m.threads)).toEqual([1, 2]);
    expect(first.choice!.measured.every((m) => m.pairsPerSecond > 0)).toBe(true);
    // The choice is the fewest threads within 5% of the fastest.
    const best = Math.max(...first.choice!.measured.map((m) => m.pairsPerSecond));
    const expected = first.choice!.measured.find((m) => m.pairsPerSecond >= 0.95 * best)!.threads;
    expect(first.threads).toBe(expected);
    expect(load.mock.calls.map((c) => c[1])).toEqual([1, 2]);

    const settings = JSON.parse(readFileSync(settingsFile(dataDir), 'utf8'));
    expect(settings.theme).toBe('dark');
    expect(settings.nliModel).toEqual({ path: '/models/x' });
    expect(settings.threadChoices[machineKey()][sha].threads).toBe(first.threads);

    load.mockClear();
    const again = await chooseThreads({ client, dataDir, onnxPath, modelSha256: sha, maxThreads: 2, budgetMs: 200 });
    expect(again).toMatchObject({ source: 'stored', threads: first.threads });
    expect(load).not.toHaveBeenCalled();
    load.mockRestore();
  });

  it('reuses a stored choice as stored, not a fresh measurement (per machine and model)', async () => {
    const planted = { threads: 7, measured: [{ threads: 7, pairsPerSecond: 1 }], at: '2026-01-01T00:00:00.000Z' };
    writeThreadChoice(dataDir, 'other-model-sha', planted);
    writeThreadChoice(dataDir, sha, { ...planted, threads: 5 }, 'another machine');
    const got = await chooseThreads({ client, dataDir, onnxPath: '/no/such/model.onnx', modelSha256: 'other-model-sha' });
    expect(got).toEqual({ threads: 7, source: 'stored', choice: planted });
    expect(readThreadChoice(dataDir, sha, 'another machine')!.threads).toBe(5);
    expect(readThreadChoice(dataDir, sha)!.threads).not.toBe(5);
  });

  it('an explicit --threads wins over the stored choice and is not stored', async () => {
    const before = readFileSync(settingsFile(dataDir), 'utf8');
    expect(await chooseThreads({ client, dataDir, onnxPath, modelSha256: 'other-model-sha', override: 3 })).toEqual({
      threads: 3,
      source: 'override',
    });
    expect(readFileSync(settingsFile(dataDir), 'utf8')).toBe(before);
    await expect(chooseThreads({ client, dataDir, onnxPath, modelSha256: sha, override: 0 })).rejects.toThrow(
      '--threads must be a whole number of at least 1 (got 0).',
    );
  });
});
