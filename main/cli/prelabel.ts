// The `prelabel` command: headless use of the same core, for scripting and big collections.
import { parseArgs } from 'node:util';
import { PrelabelError, type Result } from '../../common/contract';
import { createCore, type Core } from '../core/create-core';
import { defaultDataDir, defaultProjectsDir, defaultUploadsDir } from '../core/app-paths';
import { commands, type CliIO } from './commands';
import { version } from '../core/version';

const USAGE = `Usage: prelabel <command> [options]

Commands:
  init <project> [--name NAME]          create a project file (.prelabel)
  import <project> <file|folder> [--text-column NAME|N]... [--id-column NAME|N]
                          [--gold-column NAME|N] [--join-with TEXT]
                          [--format csv|xlsx|json|jsonl|text|folder] [--sheet NAME]
                          [--encoding utf-8|utf-16le|utf-16be|windows-1252]
                          [--delimiter ,|;|tab|pipe] [--quote double|none] [--no-header|--header]
                          [--on-duplicate-id error|rownumber] [--skip-bad-rows]
                                        import documents (N counts from 1; a repeated
                                        --text-column joins the columns; everything is
                                        detected unless a flag says otherwise)
  stats <project>                       documents, imports, decisions and predictions

Every command takes --json for machine-readable output.`;

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.out(version);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    io.err(`prelabel: unknown command "${name}". Run "prelabel --help" for the list.`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { ...command.options, json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (err) {
    io.err(`prelabel ${name}: ${(err as Error).message}`);
    return 2;
  }
  const dataDir = defaultDataDir();
  const core: Core = createCore(
    { dataDir, projectsDir: defaultProjectsDir(dataDir), uploadsDir: defaultUploadsDir(), face: 'cli', version },
    (event, payload) => command.onEvent?.(event, payload, io, Boolean(parsed.values.json)),
  );
  const call = async (method: string, input: unknown) => {
    const result = (await core.dispatch(method, input)) as Result<unknown>;
    if (!result.ok) throw new PrelabelError(result.error.code, result.error.message);
    return result.value;
  };
  try {
    return await command.run({ positionals: parsed.positionals, values: parsed.values, json: Boolean(parsed.values.json), call, core, io });
  } catch (err) {
    const message = err instanceof PrelabelError ? err.message : `unexpected error: ${(err as Error).message}`;
    if (parsed.values.json) io.out(JSON.stringify({ ok: false, error: { code: err instanceof PrelabelError ? err.code : 'INTERNAL', message } }));
    io.err(`prelabel ${name}: ${message}`);
    return 1;
  } finally {
    await core.shutdown();
  }
}

if (require.main === module && !process.env.VITEST) {
  void main(process.argv.slice(2), {
    out: (s) => process.stdout.write(s + '\n'),
    err: (s) => process.stderr.write(s + '\n'),
  }).then((code) => {
    process.exitCode = code;
  });
}
