// Whether a process of this machine still runs: used to tell a lock or a cache left by a dead
// process (import locks, settings locks, optimised-model caches) from one still in use.

/** True while a process with this id exists (EPERM: it exists but belongs to another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
