// Coverage of alpha's bootstrap interval (units resampled) in a seeded simulation. Documents get a
// true label (shares 0.5, 0.3, 0.2); each coder gives it with probability `accuracy`, else a label at
// random, and skips a document with probability `missing`. The target is the population alpha: alpha
// of 200,000 simulated documents. Each repetition draws a reliability sample of n documents and asks
// whether its 95% interval (B = 1,000) holds the target.
// In CI 300 repetitions per setting: the Monte Carlo standard error of a 95% coverage is 1.3 points,
// so the band is 90-99%. The full run, whose numbers are in docs/STATISTICS.md:
//   ALPHA_COVERAGE_REPETITIONS=2000 npx vitest run main/core/stats/krippendorff-coverage.test.ts
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../seeded-random';
import { alphaBootstrap } from './krippendorff-bootstrap';
import { krippendorffAlpha } from './krippendorff';

const labels = ['a', 'b', 'c'];
const shares = [0.5, 0.3, 0.2];

function simulate(rng: () => number, n: number, coders: number, accuracy: number, missing: number): (string | null)[][] {
  return Array.from({ length: n }, () => {
    const u = rng();
    const truth = u < shares[0]! ? 0 : u < shares[0]! + shares[1]! ? 1 : 2;
    return Array.from({ length: coders }, () => {
      if (rng() < missing) return null;
      return labels[rng() < accuracy ? truth : Math.floor(rng() * labels.length)]!;
    });
  });
}

const repetitions = Number(process.env.ALPHA_COVERAGE_REPETITIONS ?? 300);
const settings = [
  { n: 100, coders: 2, accuracy: 0.8, missing: 0 },
  { n: 100, coders: 3, accuracy: 0.7, missing: 0.15 },
  { n: 300, coders: 2, accuracy: 0.6, missing: 0.1 },
];

describe(`alpha's bootstrap interval covers the population alpha (${repetitions} repetitions per setting, seeded)`, () => {
  for (const s of settings)
    it(`n = ${s.n}, ${s.coders} coders, accuracy ${s.accuracy}, missing ${s.missing}`, () => {
      const target = krippendorffAlpha(simulate(mulberry32(99), 200_000, s.coders, s.accuracy, s.missing), { level: 'nominal' }).alpha!;
      const rng = mulberry32(20261207);
      let covered = 0;
      let width = 0;
      for (let r = 0; r < repetitions; r++) {
        const a = alphaBootstrap(
          simulate(rng, s.n, s.coders, s.accuracy, s.missing),
          { level: 'nominal', categories: labels },
          {
            replicates: 1000,
            seed: r + 1,
          },
        );
        if (a.interval.lower! <= target && target <= a.interval.upper!) covered++;
        width += a.interval.upper! - a.interval.lower!;
      }
      const coverage = covered / repetitions;
      console.log(
        `n=${s.n} coders=${s.coders} accuracy=${s.accuracy} missing=${s.missing}: population alpha ${target.toFixed(4)},` +
          ` coverage ${(coverage * 100).toFixed(1)}%, mean width ${(width / repetitions).toFixed(3)}`,
      );
      expect(coverage).toBeGreaterThanOrEqual(0.9);
      expect(coverage).toBeLessThanOrEqual(0.99);
    }, 120_000);
});
