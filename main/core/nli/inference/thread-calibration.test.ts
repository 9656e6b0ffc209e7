// Thread choice by measurement on the tiny model through the real inference process: the first
// use measures 1..N threads and stores the choice in settings.json beside the other settings, a
// later use reuses it without measuring, and an explicit --threads wins and is not stored. A
// measurement on a busy machine is used but stored flagged, and measured again once it is quiet;
// a forgotten choice is measured again.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sha256File } from '../../../../scripts/model/gen/make-model';
import { settingsFile } from '../../models/model-settings';
import { loadFixtures, makeTinyModel, type TinyModel } from '../test-support/tiny-model';
import { InferenceClient } from './inference-client';
import { machineUsedBy } from '../test-support/machine-used-by';
import { machineLoad, procStatProbe } from './machine-load';
import { calibrateThreads, chooseThreads, forgetThreadChoice, machineKey, readThreadChoice, writeThreadChoice } from './thread-calibration';

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
// Most tests decide the load themselves: the machine running them may be busy or not.
beforeEach(() => {
  machineLoad.probe = machineUsedBy(0);
});
afterEach(() => {
  machineLoad.probe = procStatProbe;
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

describe("thread calibration and the machine's load", () => {
  const stored = (modelSha: string) => JSON.parse(readFileSync(settingsFile(dataDir), 'utf8')).threadChoices[machineKey()][modelSha];

  it('stores with the choice when it was measured, the timings and the load, and says each step', async () => {
    const steps: Array<[number, number]> = [];
    const got = await chooseThreads({
      client,
      dataDir,
      onnxPath,
      modelSha256: 'quiet-sha',
      maxThreads: 2,
      budgetMs: 100,
      onStep: (step, of) => steps.push([step, of]),
    });
    expect(steps).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(got.source).toBe('calibrated');
    const kept = stored('quiet-sha');
    expect(kept).toEqual(got.choice);
    expect(kept.load).toEqual({ otherCores: 0, logicalCpus: cpus().length, busy: false, method: 'proc-stat' });
    expect(kept.measured.map((m: { threads: number }) => m.threads)).toEqual([1, 2]);
    expect(Date.parse(kept.at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('a choice measured on a busy machine is used, stored flagged, reused while still busy, and measured again when quiet', async () => {
    machineLoad.probe = machineUsedBy(0.5);
    const busy = await chooseThreads({ client, dataDir, onnxPath, modelSha256: 'busy-sha', maxThreads: 2, budgetMs: 100 });
    expect(busy.source).toBe('calibrated');
    expect(busy.choice!.load).toMatchObject({ busy: true, otherCores: 0.5 * cpus().length });
    expect(stored('busy-sha').load.busy).toBe(true);

    // Still busy: the flagged choice is used, nothing is measured.
    const load = vi.spyOn(client, 'load');
    expect(await chooseThreads({ client, dataDir, onnxPath, modelSha256: 'busy-sha', maxThreads: 2, budgetMs: 100 })).toMatchObject({
      source: 'stored',
      threads: busy.threads,
    });
    expect(load).not.toHaveBeenCalled();

    // Quiet now: measured again, and this one is kept unflagged.
    machineLoad.probe = machineUsedBy(0.01);
    const quiet = await chooseThreads({ client, dataDir, onnxPath, modelSha256: 'busy-sha', maxThreads: 2, budgetMs: 100 });
    expect(quiet.source).toBe('calibrated');
    expect(load.mock.calls.map((c) => c[1])).toEqual([1, 2]);
    load.mockRestore();
    expect(stored('busy-sha').load).toMatchObject({ busy: false });
    expect(stored('busy-sha').at).toBe(quiet.choice!.at);

    // A busy re-measurement never replaces the quiet one.
    machineLoad.probe = machineUsedBy(0.5);
    const again = await chooseThreads({
      client,
      dataDir,
      onnxPath,
      modelSha256: 'busy-sha',
      maxThreads: 2,
      budgetMs: 100,
      remeasure: true,
    });
    expect(again).toMatchObject({ source: 'calibrated', kept: false });
    expect(stored('busy-sha').at).toBe(quiet.choice!.at);
  });

  it('a forgotten choice is measured again on the next use; other settings stay', async () => {
    await chooseThreads({ client, dataDir, onnxPath, modelSha256: 'forget-sha', maxThreads: 1, budgetMs: 50 });
    expect(readThreadChoice(dataDir, 'forget-sha')).not.toBeNull();
    expect(forgetThreadChoice(dataDir, 'forget-sha')).toBe(true);
    expect(readThreadChoice(dataDir, 'forget-sha')).toBeNull();
    expect(forgetThreadChoice(dataDir, 'forget-sha')).toBe(false);
    expect(JSON.parse(readFileSync(settingsFile(dataDir), 'utf8')).theme).toBe('dark');
    expect(readThreadChoice(dataDir, sha)).not.toBeNull();
    const load = vi.spyOn(client, 'load');
    const next = await chooseThreads({ client, dataDir, onnxPath, modelSha256: 'forget-sha', maxThreads: 1, budgetMs: 50 });
    expect(next.source).toBe('calibrated');
    expect(load).toHaveBeenCalledTimes(1);
    load.mockRestore();
  });

  it.runIf(process.platform === 'linux')(
    'sees a process that spins on the CPU while measuring (Linux /proc counters)',
    async () => {
      machineLoad.probe = procStatProbe;
      // About a third of the machine's CPUs spin; each spinner's own CPU time is read back from /proc.
      const spinners: ChildProcess[] = [];
      for (let i = 0; i < Math.max(1, Math.ceil(cpus().length / 3)); i++)
        spinners.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
      const ticks = () =>
        spinners.reduce((a, c) => {
          const stat = readFileSync(`/proc/${c.pid}/stat`, 'utf8');
          const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          return a + Number(f[11]) + Number(f[12]);
        }, 0);
      try {
        await new Promise((r) => setTimeout(r, 200));
        const before = ticks();
        const choice = await calibrateThreads(client, onnxPath, { maxThreads: 1, budgetMs: 1000 });
        const spun = ticks() - before;
        expect(spun).toBeGreaterThan(0);
        expect(choice.load).toMatchObject({ method: 'proc-stat', busy: true, logicalCpus: cpus().length });
        // The spinners alone used at least a fifth of a CPU meanwhile (a loaded test machine shares its cores).
        expect(choice.load!.otherCores).toBeGreaterThanOrEqual(0.2);
      } finally {
        for (const c of spinners) c.kill('SIGKILL');
      }
    },
    30_000,
  );
});
