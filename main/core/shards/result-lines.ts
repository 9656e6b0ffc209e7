// Reads a result file line by line, a few MiB at a time, and answers its SHA-256: the merge checks
// and then stores results of any size one batch at a time (a 2M-document × 12-label set is 24M
// predictions, gigabytes as one parsed array and past the longest string V8 makes as one text).
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const CHUNK = 4 << 20;

/** Calls `each` with every non-empty line of the file (without its newline) and its index, in order;
 * a last line without a newline is passed too. Answers the SHA-256 of the file's bytes. */
export function eachLine(path: string, each: (line: string, index: number) => void, chunkBytes = CHUNK): string {
  const fd = openSync(path, 'r');
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(chunkBytes);
  let rest = Buffer.alloc(0);
  let index = 0;
  try {
    for (let n = readSync(fd, chunk, 0, chunkBytes, null); n > 0; n = readSync(fd, chunk, 0, chunkBytes, null)) {
      const data = chunk.subarray(0, n);
      hash.update(data);
      const buf = rest.length > 0 ? Buffer.concat([rest, data]) : data;
      let start = 0;
      for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
        if (nl > start) each(buf.toString('utf8', start, nl), index++);
        start = nl + 1;
      }
      // A copy: `chunk` is read into again.
      rest = Buffer.from(buf.subarray(start));
    }
    if (rest.length > 0) each(rest.toString('utf8'), index++);
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** The bytes of the file up to and with its last newline: what a resume keeps of a partial file
 * whose last line a kill tore (read from the end, a chunk at a time). */
export function wholeLinesBytes(path: string, chunkBytes = CHUNK): number {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(chunkBytes);
    for (let end = fstatSync(fd).size; end > 0;) {
      const start = Math.max(0, end - chunkBytes);
      const n = readSync(fd, chunk, 0, end - start, start);
      const nl = chunk.subarray(0, n).lastIndexOf(10);
      if (nl >= 0) return start + nl + 1;
      end = start;
    }
    return 0;
  } finally {
    closeSync(fd);
  }
}
