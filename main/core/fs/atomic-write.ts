// Writing the app data folder's small shared files (recent projects, settings, the model registry,
// the hash cache) so that any number of processes may write them at once: no writer fails because
// of another, and no reader ever sees a torn file.
//
// [Note: atomic settings writes] Every write goes to a temporary file with a name of its own (pid
// and random bytes) in the same folder, is flushed to disk and then renamed over the file; a rename
// is atomic, so a reader sees the old or the new content, never a mix. (One fixed temporary name
// made parallel commands rename each other's file away: ENOENT.) Read-modify-write updates
// (`updateFile`) run under a short lock file, `<file>.lock`, created exclusively, so that two
// processes do not lose each other's change. The lock is a courtesy, not a condition: a lock left
// by a process that died (its pid is gone, or it is older than LOCK_STALE_MS) is taken over, and a
// writer whose lock one live holder keeps for LOCK_WAIT_MS writes anyway (last writer wins; [Note: lock wait]), because a
// settings file must never stop a command. Taking over a stale lock can, in a rare race, let two
// writers in at once; the rename still keeps the file whole.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { PrelabelError } from '../../../common/contract';
import { processAlive } from '../process-alive';

/** How long one live holder may keep the lock before a writer goes ahead without it ([Note: lock wait]):
 * a read-modify-write of a small file takes milliseconds, but a process can wait seconds for a core
 * when a hundred start at once on two cores. */
