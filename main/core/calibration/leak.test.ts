// Cross-validation never trains on a document it evaluates, nor on a blind validation sample's
// document: the folds keep a document's units together, and the guard refuses a fold that leaks
// (leaks are built on purpose here and go through the same crossValidate path).
import { describe, expect, it } from 'vitest';
import { crossValidate, fitCalibration } from './classifier';
import { assertNoLeak, stratifiedGroupFolds } from './folds';
import { plantedSet } from './test-support/planted';

describe('calibration folds', () => {
  it('keep every group in one fold, are stratified, balanced and seeded', () => {
    const set = plantedSet({ n: 600, kinds: ['informative', 'informative', 'noise'], seed: 2, perGroup: 3 });
    for (const seed of [1, 2, 3, 99]) {
      const fold = stratifiedGroupFolds(
        set.groups,
        set.truth.map((t) => t[0]!),
        5,
        seed,
      );
      const foldOfGroup = new Map<number, number>();
      set.groups.forEach((g, i) => {
        if (foldOfGroup.has(g)) expect(fold[i], `group ${g}`).toBe(foldOfGroup.get(g));
        foldOfGroup.set(g, fold[i]!);
      });
      const groupsPerFold = [0, 1, 2, 3, 4].map((f) => [...foldOfGroup.values()].filter((v) => v === f).length);
      expect(Math.max(...groupsPerFold) - Math.min(...groupsPerFold)).toBeLessThanOrEqual(1);
      expect(
        stratifiedGroupFolds(
          set.groups,
          set.truth.map((t) => t[0]!),
          5,
          seed,
        ),
      ).toEqual(fold);
    }
    const a = stratifiedGroupFolds(
      set.groups,
      set.truth.map((t) => t[0]!),
      5,
      1,
    );
    const b = stratifiedGroupFolds(
      set.groups,
      set.truth.map((t) => t[0]!),
      5,
      2,
    );
    expect(a).not.toEqual(b);
  });

  it('put every evaluated document out of its fold’s training rows', () => {
    const set = plantedSet({ n: 200, kinds: ['informative', 'swapped', 'swapped'], seed: 4, perGroup: 2 });
    const cv = crossValidate(set, { folds: 4, seed: 7 });
    for (let f = 0; f < 4; f++) {
      const evaluated = new Set(set.groups.filter((_, i) => cv.fold[i] === f));
      const trained = new Set(set.groups.filter((_, i) => cv.fold[i] !== f));
      for (const g of evaluated) expect(trained.has(g)).toBe(false);
    }
  });

  it('refuse a fold that splits a document’s units between training and evaluation', () => {
    const set = plantedSet({ n: 100, kinds: ['informative', 'noise'], seed: 5, perGroup: 2 });
    const fold = stratifiedGroupFolds(
      set.groups,
      set.truth.map((t) => t[0]!),
      5,
      1,
    );
    // The leak: the second unit of the first parent moves to another fold.
    const leaky = Int32Array.from(fold);
    leaky[1] = (leaky[0]! + 1) % 5;
    expect(() => crossValidate(set, { assignment: leaky })).toThrow(/leak: document 100[01] \(group 1000\) is in both/);
    expect(() => crossValidate(set, { assignment: fold })).not.toThrow();
  });

  it('refuse to train on a blind validation sample’s document', () => {
    const set = plantedSet({ n: 100, kinds: ['informative', 'noise'], seed: 6 }, new Set([1042]));
    expect(() => crossValidate(set, { folds: 5 })).toThrow(/document 1042 of a blind validation sample/);
    expect(() => fitCalibration(set, [41, 42, 43])).toThrow(/blind validation sample/);
    expect(() => assertNoLeak([0, 1], [2], [1, 2, 3], [10, 11, 12], new Set())).not.toThrow();
  });

  it('need two documents and two folds, in one line', () => {
    const one = plantedSet({ n: 1, kinds: ['informative', 'noise'], seed: 6 });
    expect(() => crossValidate(one)).toThrow('Cross-validation needs at least 2 coded documents with current pre-labels; there is 1.');
    const set = plantedSet({ n: 10, kinds: ['informative', 'noise'], seed: 6 });
    expect(() => stratifiedGroupFolds(set.groups, set.groups, 1, 1)).toThrow('Cross-validation needs at least 2 folds, not 1.');
    expect(() => stratifiedGroupFolds(set.groups, set.groups, 11, 1)).toThrow('needs at least 11 coded documents; there are 10');
  });
});
