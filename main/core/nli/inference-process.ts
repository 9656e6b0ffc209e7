// The inference process: a child of the core holding ONE onnxruntime session. session.run blocks
// the thread that calls it and a native fault kills the whole process (MODEL.md), so it runs here,
// never in the core's thread; the core restarts this process when it dies (inference-client.ts).
// Built as out/main/inference-process.js; tests run this file through tsx.
import * as ort from 'onnxruntime-node';
import { cudaUnavailableReason } from './cpu-cores';
import type { ExecutionProvider, FromInference, TensorInfo, ToInference } from './inference-protocol';

let session: ort.InferenceSession | null = null;
let queue: Promise<void> = Promise.resolve();
const hooks: { crashOnIds: number[] | null; runDelayMs: number } = { crashOnIds: null, runDelayMs: 0 };
// [Note: inference test hooks] inert outside vitest.
const testHooksAllowed = Boolean(process.env.VITEST);
/** Time inside session.run and between runs, since the last load (see InferenceStats). */
const timing = { runs: 0, runMs: 0, idleMs: 0, lastEnd: 0 };

function send(message: FromInference): void {
  process.send?.(message);
}

function describe(meta: readonly ort.InferenceSession.ValueMetadata[]): TensorInfo[] {
  return meta.map((m) => (m.isTensor ? { name: m.name, type: m.type, shape: [...m.shape] } : { name: m.name, type: null, shape: [] }));
}

function containsSequence(ids: BigInt64Array, needle: number[]): boolean {
  if (needle.length === 0) return false;
  outer: for (let i = 0; i + needle.length <= ids.length; i++) {
    for (let j = 0; j < needle.length; j++) if (ids[i + j] !== BigInt(needle[j]!)) continue outer;
    return true;
  }
  return false;
}

class ProviderError extends Error {}

/**
 * [Note: CUDA provider] 'cuda' asks onnxruntime for ['cuda', 'cpu']: nodes the CUDA provider cannot
 * run fall back to the CPU. Its libraries are not part of the npm package (see
 * cpu-cores.ts), so their absence is checked first and reported as what it is; a CUDA
 * provider that is installed but cannot start (no driver, no cuDNN) is reported the same way,
 * never as a damaged model file.
 */
async function createSession(onnxPath: string, threads: number, provider: ExecutionProvider): Promise<ort.InferenceSession> {
  const options: ort.InferenceSession.SessionOptions = {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  };
  if (provider === 'cpu') return ort.InferenceSession.create(onnxPath, options);
  const missing = cudaUnavailableReason();
  if (missing) throw new ProviderError(missing);
  try {
    return await ort.InferenceSession.create(onnxPath, { ...options, executionProviders: ['cuda', 'cpu'] });
  } catch (err) {
    const reason = (err as Error).message;
    // A model that is damaged fails on the CPU as well: only then is it the file's fault.
    const cpu = await ort.InferenceSession.create(onnxPath, options).catch(() => null);
    if (!cpu) throw err;
    await cpu.release();
    throw new ProviderError(
      `The CUDA provider is installed but could not start (${reason}). It needs an NVIDIA GPU with its driver and the CUDA 12 and cuDNN 9 libraries on the library path (LD_LIBRARY_PATH). Use --provider cpu meanwhile.`,
    );
  }
}

async function handle(message: ToInference): Promise<void> {
  if (message.type === 'test-hooks') {
    if (!testHooksAllowed) return;
    hooks.crashOnIds = message.crashOnIds?.length ? message.crashOnIds : null;
    hooks.runDelayMs = message.runDelayMs ?? 0;
    return;
  }
  if (message.type === 'stats') {
    // Idle time counts between batches that follow each other, not across a stats request (a
    // caller asks before and after a run).
    timing.lastEnd = 0;
    const usage = process.resourceUsage();
    send({ type: 'stats', id: message.id, maxRssBytes: usage.maxRSS * 1024, rssBytes: process.memoryUsage.rss(), runs: timing.runs, runMs: timing.runMs, idleMs: timing.idleMs });
    return;
  }
  if (message.type === 'load') {
    const provider = message.provider ?? 'cpu';
    try {
      if (session) await session.release();
      session = null;
      const started = performance.now();
      session = await createSession(message.onnxPath, message.threads, provider);
      Object.assign(timing, { runs: 0, runMs: 0, idleMs: 0, lastEnd: 0 });
      send({
        type: 'loaded',
        id: message.id,
        inputs: describe(session.inputMetadata),
        outputs: describe(session.outputMetadata),
        threads: message.threads,
        provider,
        loadMs: performance.now() - started,
      });
    } catch (err) {
      send({ type: 'error', id: message.id, message: (err as Error).message, ...(err instanceof ProviderError ? { kind: 'provider' as const } : {}) });
    }
    return;
  }
  try {
    if (!session) throw new Error('no model is loaded in the inference process');
    const dims = [message.batch, message.sequence];
    if (hooks.runDelayMs > 0) await new Promise((r) => setTimeout(r, hooks.runDelayMs));
    if (hooks.crashOnIds && containsSequence(message.inputIds, hooks.crashOnIds)) process.kill(process.pid, 'SIGKILL');
    // Feed exactly the inputs the graph declares: some NLI exports also take token_type_ids (all 0).
    const feeds: Record<string, ort.Tensor> = {};
    for (const name of session.inputNames) {
      if (name === 'input_ids') feeds[name] = new ort.Tensor('int64', message.inputIds, dims);
      else if (name === 'attention_mask') feeds[name] = new ort.Tensor('int64', message.attentionMask, dims);
      else if (name === 'token_type_ids') feeds[name] = new ort.Tensor('int64', new BigInt64Array(message.inputIds.length), dims);
      else throw new Error(`the model takes an input "${name}" that Prelabel does not know how to fill`);
    }
    const started = performance.now();
    if (timing.lastEnd > 0) timing.idleMs += started - timing.lastEnd;
    const out = await session.run(feeds, [message.output]);
    const ended = performance.now();
    timing.runs++;
    timing.runMs += ended - started;
    timing.lastEnd = ended;
    const tensor = out[message.output];
    if (!tensor || tensor.type !== 'float32') throw new Error(`the model's output "${message.output}" is not a float32 tensor`);
    // A copy, so the message carries only this tensor's bytes.
    send({ type: 'result', id: message.id, logits: (tensor.data as Float32Array).slice(), dims: [...tensor.dims], runMs: ended - started });
  } catch (err) {
    send({ type: 'error', id: message.id, message: (err as Error).message });
  }
}

process.on('message', (message: ToInference) => {
  // One request at a time: a second session.run would only compete for the same cores.
  queue = queue.then(() => handle(message));
});
// The core is gone (closed or crashed): nothing left to serve.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready', pid: process.pid });
