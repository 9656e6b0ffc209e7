// The inference process: a child of the core holding ONE onnxruntime session. session.run blocks
// the thread that calls it and a native fault kills the whole process (MODEL.md), so it runs here,
// never in the core's thread; the core restarts this process when it dies (inference-client.ts).
// Built as out/main/inference-process.js; tests run this file through tsx.
import * as ort from 'onnxruntime-node';
import type { FromInference, TensorInfo, ToInference } from './inference-protocol';

let session: ort.InferenceSession | null = null;
let queue: Promise<void> = Promise.resolve();
const hooks: { crashOnIds: number[] | null; runDelayMs: number } = { crashOnIds: null, runDelayMs: 0 };
// [Note: inference test hooks] inert outside vitest.
const testHooksAllowed = Boolean(process.env.VITEST);

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

async function handle(message: ToInference): Promise<void> {
  if (message.type === 'test-hooks') {
    if (!testHooksAllowed) return;
    hooks.crashOnIds = message.crashOnIds?.length ? message.crashOnIds : null;
    hooks.runDelayMs = message.runDelayMs ?? 0;
    return;
  }
  if (message.type === 'load') {
    try {
      if (session) await session.release();
      session = null;
      session = await ort.InferenceSession.create(message.onnxPath, {
        intraOpNumThreads: message.threads,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
      });
      send({ type: 'loaded', id: message.id, inputs: describe(session.inputMetadata), outputs: describe(session.outputMetadata), threads: message.threads });
    } catch (err) {
      send({ type: 'error', id: message.id, message: (err as Error).message });
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
    const out = await session.run(feeds, [message.output]);
    const tensor = out[message.output];
    if (!tensor || tensor.type !== 'float32') throw new Error(`the model's output "${message.output}" is not a float32 tensor`);
    // A copy, so the message carries only this tensor's bytes.
    send({ type: 'result', id: message.id, logits: (tensor.data as Float32Array).slice(), dims: [...tensor.dims] });
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
