// The inference process: a child of the core holding ONE onnxruntime session. session.run blocks
// the thread that calls it and a native fault kills the whole process (MODEL.md), so it runs here,
// never in the core's thread; the core restarts this process when it dies (inference-client.ts).
// Built as out/main/inference-process.js (electron.vite.config.ts); tests run this file through tsx.
// Two ways in (inference-transport.ts): forked by the core (child_process IPC), or, in the app, an
// Electron utilityProcess that the main process started for the core and whose port to the core
// arrives on process.parentPort (see [Note: inference process in Electron]).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { processAlive } from '../../process-alive';
import { cudaUnavailableReason } from './cpu-cores';
import type { ExecutionProvider, FromInference, ModelCacheUse, TensorInfo, ToInference } from './inference-protocol';

let session: ort.InferenceSession | null = null;
let queue: Promise<void> = Promise.resolve();
const hooks: { crashOnIds: number[] | null; runDelayMs: number } = { crashOnIds: null, runDelayMs: 0 };
// [Note: inference test hooks] inert outside vitest.
const testHooksAllowed = Boolean(process.env.VITEST);
/** Time inside session.run and between runs, since the last load (see InferenceStats). */
const timing = { runs: 0, runMs: 0, idleMs: 0, lastEnd: 0 };

/** Electron's MessagePortMain and process.parentPort, structurally (see [Note: inference process in
 * Electron]); tests give worker_threads ports in this shape. */
interface PortMain {
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  postMessage(message: unknown): void;
  start(): void;
}
const parentPort = (
  process as unknown as { parentPort?: { on(event: 'message', listener: (e: { ports?: readonly PortMain[] }) => void): unknown } }
).parentPort;
/** Where the core is, when this process is an Electron utilityProcess: the port the main process handed over. */
let corePort: PortMain | null = null;

/** A parent that died while an answer was on its way (EPIPE) is the end of this process, quietly:
 * without the callback the failed send would be an 'error' event and a stack trace on the terminal. */
