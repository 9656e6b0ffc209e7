// [Note: export owners] The browser mode keeps each export (export.start, report.write,
// project.package) in a folder of its own, `<exportsDir>/<export id>/`, for a day. Those files hold
// the project's texts and decisions, so a true deletion (privacy.delete, privacy.deleteProject) must
// take them too: each export records the project it was made from in
// `<exportsDir>/.owners/<export id>` (the project's absolute path), written before any file of the
// export. The folder starts with a dot: the download route only serves folders named like export
// ids, and the pruning of old exports removes a record with its export. The Electron app writes
// exports where the person chose: those are the person's files, and a deletion leaves them.
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isTransferId } from '../../../common/contract';

const OWNERS = '.owners';

/** Records that the export `exportId` is made from the project at `projectPath`. */
export function recordExportOwner(exportsDir: string, exportId: string, projectPath: string): void {
  const dir = join(exportsDir, OWNERS);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, exportId), resolve(projectPath), { encoding: 'utf8', mode: 0o600 });
}

/** Removes every export made from the project at `projectPath` (and its record); returns how many
 * exports went. An export whose folder is already gone only loses its record and is not counted. */
export function removeProjectExports(exportsDir: string, projectPath: string): number {
  const dir = join(exportsDir, OWNERS);
  let ids: string[];
  try {
    ids = readdirSync(dir);
  } catch {
    return 0;
  }
  const project = resolve(projectPath);
  let removed = 0;
  for (const id of ids) {
    if (!isTransferId(id)) continue;
    let owner: string;
    try {
      owner = readFileSync(join(dir, id), 'utf8');
    } catch {
      continue;
    }
    if (owner !== project) continue;
    const folder = join(exportsDir, id);
    let existed = false;
    try {
      existed = statSync(folder).isDirectory();
    } catch {
      existed = false;
    }
    rmSync(folder, { recursive: true, force: true });
    rmSync(join(dir, id), { force: true });
    if (existed) removed++;
  }
  return removed;
}

/** Removes the record of an export (when the export itself is removed, e.g. a day after it was made). */
export function forgetExportOwner(exportsDir: string, exportId: string): void {
  if (isTransferId(exportId)) rmSync(join(exportsDir, OWNERS, exportId), { force: true });
}

/** Removes records whose export folder is gone and that are older than maxAgeMs (an export that failed). */
export function removeOrphanOwners(exportsDir: string, maxAgeMs: number, now = Date.now()): number {
  const dir = join(exportsDir, OWNERS);
  let ids: string[];
  try {
    ids = readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const id of ids) {
    if (!isTransferId(id)) continue;
    try {
      statSync(join(exportsDir, id));
      continue;
    } catch {
      // No export folder: an orphan once old enough.
    }
    try {
      if (now - statSync(join(dir, id)).mtimeMs <= maxAgeMs) continue;
      rmSync(join(dir, id), { force: true });
      removed++;
    } catch {
      // Gone meanwhile.
    }
  }
  return removed;
}
