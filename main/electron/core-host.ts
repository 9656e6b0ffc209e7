// Starts the core in an Electron utilityProcess and hands back the CoreClient that drives it.
// [Note: core in a utility process] The core (SQLite, imports, later the NLI engine's parent)
// runs outside Electron main so that nothing it does can freeze the window, as actualbudget/actual
// does. A utilityProcess rather than child_process.fork: it needs no ELECTRON_RUN_AS_NODE, which
// the runAsNode fuse turns off in packaged builds (electron-builder.yml).
import { existsSync } from 'node:fs';
import { utilityProcess } from 'electron';
import type { CoreConfig } from '../core/host/core-protocol';
import { CoreClient } from '../core/host/core-client';
import { utilityCoreChannel } from './utility-core-channel';

export interface CoreHostOptions {
  /** out/main/core-process.js */
  entry: string;
  config: CoreConfig;
  /** The Electron-ABI better_sqlite3.node (core-config.ts). */
  sqliteBinding: string;
}

export function createCoreClient(options: CoreHostOptions): CoreClient {
  if (!existsSync(options.sqliteBinding)) {
    console.error(
      `[prelabel] ${options.sqliteBinding} is missing: projects cannot be opened. ` +
        'Run `node scripts/electron-native.mjs` (npm start does) to build better-sqlite3 for Electron.',
    );
  }
  return new CoreClient(() =>
    utilityCoreChannel(
      utilityProcess.fork(options.entry, [], {
        serviceName: 'prelabel-core',
        stdio: 'inherit',
        env: {
          ...process.env,
          PRELABEL_CORE_CONFIG: JSON.stringify(options.config),
          PRELABEL_SQLITE_BINDING: options.sqliteBinding,
        },
      }),
    ),
  );
}
