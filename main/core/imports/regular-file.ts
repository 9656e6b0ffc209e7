// Only regular files (and, for the folder import, folders) are read as import sources: a named pipe
// (FIFO), a device or a socket given as a path is refused with one line.
//
// [Note: special files] Reading a FIFO blocks until something writes to it: a synchronous open
// hung the core for every later call, and with a writer, the positioned reads failed with ESPIPE;
// /dev/zero never ends. A check by path before opening (stat) leaves a race: the path can be
// swapped for a FIFO between the check and the open. So every read of an import file opens it with
// O_NONBLOCK (an open of a FIFO returns at once instead of waiting for a writer; the flag changes
// nothing for a regular file) and checks what was opened with fstat on that descriptor before
// reading a byte: what is checked is what is read. resolveSource checks the path the same way
// first, so a preview, an analysis, an import and a codebook CSV import fail at once, before a job
// starts. A socket cannot be opened at all (ENXIO) and is named from that error. Windows has no
// O_NONBLOCK (0 there) and no FIFOs in its file system; opening a folder fails there (EISDIR).
import { closeSync, constants, fstatSync, openSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { PrelabelError } from '../../../common/contract';

const FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** What a stat or a directory entry says a path is. */
type Kind = Pick<Stats, 'isFile' | 'isDirectory' | 'isFIFO' | 'isCharacterDevice' | 'isBlockDevice' | 'isSocket'>;

function kindOf(stats: Kind): string {
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isDirectory()) return 'a folder';
  return 'not a regular file';
}

function special(name: string, kind: string): PrelabelError {
  return new PrelabelError(
    'BAD_FILE',
    `${name} is ${kind}, not a file: Prelabel imports regular files only. Save the data to a file and import that.`,
  );
}

/** An open that found no file to read: a socket (ENXIO) as a special file, the rest as it is. */
function openFailed(err: unknown, name: string): never {
  if ((err as NodeJS.ErrnoException).code === 'ENXIO') throw special(name, 'a socket or a device without a reader');
  throw err;
}

/** A descriptor of the regular file at `path`, for reading; refuses anything else, without waiting. */
export function openRegularFile(path: string, name: string): number {
  let fd: number;
  try {
    fd = openSync(path, FLAGS);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EISDIR') throw special(name, 'a folder');
    openFailed(err, name);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw special(name, kindOf(stats));
    return fd;
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/** The same as a file handle (for fs/promises readers). */
export async function openRegularHandle(path: string, name: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(path, FLAGS);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EISDIR') throw special(name, 'a folder');
    openFailed(err, name);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw special(name, kindOf(stats));
    return handle;
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** What an import path is: a regular file or (where `folders`) a folder; anything else refused. */
export function checkImportPath(path: string, name: string, folders: boolean): 'file' | 'folder' {
  let fd: number;
  try {
    fd = openSync(path, FLAGS);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EISDIR') {
      if (folders) return 'folder';
      throw special(name, 'a folder');
    }
    openFailed(err, name);
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isFile()) return 'file';
    if (stats.isDirectory() && folders) return 'folder';
    throw special(name, kindOf(stats));
  } finally {
    closeSync(fd);
  }
}

/** True for a FIFO, a device or a socket (a directory entry's own type, or a link's target's). */
export function isSpecial(entry: Kind): boolean {
  return entry.isFIFO() || entry.isCharacterDevice() || entry.isBlockDevice() || entry.isSocket();
}

/** Refuses a special file met in a folder that is imported. */
export function refuseSpecialEntry(name: string, entry: Kind): never {
  throw special(name, kindOf(entry));
}
