// Bug: bench:import reported the memory of its parent as the importing child's peak (ru_maxrss
// survives execve). A child spawned by a process holding 400 MB must report its own peak.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const child = `
  const { peakRssMb } = require(${JSON.stringify(join(__dirname, 'peak-rss.ts'))});
  console.log(JSON.stringify({ own: peakRssMb(), maxRss: process.resourceUsage().maxRSS / 1024 }));
`;

describe.runIf(process.platform === 'linux')('bug: the bench child reported its parent memory as its peak', () => {
  it('peakRssMb is the child’s own high-water mark, not the parent’s', () => {
    const ballast = Buffer.alloc(400 * 1024 * 1024, 1);
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', child], { encoding: 'utf8' });
    expect(ballast[ballast.length - 1]).toBe(1);
    const { own, maxRss } = JSON.parse(r.stdout.trim()) as { own: number; maxRss: number };
    expect(maxRss).toBeGreaterThan(400);
    expect(own).toBeLessThan(200);
  });
});
