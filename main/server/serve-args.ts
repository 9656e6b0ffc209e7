// The flags of `npm run serve` (node out/main/serve.js), and the core's folders they give.
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { delimiter, join, resolve } from 'node:path';
import { defaultProjectsDir, resolveDataDir } from '../core/host/app-paths';
import type { CoreConfig } from '../core/core-context';

export const SERVE_USAGE = `Usage: npm run serve -- [--port N] [--data-dir DIR] [--allow DIR]...

  --port N        the port on 127.0.0.1 to listen on (default: a free one)
  --data-dir DIR  where Prelabel keeps its files: projects, models, settings (default: PRELABEL_HOME,
                  else the app's data folder). The CLI takes the same --data-dir and PRELABEL_HOME.
  --allow DIR     a folder whose files the page may name by path (a model folder, a corpus, a
                  project elsewhere); repeatable. Without it, only the data folder (and uploads).
                  PRELABEL_ALLOW adds folders too, separated by "${delimiter}".

Prelabel listens on 127.0.0.1 only. To use it on another machine, forward the port over SSH
(ssh -L 8080:127.0.0.1:PORT server) and open the printed link with the forwarded port.`;

export type ServeArgs =
  { kind: 'run'; port: number; dataDir: string | null; allow: string[] } | { kind: 'help' } | { kind: 'error'; message: string };

export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ServeArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        allow: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
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
    if (!/^\d+$/.test(values.port) || port > 65535)
      return { kind: 'error', message: `--port must be a number from 0 to 65535, not "${values.port}".` };
  }
  const dataDir = values['data-dir'];
  if (dataDir !== undefined && dataDir.trim() === '') return { kind: 'error', message: '--data-dir needs a folder.' };
  const allow: string[] = [];
  const fromEnv = (env.PRELABEL_ALLOW ?? '').split(delimiter).filter((d) => d.trim() !== '');
  const given = [
    ...(values.allow ?? []).map((dir) => ({ dir, from: '--allow' })),
    ...fromEnv.map((dir) => ({ dir, from: 'PRELABEL_ALLOW' })),
  ];
  for (const { dir, from } of given) {
    if (dir.trim() === '') return { kind: 'error', message: '--allow needs a folder.' };
    const info = statSync(resolve(dir), { throwIfNoEntry: false });
    if (!info?.isDirectory()) return { kind: 'error', message: `${from} ${dir}: ${info ? 'not a folder' : 'no such folder'}.` };
    allow.push(resolve(dir));
  }
  return { kind: 'run', port, dataDir: dataDir === undefined ? null : resolve(dataDir), allow };
}

/** The core's folders for a server started with `args`: the data folder as the CLI picks it
 * (--data-dir, else PRELABEL_HOME, else the OS default; see [Note: one data folder for every face]),
 * projects in its projects/, and uploads under it rather than in the shared temp folder, because
 * uploads are people's texts.
 *
 * [Note: browser exports] A page must never make the server write where it likes: the server
 * tells its core that the server, not the caller, chooses where files go. The core then refuses a
 * path in export.start (and a folder in models.download) and writes every export into a fresh
 * folder under exportsDir, from where the download route serves it. */
export function serveCoreConfig(
  args: { dataDir: string | null },
  version: string,
  env: NodeJS.ProcessEnv = process.env,
): CoreConfig & { writes: { chosenBy: 'server'; exportsDir: string } } {
  const dataDir = resolveDataDir(args.dataDir, env);
  return {
    dataDir,
    projectsDir: defaultProjectsDir(dataDir),
    uploadsDir: join(dataDir, 'uploads'),
    face: 'browser',
    writes: { chosenBy: 'server', exportsDir: join(dataDir, 'exports') },
    version,
  };
}
