// Reads the first bytes of a file, and tells binary data from text.
import { closeSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { openRegularFile } from './regular-file';

/** The first `bytes` of the regular file at `path` (anything else refused: [Note: special files]). */
export function readHead(path: string, bytes: number): Buffer {
  const fd = openRegularFile(path, basename(path));
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** True when the bytes look like binary data rather than text: NUL bytes (outside UTF-16, which
 * the caller rules out first) or many control bytes. */
export function looksBinary(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  let control = 0;
  for (const b of head) {
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return control / head.length > 0.05;
}
