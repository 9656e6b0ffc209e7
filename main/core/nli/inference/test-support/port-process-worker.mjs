// Test support: a worker thread that plays an Electron utilityProcess for the inference process
// (inference-main.ts, through tsx). It gives the entry a process.parentPort in Electron's shape
// ({ data, ports } events; ports with { data } events), built on the worker's own parentPort,
// so the entry runs its utilityProcess path (see [Note: inference process in Electron]).
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/cjs/api';

/** A worker_threads MessagePort in the shape of Electron's MessagePortMain. */
function asPortMain(port) {
  return {
    on(event, listener) {
      if (event === 'message') port.on('message', (data) => listener({ data }));
      else port.on(event, listener);
      return this;
    },
    postMessage: (message) => port.postMessage(message),
    start: () => port.start(),
    close: () => port.close(),
  };
}

process.parentPort = {
  on(event, listener) {
    if (event === 'message') parentPort.on('message', (m) => listener({ data: m.data, ports: (m.ports ?? []).map(asPortMain) }));
    return this;
  },
  postMessage: (message) => parentPort.postMessage({ data: message, ports: [] }),
};

// tsx's CommonJS hooks: its ESM loader cannot start the entry inside a worker (ERR_REQUIRE_CYCLE_MODULE).
register();
createRequire(import.meta.url)(workerData.entry);
