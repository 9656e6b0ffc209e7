// A file being written by an export: buffered, hashed and counted as it goes, under a temporary
// name in the target folder until `commit` renames it into place.
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { closeSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { processAlive } from '../process-alive';

const BUFFER_BYTES = 1 << 20;

/**
 * [Note: temporary files carry their owner] A file or folder being written is named
 * `.prelabel-tmp-<pid>-<random>-<final name>`: hidden, in the target folder (so that the final
 * rename never crosses file systems), recognisable as Prelabel's and naming the process that
 * writes it. A process killed midway (SIGKILL, power cut) cannot remove it, so whoever starts an
 * export in a folder, and the browser-mode server when it starts, removes those whose process is
 * gone (removeDeadTemporaries): they hold full texts. Names from before this scheme
 * (`.<name>.<random>.prelabel-tmp`, no owner) go once untouched for an hour.
 */
export const TEMP_PREFIX = '.prelabel-tmp-';
const OWNED = /^\.prelabel-tmp-(\d+)-[0-9a-f]{12}-/;
const LEGACY = /^\..*\.[0-9a-f]{12}\.prelabel-tmp$/;
const LEGACY_AGE_MS = 60 * 60 * 1000;
// The final name is only a hint for a person looking at the folder: cut to stay under NAME_MAX.
const HINT_CHARS = 80;

/** The temporary name of a file (or folder) being written by this process. */
export function temporaryPath(finalPath: string): string {
  const hint = [...basename(finalPath)].slice(0, HINT_CHARS).join('');
  return join(dirname(finalPath), `${TEMP_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}-${hint}`);
}

/** Removes the temporary files and folders in `dir` whose writing process is gone; returns their
 * names. Best effort: a folder that cannot be read or an entry that cannot be removed is left. */
export function removeDeadTemporaries(dir: string, now = Date.now()): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const owner = OWNED.exec(name);
    let dead = owner ? !processAlive(Number(owner[1])) : false;
    if (!owner && LEGACY.test(name)) {
      try {
        dead = now - statSync(join(dir, name)).mtimeMs > LEGACY_AGE_MS;
      } catch {
        dead = false;
      }
    }
    if (!dead) continue;
    try {
      rmSync(join(dir, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // removed by someone else meanwhile, or not ours to remove
    }
  }
  return removed;
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
