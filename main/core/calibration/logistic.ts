// L2-regularised logistic regression, the calibrated classifier's model ([Note: calibrated
// classifier] in index.ts). Two forms, as scikit-learn's LogisticRegression(solver='lbfgs') fits them:
//
// - multinomial (single-label questions, K >= 3 classes or K = 2 with multinomial=True): K weight
//   vectors w_k and intercepts b_k, p_k(x) = softmax_k(w_k . x + b_k), minimising
//   sum_i -log p_{y_i}(x_i) + ||W||^2 / (2C); the intercepts are not penalised.
// - binary (one per label of a multi-label question, sklearn's two-class default): one w and b,
//   p(x) = sigmoid(w . x + b), minimising sum_i log(1 + exp(-s_i (w . x_i + b))) + ||w||^2 / (2C)
//   with s_i = +1 or -1.
//
// Both objectives are divided by n here (the minimum does not move; the gradient tolerance then does
// not depend on the number of decisions). The softmax is unchanged when one constant is added to every
// intercept; sklearn's solver starts at zero and every gradient it follows sums to zero over classes,
// so its intercepts sum to zero: ours are centred the same way after the fit, and its weights sum to
// zero over classes at the minimum by the penalty alone.
import { lbfgs } from './lbfgs';

export interface Design {
  /** Row-major n x d features. */
  x: Float64Array;
  n: number;
  d: number;
}

export interface MultinomialModel {
  kind: 'multinomial';
  /** K x d weights, row-major (class by class). */
  weights: number[][];
  intercepts: number[];
  iterations: number;
  converged: boolean;
}

export interface BinaryModel {
  kind: 'binary';
  weights: number[];
  intercept: number;
  iterations: number;
  converged: boolean;
}

export interface FitOptions {
  /** Inverse regularisation strength (sklearn's C), 1 by default. */
  c?: number;
  gtol?: number;
  /** Gradient that still counts as converged, relative to the mean objective ([Note: solver tolerance]). */
  acceptTolerance?: number;
  maxIterations?: number;
}

/**
 * [Note: solver tolerance] The objectives are means over the n rows, so this tolerance is relative to
 * loss / n, as scikit-learn's (tol = 1e-4 on the largest projected gradient of its mean objective):
 * 1e-6 is 100 times stricter than sklearn's default. The solver still aims at 1e-10 (the fixtures
 * compare to 1e-4 with room to spare); a fit that stops between the two is converged for every use
 * of its probabilities, one that stops above 1e-6 x max(1, objective) is reported as not converged.
 */
export const ACCEPT_TOLERANCE = 1e-6;

function checkDesign(design: Design, labelsLength: number, c: number): void {
  if (design.x.length !== design.n * design.d) throw new Error(`logistic: ${design.x.length} features for ${design.n} x ${design.d}`);
  if (labelsLength !== design.n) throw new Error(`logistic: ${labelsLength} labels for ${design.n} rows`);
  if (!(c > 0) || !Number.isFinite(c)) throw new Error(`logistic: C must be a positive number, not ${c}`);
}

