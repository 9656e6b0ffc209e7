// A stand-in for the machine's CPU counters in tests of the thread choice: the tests decide whether
// the machine is busy, whatever the machine that runs them is doing ([Note: thread calibration]).
import type { CpuProbe } from '../inference/machine-load';

/** A machine on which other processes use `share` of the CPU (0: quiet). */
export function machineUsedBy(share: number): CpuProbe {
  let t = 0;
  return {
    snapshot: () => {
      t += 1000;
      return { machineBusy: t * share, machineTotal: t, own: 0 };
    },
    loadAverage: () => 0,
  };
}
