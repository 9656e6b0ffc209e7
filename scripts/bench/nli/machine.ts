// The machine a benchmark ran on, and how busy it was with other work.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { physicalCores } from '../../../main/core/nli/inference/cpu-cores';

export interface Machine {
  cpu: string;
  logicalCpus: number;
  physicalCores: number;
  flags: string[];
  memoryGiB: number;
  node: string;
  onnxruntime: string;
  transformers: string;
  os: string;
  date: string;
}

/** A package's version from its package.json, found upwards of its entry (exports maps may hide it). */
function packageVersion(name: string): string {
  try {
    let dir = dirname(createRequire(__filename).resolve(name));
    for (; dir !== dirname(dir); dir = dirname(dir)) {
      const file = join(dir, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name) return pkg.version ?? 'unknown';
    }
  } catch {
    // not installed
  }
  return 'not installed';
}

export function describeMachine(): Machine {
  let cpu = cpus()[0]?.model ?? 'unknown CPU';
  let flags: string[] = [];
  let os = `${process.platform} ${process.arch}`;
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    cpu = /model name\s*:\s*(.*)/.exec(info)?.[1]?.trim() ?? cpu;
    const all = /flags\s*:\s*(.*)/.exec(info)?.[1]?.split(/\s+/) ?? [];
    flags = all.filter((f) => /^(avx2|avx512f|avx512_vnni|avx_vnni|avx512_bf16|amx\w*|fma)$/.test(f));
  } catch {
    // not Linux
  }
  try {
    os = /PRETTY_NAME="([^"]*)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os;
  } catch {
    // no os-release
  }
  return {
    cpu,
    logicalCpus: availableParallelism(),
    physicalCores: physicalCores(),
    flags,
    memoryGiB: totalmem() / 2 ** 30,
    node: process.version,
    onnxruntime: packageVersion('onnxruntime-node'),
    transformers: packageVersion('@huggingface/transformers'),
    os,
    date: new Date().toISOString().slice(0, 10),
  };
}

function cpuTimes(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = line[3]! + (line[4] ?? 0);
    const total = line.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** Share of all CPUs busy over `ms` (0..1), or null where /proc/stat is missing. */
export async function cpuBusy(ms: number): Promise<number | null> {
  const a = cpuTimes();
  await new Promise((r) => setTimeout(r, ms));
  const b = cpuTimes();
  if (!a || !b || b.total === a.total) return null;
  return (b.busy - a.busy) / (b.total - a.total);
}

/** A CPU-usage sampler over an interval: start() then stop() gives the busy share meanwhile. */
export function busySampler(): { stop(): number | null } {
  const a = cpuTimes();
  return {
    stop() {
      const b = cpuTimes();
      if (!a || !b || b.total === a.total) return null;
      return (b.busy - a.busy) / (b.total - a.total);
    },
  };
}

export function load1(): number {
  return loadavg()[0]!;
}

/** CPU ticks of a process and its live descendants (reaped children count in the parent's cutime/cstime). */
function treeTicks(root: number): number | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const d of entries) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // After the command: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14).
      parent.set(Number(d), Number(f[1]));
      ticks.set(Number(d), Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]));
    } catch {
      // exited meanwhile
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = parent.get(p) ?? 0, hops++) if (p === root) return true;
    return false;
  };
  let sum = 0;
  for (const [pid, t] of ticks) if (inTree(pid)) sum += t;
  return sum;
}

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in ticks of 10 ms. */
const TICK_MS = 10;

/**
 * CPU time (ms) a process and its descendants have used so far (live ones, and reaped ones through
 * the parent's cutime/cstime), or null where /proc is missing. The difference over a run is the
 * CPU the run cost, whatever else the machine was doing: on a shared machine that stays
 * comparable where wall time does not.
 */
export function processTreeCpuMs(root: number): number | null {
  const t = treeTicks(root);
  return t === null ? null : t * TICK_MS;
}

/** The 1, 5 and 15 minute load averages, as uptime prints them. */
export function loadAverages(): string {
  return loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
}

/**
 * How much CPU other processes used while a benchmark process (and its children) ran: sampled
 * every 500 ms as all CPU ticks minus the tree's. The result is in cores (2 = both cores busy).
 */
export function otherLoadMonitor(root: number): { stop(): number | null } {
  let last = { cpu: cpuTimes(), tree: treeTicks(root) };
  let other = 0;
  let total = 0;
  const cpusN = availableParallelism();
  const sample = () => {
    const now = { cpu: cpuTimes(), tree: treeTicks(root) };
    if (now.cpu && last.cpu && now.tree !== null && last.tree !== null) {
      const dBusy = now.cpu.busy - last.cpu.busy;
      const dTotal = now.cpu.total - last.cpu.total;
      other += Math.max(0, dBusy - Math.max(0, now.tree - last.tree));
      total += dTotal;
    }
    last = now;
  };
  const timer = setInterval(sample, 500);
  return {
    stop() {
      clearInterval(timer);
      return total > 0 ? (other / total) * cpusN : null;
    },
  };
}

/** Waits (up to `maxMs`) until other work leaves the CPU at most `threshold` busy over a second. */
export async function waitForQuiet(maxMs: number, threshold = 0.1): Promise<{ waitedMs: number; busy: number | null }> {
  const start = performance.now();
  let busy = await cpuBusy(1000);
  while (busy !== null && busy > threshold && performance.now() - start < maxMs) busy = await cpuBusy(1000);
  return { waitedMs: performance.now() - start, busy };
}
