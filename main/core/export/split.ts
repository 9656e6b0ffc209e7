// The train/test split of the Hugging Face export: stratified by label, reproducible by seed.
//
// [Note: stratified split] Documents are grouped by their label (a multi-label document by its
// whole set of labels). Within a group, ids are put in ascending order and shuffled by a PRNG
// seeded from the seed and the group's key, and the first round(n x fraction) go to test. So the
// same project, seed and fraction always give the same split, each label keeps its share in both
// parts (up to rounding: a label with one document has it in train), and a group's split does
// not change when documents of another label are added.

import { mulberry32, streamSeed as groupSeed } from '../seeded-random';

export interface SplitItem {
  id: number;
  stratum: string;
}

/** The ids that go to test. */
export function stratifiedSplit(items: readonly SplitItem[], testFraction: number, seed: number): Set<number> {
  const groups = new Map<string, number[]>();
  for (const item of items) {
    const g = groups.get(item.stratum);
    if (g) g.push(item.id);
    else groups.set(item.stratum, [item.id]);
  }
  const test = new Set<number>();
  for (const [key, ids] of groups) {
    ids.sort((a, b) => a - b);
    const random = mulberry32(groupSeed(seed, key));
    for (let i = ids.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    }
    const n = Math.round(ids.length * testFraction);
    for (let i = 0; i < n; i++) test.add(ids[i]!);
  }
  return test;
}
