// Adapts Electron's utilityProcess to the CoreChannel that CoreClient drives, the same interface
// fork-core.ts gives a plain Node child in browser mode. The core's inference broker traffic
// (inference-broker.ts) shares the process's messages and is taken out here, before the CoreClient.
import type { CoreChannel, FromCore, ToCore } from '../core/host/core-protocol';
import { isBrokerMessage } from '../core/host/inference-broker-protocol';

/** The part of Electron's UtilityProcess used here (structural, so tests need no Electron). */
export interface UtilityProcessLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

/** Who answers the core's inference requests (InferenceBroker). */
export interface BrokerLike {
  handle(message: unknown): boolean;
  coreExited(): void;
}

export function utilityCoreChannel(child: UtilityProcessLike, broker?: BrokerLike): CoreChannel {
  // postMessage on an exited utility process throws; a call racing a crash must not.
  let alive = true;
  const listeners: Array<(message: FromCore) => void> = [];
  child.on('exit', () => {
    alive = false;
    broker?.coreExited();
  });
  child.on('message', (message) => {
    if (isBrokerMessage(message)) {
      broker?.handle(message);
      return;
    }
    for (const listener of listeners) listener(message as FromCore);
  });
  return {
    send(message: ToCore) {
      if (alive) child.postMessage(message);
    },
    onMessage(listener) {
      listeners.push(listener);
    },
    onExit(listener) {
      child.on('exit', (code) => listener(code));
    },
    kill() {
      if (alive) child.kill();
    },
  };
}
