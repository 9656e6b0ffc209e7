// How much of the machine other processes used while threads were measured: a thread choice
// timed while something else ran is not this machine's own ([Note: thread calibration]).
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

/** What the machine's load was while a thread choice was measured (stored with the choice). */
export interface MachineLoad {
  /** CPU other processes used meanwhile, in logical CPUs (1 = one CPU all the time). */
  otherCores: number;
  logicalCpus: number;
  /** Other processes used at least BUSY_SHARE of the machine: the timings are not the machine's own. */
  busy: boolean;
  /** 'proc-stat': Linux's CPU counters minus this process and the inference process; 'loadavg':
   * the one-minute load average before measuring (other systems); 'none': not measurable (Windows). */
  method: 'proc-stat' | 'loadavg' | 'none';
}

/** Cumulative CPU ticks: the machine's busy and total time, and this process's plus `pids`'. */
export interface CpuSnapshot {
  machineBusy: number;
  machineTotal: number;
  own: number;
}

export interface CpuProbe {
  /** null where the counters cannot be read (no /proc). */
  snapshot(pids: readonly number[]): CpuSnapshot | null;
  /** The one-minute load average (0 on Windows, which has none). */
  loadAverage(): number;
}

/** Other processes' share of the machine at or above which a measurement counts as busy. */
export const BUSY_SHARE = 0.1;

/** utime + stime of a process in clock ticks (0 when it is gone). */
function processTicks(pid: number | 'self'): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields count from after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** Linux's /proc counters, in the clock ticks that /proc/stat and /proc/PID/stat share. */
export const procStatProbe: CpuProbe = {
  snapshot(pids) {
    try {
      const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
      if (!line.startsWith('cpu ')) return null;
      // user nice system idle iowait irq softirq steal (guest time is already inside user)
      const v = line.trim().split(/\s+/).slice(1, 9).map(Number);
      if (v.length < 8 || v.some((x) => !Number.isFinite(x))) return null;
      const idle = v[3]! + v[4]!;
      const total = v.reduce((a, b) => a + b, 0);
      const own = processTicks('self') + pids.filter((p) => p !== process.pid).reduce((a, p) => a + processTicks(p), 0);
      return { machineBusy: total - idle, machineTotal: total, own };
    } catch {
      return null;
    }
  },
  loadAverage: () => loadavg()[0] ?? 0,
};

/** The probe the thread calibration uses; tests replace `probe` to make the machine quiet or busy. */
export const machineLoad: { probe: CpuProbe } = { probe: procStatProbe };

function judged(otherCores: number, logicalCpus: number, method: MachineLoad['method']): MachineLoad {
  const other = Math.max(0, otherCores);
  return { otherCores: Math.round(other * 100) / 100, logicalCpus, busy: other / logicalCpus >= BUSY_SHARE, method };
}

/**
 * Watches the machine's CPU over the timed parts of a measurement: `during(fn)` adds what other
 * processes used while fn ran (the machine's busy ticks minus this process's and `pids`'), and
 * `result()` says how busy the machine was. Without /proc the one-minute load average taken when
 * the watch began stands in (before measuring, so the measurement's own threads are not in it).
 */
export class LoadWatch {
  private other = 0;
  private total = 0;
  private readonly before: number;
  private readonly logicalCpus = Math.max(1, cpus().length);

  constructor(
    private readonly pids: () => readonly number[],
    private readonly probe: CpuProbe = machineLoad.probe,
  ) {
    this.before = probe.loadAverage();
  }

  async during<T>(fn: () => Promise<T>): Promise<T> {
    const a = this.probe.snapshot(this.pids());
    const value = await fn();
    const b = this.probe.snapshot(this.pids());
    if (a && b && b.machineTotal > a.machineTotal) {
      this.other += Math.max(0, b.machineBusy - a.machineBusy - (b.own - a.own));
      this.total += b.machineTotal - a.machineTotal;
    }
    return value;
  }

  result(): MachineLoad {
    if (this.total > 0) return judged((this.other / this.total) * this.logicalCpus, this.logicalCpus, 'proc-stat');
    if (this.before > 0) return judged(this.before, this.logicalCpus, 'loadavg');
    return { otherCores: 0, logicalCpus: this.logicalCpus, busy: false, method: 'none' };
  }
}

/** How busy the machine is now, over `ms` in which this process waits (before reusing a choice measured while busy). */
export async function loadNow(ms: number, pids: () => readonly number[], probe: CpuProbe = machineLoad.probe): Promise<MachineLoad> {
  const watch = new LoadWatch(pids, probe);
  await watch.during(() => new Promise((r) => setTimeout(r, ms)));
  return watch.result();
}
