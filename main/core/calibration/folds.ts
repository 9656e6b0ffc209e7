// Cross-validation folds for the calibrated classifier, and the guard that no fold leaks.
//
// [Note: calibration folds] The unit of a fold is the document a coding unit belongs to (its parent
// when a segmentation split it, else itself): units of one parent share text and context, so they go
// to the same fold together. Folds are stratified by the group's label (the most frequent first label
// among its rows; ties to the label first in the codebook) and seeded: groups are shuffled within each
// stratum with mulberry32(seed) (Fisher-Yates) and dealt round-robin, the deal continuing from stratum
// to stratum so fold sizes differ by at most one group. Documents of a blind validation sample never
// enter the data (dataset.ts); `assertNoLeak` checks both rules on every fold before a fit, and the
// cross-validation refuses to fit when it fails (leak.test.ts builds such a leak on purpose).
import { PrelabelError } from '../../../common/contract';
import { mulberry32 } from '../seeded-random';

/**
 * Fold of every row (0..folds-1). `groups[i]` is row i's group (parent document), `strata[i]` its
 * stratum (a class index; -1 for none).
 */
export function stratifiedGroupFolds(groups: readonly number[], strata: readonly number[], folds: number, seed: number): Int32Array {
  if (!Number.isInteger(folds) || folds < 2)
    throw new PrelabelError('INVALID_INPUT', `Cross-validation needs at least 2 folds, not ${folds}.`);
  if (groups.length !== strata.length) throw new Error(`stratifiedGroupFolds: ${groups.length} groups for ${strata.length} strata`);
  // Each group's rows and its stratum (the most frequent; ties to the smallest index).
  const rowsOf = new Map<number, number[]>();
  groups.forEach((g, i) => {
    const list = rowsOf.get(g);
    if (list) list.push(i);
    else rowsOf.set(g, [i]);
  });
  if (rowsOf.size < folds)
    throw new PrelabelError(
      'INVALID_INPUT',
      `Cross-validation with ${folds} folds needs at least ${folds} coded documents; there are ${rowsOf.size}.`,
    );
  const byStratum = new Map<number, number[]>();
  const ordered = [...rowsOf.keys()].sort((a, b) => a - b);
  for (const g of ordered) {
    const tally = new Map<number, number>();
    for (const i of rowsOf.get(g)!) tally.set(strata[i]!, (tally.get(strata[i]!) ?? 0) + 1);
    let best = Infinity;
    let bestCount = -1;
    for (const [s, c] of tally) if (c > bestCount || (c === bestCount && s < best)) [best, bestCount] = [s, c];
    const list = byStratum.get(best);
    if (list) list.push(g);
    else byStratum.set(best, [g]);
  }
  const rng = mulberry32(seed);
  const foldOf = new Map<number, number>();
  let next = 0;
  for (const s of [...byStratum.keys()].sort((a, b) => a - b)) {
    const list = byStratum.get(s)!;
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    for (const g of list) {
      foldOf.set(g, next);
      next = (next + 1) % folds;
    }
  }
  return Int32Array.from(groups, (g) => foldOf.get(g)!);
}

/**
 * Refuses a fit whose training rows share a group (document) with its evaluation rows, or hold a
 * document of a blind validation sample. `documents[i]` and `groups[i]` are row i's document and group.
 */
export function assertNoLeak(
  training: readonly number[],
  evaluation: readonly number[],
  groups: readonly number[],
  documents: readonly number[],
  blind: ReadonlySet<number>,
): void {
  const evaluated = new Set(evaluation.map((i) => groups[i]!));
  for (const i of training) {
    if (evaluated.has(groups[i]!))
      throw new PrelabelError(
        'INTERNAL',
        `Cross-validation leak: document ${documents[i]} (group ${groups[i]}) is in both the training and the evaluation rows of one fold.`,
      );
    if (blind.has(documents[i]!))
      throw new PrelabelError(
        'INTERNAL',
        `Cross-validation leak: document ${documents[i]} of a blind validation sample is in the training rows.`,
      );
  }
}
