// A file being written by an export: buffered, hashed and counted as it goes, under a temporary
// name in the target folder until `commit` renames it into place.
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const BUFFER_BYTES = 1 << 20;

/** The temporary name of a file being written: hidden, in the same folder (so that the final
 * rename never crosses file systems), and recognisable as Prelabel's. */
export function temporaryPath(finalPath: string): string {
  return join(dirname(finalPath), `.${basename(finalPath)}.${randomBytes(6).toString('hex')}.prelabel-tmp`);
}

export interface WrittenFile {
  path: string;
  bytes: number;
  sha256: string;
}

export class FileSink {
  readonly tempPath: string;
  private fd: number | null;
  private readonly hash: Hash = createHash('sha256');
  // Text is encoded straight into one reused buffer: no joined strings, no Buffer per row.
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  private written = 0;
  private result: WrittenFile | null = null;

  constructor(readonly finalPath: string) {
    this.tempPath = temporaryPath(finalPath);
    // 'wx': never write into a file that happens to exist already.
    this.fd = openSync(this.tempPath, 'wx', 0o600);
  }

  write(chunk: string | Buffer): void {
    if (typeof chunk === 'string') {
      // A UTF-16 unit becomes at most 3 UTF-8 bytes.
      if (chunk.length * 3 > BUFFER_BYTES - this.used) {
        this.flush();
        if (chunk.length * 3 > BUFFER_BYTES) return this.writeOut(Buffer.from(chunk, 'utf8'));
      }
      this.used += this.buffer.write(chunk, this.used, 'utf8');
      return;
    }
    if (chunk.length > BUFFER_BYTES - this.used) {
      this.flush();
      if (chunk.length > BUFFER_BYTES / 2) return this.writeOut(chunk);
    }
    this.used += chunk.copy(this.buffer, this.used);
  }

  /** Bytes written so far, buffered ones included. */
  get bytes(): number {
    return this.written + this.used;
  }

  private flush(): void {
    if (this.used === 0) return;
    const n = this.used;
    this.used = 0;
    this.writeOut(this.buffer.subarray(0, n));
  }

  private writeOut(buf: Buffer): void {
    if (this.fd === null) throw new Error(`${this.finalPath} is closed`);
    this.hash.update(buf);
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
    this.written += buf.length;
  }

  /** Writes what is buffered and closes the file; it keeps its temporary name. */
  close(): WrittenFile {
    if (this.result) return this.result;
    this.flush();
    closeSync(this.fd!);
    this.fd = null;
    this.result = { path: this.finalPath, bytes: this.written, sha256: this.hash.digest('hex') };
    return this.result;
  }

  /** Moves the closed file to its final name (replacing a file of that name: the user chose it). */
  commit(): void {
    renameSync(this.tempPath, this.finalPath);
  }

  /** Closes and removes the temporary file; safe to call at any point, more than once. */
  discard(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        // already closed by a failed write
      }
      this.fd = null;
    }
    rmSync(this.tempPath, { force: true });
  }
}
