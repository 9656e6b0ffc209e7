// Planted signal: stored logits whose truth is known (seeded). The calibrated classifier recovers the
// planted mapping (a swapped pair of labels, a label biased upwards, a label that is noise) and beats
// raw zero-shot on held-out documents where raw is swapped or biased, by more than its interval.
import { describe, expect, it } from 'vitest';
import { calibrationBenefit } from './benefit';
import { crossValidate, fitCalibration, rawScores } from './classifier';
import { plantedSet } from './test-support/planted';
import { classificationReport } from '../stats';

const all = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('calibration recovers planted signal (single-label)', () => {
  const set = plantedSet({ n: 1200, kinds: ['biased', 'swapped', 'swapped', 'informative', 'noise'], seed: 11 });
  const k = set.labelIds.length;

  it('learns the swapped pair: each class weighs the other label’s evidence most', () => {
    const model = fitCalibration(set, all(set.documents.length));
    expect(model.classes).toEqual([0, 1, 2, 3, 4]);
    const w = model.multinomial!.weights;
    // Features are [e_0, c_0, e_1, c_1, ...]; a label's evidence for a class is the weight on its
    // entailment minus the weight on its contradiction (the two are correlated, so only their
    // contrast is identified).
    const evidence = (cls: number, j: number): number => w[cls]![2 * j]! - w[cls]![2 * j + 1]!;
    const strongest = (cls: number): number => all(5).reduce((best, j) => (evidence(cls, j) > evidence(cls, best) ? j : best), 0);
    expect(strongest(0)).toBe(0);
    expect(strongest(1)).toBe(2);
    expect(strongest(2)).toBe(1);
    expect(strongest(3)).toBe(3);
    // The noise label's own logits carry nothing: its class weighs them far less than the
    // informative label's class weighs its own.
    expect(Math.abs(evidence(4, 4))).toBeLessThan(0.25 * evidence(3, 3));
  });

  it('beats raw zero-shot on held-out documents, with intervals above zero', () => {
    const cv = crossValidate(set, { folds: 5, seed: 3 });
    const raw = rawScores(set.features, false);
    const b = calibrationBenefit(set.truth, raw, cv.probabilities, k, false, { replicates: 500, seed: 5 });
    expect(b.n).toBe(1200);
    expect(b.calibrated.accuracy.estimate!).toBeGreaterThan(b.raw.accuracy.estimate! + 0.2);
    expect(b.difference.accuracy.lower!).toBeGreaterThan(0);
    expect(b.difference.macroF1.lower!).toBeGreaterThan(0);
    // Point estimates against the stats module's classification report (checked against sklearn).
    const names = set.labelIds;
    const argmax = (p: Float64Array, i: number): string => names[all(k).reduce((b2, j) => (p[i * k + j]! > p[i * k + b2]! ? j : b2), 0)]!;
    const truth = set.truth.map((t) => names[t[0]!]!);
    const rep = classificationReport(
      truth,
      all(1200).map((i) => argmax(cv.probabilities, i)),
      names,
    );
    expect(b.calibrated.accuracy.estimate!).toBeCloseTo(rep.accuracy, 12);
    expect(b.calibrated.macroF1.estimate!).toBeCloseTo(rep.macro.f1, 12);
    const repRaw = classificationReport(
      truth,
      all(1200).map((i) => argmax(raw, i)),
      names,
    );
    expect(b.raw.macroF1.estimate!).toBeCloseTo(repRaw.macro.f1, 12);
  });

  it('removes the bias: the biased label is predicted about as often as it is true', () => {
    const cv = crossValidate(set, { folds: 5, seed: 3 });
    const raw = rawScores(set.features, false);
    const share = (p: Float64Array): number => all(1200).filter((i) => all(k).every((j) => p[i * k]! >= p[i * k + j]!)).length / 1200;
    const truthShare = set.truth.filter((t) => t[0] === 0).length / 1200;
    expect(share(raw)).toBeGreaterThan(truthShare + 0.3);
    expect(Math.abs(share(cv.probabilities) - truthShare)).toBeLessThan(0.05);
  });

  it('on clean informative labels it does not do worse than raw beyond noise', () => {
    const clean = plantedSet({ n: 1000, kinds: ['informative', 'informative', 'informative'], seed: 12 });
    const cv = crossValidate(clean, { folds: 5, seed: 3 });
    const b = calibrationBenefit(clean.truth, rawScores(clean.features, false), cv.probabilities, 3, false, { replicates: 500, seed: 5 });
    expect(b.difference.accuracy.upper!).toBeGreaterThan(0);
    expect(b.difference.accuracy.estimate!).toBeGreaterThan(-0.03);
  });
});

describe('calibration recovers planted signal (multi-label, one binary model per label)', () => {
  const set = plantedSet({ n: 1000, kinds: ['swapped', 'swapped', 'biased', 'informative'], seed: 21, multiLabel: true });
  it('learns each label from its planted evidence and beats raw', () => {
    const model = fitCalibration(set, all(1000));
    const strongest = (label: number): number => {
      const b = model.binaries[label]!;
      if ('constant' in b) throw new Error('constant model');
      return b.weights.reduce((best, v, f) => (Math.abs(v) > Math.abs(b.weights[best]!) ? f : best), 0);
    };
    // Swapped: label 0 is told by label 1's logits and the reverse (entailment or contradiction).
    expect(Math.floor(strongest(0) / 2)).toBe(1);
    expect(Math.floor(strongest(1) / 2)).toBe(0);
    expect(Math.floor(strongest(3) / 2)).toBe(3);
    const cv = crossValidate(set, { folds: 5, seed: 3 });
    const b = calibrationBenefit(set.truth, rawScores(set.features, true), cv.probabilities, 4, true, { replicates: 500, seed: 5 });
    expect(b.difference.macroF1.lower!).toBeGreaterThan(0);
    expect(b.difference.accuracy.lower!).toBeGreaterThan(0);
  });
});
