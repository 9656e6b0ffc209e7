// Taking a model off the list (models.remove): an added folder is forgotten and its files stay
// where they are; a downloaded copy in the app data folder is deleted; the bundled model stays.
// Which model becomes active instead is the handler's business (models-handlers.ts).
import { randomUUID } from 'node:crypto';
import { lstatSync } from 'node:fs';
import { mkdir, rename, rm, rmdir, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { PrelabelError } from '../../../common/contract';
import { forgetModelFolder, modelsDir, type ModelFolderInfo } from './model-folders';
import { PARTIAL_DIR } from './model-manifest';

export async function removeModelFolder(dataDir: string, folder: ModelFolderInfo): Promise<void> {
  if (folder.source === 'bundled') {
    throw new PrelabelError('FORBIDDEN', `${folder.id} comes with Prelabel and cannot be removed. Choose another model to use instead.`);
  }
  if (folder.source === 'added') {
    forgetModelFolder(dataDir, folder.path);
    return;
  }
  // [Note: only Prelabel's own copies are deleted] A downloaded model is a folder directly inside
  // <dataDir>/models/ that Prelabel made; anything else is refused. A link put there by hand is
  // removed as a link: the folder it points to is someone's own and stays.
  const root = modelsDir(dataDir);
  const path = resolve(folder.path);
  if (dirname(path) !== resolve(root)) {
    throw new PrelabelError('FORBIDDEN', `${path} is not inside Prelabel's models folder ${root}, so Prelabel does not delete it.`);
  }
  forgetModelFolder(dataDir, path); // in case it was also added by hand: it must not come back as "gone"
  if (lstatSync(path).isSymbolicLink()) {
    await unlink(path);
    return;
  }
  // Out of the list in one step, then deleted: a deletion that fails half way leaves no half model.
  const trash = join(root, PARTIAL_DIR, `.removing-${randomUUID()}`);
  try {
    await mkdir(dirname(trash), { recursive: true });
    await rename(path, trash);
  } catch (err) {
    throw new PrelabelError(
      'BUSY',
      `${path} could not be deleted (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). Close programs that use its files and try again.`,
    );
  }
  await rm(trash, { recursive: true, force: true });
  await rmdir(dirname(trash)).catch(() => undefined); // kept while a download is staged there
}
