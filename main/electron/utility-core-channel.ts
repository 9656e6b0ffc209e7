// Adapts Electron's utilityProcess to the CoreChannel that CoreClient drives, the same interface
// fork-core.ts gives a plain Node child in browser mode.
import type { CoreChannel, FromCore, ToCore } from '../core/host/core-protocol';

/** The part of Electron's UtilityProcess used here (structural, so tests need no Electron). */
export interface UtilityProcessLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export function utilityCoreChannel(child: UtilityProcessLike): CoreChannel {
  // postMessage on an exited utility process throws; a call racing a crash must not.
  let alive = true;
  child.on('exit', () => {
    alive = false;
  });
  return {
    send(message: ToCore) {
      if (alive) child.postMessage(message);
    },
    onMessage(listener) {
      child.on('message', (message) => listener(message as FromCore));
    },
    onExit(listener) {
      child.on('exit', (code) => listener(code));
    },
    kill() {
      if (alive) child.kill();
    },
  };
}
