// Messages between the core (inside an Electron utilityProcess) and the main process's inference
// broker (main/electron/inference-broker.ts), on the core's parentPort. Types only: the core, the
// main bundle and the tests share them.
//
// [Note: inference process in Electron] A utilityProcess can only be created by Electron's main
// process, and child_process.fork of the Electron binary needs ELECTRON_RUN_AS_NODE, which the
// RunAsNode fuse turns off in packaged builds. So the core asks the main process for each
// inference process: the broker forks it as a utilityProcess and hands the core one end of a
// MessageChannelMain whose other end it gave the inference process; requests and answers then go
// straight between the two, never through the main process.

/** Core -> main: start an inference process for this id. */
export interface InferenceSpawnRequest {
  type: 'inference.spawn';
  id: number;
}
/** Core -> main: kill it (SIGKILL-like: the process gets no say). */
export interface InferenceKillRequest {
  type: 'inference.kill';
  id: number;
}
/** Main -> core: it runs; its port travels with this message (e.ports[0]). */
export interface InferencePortMessage {
  type: 'inference.port';
  id: number;
  pid: number;
}
/** Main -> core: it exited (or never started: code null with a message). */
export interface InferenceExitMessage {
  type: 'inference.exit';
  id: number;
  code: number | null;
  /** Why it could not be started, when it never was. */
  error?: string;
}

export type ToBroker = InferenceSpawnRequest | InferenceKillRequest;
export type FromBroker = InferencePortMessage | InferenceExitMessage;

const BROKER_TYPES = new Set(['inference.spawn', 'inference.kill', 'inference.port', 'inference.exit']);

/** Broker traffic shares the core's parentPort with the CoreClient's calls: this tells them apart. */
export function isBrokerMessage(message: unknown): message is ToBroker | FromBroker {
  const m = message as { type?: unknown; id?: unknown } | null;
  return typeof m === 'object' && m !== null && typeof m.type === 'string' && BROKER_TYPES.has(m.type) && typeof m.id === 'number';
}
