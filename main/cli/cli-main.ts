// The `prelabel` command: headless use of the same core, for scripting and big collections.
// The core runs in this process; there is no UI to keep responsive.
import { parseArgs } from 'node:util';
import { PrelabelError } from '../../common/contract';
import { defaultProjectsDir, defaultUploadsDir, resolveDataDir } from '../core/host/app-paths';
import { createCore } from '../core/create-core';
import { version } from '../core/version';
import { createCliClient, type CliClient } from './cli-client';
import type { CliIO } from './command';
import { commands } from './commands';

function usage(): string {
  const lines = ['Usage: prelabel <command> [options]', '', 'Commands:'];
  for (const c of Object.values(commands)) lines.push(`  ${c.usage}`, `        ${c.summary}`);
  lines.push(
    '',
    'Every command takes --json for machine-readable output, and --data-dir DIR for the folder of',
    'recent projects, settings and models (default: PRELABEL_HOME, else the app data folder; the',
    'browser mode takes the same --data-dir, so both see the same models).',
  );
  return lines.join('\n');
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.out(version);
    return 0;
  }
  const command = Object.prototype.hasOwnProperty.call(commands, name) ? commands[name] : undefined;
  if (!command) {
    io.err(`prelabel: unknown command "${name}". Run "prelabel --help" for the list.`);
    return 2;
  }
  // `prelabel <command> --help`: the command's usage and summary, whatever else is given (before, a
  // command without a help option of its own, delete or backup, failed with "Unknown option").
  const dashes = rest.indexOf('--');
  if ((dashes < 0 ? rest : rest.slice(0, dashes)).some((a) => a === '--help' || a === '-h')) {
    io.out(
      `Usage: prelabel ${command.usage}\n\n${command.summary}\n\nEvery command takes --json and --data-dir DIR (see "prelabel --help").`,
    );
    return 0;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...command.options, json: { type: 'boolean' }, 'data-dir': { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    io.err(`prelabel ${name}: ${(err as Error).message}`);
    return 2;
  }
  const json = Boolean(parsed.values.json);
  const dataDirFlag = parsed.values['data-dir'];
  if (typeof dataDirFlag === 'string' && !dataDirFlag.trim()) {
    io.err(`prelabel ${name}: --data-dir needs a folder.`);
    return 2;
  }
  // The same folder the browser mode picks (see [Note: one data folder for every face]).
  const dataDir = resolveDataDir(typeof dataDirFlag === 'string' ? dataDirFlag : null);
  // The core runs in this process; the command reaches it only through the contract's dispatcher.
  // The CLI names the paths it writes (--out, --dir): see CoreConfig.writes.
  const { client, emit, connect } = createCliClient();
  const core = createCore(
    {
      dataDir,
      projectsDir: defaultProjectsDir(dataDir),
      uploadsDir: defaultUploadsDir(),
      face: 'cli',
      writes: { chosenBy: 'caller' },
      version,
    },
    emit,
  );
  connect(core.dispatch);
  try {
    return await command.run({ ...client, positionals: parsed.positionals, values: parsed.values, json, io });
  } catch (err) {
    const code = err instanceof PrelabelError ? err.code : 'INTERNAL';
    const message = err instanceof PrelabelError ? err.message : `unexpected error: ${(err as Error).message}`;
    if (json) io.out(JSON.stringify({ ok: false, error: { code, message } }));
    io.err(`prelabel ${name}: ${message}`);
    return 1;
  } finally {
    await finishSearchIndex(client);
    await core.shutdown();
  }
}

/** A command that opened a project leaves no search index half built: the job that opening started
 * to complete an unfinished index ([Note: resumable search index]) runs to its end before the
 * process exits, instead of being stopped by the shutdown. */
async function finishSearchIndex(client: CliClient): Promise<void> {
  const running = (await client.call('job.list', {}).catch(() => [])).filter((j) => j.kind === 'index');
  if (running.length && process.stderr.isTTY) process.stderr.write('Completing the search index…\n');
  await Promise.allSettled(running.map((j) => client.jobDone(j.jobId, 'index')));
}

if (require.main === module && !process.env.VITEST) {
  void main(process.argv.slice(2), {
    out: (s) => process.stdout.write(s + '\n'),
    err: (s) => process.stderr.write(s + '\n'),
  }).then((code) => {
    process.exitCode = code;
  });
}
