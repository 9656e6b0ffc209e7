// Few-shot from a label's codebook examples (issue 16, item 4), measured: example rows (an example
// whose text is a document of the project, with its stored logits, labelled with the example's label)
// added to the training rows of every fold and never evaluated, so "with examples" and "without" are
// compared on the same held-out coded documents. [Note: examples not used] On planted data
// (few-shot.test.ts) examples drawn like the corpus and prototypical ones gave no benefit whose
// interval excludes 0 (30 to 300 decisions), so the app's classifier does not use them: prototypical
// examples are not a sample of the corpus. This function stays for measuring it on other data.
import { fitFold, foldPlan, type CalibrationSet, type CrossValidationOptions } from './classifier';

export interface ExampleRows {
  documents: number[];
  groups: number[];
  features: number[][];
  truth: number[][];
}

/**
 * Cross-validation on the coded rows of `set` with the example rows added to every fold's training
 * rows. Examples in a group (parent document) of a coded row are left out (they would leak into that
 * row's fold). Returns the held-out probabilities of the coded rows (n x K) and the examples used.
 */
export function crossValidateWithExamples(
  set: CalibrationSet,
  examples: ExampleRows,
  options: CrossValidationOptions = {},
): { probabilities: Float64Array; examplesUsed: number; converged: boolean } {
  const coded = new Set(set.groups);
  const keep = examples.documents.map((_, i) => i).filter((i) => !coded.has(examples.groups[i]!) && !set.blind.has(examples.documents[i]!));
  const n = set.documents.length;
  const k = set.labelIds.length;
  const d = set.features.d;
  const x = new Float64Array((n + keep.length) * d);
  x.set(set.features.x.subarray(0, n * d));
  keep.forEach((i, r) => x.set(examples.features[i]!, (n + r) * d));
  const combined: CalibrationSet = {
    ...set,
    documents: [...set.documents, ...keep.map((i) => examples.documents[i]!)],
    groups: [...set.groups, ...keep.map((i) => examples.groups[i]!)],
    truth: [...set.truth, ...keep.map((i) => examples.truth[i]!)],
    features: { x, n: n + keep.length, d },
  };
  const { fold, folds } = foldPlan(set, options);
  // Example rows: fold -1, in no evaluation, so in every training set.
  const all = new Int32Array(n + keep.length).fill(-1);
  all.set(fold);
  const probabilities = new Float64Array((n + keep.length) * k);
  let converged = true;
  for (let f = 0; f < folds; f++) converged = fitFold(combined, all, f, probabilities, options) && converged;
  return { probabilities: probabilities.slice(0, n * k), examplesUsed: keep.length, converged };
}
