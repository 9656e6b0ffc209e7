// Test helper run as a child process (bundled by the test): one of many processes that write the
// app data folder's shared files at once, as parallel CLI commands do. Prints "ready", waits for
// the go file, then writes; any failure makes it exit non-zero with the message on stderr.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Cached } from '../../models/model-hash';
import { writeStoredModel } from '../../models/model-settings';
import { RecentProjects } from '../../recent-projects';

async function main(): Promise<void> {
  const [dataDir, goFile, indexText] = process.argv.slice(2) as [string, string, string];
  const index = Number(indexText);
  process.stdout.write('ready\n');
  while (!existsSync(goFile)) await new Promise((r) => setTimeout(r, 2));
  const recent = new RecentProjects(dataDir);
  for (let round = 0; round < 3; round++) recent.touch(join(dataDir, `project-${index}-${round}.prelabel`), `Project ${index}`);
  recent.forget(join(dataDir, `project-${index}-0.prelabel`));
  writeStoredModel(dataDir, {
    path: join(dataDir, `model-${index}`),
    info: { id: `model-${index}` } as never,
    size: index,
    mtimeMs: index,
  });
  const file = join(dataDir, `weights-${index}.bin`);
  writeFileSync(file, `weights of ${index}`);
  await sha256Cached(file, dataDir);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
