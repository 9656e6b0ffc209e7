// A deterministic limited-memory BFGS minimiser (Nocedal & Wright 2006, Numerical Optimization,
// algorithm 7.4 with the two-loop recursion 7.5) with a backtracking Armijo line search. The
// calibrated classifier's losses (logistic.ts) are smooth and, with their L2 penalty, strictly
// convex in the penalised coordinates, so the minimum it reaches is the one scikit-learn's lbfgs
// reaches: the fixture test compares the two to 1e-4 (scripts/stats/make_calibration_fixtures.py).
// No randomness anywhere: the same data give the same coefficients bit for bit.

/** The objective: returns f(x) and writes its gradient into `grad`. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  /** Stop when the largest absolute gradient entry is at most this (1e-8 by default). */
  gtol?: number;
  /**
   * [Note: solver tolerance] The fit counts as converged when the largest absolute gradient entry is
   * at most max(gtol, acceptTolerance x max(1, |f|)) (default: gtol alone). The minimiser still aims
   * at gtol; near the minimum a backtracking search stops moving once f changes below its rounding
   * error (about 1e-16 x |f|), which leaves gradients of 1e-9 on ordinary problems: far below what
   * moves a probability, so reporting those fits as "not converged" would cry wolf.
   */
  acceptTolerance?: number;
  /** At most this many iterations (1000 by default). */
  maxIterations?: number;
  /** Pairs of the memory (10 by default, as scipy's L-BFGS-B). */
  memory?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  /** The largest absolute gradient entry at the end. */
  gradientMax: number;
  converged: boolean;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

export function lbfgs(objective: Objective, start: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const gtol = options.gtol ?? 1e-8;
  const maxIterations = options.maxIterations ?? 1000;
  const m = options.memory ?? 10;
  const n = start.length;
  let x = Float64Array.from(start);
  let g = new Float64Array(n);
  let f = objective(x, g);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);
  const d = new Float64Array(n);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  let iterations = 0;
  while (iterations < maxIterations && maxAbs(g) > gtol) {
    iterations++;
    // Two-loop recursion: d = -H g.
    for (let i = 0; i < n; i++) d[i] = -g[i]!;
    for (let k = s.length - 1; k >= 0; k--) {
      alpha[k] = rho[k]! * dot(s[k]!, d);
      const a = alpha[k]!;
      const yk = y[k]!;
      for (let i = 0; i < n; i++) d[i] = d[i]! - a * yk[i]!;
    }
    if (s.length > 0) {
      const last = s.length - 1;
      const gamma = dot(s[last]!, y[last]!) / dot(y[last]!, y[last]!);
      for (let i = 0; i < n; i++) d[i] = d[i]! * gamma;
    } else {
      // First step: a unit step along the steepest descent, scaled so it moves by at most 1.
      const scale = 1 / Math.max(1, Math.sqrt(dot(g, g)));
      for (let i = 0; i < n; i++) d[i] = d[i]! * scale;
    }
    for (let k = 0; k < s.length; k++) {
      const beta = rho[k]! * dot(y[k]!, d);
      const a = alpha[k]! - beta;
      const sk = s[k]!;
      for (let i = 0; i < n; i++) d[i] = d[i]! + a * sk[i]!;
    }
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Not a descent direction (curvature pairs gone stale): restart from steepest descent.
      s.length = 0;
      y.length = 0;
      rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i]!;
      slope = -dot(g, g);
    }
    // Backtracking line search with the Armijo condition.
    let step = 1;
    let fNew = Infinity;
    for (let tries = 0; tries < 60; tries++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + step * d[i]!;
      fNew = objective(xNew, gNew);
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * step * slope) break;
      // Near the minimum f changes below its rounding error; a step that keeps f within that error
      // and shrinks the gradient is progress (the gradient, not f, is what the tolerance is on).
      if (Math.abs(fNew - f) <= 1e-13 * Math.max(1, Math.abs(f)) && maxAbs(gNew) < maxAbs(g)) break;
      step *= 0.5;
    }
    if (!(fNew <= f + 1e-13 * Math.max(1, Math.abs(f))) || !(maxAbs(gNew) < maxAbs(g) || fNew < f)) break; // no progress left
    const sk = new Float64Array(n);
    const yk = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      sk[i] = xNew[i]! - x[i]!;
      yk[i] = gNew[i]! - g[i]!;
    }
    const sy = dot(sk, yk);
    if (sy > 1e-12 * Math.sqrt(dot(yk, yk) * dot(sk, sk))) {
      if (s.length === m) {
        s.shift();
        y.shift();
        rho.shift();
      }
      s.push(sk);
      y.push(yk);
      rho.push(1 / sy);
    }
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    f = fNew;
  }
  const gradientMax = maxAbs(g);
  const accept = Math.max(gtol, (options.acceptTolerance ?? 0) * Math.max(1, Math.abs(f)));
  return { x, value: f, iterations, gradientMax, converged: gradientMax <= accept };
}
