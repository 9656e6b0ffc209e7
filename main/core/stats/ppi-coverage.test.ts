// The prevalence intervals' coverage in a smaller run of the seeded simulation
// (scripts/stats/ppi-simulation.ts; the full run, 2,000 repetitions, is scripts/stats/ppi-coverage.ts
// and its numbers are in docs/STATISTICS.md). With 400 repetitions the Monte Carlo standard error of
// a 95% coverage is sqrt(0.95 * 0.05 / 400) = 1.1 points, so the accepted band here is 91-99%
// (about 3.5 standard errors each side) instead of the full run's 93-97%; the naive count, biased
// by the model's planted errors, must cover in fewer than 20% of repetitions.
import { describe, expect, it } from 'vitest';
import { simulateCoverage } from '../../../scripts/stats/ppi-simulation';

describe('prevalence coverage simulation (400 repetitions, N = 20,000, n = 300)', () => {
  for (const mode of ['fixed-corpus', 'new-corpus'] as const) {
    it(`${mode}: PPI covers 91-99%, the naive model count misses`, () => {
      const rows = simulateCoverage({ corpusSize: 20000, sampleSize: 300, repetitions: 400, seed: 7, confidence: 0.95, mode });
      for (const r of rows) {
        expect(r.coverage.ppi, `${r.label} PPI`).toBeGreaterThanOrEqual(0.91);
        expect(r.coverage.ppi, `${r.label} PPI`).toBeLessThanOrEqual(0.99);
        expect(r.coverage.ppiCorpus, `${r.label} PPI (corpus)`).toBeGreaterThanOrEqual(0.91);
        expect(r.coverage.ppiCorpus, `${r.label} PPI (corpus)`).toBeLessThanOrEqual(0.99);
        expect(r.coverage.ppiTuned, `${r.label} PPI++`).toBeGreaterThanOrEqual(0.91);
        expect(r.coverage.ppiTuned, `${r.label} PPI++`).toBeLessThanOrEqual(0.99);
        expect(r.coverage.naive, `${r.label} naive`).toBeLessThan(0.2);
        expect(Math.abs(r.modelShare - r.truth), `${r.label}: the planted errors bias the model's share`).toBeGreaterThan(0.01);
      }
    });
  }
});
