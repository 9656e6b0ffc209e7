// Messages between a face (Electron main, the browser-mode server) and the core process.
import type { EventName, Events, Result } from '../../../common/contract';
import type { CoreConfig } from '../core-context';

/** What a face hands the core process when it starts it (fork-core.ts, Electron's core-host.ts). */
export type { CoreConfig };

export type ToCore = { type: 'call'; id: number; method: string; input: unknown } | { type: 'shutdown' };

export type FromCore =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; event: EventName; payload: Events[EventName] };

/** A running core process, whatever started it (child_process.fork or Electron's utilityProcess). */
export interface CoreChannel {
  send(message: ToCore): void;
  onMessage(listener: (message: FromCore) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}