function send(message: FromInference): void {
  if (corePort) {
    corePort.postMessage(message);
    return;
  }
  process.send?.(message, (err: Error | null) => {
    if (err) process.exit(0);
  });
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
const CACHE_MODEL = 'model.onnx';
const CACHE_WEIGHTS = 'model.data';
const CACHE_DONE = 'complete.json';

/**
 * [Note: optimised model cache] Creating a session from the 428 MB model file takes about 4 s on
 * the development machine, and the graph optimisations are the smallest part of it: reading the
 * protobuf and copying its initializers is the rest (a cached copy of the optimised graph in one
 * file loaded no faster). So the cache holds the graph optimised once (level `extended`, which
 * is portable: no hardware-specific layouts) with every initializer in a separate weights file,
 * which onnxruntime memory-maps: a later load takes well under a second and does not copy the
 * 384 MB embedding table into the process (docs/BENCHMARKS.md). The folder is named by the model
 * file's SHA-256 (given by the core) and the onnxruntime version; it is written beside its final
 * name and renamed, so a reader never sees half a cache, and a cache that fails to load is
 * deleted and written again. Caching never makes a load fail: any error falls back to the file.
 */
async function createCpuSession(
  onnxPath: string,
  options: ort.InferenceSession.SessionOptions,
  modelCacheDir: string | undefined,
): Promise<{ session: ort.InferenceSession; cache: ModelCacheUse }> {
  if (!modelCacheDir) return { session: await ort.InferenceSession.create(onnxPath, options), cache: 'off' };
  const dir = join(modelCacheDir, `ort-${ort.env.versions.common ?? 'unknown'}`);
  const remove = (path: string) => quietly(() => rmSync(path, { recursive: true, force: true }));
  // A process that died while loading this cache (a native fault) left its marker: never again.
  if (quietly(() => readdirSync(dir).some((f) => f.startsWith('loading-') && !processAlive(Number(f.slice(8)))))) remove(dir);
  if (quietly(() => existsSync(join(dir, CACHE_DONE)))) {
    const marker = join(dir, `loading-${process.pid}`);
    try {
      writeFileSync(marker, '');
      const session = await ort.InferenceSession.create(join(dir, CACHE_MODEL), options);
      remove(marker);
      return { session, cache: 'hit' };
    } catch {
      remove(dir);
    }
  }
  const partial = `${dir}.partial-${process.pid}`;
  try {
    remove(partial);
    mkdirSync(partial, { recursive: true });
    const writer = await ort.InferenceSession.create(onnxPath, {
      ...options,
      graphOptimizationLevel: 'extended',
      optimizedModelFilePath: join(partial, CACHE_MODEL),
      extra: {
        session: {
          optimized_model_external_initializers_file_name: CACHE_WEIGHTS,
          optimized_model_external_initializers_min_size_in_bytes: '1024',
        },
      },
    });
    await writer.release();
    writeFileSync(
      join(partial, CACHE_DONE),
      JSON.stringify({ source: onnxPath, onnxruntime: ort.env.versions.common, written: new Date().toISOString() }),
    );
    try {
      renameSync(partial, dir);
    } catch (err) {
      // Another process wrote the same cache meanwhile: use theirs.
      if (!existsSync(join(dir, CACHE_DONE))) throw err;
      remove(partial);
    }
    removeOtherCaches(modelCacheDir, onnxPath);
    return { session: await ort.InferenceSession.create(join(dir, CACHE_MODEL), options), cache: 'written' };
  } catch {
    remove(partial);
    return { session: await ort.InferenceSession.create(onnxPath, options), cache: 'failed' };
  }
}

/** The cache is an optimisation: a file-system error around it is never the load's error. */
function quietly<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/** Caches of earlier versions of the same model file (it changed, so its hash did): they go. */
function removeOtherCaches(modelCacheDir: string, onnxPath: string): void {
  const root = dirname(modelCacheDir);
  try {
    for (const name of readdirSync(root)) {
      const other = join(root, name);
      if (other === modelCacheDir) continue;
      for (const version of readdirSync(other)) {
        const done = join(other, version, CACHE_DONE);
        if (existsSync(done) && (JSON.parse(readFileSync(done, 'utf8')) as { source?: string }).source === onnxPath) {
          rmSync(other, { recursive: true, force: true });
          break;
        }
      }
    }
  } catch {
    // Best effort: a cache in use elsewhere (Windows) stays until next time.
  }
}

/**
 * [Note: CUDA provider] 'cuda' asks onnxruntime for ['cuda', 'cpu']: nodes the CUDA provider cannot
 * run fall back to the CPU. Its libraries are not part of the npm package (see
 * cpu-cores.ts), so their absence is checked first and reported as what it is; a CUDA
 * provider that is installed but cannot start (no driver, no cuDNN) is reported the same way,
 * never as a damaged model file. The optimised-model cache is for the CPU only.
 */
async function createSession(
  onnxPath: string,
  threads: number,
  provider: ExecutionProvider,
  cacheDir: string | undefined,
): Promise<{ session: ort.InferenceSession; cache: ModelCacheUse }> {
  const options: ort.InferenceSession.SessionOptions = {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  };
  if (provider === 'cpu') return createCpuSession(onnxPath, options, cacheDir);
  const missing = cudaUnavailableReason();
  if (missing) throw new ProviderError(missing);
  try {
    return { session: await ort.InferenceSession.create(onnxPath, { ...options, executionProviders: ['cuda', 'cpu'] }), cache: 'off' };
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

/**
 * [Note: inference child ends with its parent] 'disconnect' needs this thread, and session.run
 * holds it for a whole batch (seconds with a real model): a parent killed with SIGKILL left this
 * process computing for up to 2 s. The parent gives the child a stdin pipe it never writes to;
 * a watcher thread reads it, and its end (the parent's copy closed by its death, however
 * it died) ends this process at once, whatever the main thread is doing. Nothing here needs
 * cleaning up: a half-written model cache is recognised by its dead pid (createCpuSession).
 * In the app (a utilityProcess) there is no such pipe: the main process's broker kills this
 * process as soon as the core exits, and the close of the port to the core ends it as well.
 */
function watchParent(): void {
  if (process.env.PRELABEL_INFERENCE_PARENT_PIPE !== '1') return;
  const watcher = new Worker(
    // A socket on the worker's own event loop (a blocking read would keep process.exit waiting for
    // this thread). Its end or error is the parent's death.
    // Where the pipe cannot be opened the watcher stops and 'disconnect' is left to do its work.
    `const { Socket } = require('node:net');
    let parent = null;
    try { parent = new Socket({ fd: 0, readable: true, writable: false }); } catch {}
    if (parent) {
      const end = () => process.kill(process.pid, 'SIGKILL');
      parent.on('data', () => {});
      parent.on('end', end);
      parent.on('error', end);
    }`,
    { eval: true, stdin: false, stdout: false, stderr: false },
  );
  watcher.on('error', () => {});
  // The watcher never keeps this process alive on its own.
  watcher.unref();
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
    send({
      type: 'stats',
      id: message.id,
      maxRssBytes: usage.maxRSS * 1024,
      rssBytes: process.memoryUsage.rss(),
      runs: timing.runs,
      runMs: timing.runMs,
      idleMs: timing.idleMs,
    });
    return;
  }
  if (message.type === 'load') {
    const provider = message.provider ?? 'cpu';
    try {
      if (session) await session.release();
      session = null;
      const started = performance.now();
      const created = await createSession(message.onnxPath, message.threads, provider, message.cacheDir);
      session = created.session;
      Object.assign(timing, { runs: 0, runMs: 0, idleMs: 0, lastEnd: 0 });
      send({
        type: 'loaded',
        id: message.id,
        inputs: describe(session.inputMetadata),
        outputs: describe(session.outputMetadata),
        threads: message.threads,
        provider,
        loadMs: performance.now() - started,
        cache: created.cache,
      });
    } catch (err) {
      send({
        type: 'error',
        id: message.id,
        message: (err as Error).message,
        ...(err instanceof ProviderError ? { kind: 'provider' as const } : {}),
      });
    }
    return;
  }
  try {
    if (!session) throw new Error('no model is loaded in the inference process');
    const dims = [message.batch, message.sequence];
    if (hooks.runDelayMs > 0) await new Promise((r) => setTimeout(r, hooks.runDelayMs));
    if (hooks.crashOnIds && containsSequence(message.inputIds, hooks.crashOnIds)) process.kill(process.pid, 'SIGKILL');
    // Feed exactly the inputs the graph declares: some NLI exports also take token_type_ids (the
    // pair template's type ids when the batch carries them, else all 0).
    const feeds: Record<string, ort.Tensor> = {};
    for (const name of session.inputNames) {
      if (name === 'input_ids') feeds[name] = new ort.Tensor('int64', message.inputIds, dims);
      else if (name === 'attention_mask') feeds[name] = new ort.Tensor('int64', message.attentionMask, dims);
      else if (name === 'token_type_ids')
        feeds[name] = new ort.Tensor('int64', message.tokenTypeIds ?? new BigInt64Array(message.inputIds.length), dims);
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

function serve(message: ToInference): void {
  // One request at a time: a second session.run would only compete for the same cores.
  queue = queue.then(() => handle(message));
}

if (parentPort) {
  // A utilityProcess started by the main process's broker: the first message brings the port to
  // the core. Its close is the core's end (the broker also kills this process when the core exits).
  parentPort.on('message', (e) => {
    const port = e.ports?.[0];
    if (!port || corePort) return;
    corePort = port;
    port.on('message', (m) => serve(m.data as ToInference));
    port.on('close', () => process.exit(0));
    port.start();
    send({ type: 'ready', pid: process.pid });
  });
} else {
  process.on('message', serve);
  // The core is gone (closed or crashed): nothing left to serve.
  process.on('disconnect', () => process.exit(0));
  watchParent();
  send({ type: 'ready', pid: process.pid });
}
// Ctrl+C in a terminal reaches the whole process group: the parent decides (it pauses the run and
// closes this process), as the core does (core-main.ts).
process.on('SIGINT', () => {});
