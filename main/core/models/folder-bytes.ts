// Bytes under a folder, for the model list and the staged bytes of a download.
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Bytes of the files under `dir`, not following links, skipping child folders named in `skip`;
 * 0 for a folder that is not there. */
export function folderBytes(dir: string, skip: readonly string[] = [], depth = 0): number {
  if (depth > 8) return 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  let total = 0;
  for (const e of entries) {
    if (skip.includes(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) total += folderBytes(p, [], depth + 1);
    else if (e.isFile()) total += lstatSync(p).size;
  }
  return total;
}
