// What the Electron preload exposes to the renderer as `window.prelabel`, and the IPC channel
// names. Type-only imports: the sandboxed preload bundles this file and must not pull in zod.
import type { Result } from './contract';

export const IPC_CALL = 'prelabel:call';
export const IPC_EVENT = 'prelabel:event';

export interface PreloadBridge {
  /** Calls a contract method; Electron main validates and forwards it. */
  call(method: string, input: unknown): Promise<Result<unknown>>;
  /** Subscribes to every event the core pushes; returns the unsubscribe function. */
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
  /** The path of a file dropped on the window (File.path is gone since Electron 32). */
  pathForFile(file: unknown): string;
}
