// Entry of browser mode (`npm run serve`): starts the core in its own process and serves the app
// on 127.0.0.1 behind a one-time link.
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CoreClient } from '../core/host/core-client';
import { forkCore } from '../core/host/fork-core';
import { version } from '../core/version';
import { randomSecret } from './auth';
import { removeOldExports } from './export-download';
import { closeServer, createHttpServer } from './http-server';
import { parseServeArgs, SERVE_USAGE, serveCoreConfig } from './serve-args';
import { removeOldUploads } from './upload';
import { removeStaleUploads } from './upload-cleanup';
import { removeDeadTemporaries } from '../core/export/file-sink';
import { createPathGuard } from './path-guard';

const HOUR_MS = 60 * 60 * 1000;

/** Resolves with an exit code, or null while the server runs until a signal stops it. */
async function main(): Promise<number | null> {
  const args = parseServeArgs(process.argv.slice(2));
  if (args.kind === 'help') {
    process.stderr.write(`${SERVE_USAGE}\n`);
    return 0;
  }
  if (args.kind === 'error') {
    process.stderr.write(`prelabel serve: ${args.message}\n\n${SERVE_USAGE}\n`);
    return 2;
  }

  const config = serveCoreConfig(args, version);
  const { uploadsDir } = config;
  const core = new CoreClient(() => forkCore(join(__dirname, 'core-process.js'), config));
  try {
    await core.start();
  } catch (err) {
    process.stderr.write(`prelabel serve: the core did not start: ${(err as Error).message}\n`);
    return 1;
  }

  const token = randomSecret();
  // The server chose this folder for its core's exports (serveCoreConfig); it serves and prunes it.
  const exportsDir = config.writes.exportsDir;
  // The page may name paths only inside these ([Note: browser-mode paths]).
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  // The models bundled with the app, as the core finds them, may be selected too.
  const models = await core.call('models.list', {});
  const bundled = models.ok
    ? (models.value as Array<{ path: string; source: string }>).filter((m) => m.source === 'bundled').map((m) => m.path)
    : [];
  const pathGuard = createPathGuard([config.dataDir, ...args.allow, ...bundled]);
  const server = createHttpServer({ core, token, staticDir: join(__dirname, '../renderer'), uploadsDir, exportsDir, pathGuard });
  // Uploads of a server that stopped, and exports a killed core left half-written: people's texts
  // (see [Note: uploads removed after use], [Note: temporary files carry their owner]).
  const stale = await removeStaleUploads(uploadsDir);
  removeDeadTemporaries(exportsDir);
  await removeOldExports(exportsDir);
  setInterval(() => {
    void removeOldUploads(uploadsDir);
    void removeOldExports(exportsDir);
    removeDeadTemporaries(exportsDir);
  }, HOUR_MS).unref();

  try {
    server.listen(args.port, '127.0.0.1');
    await once(server, 'listening');
  } catch (err) {
    const inUse = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
    process.stderr.write(
      inUse
        ? `prelabel serve: port ${args.port} is in use. Choose another with --port, or leave it out for a free one.\n`
        : `prelabel serve: could not listen on 127.0.0.1: ${(err as Error).message}\n`,
    );
    await core.stop();
    return 1;
  }

  const { port } = server.address() as AddressInfo;
  // The one line on stdout, so that scripts and tests can read the link.
  process.stdout.write(`Prelabel is running at http://127.0.0.1:${port}/?token=${token}\n`);
  process.stderr.write('The link works once, in one browser. Press Ctrl+C to stop the server.\n');

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1); // a second Ctrl+C does not wait
    stopping = true;
    process.stderr.write(`Stopping Prelabel (${signal})...\n`);
    void closeServer(server)
      .then(() => core.stop())
      .finally(() => {
        stale.unmark();
        process.exit(0);
      });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return null;
}

main().then(
  (code) => {
    if (code !== null) process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(`prelabel serve: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
