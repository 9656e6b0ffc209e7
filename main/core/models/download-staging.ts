// Where an unfinished model download lives, and how a finished one takes its place.
//
// [Note: download staging] A download never writes into its model folder. It streams into
// <models>/.partial/<id>/ (verified files at their paths, transfers in progress under its own
// .partial/ as <file>.part), a folder the model list never shows (its name starts with a dot). Only
// when every file is verified does the staged folder become <models>/<id>: renamed in one step
// when nothing is there yet; when a model folder is there already (a repair), its files are
// replaced one by one, its old record removed first and the new one written last, so its other files
// stay untouched. A cancelled or failed download keeps its staged bytes for the next download to
// resume; one that got no byte leaves nothing. Before this, the download wrote into the model folder
// itself, and a failed or cancelled download showed up as a "Downloaded, 0 bytes" model.
import { existsSync, rmdirSync, rmSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write';
import { folderBytes } from './folder-bytes';
import { MODEL_RECORD_FILE, PARTIAL_DIR } from './model-manifest';

/** The staging folder of a download into `destDir`: a hidden sibling folder. */
export function downloadStagingDir(destDir: string): string {
  return join(dirname(destDir), PARTIAL_DIR, basename(destDir));
}

/** Where a file's transfer in progress is kept while staged. */
export function partPathOf(stage: string, path: string): string {
  return join(stage, PARTIAL_DIR, ...`${path}.part`.split('/'));
}

/** Bytes an earlier download left for a download into `destDir`, which the next one continues from. */
export function stagedBytes(destDir: string): number {
  return (
    folderBytes(downloadStagingDir(destDir)) + (existsSync(join(destDir, MODEL_RECORD_FILE)) ? 0 : folderBytes(join(destDir, PARTIAL_DIR)))
  );
}

/**
 * Older versions kept an unfinished download's transfers inside the model folder (<dest>/.partial/):
 * they move to the staging folder so that the download resumes them. Verified files already in
 * the model folder are found there by their checksum, so they stay where they are.
 */
export async function adoptOldLayout(destDir: string, stage: string): Promise<void> {
  const old = join(destDir, PARTIAL_DIR);
  if (!existsSync(old) || existsSync(join(stage, PARTIAL_DIR))) return;
  await mkdir(stage, { recursive: true });
  await rename(old, join(stage, PARTIAL_DIR));
}

/**
 * Moves a complete, verified download into place: `staged` are the files fetched into the stage
 * (the rest were verified where they are in `destDir`); `record` is written last.
 */
export async function placeDownload(stage: string, destDir: string, staged: string[], record: string): Promise<void> {
  await rm(join(stage, PARTIAL_DIR), { recursive: true, force: true });
  const recordPath = (dir: string) => join(dir, MODEL_RECORD_FILE);
  if (!existsSync(destDir)) {
    await writeFile(recordPath(stage), record);
    await rename(stage, destDir);
  } else {
    // A repair of a model folder that is there: it is not vouched for while files change.
    await rm(recordPath(destDir), { force: true });
    for (const path of staged) {
      const to = join(destDir, ...path.split('/'));
      await mkdir(dirname(to), { recursive: true });
      await rename(join(stage, ...path.split('/')), to);
    }
    writeFileAtomic(recordPath(destDir), record);
    await rm(stage, { recursive: true, force: true });
  }
  removeIfEmpty(dirname(stage));
}

/** After a failed or cancelled download: a stage that holds no byte is removed, else it is kept
 * for the next download to resume. Never throws (the download's own error is what counts). */
export function tidyStage(stage: string): void {
  try {
    if (existsSync(stage) && folderBytes(stage) === 0) rmSync(stage, { recursive: true, force: true });
    removeIfEmpty(dirname(stage));
  } catch {
    // left for the next download, which resumes or replaces it
  }
}

function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // not empty, or gone already
  }
}
