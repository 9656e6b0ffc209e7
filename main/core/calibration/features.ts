// The calibrated classifier's features: for every label of the question, the entailment and the
// contradiction logit of the window that a suggestion takes for it (aggregateWindows: the window with
// the largest entailment, with its own contradiction), so a document's features are exactly the numbers
// its raw zero-shot suggestion is computed from. Then standardised as sklearn's StandardScaler does
// (mean and population standard deviation of the training rows; a constant feature keeps scale 1).
import { aggregateWindows } from '../nli/scoring/zero-shot';
import { STORED_INDICES } from '../nli/scoring/suggestions';
import type { PredictionRow } from '../store/prediction-store';
import type { Design } from './logistic';

export interface Scaler {
  mean: number[];
  scale: number[];
}

/** Features per label: [entailment, contradiction]. */
export const FEATURES_PER_LABEL = 2;

/**
 * One document's features from its stored rows (any order): [e_1, c_1, e_2, c_2, ...] in the order
 * of `labelIds`; null when a label has no row (the document is not fully scored).
 */
export function documentFeatures(rows: readonly PredictionRow[], labelIds: readonly string[]): number[] | null {
  const byLabel = new Map<string, Array<[number, number[]]>>();
  for (const r of rows) {
    const list = byLabel.get(r.labelId) ?? [];
    list.push([r.window, [r.entailment, r.neutral ?? 0, r.contradiction]]);
    byLabel.set(r.labelId, list);
  }
  const out: number[] = [];
  for (const id of labelIds) {
    const list = byLabel.get(id);
    if (!list || list.length === 0) return null;
    list.sort((a, b) => a[0] - b[0]);
    const choice = aggregateWindows(
      list.map((w) => w[1]),
      STORED_INDICES,
    );
    out.push(choice.logits[STORED_INDICES.entailment]!, choice.logits[STORED_INDICES.contradiction]!);
  }
  return out;
}

/**
 * documentFeatures written into `out` at `offset` (2K numbers), without its per-document maps and
 * sorts: `index` maps a label id to its position. Rows of a label that come in ascending window order
 * (as the store returns them) are scanned in that order with the same strict "greater entailment
 * wins" as aggregateWindows after documentFeatures' stable sort, so the numbers are the same ones;
 * rows out of window order go through documentFeatures itself. False when a label has no row.
 */
export function featuresInto(
  rows: readonly PredictionRow[],
  index: ReadonlyMap<string, number>,
  labelIds: readonly string[],
  out: Float64Array,
  offset: number,
  seen: Int32Array,
): boolean {
  const k = labelIds.length;
  // seen[j]: the window of label j's best row so far + 1 (0: none yet); lastWindow in seen[k + j].
  seen.fill(0, 0, 2 * k);
  for (const r of rows) {
    const j = index.get(r.labelId);
    if (j === undefined) continue;
    const at = offset + 2 * j;
    if (seen[j] === 0) {
      seen[j] = 1;
      seen[k + j] = r.window;
      out[at] = r.entailment;
      out[at + 1] = r.contradiction;
      continue;
    }
    if (r.window < seen[k + j]!) {
      const f = documentFeatures(rows, labelIds);
      if (!f) return false;
      out.set(f, offset);
      return true;
    }
    seen[k + j] = r.window;
    if (r.entailment > out[at]!) {
      out[at] = r.entailment;
      out[at + 1] = r.contradiction;
    }
  }
  for (let j = 0; j < k; j++) if (seen[j] === 0) return false;
  return true;
}

/** Mean and population standard deviation of each column (StandardScaler's fit). */
export function fitScaler(design: Design, rows?: ArrayLike<number>): Scaler {
  const { x, d } = design;
  const count = rows ? rows.length : design.n;
  const at = (i: number): number => (rows ? rows[i]! : i);
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  for (let i = 0; i < count; i++) for (let f = 0; f < d; f++) mean[f]! += x[at(i) * d + f]!;
  for (let f = 0; f < d; f++) mean[f] = mean[f]! / count;
  for (let i = 0; i < count; i++) {
    for (let f = 0; f < d; f++) {
      const v = x[at(i) * d + f]! - mean[f]!;
      scale[f]! += v * v;
    }
  }
  for (let f = 0; f < d; f++) {
    const sd = Math.sqrt(scale[f]! / count);
    // sklearn: a (near) zero variance keeps scale 1, so the column becomes 0 rather than NaN.
    scale[f] = sd < 10 * Number.EPSILON * Math.max(1, Math.abs(mean[f]!)) ? 1 : sd;
  }
  return { mean, scale };
}

/** The rows (all, or those listed) standardised with `scaler`, as a new design. */
export function standardise(design: Design, scaler: Scaler, rows?: ArrayLike<number>): Design {
  const { x, d } = design;
  const count = rows ? rows.length : design.n;
  const out = new Float64Array(count * d);
  for (let i = 0; i < count; i++) {
    const src = (rows ? rows[i]! : i) * d;
    for (let f = 0; f < d; f++) out[i * d + f] = (x[src + f]! - scaler.mean[f]!) / scaler.scale[f]!;
  }
  return { x: out, n: count, d };
}

/** A design from plain rows. */
export function designOf(rows: ReadonlyArray<readonly number[]>, d: number): Design {
  const x = new Float64Array(rows.length * d);
  rows.forEach((r, i) => {
    if (r.length !== d) throw new Error(`designOf: row ${i} has ${r.length} features, not ${d}`);
    x.set(r, i * d);
  });
  return { x, n: rows.length, d };
}
