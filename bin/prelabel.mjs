#!/usr/bin/env node
// The `prelabel` command: runs the built CLI (out/main/cli.js).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'out', 'main', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write(`prelabel: the CLI is not built yet. Run "npm run build" in ${root} first.\n`);
  process.exit(1);
}
// A reader that stops early (`prelabel stats p.prelabel | head`) closes the pipe: stop quietly, as
// Unix tools do, instead of printing an EPIPE stack trace.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
const { main } = createRequire(import.meta.url)(cli);
process.exitCode = await main(process.argv.slice(2), {
  out: (s) => process.stdout.write(s + '\n'),
  err: (s) => process.stderr.write(s + '\n'),
});
