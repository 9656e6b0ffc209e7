// The calibrated classifier of one question, without I/O: fitted on rows of a CalibrationSet
// (dataset.ts reads one from a project), predicting every label's probability, and cross-validated.
// Single-label questions: one multinomial fit over the labels that occur in the training rows (a
// label no training row has gets probability 0). Multi-label: one binary fit per label (a label whose
// training rows are all one value gets that value's share, 0 or 1).
import { PrelabelError } from '../../../common/contract';
import { assertNoLeak, stratifiedGroupFolds } from './folds';
import { fitScaler, standardise, type Scaler } from './features';
import {
  fitBinary,
  fitMultinomial,
  predictBinary,
  predictMultinomial,
  type BinaryModel,
  type Design,
  type MultinomialModel,
} from './logistic';

export interface CalibrationSet {
  /** The question's labels (codebook order): K labels, 2K features per row. */
  labelIds: string[];
  multiLabel: boolean;
  /** Per row: the coding unit's document id and its group (parent document, else itself). */
  documents: number[];
  groups: number[];
  /** Raw (unstandardised) features, n x 2K. */
  features: Design;
  /** Per row: indices into labelIds of the human labels (one for single-label). */
  truth: number[][];
  /** Documents of blind validation samples: never in training. */
  blind: ReadonlySet<number>;
}

export interface FittedCalibration {
  multiLabel: boolean;
  labelIds: string[];
  scaler: Scaler;
  /** Single-label: the label indices the multinomial model's classes are, in order. */
  classes: number[];
  multinomial: Pick<MultinomialModel, 'weights' | 'intercepts'> | null;
  /** Multi-label: per label, a binary model or the constant probability its training rows gave. */
  binaries: Array<Pick<BinaryModel, 'weights' | 'intercept'> | { constant: number }>;
  /** Training rows (decisions) it was fitted on. */
  n: number;
  converged: boolean;
}

export interface FitOptions {
  /** sklearn's C (inverse regularisation); 1 by default. */
  c?: number;
}

/** Fits on the given rows; refuses rows of a blind validation sample. */
export function fitCalibration(set: CalibrationSet, rows: readonly number[], options: FitOptions = {}): FittedCalibration {
  assertNoLeak(rows, [], set.groups, set.documents, set.blind);
  const c = options.c ?? 1;
  const k = set.labelIds.length;
  const scaler = fitScaler(set.features, rows);
  const train = standardise(set.features, scaler, rows);
  const base = { multiLabel: set.multiLabel, labelIds: set.labelIds, scaler, n: rows.length };
  if (set.multiLabel) {
    let converged = true;
    const binaries = set.labelIds.map((_, label) => {
      const y = Uint8Array.from(rows, (r) => (set.truth[r]!.includes(label) ? 1 : 0));
      const ones = y.reduce((a, b) => a + b, 0);
      if (ones === 0 || ones === y.length) return { constant: ones === 0 ? 0 : 1 };
      const m = fitBinary(train, y, { c });
      converged &&= m.converged;
      return { weights: m.weights, intercept: m.intercept };
    });
    return { ...base, classes: [], multinomial: null, binaries, converged };
  }
  const present = [...new Set(rows.map((r) => set.truth[r]![0]!))].sort((a, b) => a - b);
  if (present.length < 2) {
    return {
      ...base,
      classes: present,
      multinomial: { weights: [new Array<number>(2 * k).fill(0)], intercepts: [0] },
      binaries: [],
      converged: true,
    };
  }
  const index = new Map(present.map((label, i) => [label, i]));
  const y = Int32Array.from(rows, (r) => index.get(set.truth[r]![0]!)!);
  const m = fitMultinomial(train, y, present.length, { c });
  return { ...base, classes: present, multinomial: { weights: m.weights, intercepts: m.intercepts }, binaries: [], converged: m.converged };
}

/** Every label's probability for the rows of `features` (raw; standardised here): n x K, row-major. */
export function predictCalibration(model: FittedCalibration, features: Design): Float64Array {
  const k = model.labelIds.length;
  const z = standardise(features, model.scaler);
  const out = new Float64Array(features.n * k);
  if (model.multiLabel) {
    model.binaries.forEach((b, label) => {
      if ('constant' in b) {
        for (let i = 0; i < features.n; i++) out[i * k + label] = b.constant;
        return;
      }
      const p = predictBinary(b, z);
      for (let i = 0; i < features.n; i++) out[i * k + label] = p[i]!;
    });
    return out;
  }
  const p = predictMultinomial(model.multinomial!, z);
  const kc = model.classes.length;
  for (let i = 0; i < features.n; i++) for (let j = 0; j < kc; j++) out[i * k + model.classes[j]!] = p[i * kc + j]!;
  return out;
}

