// The main process's side of [Note: inference process in Electron]: it starts the inference
// processes the core asks for as utilityProcesses (only the main process can), connects each to
// the core with a MessageChannelMain, reports their exits, kills them on request and kills them
// all when the core exits. One broker per core process (its ids are the core's). It lives in
// host/ beside CoreClient (what a face uses to host the core); main/electron/core-host.ts gives
// it Electron's utilityProcess and MessageChannelMain, tests give it stand-ins (structural types).
import { isBrokerMessage, type FromBroker } from './inference-broker-protocol';

/** The part of Electron's UtilityProcess the broker uses; P is MessagePortMain. */
export interface InferenceProcessLike<P> {
  readonly pid: number | undefined;
  postMessage(message: unknown, transfer?: P[]): void;
  on(event: 'spawn', listener: () => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export interface InferenceBrokerDeps<P> {
  /** utilityProcess.fork of out/main/inference-process.js. May throw. */
  fork(): InferenceProcessLike<P>;
  /** new MessageChannelMain() */
  channel(): { port1: P; port2: P };
  /** The core's utilityProcess.postMessage. */
  toCore(message: FromBroker, transfer?: P[]): void;
}

export class InferenceBroker<P> {
  private readonly children = new Map<number, InferenceProcessLike<P>>();
  private coreGone = false;

  constructor(private readonly deps: InferenceBrokerDeps<P>) {}

  /** Inference processes alive now. */
  get running(): number {
    return this.children.size;
  }

  /** Takes broker traffic from the core's messages: true when it was (it must never reach the
   * CoreClient), false for everything else. */
  handle(message: unknown): boolean {
    if (!isBrokerMessage(message)) return false;
    if (message.type === 'inference.spawn') this.spawn(message.id);
    else if (message.type === 'inference.kill') this.children.get(message.id)?.kill();
    return true;
  }

  /** The core exited: its inference processes have nobody to serve. */
  coreExited(): void {
    this.coreGone = true;
    for (const child of this.children.values()) child.kill();
  }

  private spawn(id: number): void {
    if (this.coreGone || this.children.has(id)) return;
    let child: InferenceProcessLike<P>;
    try {
      child = this.deps.fork();
    } catch (err) {
      this.deps.toCore({
        type: 'inference.exit',
        id,
        code: null,
        error: `The inference process could not be started: ${(err as Error).message}`,
      });
      return;
    }
    this.children.set(id, child);
    child.on('spawn', () => {
      if (this.coreGone) {
        child.kill();
        return;
      }
      const { port1, port2 } = this.deps.channel();
      child.postMessage({ type: 'inference.port' }, [port1]);
      this.deps.toCore({ type: 'inference.port', id, pid: child.pid ?? 0 }, [port2]);
    });
    child.on('exit', (code) => {
      this.children.delete(id);
      if (!this.coreGone) this.deps.toCore({ type: 'inference.exit', id, code });
    });
  }
}
