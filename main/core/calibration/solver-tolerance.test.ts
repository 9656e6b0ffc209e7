// [Note: solver tolerance]: "did not reach the solver tolerance" means a real problem. On a 60 x 8
// planted problem the minimiser stops where f no longer changes above its rounding error, with a
// gradient far below anything that moves a probability but above the 1e-10 it aims at: that fit
// counts as converged; a fit stopped after 3 iterations does not.
import { describe, expect, it } from 'vitest';
import { fitScaler, standardise } from './features';
import { lbfgs } from './lbfgs';
import { fitMultinomial, predictMultinomial } from './logistic';
import { plantedRows } from './test-support/planted';

function problem(seed: number) {
  const r = plantedRows({ n: 60, kinds: ['informative', 'swapped', 'swapped', 'noise'], seed, signal: 1.5 });
  const design = { x: Float64Array.from(r.features.flat()), n: 60, d: 8 };
  const rows = Array.from({ length: 60 }, (_, i) => i);
  return { z: standardise(design, fitScaler(design, rows), rows), y: Int32Array.from(r.truth.map((t) => t[0]!)) };
}

describe('solver tolerance', () => {
  it('a 60 x 8 fit stopped at rounding error is converged; one cut short is not', () => {
    const { z, y } = problem(1);
    const strict = fitMultinomial(z, y, 4, { acceptTolerance: 0 });
    const fit = fitMultinomial(z, y, 4);
    // The same iterations and coefficients: only the verdict differs.
    expect(strict.converged).toBe(false);
    expect(fit.converged).toBe(true);
    expect(fit.weights).toEqual(strict.weights);
    expect(fit.iterations).toBe(strict.iterations);
    const short = fitMultinomial(z, y, 4, { maxIterations: 3 });
    expect(short.converged).toBe(false);
    // Cut short, its probabilities are visibly off; the accepted fit's are not.
    const p = predictMultinomial(fit, z);
    const q = predictMultinomial(short, z);
    expect(Math.max(...p.map((v, i) => Math.abs(v - q[i]!)))).toBeGreaterThan(1e-3);
  });

  it('accepts relative to the objective: max(gtol, acceptTolerance x max(1, |f|))', () => {
    // f(x) = (x - 1)^2 / 2 + 1e3, stopped before any iteration at x = 0: gradient 1, f 1000.5.
    const objective = (x: Float64Array, g: Float64Array) => {
      g[0] = x[0]! - 1;
      return (x[0]! - 1) ** 2 / 2 + 1e3;
    };
    const at = (acceptTolerance: number) => lbfgs(objective, Float64Array.of(0), { gtol: 1e-10, maxIterations: 0, acceptTolerance });
    expect(at(0).converged).toBe(false);
    expect(at(1.01 / 1000.5).converged).toBe(true);
    expect(at(0.99 / 1000.5).converged).toBe(false);
  });
});
