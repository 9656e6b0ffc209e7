// The precision-recall curve, its average precision and the threshold rules: against scikit-learn
// (scripts/stats/make_threshold_fixtures.py) and on planted signal, where the F1-optimal threshold
// is known by construction.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../seeded-random';
import { atThreshold, chooseThreshold, precisionRecallCurve } from './pr-curve';

interface FixtureCase {
  name: string;
  scores: number[];
  truth: boolean[];
  points: Array<{ threshold: number; precision: number; recall: number }>;
  averagePrecision: number;
  bestF1: number;
  bestF1Threshold: number;
}
const fixtures = JSON.parse(readFileSync(join(__dirname, '__fixtures__', 'threshold-fixtures.json'), 'utf8')) as {
  versions: { sklearn: string };
  cases: FixtureCase[];
};

describe(`precision-recall curves against scikit-learn ${fixtures.versions.sklearn}`, () => {
  for (const c of fixtures.cases) {
    it(`${c.name}: every point of precision_recall_curve, average_precision_score and the brute-force F1 optimum`, () => {
      const curve = precisionRecallCurve(c.scores, c.truth);
      expect(curve.points.length).toBe(c.points.length);
      curve.points.forEach((p, i) => {
        const e = c.points[i]!;
        expect(p.threshold).toBe(e.threshold);
        expect(Math.abs(p.precision - e.precision)).toBeLessThanOrEqual(1e-12);
        expect(Math.abs(p.recall - e.recall)).toBeLessThanOrEqual(1e-12);
      });
      expect(Math.abs(curve.averagePrecision! - c.averagePrecision)).toBeLessThanOrEqual(1e-12);
      const chosen = chooseThreshold(curve, { kind: 'maxF1' });
      expect(chosen.point!.threshold).toBe(c.bestF1Threshold);
      expect(Math.abs(chosen.point!.f1 - c.bestF1)).toBeLessThanOrEqual(1e-12);
      // The point's numbers are those of labelling at its threshold, counted directly.
      const direct = atThreshold(c.scores, c.truth, chosen.point!.threshold);
      expect(direct.tp).toBe(chosen.point!.tp);
      expect(direct.fp).toBe(chosen.point!.fp);
    });
  }
});

/** Seeded scores: positives drawn in [lo, hi), negatives below `gap`; `flip` of the truths inverted. */
function planted(seed: number, n: number, opts: { lo: number; hi: number; gap: number }) {
  const rnd = mulberry32(seed);
  const scores: number[] = [];
  const truth: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const pos = rnd() < 0.3;
    truth.push(pos);
    scores.push(pos ? opts.lo + (opts.hi - opts.lo) * rnd() : opts.gap * rnd());
  }
  return { scores, truth };
}

describe('planted signal: the tuned threshold reaches the F1 optimum', () => {
  it('a label whose scores are biased low (every positive below 0.5): 0.5 gives F1 0, the tuned threshold F1 1 at the lowest positive score', () => {
    const { scores, truth } = planted(7, 500, { lo: 0.2, hi: 0.45, gap: 0.15 });
    expect(atThreshold(scores, truth, 0.5).f1).toBe(0);
    const chosen = chooseThreshold(precisionRecallCurve(scores, truth), { kind: 'maxF1' });
    const lowestPositive = Math.min(...scores.filter((_, i) => truth[i]));
    expect(chosen.point!.threshold).toBe(lowestPositive);
    expect(chosen.point!.f1).toBe(1);
    expect(chosen.point!.threshold).toBeGreaterThan(0.15);
  });

  it('overlapping classes: the optimum is the planted cut, and a target precision or recall is met with the best other side', () => {
    // Positives uniform on [0.3, 0.9), negatives uniform on [0, 0.4) at twice their number: in the
    // overlap [0.3, 0.4) a negative is about 1.8 times as likely as a positive at any score, so
    // the F1 optimum lies near 0.4 (the top of the negatives).
    const rnd = mulberry32(11);
    const scores: number[] = [];
    const truth: boolean[] = [];
    for (let i = 0; i < 3000; i++) {
      const pos = i % 3 === 0;
      truth.push(pos);
      scores.push(pos ? 0.3 + 0.6 * rnd() : 0.4 * rnd());
    }
    const curve = precisionRecallCurve(scores, truth);
    const chosen = chooseThreshold(curve, { kind: 'maxF1' }).point!;
    expect(chosen.threshold).toBeGreaterThan(0.37);
    expect(chosen.threshold).toBeLessThanOrEqual(0.4);
    // The maximum over every cut, counted directly, is the chosen point's F1.
    const best = Math.max(...[...new Set(scores)].map((t) => atThreshold(scores, truth, t).f1));
    expect(chosen.f1).toBe(best);
    const p = chooseThreshold(curve, { kind: 'targetPrecision', value: 0.95 }).point!;
    expect(p.precision).toBeGreaterThanOrEqual(0.95);
    expect(curve.points.filter((q) => q.precision >= 0.95).every((q) => q.recall <= p.recall)).toBe(true);
    const r = chooseThreshold(curve, { kind: 'targetRecall', value: 0.99 }).point!;
    expect(r.recall).toBeGreaterThanOrEqual(0.99);
    expect(curve.points.filter((q) => q.recall >= 0.99).every((q) => q.precision <= r.precision)).toBe(true);
  });

  it('no threshold where nothing can be tuned, with the reason', () => {
    expect(chooseThreshold(precisionRecallCurve([0.2, 0.4], [false, false]), { kind: 'maxF1' }).reason).toMatch(
      /No coded document has this label/,
    );
    expect(chooseThreshold(precisionRecallCurve([0.2, 0.4], [true, true]), { kind: 'maxF1' }).reason).toMatch(/Every coded document/);
    expect(chooseThreshold(precisionRecallCurve([0.9, 0.1], [false, true]), { kind: 'targetPrecision', value: 0.9 }).reason).toMatch(
      /precision of 0.9/,
    );
    expect(precisionRecallCurve([], []).points).toEqual([]);
  });
});
