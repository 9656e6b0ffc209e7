// Seeded pseudo-random numbers for generated model weights: the same seed and tensor name give the
// same bytes on every machine, so committed fixtures stay valid for a regenerated model.

export { mulberry32, streamSeed } from '../../../main/core/seeded-random';

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
