// The peak resident memory of this process since it started, in MB.
//
// [Note: maxRSS after a spawn] process.resourceUsage().maxRSS is getrusage's ru_maxrss, which Linux
// keeps across execve: a child spawned (fork, then exec) by a parent holding 500 MB starts with a
// ru_maxrss of 500 MB, whatever it uses itself. bench-import.ts holds a million sampled rows when it
// spawns its importing child, so the child's "peak" was the parent's. VmHWM in /proc/self/status
// is the high-water mark of this process image alone; maxRSS is the fallback where /proc is absent.
import { readFileSync } from 'node:fs';

export function peakRssMb(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}
