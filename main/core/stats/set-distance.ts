// Distances between label sets, for Krippendorff's alpha on multi-label questions.

/** The number of labels two sets share and the size of their union (duplicates counted once). */
function overlap(a: readonly string[], b: readonly string[]): { shared: number; union: number; sizeA: number; sizeB: number } {
  const setA = new Set(a);
  const setB = new Set(b);
  let shared = 0;
  for (const x of setA) if (setB.has(x)) shared++;
  return { shared, union: setA.size + setB.size - shared, sizeA: setA.size, sizeB: setB.size };
}

/**
 * Jaccard distance 1 - |A n B| / |A u B| (Jaccard 1912), and MASI, "Measuring Agreement on
 * Set-valued Items" (Passonneau 2006, LREC): 1 - J * M with J the Jaccard similarity and the
 * monotonicity M = 1 when the sets are equal, 2/3 when one contains the other, 1/3 when they overlap
 * otherwise, 0 when they are disjoint.
 * [Note: MASI weights] Passonneau's M is 2/3 and 1/3; NLTK's masi_distance rounds them to 0.67 and
 * 0.33 (a difference in the third decimal of a distance). The tests compare with NLTK by passing its
 * rounded weights as a custom distance, and with the exact thirds against the fixture script.
 * [Note: empty sets] A coder who gave no label to a unit gave the empty set, a value like any other:
 * two empty sets are equal (distance 0; J is 0/0 there, NLTK raises), the empty set and a non-empty
 * set are disjoint (distance 1).
 */
export function setDistance(
  a: readonly string[],
  b: readonly string[],
  kind: 'masi' | 'jaccard',
  thirds: [number, number] = [2 / 3, 1 / 3],
): number {
  const { shared, union, sizeA, sizeB } = overlap(a, b);
  if (union === 0) return 0;
  const jaccard = shared / union;
  if (kind === 'jaccard') return 1 - jaccard;
  const m = shared === sizeA && shared === sizeB ? 1 : shared === Math.min(sizeA, sizeB) ? thirds[0] : shared > 0 ? thirds[1] : 0;
  return 1 - jaccard * m;
}
