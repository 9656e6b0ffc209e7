// A file system error that reaches the dispatcher (a path too long, a folder where a file was
// meant, no permission) is the caller's input or the machine, not a bug: it is answered with one
// line naming the path and the problem instead of INTERNAL and a logged stack (found by the
// contract fuzzer: project.create with a 300,000-character path answered INTERNAL ENAMETOOLONG).
import { PrelabelError, type ErrorCode } from '../../../common/contract';

const PROBLEMS: Record<string, [ErrorCode, string]> = {
  ENAMETOOLONG: ['INVALID_INPUT', 'the name is too long for this system'],
  ENOENT: ['NOT_FOUND', 'no such file or folder'],
  ENOTDIR: ['INVALID_INPUT', 'a part of the path is a file, not a folder'],
  EISDIR: ['INVALID_INPUT', 'it is a folder, not a file'],
  EEXIST: ['ALREADY_EXISTS', 'it exists already'],
  EACCES: ['FORBIDDEN', 'Prelabel has no permission there'],
  EPERM: ['FORBIDDEN', 'the system does not allow it'],
  EROFS: ['FORBIDDEN', 'the disk is read-only'],
  ENOSPC: ['BUSY', 'the disk is full'],
  ELOOP: ['INVALID_INPUT', 'the path has too many symbolic links (a loop?)'],
  EINVAL: ['INVALID_INPUT', 'the path is not valid on this system'],
};

/** Shortens a path for a message, keeping its start and its end. */
function shortPath(path: string): string {
  const oneLine = path.replace(/[\r\n\u2028\u2029]/g, ' ');
  return oneLine.length <= 160 ? oneLine : `${oneLine.slice(0, 60)}…${oneLine.slice(-60)} (${oneLine.length} characters)`;
}

/** The PrelabelError for a Node file system error, or null for anything else. */
export function fsErrorToPrelabel(err: unknown): PrelabelError | null {
  const e = err as NodeJS.ErrnoException | null;
  // Node refuses a path with a NUL byte before the system sees it (found by the fuzzer: a
  // project.create path of "\u0000" answered INTERNAL).
  if (err instanceof TypeError && e?.code === 'ERR_INVALID_ARG_VALUE' && /without null bytes/.test(err.message)) {
    return new PrelabelError('INVALID_INPUT', 'Cannot use the path given: it holds a NUL character (\\0), which no file name may.');
  }
  if (!e || typeof e !== 'object' || typeof e.code !== 'string' || typeof e.syscall !== 'string') return null;
  const known = PROBLEMS[e.code];
  if (!known) return null;
  const where = typeof e.path === 'string' ? shortPath(e.path) : 'the path given';
  return new PrelabelError(known[0], `Cannot use ${where}: ${known[1]} (${e.code}).`);
}
