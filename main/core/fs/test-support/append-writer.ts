// Test helper run as a child process (bundled by the test): appends its number to a shared JSON
// list under updateFile's lock, so the test can count lost updates. Prints "ready", waits for the
// go file, then writes; a failure exits non-zero with the message on stderr.
import { existsSync } from 'node:fs';
import { updateFile } from '../atomic-write';

async function main(): Promise<void> {
  const [file, goFile, index] = process.argv.slice(2) as [string, string, string];
  process.stdout.write('ready\n');
  while (!existsSync(goFile)) await new Promise((r) => setTimeout(r, 2));
  // A long wait: this test counts lost updates, so no writer may give up on the lock.
  updateFile(file, (text) => JSON.stringify([...(text === null ? [] : (JSON.parse(text) as string[])), index]), { waitMs: 60_000 });
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
