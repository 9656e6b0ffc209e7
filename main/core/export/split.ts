// The train/test split of the Hugging Face and NLI-pairs exports: stratified by label, reproducible
// by seed. Both exports draw it with `splitFor` from the same labelled documents, so with the same
// seed and test share a document is on the same side in both.
//
// [Note: stratified split] Single-label: documents are grouped by their label. Within a group, ids
// are put in ascending order and shuffled by a PRNG seeded from the seed and the group's key, and
// the first round(n x fraction) go to test. So the same project, seed and fraction always give the
// same split, each label keeps its share in both parts (up to rounding: a label with one document
// has it in train), and a group's split does not change when documents of another label are added.
//
// [Note: iterative stratification] Multi-label: grouping by the whole set of labels made many
// small groups, each rounded on its own (a group of 3 sends 1 of 3 to test, one of 2 none), so
// the test share drifted from the one asked and a label seen only in rare combinations never
// reached test. Instead, Sechidis, Tsoumakas & Vlahavas (2011), "On the stratification of
// multi-label data" (ECML PKDD), Algorithm 1, with two parts of desired shares f and 1 - f: while
// documents remain, take the label with the fewest remaining documents (ties: the first in
// codebook order) and give each of its documents to the part that still wants the most of that
// label (ties: the part that wants the most documents; then at random); every label of the document
// and the part's document count go down by one. Documents are visited in a seeded shuffle of their
// ids, and random ties use the same seeded stream, so the split is reproducible. Documents coded
// "none of these labels" count under a label of their own (NO_LABEL).

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

/** The stratum of multi-label documents with no label: no label id is empty. */
const NO_LABEL = '';

export interface MultiLabelItem {
  id: number;
  /** The document's labels (ids); none: the document is in the stratum of no label. */
  labels: readonly string[];
}

/** [Note: iterative stratification] The ids that go to test. `labelOrder` breaks ties between
 * equally rare labels (codebook order). */
export function iterativeSplit(
  items: readonly MultiLabelItem[],
  testFraction: number,
  seed: number,
  labelOrder: readonly string[] = [],
): Set<number> {
  const random = mulberry32(groupSeed(seed, 'iterative-stratification'));
  const ordered = [...items].sort((a, b) => a.id - b.id);
  for (let i = ordered.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [ordered[i], ordered[j]] = [ordered[j]!, ordered[i]!];
  }
  const rank = new Map(labelOrder.map((l, i) => [l, i]));
  // [Note: iterative stratification] A document with no label ("none of these labels") counts under
  // a label of its own, so such documents are split in their share too.
  const labelsOf = (item: MultiLabelItem) => new Set(item.labels.length ? item.labels : [NO_LABEL]);
  const byLabel = new Map<string, MultiLabelItem[]>();
  for (const item of ordered)
    for (const l of labelsOf(item)) {
      const list = byLabel.get(l);
      if (list) list.push(item);
      else byLabel.set(l, [item]);
    }
  const shares = [testFraction, 1 - testFraction];
  // Desired documents per part, and per part and label (real numbers, as in the paper).
  const wanted = shares.map((r) => ordered.length * r);
  const wantedOf = new Map([...byLabel].map(([l, list]) => [l, shares.map((r) => list.length * r)]));
  const remaining = new Map([...byLabel].map(([l, list]) => [l, list.length]));
  const done = new Set<number>();
  const test = new Set<number>();
  const labelRank = (l: string) => rank.get(l) ?? Infinity;
  while (done.size < ordered.length) {
    let label: string | null = null;
    for (const [l, n] of remaining) {
      if (n === 0) continue;
      const best = label === null ? null : remaining.get(label)!;
      if (
        best === null ||
        n < best ||
        (n === best && (labelRank(l) < labelRank(label!) || (labelRank(l) === labelRank(label!) && l < label!)))
      )
        label = l;
    }
    // Every document has a stratum, so this is reached only when all are done.
    if (label === null) break;
    for (const item of byLabel.get(label)!) {
      if (done.has(item.id)) continue;
      const want = wantedOf.get(label)!;
      let part: number;
      if (want[0] !== want[1]) part = want[0]! > want[1]! ? 0 : 1;
      else if (wanted[0] !== wanted[1]) part = wanted[0]! > wanted[1]! ? 0 : 1;
      else part = random() < 0.5 ? 0 : 1;
      done.add(item.id);
      if (part === 0) test.add(item.id);
      wanted[part]!--;
      for (const l of labelsOf(item)) {
        wantedOf.get(l)![part]!--;
        remaining.set(l, remaining.get(l)! - 1);
      }
    }
  }
  return test;
}

export interface LabelledItem {
  id: number;
  labels: readonly string[];
}

/** The test ids of the exports' split: by label group for a single-label question, iteratively
 * for a multi-label one. */
export function splitFor(
  items: readonly LabelledItem[],
  multiLabel: boolean,
  testFraction: number,
  seed: number,
  labelOrder: readonly string[],
): Set<number> {
  if (multiLabel) return iterativeSplit(items, testFraction, seed, labelOrder);
  return stratifiedSplit(
    items.map((i) => ({ id: i.id, stratum: i.labels[0]! })),
    testFraction,
    seed,
  );
}
