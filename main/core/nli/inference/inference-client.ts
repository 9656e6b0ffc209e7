// The core's side of inference: one or more inference processes (inference-worker.ts) holding the
// same model, a batch going to the least busy one. Nothing here blocks the core's thread:
// session.run happens only in the children (inference-main.ts).
import { join } from 'node:path';
import type { ExecutionProvider, InferenceStats, RunRequest, TestHooksRequest } from './inference-protocol';
import { InferenceError, InferenceWorker, type Loaded, type RunResult, type SessionInfo } from './inference-worker';

export { InferenceCrashedError, InferenceError, type RunResult, type SessionInfo } from './inference-worker';

/** Where the optimised-model cache lives and how a model file's SHA-256 is found (cached by the core). */
export interface ModelCacheConfig {
  dir: string;
  sha256(onnxPath: string): Promise<string>;
}

/** How many inference processes a run with `threads` threads uses, and the threads of each. */
export function splitThreads(threads: number, maxProcesses: number): number[] {
  const processes = Math.max(1, Math.min(maxProcesses, threads));
  return Array.from({ length: processes }, (_, i) => Math.floor(threads / processes) + (i < threads % processes ? 1 : 0));
}

/**
 * The core's side of inference: one or more inference processes holding the same model, a batch
 * going to the least busy one.
 *
 * [Note: processes and threads] A run's threads can be split over up to `maxProcesses` processes
 * of one session each, a batch going to the least busy one, one batch in flight per process. On
 * the 2-core development machine two processes with one intra-op thread each scored 8-14% more
 * pairs/s than one process with two threads in a bare loop over the model file, but in the engine
 * (model from the optimised-model cache, tokenising and storing alongside) they scored 13% fewer
 * (docs/BENCHMARKS.md), so the engine uses one process; `bench:nli --sweep ...x2` measures two on
 * another machine. A crash takes down one process and its batches only.
 */
export class InferenceClient {
  private workers: InferenceWorker[] = [];
  /** Crashes of processes that were stopped since (a load with fewer processes). */
  private retiredCrashes = 0;
  private loaded: Loaded | null = null;
  private hooks: Omit<TestHooksRequest, 'type'> | null = null;
  private closed = false;
  /** The execution provider of the next load (the engine sets it; see [Note: CUDA provider]). */
  provider: ExecutionProvider = 'cpu';
  /** The optimised-model cache (the engine sets it); null loads model files as they are. */
  modelCache: ModelCacheConfig | null = null;
  /** Inference processes a load may start (see [Note: processes and threads]). */
  maxProcesses = 1;

  /** The first process's pid (tests kill it). */
  get pid(): number | undefined {
    return this.workers[0]?.pid;
  }

  get pids(): number[] {
    return this.workers.map((w) => w.pid).filter((p): p is number => p !== undefined);
  }

  /** Inference processes in use: the batches a run keeps in flight. */
  get processes(): number {
    return Math.max(1, this.workers.length);
  }

  /** Requests sent and not yet answered. */
  get pendingRequests(): number {
    return this.workers.reduce((a, w) => a + w.pendingRequests, 0);
  }

  /** Unexpected exits of inference processes so far. */
  get crashes(): number {
    return this.workers.reduce((a, w) => a + w.crashes, this.retiredCrashes);
  }

  get loadedModel(): Loaded | null {
    return this.loaded;
  }

  /** The model's folder in the cache, by its SHA-256; none for other providers or an unreadable file. */
  private async cacheDirOf(onnxPath: string, provider: ExecutionProvider): Promise<string | undefined> {
    if (!this.modelCache || provider !== 'cpu') return undefined;
    try {
      return join(this.modelCache.dir, await this.modelCache.sha256(onnxPath));
    } catch {
      return undefined; // the load itself reports a missing or unreadable file
    }
  }

  /**
   * Loads a model into the inference processes (always: this is also how a model file is
   * validated), with the client's current execution provider. An unusable provider is a
   * PrelabelError that says how to get it (the model loader passes it on as it is), not an error
   * about the model file.
   */
  async load(onnxPath: string, threads: number, provider: ExecutionProvider = this.provider): Promise<SessionInfo> {
    if (this.closed) throw new Error('The inference process was closed.');
    this.loaded = null;
    const split = splitThreads(threads, this.maxProcesses);
    while (this.workers.length > split.length) {
      const w = this.workers.pop()!;
      this.retiredCrashes += w.crashes;
      await w.close();
    }
    while (this.workers.length < split.length) {
      const w = new InferenceWorker();
      if (this.hooks) w.setTestHooks(this.hooks);
      this.workers.push(w);
    }
    const cacheDir = await this.cacheDirOf(onnxPath, provider);
    // The first process loads alone (it may write the cache), then the others read it.
    const first = await this.workers[0]!.load(onnxPath, split[0]!, provider, cacheDir);
    await Promise.all(this.workers.slice(1).map((w, i) => w.load(onnxPath, split[i + 1]!, provider, cacheDir)));
    const info: SessionInfo = { ...first, threads };
    this.loaded = { onnxPath, threads, provider, info };
    return info;
  }

  /** Loads the model unless the processes already hold it with these threads and provider. */
  async ensureLoaded(onnxPath: string, threads: number, provider: ExecutionProvider = this.provider): Promise<SessionInfo> {
    const l = this.loaded;
    const same =
      l &&
      l.onnxPath === onnxPath &&
      l.threads === threads &&
      l.provider === provider &&
      this.workers.length === splitThreads(threads, this.maxProcesses).length;
    if (same) return l.info;
    return this.load(onnxPath, threads, provider);
  }

  /** Runs one padded batch on the least busy process (a crashed one restarts and reloads first). */
  async run(batch: Omit<RunRequest, 'type' | 'id'>): Promise<RunResult> {
    if (this.closed) throw new Error('The inference process was closed.');
    if (!this.loaded) throw new InferenceError('No model is loaded in the inference process.');
    let best = this.workers[0]!;
    for (const w of this.workers) if (w.pendingRequests < best.pendingRequests) best = w;
    return best.run(batch);
  }

  /** Memory and timing summed over the live processes (benchmarks); null when none runs. */
  async stats(): Promise<(InferenceStats & { pid: number; processes: number }) | null> {
    const all = (await Promise.all(this.workers.map((w) => w.stats()))).filter((x): x is InferenceStats & { pid: number } => x !== null);
    if (all.length === 0) return null;
    const sum = (k: keyof InferenceStats) => all.reduce((a, x) => a + x[k], 0);
    return {
      maxRssBytes: sum('maxRssBytes'),
      rssBytes: sum('rssBytes'),
      runs: sum('runs'),
      runMs: sum('runMs'),
      idleMs: sum('idleMs'),
      pid: all[0]!.pid,
      processes: all.length,
    };
  }

  /** See [Note: inference test hooks]; kept across restarts. Ignored by the child outside tests. */
  setTestHooks(hooks: Omit<TestHooksRequest, 'type'>): void {
    this.hooks = hooks;
    for (const w of this.workers) w.setTestHooks(hooks);
  }

  /** Stops the processes; pending requests are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
