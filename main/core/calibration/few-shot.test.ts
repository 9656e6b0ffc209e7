// Few-shot from codebook examples, measured (planted, seeded): example rows added to every fold's
// training rows, compared with the coded rows alone on the same held-out coded documents (paired).
// Finding (docs/STATISTICS.md): with a weak planted signal (accuracy about 60 %), 100 examples drawn
// like the corpus or prototypical ones (4x the signal) gave no difference whose interval excludes 0,
// with 30, 60 or 300 decisions (estimates -7 to +3 points). So examples are not wired into the app's
// classifier: this stays a measured library function.
import { describe, expect, it } from 'vitest';
import { calibrationBenefit } from './benefit';
import { crossValidate } from './classifier';
import { crossValidateWithExamples, type ExampleRows } from './few-shot';
import { plantedRows, plantedSet, type LabelKind } from './test-support/planted';

const KINDS: LabelKind[] = ['biased', 'swapped', 'swapped', 'informative'];

function examples(n: number, seed: number, signal: number): ExampleRows {
  const r = plantedRows({ n, kinds: KINDS, seed, signal });
  return {
    documents: r.features.map((_, i) => 90_000 + i),
    groups: r.features.map((_, i) => 90_000 + i),
    features: r.features,
    truth: r.truth,
  };
}

/** With examples minus without, on the same held-out coded documents (paired bootstrap). */
function compare(coded: number, ex: ExampleRows) {
  const set = plantedSet({ n: coded, kinds: KINDS, seed: 31, signal: 1 });
  const without = crossValidate(set, { folds: 5, seed: 1 });
  const withEx = crossValidateWithExamples(set, ex, { folds: 5, seed: 1 });
  return calibrationBenefit(set.truth, without.probabilities, withEx.probabilities, KINDS.length, false, { replicates: 1000, seed: 2 });
}

describe('few-shot examples as extra training decisions', () => {
  it('never train on an example in a coded document’s group, and never evaluate one', () => {
    const set = plantedSet({ n: 40, kinds: KINDS, seed: 31 });
    const ex = examples(5, 78, 2.5);
    ex.groups[0] = set.groups[3]!; // a unit of a coded document's parent
    const r = crossValidateWithExamples(set, ex, { folds: 5, seed: 1 });
    expect(r.examplesUsed).toBe(4);
    expect(r.probabilities.length).toBe(40 * KINDS.length);
    // No examples: exactly the plain cross-validation.
    const none = crossValidateWithExamples(set, { documents: [], groups: [], features: [], truth: [] }, { folds: 5, seed: 1 });
    expect(none.probabilities).toEqual(crossValidate(set, { folds: 5, seed: 1 }).probabilities);
  });

  it('show no measurable benefit on planted data (so they are not used by default)', () => {
    for (const [coded, signal] of [
      [30, 1],
      [60, 1],
      [300, 1],
      [30, 4],
      [60, 4],
    ] as const) {
      const b = compare(coded, examples(100, 77, signal));
      expect(b.difference.accuracy.lower!, `${coded} decisions, example signal ${signal}`).toBeLessThanOrEqual(0);
      expect(b.difference.accuracy.upper!, `${coded} decisions, example signal ${signal}`).toBeGreaterThanOrEqual(0);
    }
  });
});
