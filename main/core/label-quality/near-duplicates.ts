// Near-identical texts coded differently: pairs of coded documents whose texts are the same after
// normalisation, or nearly the same, but whose current human labels differ. Pure: callers pass the
// documents (label-quality.ts reads them).
//
// [Note: near-duplicates] A text is normalised (Unicode NFKC, case folded, accents removed,
// everything but letters and digits turned into single spaces) and cut into word 3-shingles
// (a text of fewer than three words is one shingle). Exact duplicates after normalisation share a
// key. Near ones are found by MinHash with locality-sensitive hashing: 64 min-hashes in 16 bands
// of 4, so a pair becomes a candidate when one band agrees; a pair with Jaccard similarity 0.8 is a
// candidate with probability 1 - (1 - 0.8^4)^16 > 0.9998, one with 0.5 with probability 0.64, and
// every candidate is then checked by its exact Jaccard similarity of shingle sets against the
// threshold (default 0.8). Work is about n x 64 hashes and the candidate pairs; a band bucket
// holding more than BUCKET_CAP distinct texts (boilerplate) is not paired within (exact
// duplicates are still found by their own key), so 100,000 documents stay bounded.

export interface QualityDocument {
  id: number;
  text: string;
  /** The current human labels (label ids, in any order). */
  labelIds: readonly string[];
}

export interface DuplicatePair {
  a: number;
  b: number;
  /** Jaccard similarity of the shingle sets (1 for the same normalised text). */
  similarity: number;
  exact: boolean;
}

export interface DuplicateOptions {
  /** Least Jaccard similarity of a near pair (default 0.8). */
  minSimilarity?: number;
}

const HASHES = 64;
const BANDS = 16;
const ROWS = HASHES / BANDS;
export const BUCKET_CAP = 200;

export function normaliseText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's finaliser: a good 32-bit mix. */
function mix(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

const SEEDS = Array.from({ length: HASHES }, (_, i) => mix(0x9e3779b9 + Math.imul(i, 0x7f4a7c15)));

export function shingles(normalised: string): Set<number> {
  const words = normalised.split(' ').filter(Boolean);
  const out = new Set<number>();
  if (words.length < 3) out.add(fnv1a(words.join(' ')));
  else for (let i = 0; i + 3 <= words.length; i++) out.add(fnv1a(`${words[i]} ${words[i + 1]} ${words[i + 2]}`));
  return out;
}

function minHash(set: ReadonlySet<number>): Uint32Array {
  const sig = new Uint32Array(HASHES).fill(0xffffffff);
  for (const x of set)
    for (let k = 0; k < HASHES; k++) {
      const h = mix(x ^ SEEDS[k]!);
      if (h < sig[k]!) sig[k] = h;
    }
  return sig;
}

export function jaccard(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  let inter = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) inter++;
  const union = a.size + b.size - inter;
  return union === 0 ? 1 : inter / union;
}

const sameLabels = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/** Pairs of near-identical texts with different labels, the most similar first (then by ids). */
export function nearDuplicatesCodedDifferently(docs: readonly QualityDocument[], options: DuplicateOptions = {}): DuplicatePair[] {
  const min = options.minSimilarity ?? 0.8;
  const norm = docs.map((d) => normaliseText(d.text));
  const found = new Map<string, DuplicatePair>();
  const add = (i: number, j: number, similarity: number, exact: boolean) => {
    if (sameLabels(docs[i]!.labelIds, docs[j]!.labelIds)) return;
    const [a, b] = docs[i]!.id < docs[j]!.id ? [docs[i]!.id, docs[j]!.id] : [docs[j]!.id, docs[i]!.id];
    found.set(`${a}:${b}`, { a, b, similarity, exact });
  };
  // Exact after normalisation: every pair within a group whose labels differ.
  const byText = new Map<string, number[]>();
  norm.forEach((t, i) => {
    const g = byText.get(t);
    if (g) g.push(i);
    else byText.set(t, [i]);
  });
  for (const group of byText.values())
    for (let x = 0; x < group.length; x++) for (let y = x + 1; y < group.length; y++) add(group[x]!, group[y]!, 1, true);
  // Near: one representative per distinct normalised text.
  const reps = [...byText.values()];
  const sets = reps.map((g) => shingles(norm[g[0]!]!));
  const buckets = new Map<string, number[]>();
  sets.forEach((set, r) => {
    const sig = minHash(set);
    for (let band = 0; band < BANDS; band++) {
      const key = `${band}:${Array.from(sig.subarray(band * ROWS, (band + 1) * ROWS)).join(',')}`;
      const list = buckets.get(key);
      if (list) list.push(r);
      else buckets.set(key, [r]);
    }
  });
  const checked = new Set<string>();
  for (const list of buckets.values()) {
    if (list.length < 2 || list.length > BUCKET_CAP) continue;
    for (let x = 0; x < list.length; x++)
      for (let y = x + 1; y < list.length; y++) {
        const key = `${list[x]}:${list[y]}`;
        if (checked.has(key)) continue;
        checked.add(key);
        const sim = jaccard(sets[list[x]!]!, sets[list[y]!]!);
        if (sim < min) continue;
        for (const i of reps[list[x]!]!) for (const j of reps[list[y]!]!) add(i, j, sim, false);
      }
  }
  return [...found.values()].sort((p, q) => q.similarity - p.similarity || p.a - q.a || p.b - q.b);
}
