// Turns an import source from the contract into a file on this machine.
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PrelabelError, type ImportSource } from '../../../common/contract';
import { checkImportPath } from './regular-file';

export interface LocalFile {
  path: string;
  /** The name the user knows the file by (an upload keeps its original name). */
  name: string;
}

export function resolveSource(source: ImportSource, uploadsDir: string): LocalFile {
  if (source.kind === 'path') {
    if (!existsSync(source.path)) throw new PrelabelError('NOT_FOUND', `The file ${source.path} does not exist.`);
    // A FIFO, a device or a socket is refused here, before a job starts ([Note: special files]).
    checkImportPath(source.path, basename(source.path), true);
    return { path: source.path, name: basename(source.path) };
  }
  // Upload ids are validated as UUIDs by the contract, so the join cannot leave uploadsDir. An
  // upload folder holds one entry: the uploaded file, or the uploaded folder (read as 'folder').
  const dir = join(uploadsDir, source.uploadId);
  const files = existsSync(dir) ? readdirSync(dir) : [];
  if (files.length !== 1) throw new PrelabelError('NOT_FOUND', 'The uploaded file is no longer available. Upload it again.');
  checkImportPath(join(dir, files[0]!), files[0]!, true);
  return { path: join(dir, files[0]!), name: files[0]! };
}
