// The faces' handle on the core process: calls with replies, events, and a restart when the
// process dies (a crash costs the calls in flight, never the window or the server).
import type { EventName, Events, Result } from '../../../common/contract';
import type { CoreChannel, FromCore } from './core-protocol';

type EventListener = <E extends EventName>(event: E, payload: Events[E]) => void;

export class CoreClient {
  private channel: CoreChannel | null = null;
  private ready: Promise<void> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (r: Result<unknown>) => void>();
  private readonly listeners = new Set<EventListener>();
  private stopping = false;

  constructor(private readonly spawn: () => CoreChannel) {}

  start(): Promise<void> {
    if (this.ready) return this.ready;
    const channel = this.spawn();
    this.channel = channel;
    this.ready = new Promise<void>((resolveReady, rejectReady) => {
      channel.onMessage((m: FromCore) => {
        if (m.type === 'ready') resolveReady();
        else if (m.type === 'result') {
          const done = this.pending.get(m.id);
          this.pending.delete(m.id);
          done?.(m.result);
        } else if (m.type === 'event') {
          for (const l of this.listeners) l(m.event, m.payload);
        }
      });
      channel.onExit((code) => {
        rejectReady(new Error(`The core process exited with code ${code} before it was ready.`));
        for (const done of this.pending.values()) {
          done({
            ok: false,
            error: { code: 'INTERNAL', message: 'The core process stopped unexpectedly. Your saved work is safe; try again.' },
          });
        }
        this.pending.clear();
        this.channel = null;
        this.ready = null;
        if (!this.stopping) console.error(`[prelabel] core process exited (code ${code}); it restarts on the next call`);
      });
    });
    return this.ready;
  }

  async call(method: string, input: unknown): Promise<Result<unknown>> {
    await this.start();
    const channel = this.channel;
    if (!channel) return { ok: false, error: { code: 'INTERNAL', message: 'The core process is not running.' } };
    const id = this.nextId++;
    return new Promise((resolveCall) => {
      this.pending.set(id, resolveCall);
      channel.send({ type: 'call', id, method, input });
    });
  }

  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const channel = this.channel;
    if (!channel) return;
    await new Promise<void>((resolveStop) => {
      const timer = setTimeout(() => {
        channel.kill();
        resolveStop();
      }, 5000);
      channel.onExit(() => {
        clearTimeout(timer);
        resolveStop();
      });
      channel.send({ type: 'shutdown' });
    });
  }
}
