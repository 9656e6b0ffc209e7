// What the Electron preload exposes to the renderer as `window.prelabel`, and the IPC channel
// names. Type-only imports: the sandboxed preload bundles this file and must not pull in zod.
import type { EventName, Result } from './contract';

export const IPC_CALL = 'prelabel:call';
export const IPC_EVENT = 'prelabel:event';

/** Events Electron main's application menu sends on IPC_EVENT (name, then an empty payload). They
 * are events of the contract (contract/event-schemas.ts; a name that is not fails to compile here), and
 * the renderer answers them (state/wire-events.ts). */
export const MENU_EVENTS = {
  newProject: 'menu:new-project',
  openProject: 'menu:open-project',
} as const satisfies Record<string, EventName>;
export type MenuEventName = (typeof MENU_EVENTS)[keyof typeof MENU_EVENTS];

export interface PreloadBridge {
  /** Calls a contract method; Electron main validates and forwards it. */
  call(method: string, input: unknown): Promise<Result<unknown>>;
  /** Subscribes to every event main sends: the core's and the menu's, the events of the contract
   * (contract/event-schemas.ts); returns the unsubscribe function. The preload forwards names as they
   * come (it may not load the contract); the renderer's api-client hands each to its listeners. */
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
  /** The path of a file dropped on the window (File.path is gone since Electron 32). */
  pathForFile(file: unknown): string;
}
