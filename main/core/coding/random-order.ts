// A seeded pseudo-random permutation of 0..n-1, computed per position, so a "random" coding queue
// over a million documents needs neither a stored shuffle nor a sort: position i of the queue is
// document permute(i) + 1, and the next page costs a few hash evaluations.
//
// [Note: random queue] A four-round Feistel network over the smallest even number of bits that holds
// n is a bijection of [0, 2^bits); "cycle walking" (apply it again until the value is below n) turns
// it into a bijection of [0, n) with at most four steps on average. An affine map (a*i + b mod p)
// would also be a permutation, but its prefixes are systematic samples (every a-th document), which
// is biased where ids have a period (e.g. alternating sources in the imported file); the Feistel
// prefixes behave like random samples. The same seed and n give the same order, so a validation
// sample can be drawn again; importing more documents (a larger n) gives another order.

function mix(x: number, key: number): number {
  let h = Math.imul(x ^ key, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class RandomOrder {
  private readonly half: number;
  private readonly mask: number;
  private readonly keys: number[];

  constructor(
    readonly n: number,
    seed: number,
  ) {
    let bits = 2;
    while (2 ** bits < n) bits += 2;
    this.half = bits / 2;
    this.mask = 2 ** this.half - 1;
    this.keys = [0, 1, 2, 3].map((r) => mix(seed + 0x632be5ab * (r + 1), 0x5bd1e995 ^ r));
  }

  private feistel(x: number): number {
    let left = Math.floor(x / 2 ** this.half);
    let right = x & this.mask;
    for (const key of this.keys) {
      const next = (left ^ mix(right, key)) & this.mask;
      left = right;
      right = next;
    }
    return left * 2 ** this.half + right;
  }

  /** The element at position i (0 <= i < n). */
  at(i: number): number {
    let x = this.feistel(i);
    while (x >= this.n) x = this.feistel(x);
    return x;
  }
}
