// The flags of `npm run serve` (node out/main/serve.js).
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';

export const SERVE_USAGE = `Usage: npm run serve -- [--port N] [--data-dir DIR]

  --port N        the port on 127.0.0.1 to listen on (default: a free one)
  --data-dir DIR  where Prelabel keeps its files (default: the app's data folder)

Prelabel listens on 127.0.0.1 only. To use it on another machine, forward the port over SSH
(ssh -L 8080:127.0.0.1:PORT server) and open the printed link with the forwarded port.`;

export type ServeArgs = { kind: 'run'; port: number; dataDir: string | null } | { kind: 'help' } | { kind: 'error'; message: string };

export function parseServeArgs(argv: string[]): ServeArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return { kind: 'error', message: (err as Error).message };
  }
  if (values.help) return { kind: 'help' };
  let port = 0;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535) return { kind: 'error', message: `--port must be a number from 0 to 65535, not "${values.port}".` };
  }
  const dataDir = values['data-dir'];
  if (dataDir !== undefined && dataDir.trim() === '') return { kind: 'error', message: '--data-dir needs a folder.' };
  return { kind: 'run', port, dataDir: dataDir === undefined ? null : resolve(dataDir) };
}
