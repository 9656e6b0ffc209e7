// How many threads one onnxruntime session should use: the physical cores, because NLI inference
// is compute-bound and hyper-threads share one core's vector units (MODEL.md: set
// intraOpNumThreads explicitly).
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** Physical cores of this machine, at least 1. Linux reads /proc/cpuinfo; elsewhere a guess. */
export function physicalCores(): number {
  const logical = Math.max(1, availableParallelism());
  if (process.platform === 'linux') {
    try {
      const cores = new Set<string>();
      let physical = '0';
      for (const line of readFileSync('/proc/cpuinfo', 'utf8').split('\n')) {
        const [key, value] = line.split(':').map((s) => s.trim());
        if (key === 'physical id') physical = value ?? '0';
        else if (key === 'core id') cores.add(`${physical}/${value}`);
      }
      // availableParallelism honours the CPU affinity mask (containers, taskset): never exceed it.
      if (cores.size > 0) return Math.max(1, Math.min(cores.size, logical));
    } catch {
      // no /proc: fall through to the guess
    }
    return logical;
  }
  // Apple Silicon has no SMT; Intel Macs and most Windows x64 machines have two threads a core.
  if (process.platform === 'darwin' && process.arch === 'arm64') return logical;
  return Math.max(1, Math.floor(logical / 2));
}
