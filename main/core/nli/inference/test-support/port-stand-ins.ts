// Test support: stand-ins for Electron's utilityProcess, MessageChannelMain and the core's
// process.parentPort, built on node:worker_threads, so the electron-port transport and the main
// process's InferenceBroker run together in plain Node with a real inference process (a worker
// thread running inference-main.ts; see port-process-worker.mjs).
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { InferenceBroker } from '../../../host/inference-broker';
import type { ParentPortLike, PortLike } from '../inference-transport';

/** A worker_threads port in MessagePortMain's shape; records ref/unref for the tests. */
export class StandInPort implements PortLike {
  readonly holds: boolean[] = [];
  constructor(readonly raw: MessagePort) {}
  on(event: 'message' | 'close', listener: (e: { data: unknown }) => void): this {
    if (event === 'message') this.raw.on('message', (data: unknown) => listener({ data }));
    else this.raw.on('close', () => (listener as () => void)());
    return this;
  }
  postMessage(message: unknown): void {
    this.raw.postMessage(message);
  }
  start(): void {
    this.raw.start();
  }
  close(): void {
    this.raw.close();
  }
  ref(): void {
    this.holds.push(true);
    this.raw.ref();
  }
  unref(): void {
    this.holds.push(false);
    this.raw.unref();
  }
}

export function standInChannel(): { port1: StandInPort; port2: StandInPort } {
  const { port1, port2 } = new MessageChannel();
  return { port1: new StandInPort(port1), port2: new StandInPort(port2) };
}

/** utilityProcess.fork(inference-main) played by a worker thread: 'spawn' when it is online,
 * 'exit' with its code, kill() terminates it. */
export class StandInUtilityProcess extends EventEmitter {
  readonly worker: Worker;
  constructor(entry: string, env: NodeJS.ProcessEnv = process.env) {
    super();
    this.worker = new Worker(join(__dirname, 'port-process-worker.mjs'), { workerData: { entry }, env: { ...env } });
    this.worker.on('online', () => this.emit('spawn'));
    this.worker.on('exit', (code) => this.emit('exit', code));
    this.worker.on('error', () => {});
  }
  get pid(): number {
    return this.worker.threadId;
  }
  postMessage(message: unknown, transfer: StandInPort[] = []): void {
    const raw = transfer.map((p) => p.raw);
    this.worker.postMessage({ data: message, ports: raw }, raw);
  }
  kill(): boolean {
    void this.worker.terminate();
    return true;
  }
}

/** The core's process.parentPort, wired to a broker in this thread (messages delivered later, as
 * Electron delivers them). */
export class StandInCoreParentPort extends EventEmitter implements ParentPortLike {
  readonly sent: unknown[] = [];
  constructor(private readonly toMain: (message: unknown) => void) {
    super();
  }
  postMessage(message: unknown): void {
    this.sent.push(message);
    setImmediate(() => this.toMain(message));
  }
  deliver(message: unknown, ports: PortLike[] = []): void {
    setImmediate(() => this.emit('message', { data: message, ports }));
  }
}

/** A core's parentPort and the main process's broker for it, starting inference processes from `entry`. */
export function standInElectron(entry: string, env?: NodeJS.ProcessEnv) {
  const processes: StandInUtilityProcess[] = [];
  // The core posts to the broker only later (asynchronously), when both exist.
  const parentPort: StandInCoreParentPort = new StandInCoreParentPort((message) => broker.handle(message));
  const broker = new InferenceBroker<StandInPort>({
    fork: () => {
      const child = new StandInUtilityProcess(entry, env);
      processes.push(child);
      return child;
    },
    channel: standInChannel,
    toCore: (message, transfer) => parentPort.deliver(message, transfer),
  });
  return { parentPort, broker, processes };
}