/** Fits the multinomial model; y holds class indices 0..k-1 (every class should occur). */
export function fitMultinomial(design: Design, y: Int32Array, k: number, options: FitOptions = {}): MultinomialModel {
  const c = options.c ?? 1;
  checkDesign(design, y.length, c);
  const { x, n, d } = design;
  const wSize = k * d;
  const z = new Float64Array(k);
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const row = i * d;
      let top = -Infinity;
      for (let j = 0; j < k; j++) {
        let v = theta[wSize + j]!;
        const w = j * d;
        for (let f = 0; f < d; f++) v += theta[w + f]! * x[row + f]!;
        z[j] = v;
        if (v > top) top = v;
      }
      let sum = 0;
      for (let j = 0; j < k; j++) sum += Math.exp(z[j]! - top);
      const lse = top + Math.log(sum);
      loss += lse - z[y[i]!]!;
      for (let j = 0; j < k; j++) {
        const r = Math.exp(z[j]! - lse) - (j === y[i] ? 1 : 0);
        if (r === 0) continue;
        const w = j * d;
        for (let f = 0; f < d; f++) grad[w + f] = grad[w + f]! + r * x[row + f]!;
        grad[wSize + j] = grad[wSize + j]! + r;
      }
    }
    let penalty = 0;
    for (let p = 0; p < wSize; p++) {
      penalty += theta[p]! * theta[p]!;
      grad[p] = (grad[p]! + theta[p]! / c) / n;
    }
    for (let j = 0; j < k; j++) grad[wSize + j] = grad[wSize + j]! / n;
    return (loss + penalty / (2 * c)) / n;
  };
  const result = lbfgs(objective, new Float64Array(wSize + k), {
    gtol: options.gtol ?? 1e-10,
    acceptTolerance: options.acceptTolerance ?? ACCEPT_TOLERANCE,
    maxIterations: options.maxIterations ?? 2000,
  });
  const theta = result.x;
  const weights: number[][] = [];
  for (let j = 0; j < k; j++) weights.push(Array.from(theta.subarray(j * d, (j + 1) * d)));
  const raw = Array.from(theta.subarray(wSize));
  const mean = raw.reduce((a, b) => a + b, 0) / k;
  return { kind: 'multinomial', weights, intercepts: raw.map((b) => b - mean), iterations: result.iterations, converged: result.converged };
}

/** Fits the binary model; y holds 1 (the label applies) or 0. */
export function fitBinary(design: Design, y: Uint8Array, options: FitOptions = {}): BinaryModel {
  const c = options.c ?? 1;
  checkDesign(design, y.length, c);
  const { x, n, d } = design;
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const row = i * d;
      let v = theta[d]!;
      for (let f = 0; f < d; f++) v += theta[f]! * x[row + f]!;
      const m = y[i] === 1 ? v : -v;
      // log(1 + exp(-m)), stable both ways.
      loss += m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m));
      const r = 1 / (1 + Math.exp(-v)) - y[i]!;
      for (let f = 0; f < d; f++) grad[f] = grad[f]! + r * x[row + f]!;
      grad[d] = grad[d]! + r;
    }
    let penalty = 0;
    for (let f = 0; f < d; f++) {
      penalty += theta[f]! * theta[f]!;
      grad[f] = (grad[f]! + theta[f]! / c) / n;
    }
    grad[d] = grad[d]! / n;
    return (loss + penalty / (2 * c)) / n;
  };
  const result = lbfgs(objective, new Float64Array(d + 1), {
    gtol: options.gtol ?? 1e-10,
    acceptTolerance: options.acceptTolerance ?? ACCEPT_TOLERANCE,
    maxIterations: options.maxIterations ?? 2000,
  });
  return {
    kind: 'binary',
    weights: Array.from(result.x.subarray(0, d)),
    intercept: result.x[d]!,
    iterations: result.iterations,
    converged: result.converged,
  };
}

/** Class probabilities of every row: n x K, row-major. */
export function predictMultinomial(model: Pick<MultinomialModel, 'weights' | 'intercepts'>, design: Design): Float64Array {
  const { x, n, d } = design;
  const k = model.intercepts.length;
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    let top = -Infinity;
    for (let j = 0; j < k; j++) {
      const w = model.weights[j]!;
      let v = model.intercepts[j]!;
      for (let f = 0; f < d; f++) v += w[f]! * x[row + f]!;
      out[i * k + j] = v;
      if (v > top) top = v;
    }
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const e = Math.exp(out[i * k + j]! - top);
      out[i * k + j] = e;
      sum += e;
    }
    for (let j = 0; j < k; j++) out[i * k + j] = out[i * k + j]! / sum;
  }
  return out;
}

/** P(label applies) of every row. */
export function predictBinary(model: Pick<BinaryModel, 'weights' | 'intercept'>, design: Design): Float64Array {
  const { x, n, d } = design;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = model.intercept;
    for (let f = 0; f < d; f++) v += model.weights[f]! * x[i * d + f]!;
    out[i] = 1 / (1 + Math.exp(-v));
  }
  return out;
}