export const LOCK_WAIT_MS = 5_000;
export const LOCK_STALE_MS = 10_000;
const STALE_CHECK_MS = 200;
/** Windows refuses a rename over a file another process has open for a moment; retried this long. */
const RENAME_RETRY_MS = 1_000;

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/** A temporary name beside `file`, unique to this process and this write. */
export function temporaryName(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

function cannotWrite(file: string, err: unknown): PrelabelError {
  const code = (err as NodeJS.ErrnoException)?.code ?? (err instanceof Error ? err.message : String(err));
  const permission = code === 'EACCES' || code === 'EPERM' || code === 'EROFS';
  return new PrelabelError(
    permission ? 'FORBIDDEN' : 'INTERNAL',
    `Could not save ${file} (${code}). ${permission ? 'Prelabel may not write to that folder; check its permissions.' : 'Check that the disk has space and the folder exists.'}`,
  );
}

export interface AtomicWriteOptions {
  /** The file's mode (before the umask); 0o600 for files that hold names or text. Default 0o644. The
   * temporary file is created with it, so the content is never readable by others, not even before the rename. */
  mode?: number;
}

/** Writes `data` to `file` atomically (temporary file, flush, rename). Throws a PrelabelError. */
export function writeFileAtomic(file: string, data: string | Buffer, options: AtomicWriteOptions = {}): void {
  const tmp = temporaryName(file);
  try {
    mkdirSync(dirname(file), { recursive: true });
    const fd = openSync(tmp, 'wx', options.mode ?? 0o644);
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameWithRetry(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err instanceof PrelabelError ? err : cannotWrite(file, err);
  }
  removeDeadTemporaries(file);
}

/** Removes the temporary files of `file` that writers killed mid-write left (their pid is gone):
 * nothing else would, and each holds a copy of the file (found by the kill harness, main/core/fault). */
export function removeDeadTemporaries(file: string): void {
  const prefix = `.${basename(file)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(file));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)\.[0-9a-f]{12}\.tmp$/.exec(name.slice(prefix.length));
    if (m && Number(m[1]) !== process.pid && !processAlive(Number(m[1]))) rmSync(join(dirname(file), name), { force: true });
  }
}

function renameWithRetry(from: string, to: string): void {
  const deadline = Date.now() + RENAME_RETRY_MS;
  for (;;) {
    try {
      return renameSync(from, to);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (!(code === 'EPERM' || code === 'EACCES' || code === 'EBUSY') || process.platform !== 'win32' || Date.now() > deadline) throw err;
      sleep(10);
    }
  }
}

/** Whether the process that wrote a lock is surely gone (only known for this machine). */
function ownerGone(content: string): boolean {
  const [pid, host] = content.split(' ');
  if (host !== hostname() || !/^\d+$/.test(pid ?? '')) return false;
  return !processAlive(Number(pid));
}

/**
 * Who holds the lock now (its token); when that holder is surely gone (or too old) the lock is taken
 * away, and `tookOver` says so. Null when the lock is gone meanwhile (the next try takes it).
 *
 * [Note: stale lock takeover] The holder is judged from one open file: its content and its inode
 * come from the same descriptor. The lock is then moved aside and removed only if what was moved is
 * that inode (kept alive by the open descriptor, so no new lock can have its number). Reading the
 * path twice let a writer judge the old holder's token (gone: it had released and exited), while a
 * new holder's lock already stood under the path, and remove the new lock: two writers inside at
 * once, one update lost (seen once in a hundred appends). A live lock moved by mistake is put back
 * with a hard link; only a lock created in the microseconds between the move and the link could
 * then stand beside it.
 */
function holder(lock: string): { token: string; tookOver: boolean } | null {
  let fd: number;
  try {
    fd = openSync(lock, 'r');
  } catch {
    return null;
  }
  try {
    const judged = fstatSync(fd);
    const token = readFileSync(fd, 'utf8');
    const stale = Date.now() - judged.mtimeMs > LOCK_STALE_MS || ownerGone(token);
    if (!stale) return { token, tookOver: false };
    // Moved aside under a name of our own: of several processes that found it stale at once, only
    // one can move it.
    const aside = `${lock}.${randomBytes(6).toString('hex')}.stale`;
    try {
      renameSync(lock, aside);
    } catch {
      return { token, tookOver: false }; // another process took it over first
    }
    const moved = statSync(aside);
    if (moved.ino !== judged.ino || moved.dev !== judged.dev) {
      try {
        linkSync(aside, lock); // a live holder's lock: back where its holder will look for it
      } catch {
        // a new lock stands there already ([Note: stale lock takeover])
      }
    }
    rmSync(aside, { force: true });
    return { token, tookOver: true };
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/**
 * Takes `<file>.lock`; returns its token, or null when one holder kept it for `waitMs`.
 *
 * [Note: lock wait] The wait is counted per holder, not in all: while the lock changes hands, the
 * writers ahead are making progress, and this one waits its turn (a hundred writers on a loaded
 * machine can take longer than a few seconds in all; counted in all, the last ones would write without
 * the lock). Only a holder that keeps the lock for `waitMs` (alive, but stuck) makes this writer go
 * ahead without it.
 */
function acquire(lock: string, waitMs: number): string | null {
  const token = `${process.pid} ${hostname()} ${randomBytes(8).toString('hex')}`;
  let deadline = Date.now() + waitMs;
  let seen: string | null = null;
  let nextStaleCheck = 0;
  let pause = 1;
  for (;;) {
    try {
      writeFileSync(lock, token, { flag: 'wx' });
      return token;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        mkdirSync(dirname(lock), { recursive: true });
        continue;
      }
      if (code !== 'EEXIST') return null; // a folder we cannot lock in: write without the lock
    }
    // Whether the holder is gone is asked now and then, not on every try: a hundred waiting
    // processes would otherwise keep the disk busy reading the lock.
    const now = Date.now();
    const held = now >= nextStaleCheck ? ((nextStaleCheck = now + STALE_CHECK_MS), holder(lock)) : undefined;
    if (held && held.token !== seen) {
      // [Note: lock wait] another holder since the last look: the queue moves, the wait starts again
      seen = held.token;
      deadline = now + waitMs;
    }
    if (held?.tookOver) continue;
    if (Date.now() >= deadline) return null;
    // Random, growing pauses: waiters spread out instead of waking together.
    pause = Math.min(pause * 2, 32);
    sleep(1 + Math.floor(Math.random() * pause));
  }
}

function release(lock: string, token: string): void {
  try {
    if (readFileSync(lock, 'utf8') === token) rmSync(lock, { force: true });
  } catch {
    // already gone (taken over as stale)
  }
}

/**
 * Reads `file` (null when it does not exist), lets `update` compute the new content and writes it
 * atomically, under the file's lock. `update` returns null to leave the file as it is. Returns what
 * `update` returned.
 */
export function updateFile(
  file: string,
  update: (current: string | null) => string | null,
  options: { waitMs?: number } & AtomicWriteOptions = {},
): string | null {
  const lock = `${file}.lock`;
  const token = acquire(lock, options.waitMs ?? LOCK_WAIT_MS);
  try {
    let current: string | null;
    try {
      current = readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw cannotWrite(file, err);
      current = null;
    }
    const next = update(current);
    if (next !== null) writeFileAtomic(file, next, { mode: options.mode });
    return next;
  } finally {
    if (token) release(lock, token);
  }
}
