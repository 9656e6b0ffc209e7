// How the core starts an inference process and talks to it (see [Note: inference process in
// Electron]). `fork`: a plain Node child over child_process IPC (the CLI, browser mode, tests).
// `electron-port`: the core runs in an Electron utilityProcess (process.parentPort exists); the
// main process starts the child and hands the core a MessagePort to it. InferenceWorker drives
// either through InferenceChild, so crashes, restarts and timeouts behave the same.
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isBrokerMessage, type FromBroker, type ToBroker } from '../../host/inference-broker-protocol';
import type { FromInference, ToInference } from './inference-protocol';

export interface InferenceChildEvents {
  message(message: FromInference): void;
  /** It could not be started at all. */
  error(err: Error): void;
  exit(code: number | null, signal: NodeJS.Signals | null): void;
}

/** One started inference process, whichever way it was started. */
export interface InferenceChild {
  /** Known once it runs (fork: at once; electron-port: when its port arrives). */
  readonly pid: number | undefined;
  /** Sends a message; onFailed when it cannot reach the process (already gone). */
  send(message: ToInference, onFailed?: () => void): void;
  /** Whether the channel keeps this process alive: only while requests wait for an answer. */
  hold(held: boolean): void;
  /** Asks it to end (its channel closes) and keeps this process alive until it has exited. */
  end(): void;
  /** Kills it without asking. */
  kill(): void;
}

export interface InferenceTransport {
  readonly kind: 'fork' | 'electron-port';
  spawn(events: InferenceChildEvents): InferenceChild;
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

/** A plain Node child over child_process IPC. */
export function forkTransport(): InferenceTransport {
  return {
    kind: 'fork',
    spawn(events) {
      const entry = inferenceEntry();
      const env: NodeJS.ProcessEnv = { ...process.env };
      // An Electron process that is not a utilityProcess (none today) forks the Electron binary:
      // this makes it plain Node where the RunAsNode fuse allows it (the port transport needs no fuse).
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
      child.on('message', (m: FromInference) => events.message(m));
      child.on('error', (err) => events.error(err));
      child.on('exit', (code, signal) => events.exit(code, signal));
      return {
        get pid() {
          return child.pid;
        },
        send(message, onFailed) {
          child.send(message, (err) => {
            if (err) onFailed?.();
          });
        },
        hold(held) {
          if (held) child.channel?.ref();
          else child.channel?.unref();
        },
        end() {
          // Held until it has exited: an unreferenced child killed later could otherwise leave
          // nothing to wait on, and the process would end with its close never settled.
          child.ref();
          if (child.connected) child.disconnect();
        },
        kill() {
          child.kill('SIGKILL');
        },
      };
    },
  };
}

/** Electron's MessagePortMain, structurally (tests use worker_threads ports in its shape). */
export interface PortLike {
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
  ref?(): void;
  unref?(): void;
}

/** Electron's process.parentPort in a utilityProcess, structurally. */
export interface ParentPortLike {
  on(event: 'message', listener: (e: { data: unknown; ports?: readonly PortLike[] }) => void): unknown;
  postMessage(message: unknown): void;
}

interface PortChild {
  events: InferenceChildEvents;
  port: PortLike | null;
  pid: number | undefined;
  /** Messages sent before the port arrived. */
  queued: ToInference[];
  /** Held while it starts, like a forked child's channel, until the worker says otherwise. */
  held: boolean;
  gone: boolean;
}

/** The core inside a utilityProcess: the main process's broker starts each child and hands over a port. */
export function electronPortTransport(parentPort: ParentPortLike): InferenceTransport {
  const children = new Map<number, PortChild>();
  let nextId = 1;
  let listening = false;
  const toBroker = (message: ToBroker) => parentPort.postMessage(message);

  const onBroker = (e: { data: unknown; ports?: readonly PortLike[] }) => {
    const m = e.data;
    if (!isBrokerMessage(m)) return;
    const child = children.get(m.id);
    if (!child) return;
    const message = m as FromBroker;
    if (message.type === 'inference.port') {
      const port = e.ports?.[0];
      if (!port) return;
      child.port = port;
      child.pid = message.pid;
      port.on('message', (ev) => {
        if (!child.gone) child.events.message(ev.data as FromInference);
      });
      port.start();
      if (!child.held) port.unref?.();
      for (const queued of child.queued.splice(0)) port.postMessage(queued);
    } else if (message.type === 'inference.exit') {
      children.delete(m.id);
      child.gone = true;
      child.port?.close();
      if (message.error !== undefined) child.events.error(new Error(message.error));
      else child.events.exit(message.code, null);
    }
  };

  return {
    kind: 'electron-port',
    spawn(events) {
      if (!listening) {
        parentPort.on('message', onBroker);
        listening = true;
      }
      const id = nextId++;
      const child: PortChild = { events, port: null, pid: undefined, queued: [], held: true, gone: false };
      children.set(id, child);
      toBroker({ type: 'inference.spawn', id });
      return {
        get pid() {
          return child.pid;
        },
        send(message, onFailed) {
          if (child.gone) onFailed?.();
          else if (child.port) child.port.postMessage(message);
          else child.queued.push(message);
        },
        hold(held) {
          child.held = held;
          if (held) child.port?.ref?.();
          else child.port?.unref?.();
        },
        end() {
          // Its end of the channel closes: the inference process sees 'close' and exits; the
          // broker reports the exit.
          if (child.port) child.port.close();
          else toBroker({ type: 'inference.kill', id });
        },
        kill() {
          if (!child.gone) toBroker({ type: 'inference.kill', id });
        },
      };
    },
  };
}

let shared: InferenceTransport | null = null;

/** electron-port inside a utilityProcess (process.parentPort exists), fork everywhere else. One
 * per process: the broker's ids are per core. */
export function defaultInferenceTransport(): InferenceTransport {
  if (shared) return shared;
  const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
  shared = parentPort ? electronPortTransport(parentPort) : forkTransport();
  return shared;
}
