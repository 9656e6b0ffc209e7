// Entry of the core process: the core runs here, away from the window and the HTTP server, and
// answers calls that arrive as messages. Started by Electron's utilityProcess or child_process.fork.
import { createCore } from './create-core';
import type { CoreConfig } from './core-context';
import type { FromCore, ToCore } from './host/core-protocol';
import { isBrokerMessage } from './host/inference-broker-protocol';

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function post(message: FromCore): void {
  if (parentPort) parentPort.postMessage(message);
  else process.send?.(message);
}

function onMessage(listener: (m: ToCore) => void): void {
  // The main process's answers about inference processes arrive on the same port; the inference
  // transport takes them (see [Note: inference process in Electron]), the calls never see them.
  if (parentPort)
    parentPort.on('message', (e) => {
      if (!isBrokerMessage(e.data)) listener(e.data as ToCore);
    });
  else process.on('message', (m) => listener(m as ToCore));
}

function readConfig(): CoreConfig {
  const raw = process.env.PRELABEL_CORE_CONFIG;
  if (!raw) throw new Error('PRELABEL_CORE_CONFIG is not set: the core process must be started by a face.');
  return JSON.parse(raw) as CoreConfig;
}

const core = createCore(readConfig(), (event, payload) => post({ type: 'event', event, payload }));

onMessage((message) => {
  if (message?.type === 'shutdown') {
    void core.shutdown().finally(() => process.exit(0));
    return;
  }
  if (message?.type !== 'call' || typeof message.id !== 'number') return;
  void core.dispatch(message.method, message.input).then((result) => post({ type: 'result', id: message.id, result }));
});

// Ctrl+C in a terminal reaches the whole process group: let the face that started us decide when
// to stop (it sends 'shutdown'), so the project is closed cleanly.
process.on('SIGINT', () => {});

// Without a parent (the face died), there is nobody to serve: close the project cleanly.
process.on('disconnect', () => void core.shutdown().finally(() => process.exit(0)));

post({ type: 'ready' });
