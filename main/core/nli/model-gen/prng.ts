// Seeded pseudo-random numbers for generated model weights: the same seed and tensor name give the
// same bytes on every machine, so committed fixtures stay valid for a regenerated model.

/** FNV-1a over the seed and a name: each tensor gets its own stream, independent of write order. */
export function streamSeed(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: tiny, fast and good enough for weights; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How a tensor's values are drawn: uniform with a given standard deviation around a mean. */
export interface WeightInit {
  mean: number;
  std: number;
}

/** Fills `out` with the next values of a uniform stream of the given mean and std. */
export function fillUniform(next: () => number, out: Float32Array, init: WeightInit): void {
  const halfWidth = init.std * Math.sqrt(3); // a uniform on [-w, w] has std w / sqrt(3)
  for (let i = 0; i < out.length; i++) out[i] = init.mean + (2 * next() - 1) * halfWidth;
}
