import { describe, expect, it } from 'vitest';
import { ProgressMeter, type DownloadProgress } from './download-progress';

function meter(total = 10_000_000) {
  let t = 0;
  const events: DownloadProgress[] = [];
  const m = new ProgressMeter(total, 2, { emit: (p) => events.push(p), now: () => t });
  return { m, events, advance: (ms: number) => (t += ms) };
}

describe('ProgressMeter', () => {
  it('emits at most five byte-count events a second however many chunks arrive', () => {
    const { m, events, advance } = meter();
    m.startFile('a', 0, 10_000_000);
    const before = events.length;
    for (let i = 0; i < 1000; i++) {
      advance(2); // 1,000 chunks in 2 seconds
      m.add(1000);
    }
    expect(events.length - before).toBeLessThanOrEqual(10);
    expect(events.length - before).toBeGreaterThanOrEqual(9);
  });

  it('reports speed as a moving average over the last seconds, and the time left', () => {
    const { m, events, advance } = meter(10_000_000);
    m.startFile('a', 0, 10_000_000);
    for (let i = 0; i < 20; i++) {
      advance(100);
      m.add(100_000); // 1 MB/s
    }
    expect(events.at(-1)).toMatchObject({ bytes: 2_000_000, bytesPerSecond: 1_000_000, etaSeconds: 8 });
    for (let i = 0; i < 80; i++) {
      advance(100);
      m.add(50_000); // slows to 0.5 MB/s; after 5 s the first second no longer counts
    }
    const last = events.at(-1)!;
    expect(last.bytesPerSecond).toBe(500_000);
    expect(last.etaSeconds).toBe(Math.ceil((10_000_000 - last.bytes) / 500_000));
  });

  it('leaves the speed unknown until a quarter second has passed', () => {
    const { m, events, advance } = meter();
    m.startFile('a', 0, 1000);
    advance(10);
    m.phase('downloading');
    expect(events.at(-1)).toMatchObject({ bytesPerSecond: null, etaSeconds: null });
  });

  it('counts resumed bytes as done but not as speed, and rewinds when a transfer starts over', () => {
    const { m, events, advance } = meter(1_000_000);
    m.startFile('a', 0, 1_000_000);
    m.setFileBytes(600_000); // resumed from disk
    advance(1000);
    m.add(100_000);
    expect(events.at(-1)).toMatchObject({ bytes: 700_000, fileBytes: 700_000, bytesPerSecond: 100_000, etaSeconds: 3 });
    m.setFileBytes(0); // the server ignored Range
    m.phase('downloading');
    expect(events.at(-1)).toMatchObject({ bytes: 0, fileBytes: 0 });
  });

  it('corrects the total when the server tells a file size the manifest did not know', () => {
    const { m, events } = meter(1000);
    m.startFile('a', 0, 1000);
    m.resizeFile(1500);
    m.add(1500);
    m.phase('done');
    expect(events.at(-1)).toMatchObject({ phase: 'done', bytes: 1500, total: 1500, etaSeconds: 0 });
  });
});