/** Raw zero-shot scores from the same features (suggestions.ts's semantics): single-label a softmax of
 * the entailment logits across labels, multi-label sigmoid(entailment - contradiction) per label. */
export function rawScores(features: Design, multiLabel: boolean): Float64Array {
  const k = features.d / 2;
  const out = new Float64Array(features.n * k);
  for (let i = 0; i < features.n; i++) {
    const row = i * features.d;
    if (multiLabel || k === 1) {
      for (let j = 0; j < k; j++) out[i * k + j] = 1 / (1 + Math.exp(features.x[row + 2 * j + 1]! - features.x[row + 2 * j]!));
      continue;
    }
    let top = -Infinity;
    for (let j = 0; j < k; j++) top = Math.max(top, features.x[row + 2 * j]!);
    let sum = 0;
    for (let j = 0; j < k; j++) sum += out[i * k + j] = Math.exp(features.x[row + 2 * j]! - top);
    for (let j = 0; j < k; j++) out[i * k + j] = out[i * k + j]! / sum;
  }
  return out;
}

/** A row subset of a design (raw features). */
export function rowsOf(design: Design, rows: readonly number[]): Design {
  const x = new Float64Array(rows.length * design.d);
  rows.forEach((r, i) => x.set(design.x.subarray(r * design.d, (r + 1) * design.d), i * design.d));
  return { x, n: rows.length, d: design.d };
}

export interface CrossValidationOptions extends FitOptions {
  /** 5 by default (fewer when there are fewer groups of decisions). */
  folds?: number;
  seed?: number;
  /** A fold per row instead of the stratified, seeded plan (tests build leaks with it). */
  assignment?: Int32Array;
  /** Called after each fold with (folds done, folds); throwing stops the cross-validation. */
  onFold?: (done: number, total: number) => void;
}

export interface CrossValidated {
  /** Held-out probabilities of every row, n x K: each from the fold that did not train on it. */
  probabilities: Float64Array;
  fold: Int32Array;
  folds: number;
  converged: boolean;
}

/** The fold of every row: the stratified, seeded plan, or the caller's assignment. */
export function foldPlan(set: CalibrationSet, options: CrossValidationOptions = {}): { fold: Int32Array; folds: number } {
  const groupCount = new Set(set.groups).size;
  if (!options.assignment && groupCount < 2)
    throw new PrelabelError(
      'INVALID_INPUT',
      `Cross-validation needs at least 2 coded documents with current pre-labels; there ${groupCount === 1 ? 'is 1' : `are ${groupCount}`}.`,
    );
  const folds = options.assignment ? Math.max(...options.assignment) + 1 : Math.min(options.folds ?? 5, groupCount);
  const fold =
    options.assignment ??
    stratifiedGroupFolds(
      set.groups,
      set.truth.map((t) => t[0] ?? -1),
      folds,
      options.seed ?? 1,
    );
  return { fold, folds };
}

/** Trains on every row outside fold `f` and writes the held-out probabilities of fold `f`'s rows
 * into `probabilities` (n x K). Refuses a leaking fold. Returns whether the fit converged. */
export function fitFold(set: CalibrationSet, fold: Int32Array, f: number, probabilities: Float64Array, options: FitOptions = {}): boolean {
  const k = set.labelIds.length;
  const training: number[] = [];
  const evaluation: number[] = [];
  for (let i = 0; i < set.documents.length; i++) (fold[i] === f ? evaluation : training).push(i);
  assertNoLeak(training, evaluation, set.groups, set.documents, set.blind);
  if (evaluation.length === 0 || training.length === 0) return true;
  const model = fitCalibration(set, training, options);
  const p = predictCalibration(model, rowsOf(set.features, evaluation));
  evaluation.forEach((r, i) => probabilities.set(p.subarray(i * k, (i + 1) * k), r * k));
  return model.converged;
}

export function crossValidate(set: CalibrationSet, options: CrossValidationOptions = {}): CrossValidated {
  const { fold, folds } = foldPlan(set, options);
  const probabilities = new Float64Array(set.documents.length * set.labelIds.length);
  let converged = true;
  for (let f = 0; f < folds; f++) {
    converged = fitFold(set, fold, f, probabilities, options) && converged;
    options.onFold?.(f + 1, folds);
  }
  return { probabilities, fold, folds, converged };
}
