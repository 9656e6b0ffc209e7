// One inference process seen from the core: requests with ids, answers matched back, a fresh
// process when the old one died. The client (inference-client.ts) spreads batches over one or more
// of these.
//
// [Note: inference crashes] A native fault or an out-of-memory kill takes the child down with the
// batch it was running. Every request still waiting is rejected with InferenceCrashedError, so a run
// can retry its batch; the next request starts a new child and loads the same model again first.
import { PrelabelError } from '../../../../common/contract';
import type {
  ExecutionProvider,
  FromInference,
  InferenceStats,
  LoadRequest,
  ModelCacheUse,
  RunRequest,
  StatsRequest,
  TensorInfo,
  TestHooksRequest,
  ToInference,
} from './inference-protocol';
import { defaultInferenceTransport, type InferenceChild, type InferenceChildEvents, type InferenceTransport } from './inference-transport';

export { inferenceEntry } from './inference-transport';

export class InferenceCrashedError extends Error {
  readonly code = 'INFERENCE_CRASHED';
  constructor(
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
  ) {
    super(`The inference process stopped unexpectedly (${signal ? `signal ${signal}` : `exit code ${exitCode}`}).`);
    this.name = 'InferenceCrashedError';
  }
}

/** onnxruntime refused a request (a bad model file, an input it cannot take). */
export class InferenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InferenceError';
  }
}

export interface SessionInfo {
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  threads: number;
  provider: ExecutionProvider;
  /** Milliseconds the child took to create the session. */
  loadMs: number;
  /** What the optimised-model cache did (see [Note: optimised model cache]). */
  cache: ModelCacheUse;
}

export interface RunResult {
  logits: Float32Array;
  dims: number[];
  /** Milliseconds inside session.run (the rest of the round trip is IPC and queueing). */
  runMs: number;
}

export interface Loaded {
  onnxPath: string;
  threads: number;
  provider: ExecutionProvider;
  info: SessionInfo;
}

type Answer = Extract<FromInference, { id: number }>;

interface Pending {
  resolve(answer: Answer): void;
  reject(err: Error): void;
}

/** One inference process: its requests, its crashes and restarts. */
export class InferenceWorker {
  private child: InferenceChild | null = null;
  private starting: Promise<InferenceChild> | null = null;
  /** close() waiting for the child's exit. */
  private readonly exitWaiters: Array<() => void> = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** What the live child has loaded; null after a restart until it loads again. */
  private loaded: Loaded | null = null;
  /** What to load into a new child after a crash. */
  private wanted: { onnxPath: string; threads: number; provider: ExecutionProvider; cacheDir: string | undefined } | null = null;
  private hooks: TestHooksRequest | null = null;
  private closed = false;
  /** Unexpected exits of the child so far. */
  crashes = 0;

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Requests sent and not yet answered. */
  get pendingRequests(): number {
    return this.pending.size;
  }

  get loadedModel(): Loaded | null {
    return this.loaded;
  }

  /** How the child is started: child_process.fork, or through the Electron main process when the
   * core runs in a utilityProcess (inference-transport.ts). */
  constructor(private readonly transport: InferenceTransport = defaultInferenceTransport()) {}

  private start(): Promise<InferenceChild> {
    if (this.child) return Promise.resolve(this.child);
    if (this.starting) return this.starting;
    this.starting = new Promise<InferenceChild>((resolve, reject) => {
      let ready = false;
      let exited = false;
      let child: InferenceChild;
      const events: InferenceChildEvents = {
        message: (m) => {
          if (m.type === 'ready') {
            ready = true;
            this.child = child;
            this.starting = null;
            if (this.hooks) child.send(this.hooks);
            this.holdChannel();
            resolve(child);
            return;
          }
          const p = this.pending.get(m.id);
          if (!p) return;
          this.pending.delete(m.id);
          this.holdChannel();
          p.resolve(m);
        },
        error: (err) => {
          if (!ready) {
            this.starting = null;
            reject(err);
          }
        },
        exit: (code, signal) => {
          if (exited) return;
          exited = true;
          if (this.child === child) this.child = null;
          this.loaded = null;
          for (const waiter of this.exitWaiters.splice(0)) waiter();
          if (!ready) {
            this.starting = null;
            reject(new InferenceCrashedError(code, signal));
          }
          if (!this.closed) this.crashes++;
          const waiting = [...this.pending.values()];
          this.pending.clear();
          for (const p of waiting)
            p.reject(this.closed ? new Error('The inference process was closed.') : new InferenceCrashedError(code, signal));
        },
      };
      try {
        child = this.transport.spawn(events);
      } catch (err) {
        this.starting = null;
        reject(err as Error);
      }
    });
    return this.starting;
  }

