// One inference process seen from the core: requests with ids, answers matched back, a fresh
// process when the old one died. The client (inference-client.ts) spreads batches over one or more
// of these.
//
// [Note: inference crashes] A native fault or an out-of-memory kill takes the child down with the
// batch it was running. Every request still waiting is rejected with InferenceCrashedError, so a run
// can retry its batch; the next request starts a new child and loads the same model again first.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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

/** out/main/inference-process.js in the built app (beside the entry, or one folder up from a
 * chunk); the TypeScript source, inference-main.ts, through tsx when running from sources (tests). */
export function inferenceEntry(): { path: string; execArgv: string[] } {
  for (const dir of [__dirname, join(__dirname, '..')]) {
    const js = join(dir, 'inference-process.js');
    if (existsSync(js)) return { path: js, execArgv: [] };
  }
  const ts = join(__dirname, 'inference-main.ts');
  if (existsSync(ts)) {
    const tsx = pathToFileURL(createRequire(__filename).resolve('tsx')).href;
    return { path: ts, execArgv: ['--import', tsx] };
  }
  throw new Error(`inference-process.js is missing beside ${__dirname}: the app was not built completely.`);
}

/** One inference process: its requests, its crashes and restarts. */
export class InferenceWorker {
  private child: ChildProcess | null = null;
  private starting: Promise<ChildProcess> | null = null;
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

  private start(): Promise<ChildProcess> {
    if (this.child) return Promise.resolve(this.child);
    if (this.starting) return this.starting;
    let entry: { path: string; execArgv: string[] };
    try {
      entry = inferenceEntry();
    } catch (err) {
      return Promise.reject(err);
    }
    this.starting = new Promise<ChildProcess>((resolve, reject) => {
      const env: NodeJS.ProcessEnv = { ...process.env };
      // Inside Electron (the core is a utilityProcess) process.execPath is the Electron binary:
      // this makes it behave as plain Node for the child.
      if (process.versions.electron) env.ELECTRON_RUN_AS_NODE = '1';
      // A stdin pipe this process never writes to: its end tells the child that its parent died (see
      // [Note: inference child ends with its parent]).
      env.PRELABEL_INFERENCE_PARENT_PIPE = '1';
      const child = fork(entry.path, [], {
        env,
        execArgv: entry.execArgv,
        serialization: 'advanced',
        stdio: ['pipe', 'inherit', 'inherit', 'ipc'],
      });
      child.stdin?.on('error', () => {});
      // The child must never keep the core (or the CLI) alive on its own: the channel is held
      // only while the child starts and while requests wait for an answer.
      child.unref();
      let ready = false;
      child.on('message', (m: FromInference) => {
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
      });
      child.on('error', (err) => {
        if (!ready) {
          this.starting = null;
          reject(err);
        }
      });
      child.on('exit', (code, signal) => {
        if (this.child === child) this.child = null;
        this.loaded = null;
        if (!ready) {
          this.starting = null;
          reject(new InferenceCrashedError(code, signal));
        }
        if (!this.closed) this.crashes++;
        const waiting = [...this.pending.values()];
        this.pending.clear();
        for (const p of waiting)
          p.reject(this.closed ? new Error('The inference process was closed.') : new InferenceCrashedError(code, signal));
      });
    });
    return this.starting;
  }

  private holdChannel(): void {
    const channel = this.child?.channel;
    if (!channel) return;
    if (this.pending.size > 0) channel.ref();
    else channel.unref();
  }

  private async request(
    child: ChildProcess,
    message: Omit<LoadRequest, 'id'> | Omit<RunRequest, 'id'> | Omit<StatsRequest, 'id'>,
  ): Promise<Answer> {
    const id = this.nextId++;
    const answer = new Promise<Answer>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.holdChannel();
    child.send({ ...message, id } as ToInference, (err) => {
      if (!err) return;
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
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // Held until it has exited: an unreferenced child killed by the timer below could otherwise
    // leave nothing to wait on, and the process would end with this promise never settled.
    child.ref();
    child.disconnect();
    const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
  }
}
