// A label's precision-recall curve from scores and the human truth, its average precision, and the
// threshold a rule picks on it. Pure: callers pass arrays (no SQLite), so the numbers can be checked
// against scikit-learn (scripts/stats/make_threshold_fixtures.py).
//
// [Note: precision-recall curve] The semantics of sklearn.metrics.precision_recall_curve (1.2): a
// document has the label when its score is at least the threshold; one point per distinct score
// (every threshold that changes a prediction), precision tp / (tp + fp) and recall tp / positives at
// it. Points are listed from the highest threshold down (recall rising). sklearn's extra end point
// (precision 1, recall 0, no threshold) is not a threshold and is left out; the average precision is
// sklearn's step sum, sum over points of (R_n - R_(n-1)) * P_n starting from recall 0.
//
// [Note: choosing a threshold] maxF1: the point with the highest F1 = 2PR / (P + R); ties go to the
// higher threshold (fewer labels given for the same F1). targetPrecision p: of the points whose
// precision is at least p, the one with the highest recall (the lowest such threshold gives it);
// targetRecall r: of the points whose recall is at least r, the one with the highest precision
// (ties: the higher threshold). When no point qualifies there is no threshold and the reason says so.

export interface CurvePoint {
  threshold: number;
  /** Documents with a score at or above the threshold that have the label (tp) and that do not (fp). */
  tp: number;
  fp: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface PrCurve {
  /** Documents with the label in the truth, and without. */
  positives: number;
  negatives: number;
  /** From the highest threshold down. Empty when there are no documents. */
  points: CurvePoint[];
  /** Null when no document has the label (recall is undefined). */
  averagePrecision: number | null;
}

export type ThresholdRule = { kind: 'maxF1' } | { kind: 'targetPrecision'; value: number } | { kind: 'targetRecall'; value: number };

export type Choice = { point: CurvePoint; reason: null } | { point: null; reason: string };

const f1Of = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/** The curve of one label: `scores[i]` is document i's score, `truth[i]` whether a human gave the label. */
export function precisionRecallCurve(scores: ArrayLike<number>, truth: ArrayLike<boolean>): PrCurve {
  const n = scores.length;
  if (truth.length !== n) throw new Error(`precisionRecallCurve: ${n} scores for ${truth.length} truths`);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < n; i++) if (!Number.isFinite(scores[i]!)) throw new Error(`precisionRecallCurve: score ${i} is not a number`);
  order.sort((a, b) => scores[b]! - scores[a]!);
  let positives = 0;
  for (let i = 0; i < n; i++) if (truth[i]) positives++;
  const points: CurvePoint[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    if (truth[i]) tp++;
    else fp++;
    // A point after the last document of each distinct score.
    if (k + 1 < n && scores[order[k + 1]!] === scores[i]) continue;
    const precision = tp / (tp + fp);
    const recall = positives === 0 ? 1 : tp / positives;
    points.push({ threshold: scores[i]!, tp, fp, precision, recall, f1: positives === 0 ? 0 : f1Of(precision, recall) });
  }
  let ap: number | null = null;
  if (positives > 0) {
    ap = 0;
    let prev = 0;
    for (const p of points) {
      ap += (p.recall - prev) * p.precision;
      prev = p.recall;
    }
  }
  return { positives, negatives: n - positives, points, averagePrecision: ap };
}

/** The point a rule picks ([Note: choosing a threshold]). */
export function chooseThreshold(curve: PrCurve, rule: ThresholdRule): Choice {
  if (curve.points.length === 0) return { point: null, reason: 'No coded document has a score.' };
  if (curve.positives === 0) return { point: null, reason: 'No coded document has this label: there is nothing to tune on.' };
  if (curve.negatives === 0) return { point: null, reason: 'Every coded document has this label: there is nothing to tune on.' };
  let best: CurvePoint | null = null;
  // Points run from the highest threshold down: a strict improvement is needed to move to a lower one.
  if (rule.kind === 'maxF1') {
    for (const p of curve.points) if (best === null || p.f1 > best.f1) best = p;
    if (best!.f1 === 0) return { point: null, reason: 'No threshold labels any coded document correctly (F1 is 0 everywhere).' };
  } else if (rule.kind === 'targetPrecision') {
    for (const p of curve.points) if (p.precision >= rule.value && (best === null || p.recall > best.recall)) best = p;
    if (best === null) return { point: null, reason: `No threshold reaches a precision of ${rule.value} on the coded documents.` };
  } else {
    for (const p of curve.points) if (p.recall >= rule.value && (best === null || p.precision > best.precision)) best = p;
    if (best === null) return { point: null, reason: `No threshold reaches a recall of ${rule.value} on the coded documents.` };
  }
  return { point: best!, reason: null };
}

/** Precision, recall and F1 of labelling every document whose score is at least `threshold`. */
export function atThreshold(scores: ArrayLike<number>, truth: ArrayLike<boolean>, threshold: number): Omit<CurvePoint, 'threshold'> {
  let tp = 0;
  let fp = 0;
  let positives = 0;
  for (let i = 0; i < scores.length; i++) {
    if (truth[i]) positives++;
    if (scores[i]! >= threshold) {
      if (truth[i]) tp++;
      else fp++;
    }
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = positives === 0 ? 0 : tp / positives;
  return { tp, fp, precision, recall, f1: f1Of(precision, recall) };
}