  private holdChannel(): void {
    this.child?.hold(this.pending.size > 0);
  }

  private async request(
    child: InferenceChild,
    message: Omit<LoadRequest, 'id'> | Omit<RunRequest, 'id'> | Omit<StatsRequest, 'id'>,
  ): Promise<Answer> {
    const id = this.nextId++;
    const answer = new Promise<Answer>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.holdChannel();
    child.send({ ...message, id } as ToInference, () => {
      const p = this.pending.get(id);
      this.pending.delete(id);
      this.holdChannel();
      // Sending fails when the child is already gone; its exit handler rejects the rest.
      p?.reject(new InferenceCrashedError(null, null));
    });
    return answer;
  }

  /** Loads a model into the child. An unusable provider is a PrelabelError that says how to get it. */
  async load(onnxPath: string, threads: number, provider: ExecutionProvider, cacheDir: string | undefined): Promise<SessionInfo> {
    if (this.closed) throw new Error('The inference process was closed.');
    const child = await this.start();
    const answer = await this.request(child, { type: 'load', onnxPath, threads, provider, ...(cacheDir ? { cacheDir } : {}) });
    if (answer.type === 'error') {
      if (this.child === child) this.loaded = null;
      if (answer.kind === 'provider') throw new PrelabelError('UNSUPPORTED', answer.message);
      throw new InferenceError(answer.message);
    }
    if (answer.type !== 'loaded') throw new InferenceError(`unexpected answer ${answer.type} to load`);
    const info: SessionInfo = {
      inputs: answer.inputs,
      outputs: answer.outputs,
      threads: answer.threads,
      provider: answer.provider,
      loadMs: answer.loadMs,
      cache: answer.cache,
    };
    if (this.child === child) this.loaded = { onnxPath, threads, provider, info };
    this.wanted = { onnxPath, threads, provider, cacheDir };
    return info;
  }

  /** Runs one padded batch; after a crash it restarts the child and reloads the model first. */
  async run(batch: Omit<RunRequest, 'type' | 'id'>): Promise<RunResult> {
    if (this.closed) throw new Error('The inference process was closed.');
    if (!this.loaded || !this.child) {
      if (!this.wanted) throw new InferenceError('No model is loaded in the inference process.');
      // After a crash the new child loads what the old one held.
      const w = this.wanted;
      await this.load(w.onnxPath, w.threads, w.provider, w.cacheDir);
    }
    const answer = await this.request(this.child!, { type: 'run', ...batch });
    if (answer.type === 'error') throw new InferenceError(answer.message);
    if (answer.type !== 'result') throw new InferenceError(`unexpected answer ${answer.type} to run`);
    return { logits: answer.logits, dims: answer.dims, runMs: answer.runMs };
  }

  /** The live child's memory and timing (benchmarks); null when no child runs. */
  async stats(): Promise<(InferenceStats & { pid: number }) | null> {
    const child = this.child;
    if (!child || this.closed) return null;
    const answer = await this.request(child, { type: 'stats' });
    if (answer.type !== 'stats') throw new InferenceError(`unexpected answer ${answer.type} to stats`);
    const { type: _t, id: _i, ...stats } = answer;
    return { ...stats, pid: child.pid ?? 0 };
  }

  /** See [Note: inference test hooks]; kept across restarts. Ignored by the child outside tests. */
  setTestHooks(hooks: Omit<TestHooksRequest, 'type'>): void {
    this.hooks = { type: 'test-hooks', ...hooks };
    this.child?.send(this.hooks);
  }

  /** Stops the child; pending requests are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => this.exitWaiters.push(resolve));
    child.end();
    const timer = setTimeout(() => child.kill(), 2000);
    await exited;
    clearTimeout(timer);
  }
}
