// The inference process as the packaged app starts it (see [Note: inference process in Electron]):
// the core's electron-port transport asks the main process's InferenceBroker, which starts the
// process and connects the two with a port. Electron cannot run here, so utilityProcess,
// MessageChannelMain and parentPort are worker_threads stand-ins (test-support/port-stand-ins.ts)
// around the real transport, the real broker and the real inference-main.ts scoring the tiny model.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InferenceCrashedError, InferenceWorker } from './inference-worker';
import { electronPortTransport } from './inference-transport';
import { standInElectron } from './test-support/port-stand-ins';
import { LOGIT_TOLERANCE, loadFixtures, makeTinyModel, maxAbsDiff, type TinyModel } from '../test-support/tiny-model';
import { padBatch } from '../scoring/tokenizer';

const fixtures = loadFixtures();
const entry = join(__dirname, 'inference-main.ts');
let model: TinyModel;
let onnxPath: string;
let worker: InferenceWorker | null = null;

beforeAll(() => {
  model = makeTinyModel(fixtures);
  onnxPath = `${model.dir}/onnx/model.onnx`;
});
afterAll(() => model?.cleanup());
afterEach(async () => {
  await worker?.close();
  worker = null;
});

const batchOf = (seqs: number[][]) => ({ output: 'logits', ...padBatch(seqs, 1) });
const until = async (done: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('inference through the electron-port transport', () => {
  it('asks the main process for the process, gets a port, and scores the tiny model as the fixtures say', async () => {
    const electron = standInElectron(entry);
    worker = new InferenceWorker(electronPortTransport(electron.parentPort));
    const info = await worker.load(onnxPath, 1, 'cpu', undefined);
    expect(info.outputs).toEqual([{ name: 'logits', type: 'float32', shape: ['batch', 3] }]);
    expect(electron.parentPort.sent).toEqual([{ type: 'inference.spawn', id: 1 }]);
    expect(electron.processes).toHaveLength(1);
    const seqs = fixtures.pairs.map((p) => p.inputIds);
    const out = await worker.run(batchOf(seqs));
    expect(out.dims).toEqual([seqs.length, 3]);
    fixtures.pairs.forEach((p, i) => {
      expect(maxAbsDiff(Array.from(out.logits.subarray(i * 3, i * 3 + 3)), p.logits)).toBeLessThan(LOGIT_TOLERANCE);
    });
    const stats = await worker.stats();
    // The pid the broker reported: the process the main process started.
    expect(stats).toMatchObject({ runs: 1, pid: electron.processes[0]!.pid });
    expect(worker.pid).toBe(electron.processes[0]!.pid);
    expect(worker.crashes).toBe(0);
  });

  it('rejects the requests of a killed process as crashed, then asks for a new one and reloads the model', async () => {
    const electron = standInElectron(entry);
    worker = new InferenceWorker(electronPortTransport(electron.parentPort));
    await worker.load(onnxPath, 1, 'cpu', undefined);
    worker.setTestHooks({ runDelayMs: 2000 });
    const pending = worker.run(batchOf([fixtures.pairs[0]!.inputIds]));
    await new Promise((r) => setTimeout(r, 100));
    expect(worker.pendingRequests).toBe(1);
    electron.processes[0]!.kill(); // as the OS would: the broker sees the exit and tells the core
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceCrashedError);
    expect(err).toMatchObject({ code: 'INFERENCE_CRASHED', exitCode: 1 });
    expect(worker.crashes).toBe(1);
    expect(worker.pendingRequests).toBe(0);
    worker.setTestHooks({});
    const out = await worker.run(batchOf([fixtures.pairs[0]!.inputIds]));
    expect(electron.parentPort.sent).toEqual([
      { type: 'inference.spawn', id: 1 },
      { type: 'inference.spawn', id: 2 },
    ]);
    expect(maxAbsDiff(Array.from(out.logits), fixtures.pairs[0]!.logits)).toBeLessThan(LOGIT_TOLERANCE);
  });

  it('holds the port only while a request waits, like the forked child\u2019s channel', async () => {
    const electron = standInElectron(entry);
    const ports: { holds: boolean[] }[] = [];
    const deliver = electron.parentPort.deliver.bind(electron.parentPort);
    electron.parentPort.deliver = (message, p = []) => {
      ports.push(...(p as unknown as { holds: boolean[] }[]));
      deliver(message, p);
    };
    worker = new InferenceWorker(electronPortTransport(electron.parentPort));
    await worker.load(onnxPath, 1, 'cpu', undefined);
    const holds = ports[0]!.holds;
    // ref for the load request, unref once answered
    expect(holds.slice(-2)).toEqual([true, false]);
    await worker.run(batchOf([fixtures.pairs[0]!.inputIds]));
    expect(holds.slice(-2)).toEqual([true, false]);
  });

  it('close() ends the process through its port, and the pending requests fail as closed, not crashed', async () => {
    const electron = standInElectron(entry);
    worker = new InferenceWorker(electronPortTransport(electron.parentPort));
    await worker.load(onnxPath, 1, 'cpu', undefined);
    worker.setTestHooks({ runDelayMs: 1000 });
    const pending = worker.run(batchOf([fixtures.pairs[0]!.inputIds])).catch((e: Error) => e);
    const started = Date.now();
    await worker.close();
    // The port's close ends it at once (exit code 0), well before the 2 s kill.
    expect(Date.now() - started).toBeLessThan(1500);
    expect(electron.broker.running).toBe(0);
    expect(electron.parentPort.sent).not.toContainEqual(expect.objectContaining({ type: 'inference.kill' }));
    expect(((await pending) as Error).message).toBe('The inference process was closed.');
    expect(worker.crashes).toBe(0);
    worker = null;
  });

  it('a core that exits takes its inference processes with it', async () => {
    const electron = standInElectron(entry);
    const transport = electronPortTransport(electron.parentPort);
    const a = new InferenceWorker(transport);
    const b = new InferenceWorker(transport);
    await Promise.all([a.load(onnxPath, 1, 'cpu', undefined), b.load(onnxPath, 1, 'cpu', undefined)]);
    // One transport per core: its ids are the broker's.
    expect(electron.parentPort.sent).toEqual([
      { type: 'inference.spawn', id: 1 },
      { type: 'inference.spawn', id: 2 },
    ]);
    expect(electron.broker.running).toBe(2);
    const exits: number[] = [];
    for (const p of electron.processes) p.on('exit', (code: number) => exits.push(code));
    electron.broker.coreExited();
    await until(() => exits.length === 2);
    expect(electron.broker.running).toBe(0);
    // A core that has exited asks for nothing more: a late request starts nothing.
    electron.broker.handle({ type: 'inference.spawn', id: 3 });
    expect(electron.processes).toHaveLength(2);
  });

  it('reports an inference process that cannot start as an error of the load', async () => {
    const electron = standInElectron(join(__dirname, 'no-such-inference-entry.ts'));
    worker = new InferenceWorker(electronPortTransport(electron.parentPort));
    await expect(worker.load(onnxPath, 1, 'cpu', undefined)).rejects.toBeInstanceOf(InferenceCrashedError);
  });
});
