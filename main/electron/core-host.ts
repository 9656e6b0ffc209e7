// Starts the core in an Electron utilityProcess and hands back the CoreClient that drives it.
// [Note: core in a utility process] The core (SQLite, imports, the NLI engine's parent) runs
// outside Electron main so that nothing it does can freeze the window, as actualbudget/actual
// does. A utilityProcess rather than child_process.fork: it needs no ELECTRON_RUN_AS_NODE, which
// the runAsNode fuse turns off in packaged builds (electron-builder.yml). The core's inference
// processes are utilityProcesses too, started here by an InferenceBroker for the core (see
// [Note: inference process in Electron]): the core itself cannot make one.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MessageChannelMain, utilityProcess, type MessagePortMain } from 'electron';
import type { CoreConfig } from '../core/host/core-protocol';
import { CoreClient } from '../core/host/core-client';
import { InferenceBroker } from '../core/host/inference-broker';
import { utilityCoreChannel } from './utility-core-channel';

export interface CoreHostOptions {
  /** out/main/core-process.js */
  entry: string;
  config: CoreConfig;
  /** The Electron-ABI better_sqlite3.node (core-config.ts). */
  sqliteBinding: string;
}

/** out/main/inference-process.js, beside the core's entry (electron.vite.config.ts builds both). */
export function inferenceEntryBeside(coreEntry: string): string {
  return join(dirname(coreEntry), 'inference-process.js');
}

export function createCoreClient(options: CoreHostOptions): CoreClient {
  if (!existsSync(options.sqliteBinding)) {
    console.error(
      `[prelabel] ${options.sqliteBinding} is missing: projects cannot be opened. ` +
        'Run `node scripts/electron-native.mjs` (npm start does) to build better-sqlite3 for Electron.',
    );
  }
  const inferenceEntry = inferenceEntryBeside(options.entry);
  return new CoreClient(() => {
    const core = utilityProcess.fork(options.entry, [], {
      serviceName: 'prelabel-core',
      stdio: 'inherit',
      env: {
        ...process.env,
        PRELABEL_CORE_CONFIG: JSON.stringify(options.config),
        PRELABEL_SQLITE_BINDING: options.sqliteBinding,
      },
    });
    const broker = new InferenceBroker<MessagePortMain>({
      fork: () => utilityProcess.fork(inferenceEntry, [], { serviceName: 'prelabel-inference', stdio: 'inherit' }),
      channel: () => new MessageChannelMain(),
      toCore: (message, transfer) => core.postMessage(message, transfer),
    });
    return utilityCoreChannel(core, broker);
  });
}
