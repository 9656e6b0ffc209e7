// How far int8 logits are from fp32 logits for the same inputs: the quantiser's own test, its
// benchmark, and the app's check before a project switches to int8 use these measures.

export interface LogitAgreement {
  pairs: number;
  /** ||int8 - fp32|| / ||fp32|| over all logits (Frobenius norms). */
  relativeError: number;
  maxAbsError: number;
  /** Share of pairs whose highest logit is the same label in both. */
  topLabelAgreement: number;
  /** Indices of the pairs whose top label differs. */
  disagreements: number[];
}

function argmax(row: ArrayLike<number>, start: number, classes: number): number {
  let best = 0;
  for (let c = 1; c < classes; c++) if (row[start + c]! > row[start + best]!) best = c;
  return best;
}

/** Both arrays are [pairs x classes], row-major, same pair order. */
export function compareLogits(reference: ArrayLike<number>, candidate: ArrayLike<number>, classes: number): LogitAgreement {
  if (reference.length !== candidate.length || reference.length % classes !== 0) {
    throw new Error(`compareLogits: ${reference.length} and ${candidate.length} logits for ${classes} classes`);
  }
  let diff = 0;
  let norm = 0;
  let maxAbs = 0;
  for (let i = 0; i < reference.length; i++) {
    const d = candidate[i]! - reference[i]!;
    diff += d * d;
    norm += reference[i]! * reference[i]!;
    maxAbs = Math.max(maxAbs, Math.abs(d));
  }
  const pairs = reference.length / classes;
  const disagreements: number[] = [];
  for (let p = 0; p < pairs; p++)
    if (argmax(reference, p * classes, classes) !== argmax(candidate, p * classes, classes)) disagreements.push(p);
  return {
    pairs,
    relativeError: norm > 0 ? Math.sqrt(diff / norm) : Math.sqrt(diff),
    maxAbsError: maxAbs,
    topLabelAgreement: pairs ? (pairs - disagreements.length) / pairs : 1,
    disagreements,
  };
}

/** Gap between the highest and second-highest logit of each pair: how close to a tie it is. */
export function topMargins(logits: ArrayLike<number>, classes: number): number[] {
  const out: number[] = [];
  for (let start = 0; start < logits.length; start += classes) {
    const row = Array.from({ length: classes }, (_, c) => logits[start + c]!).sort((a, b) => b - a);
    out.push(row[0]! - (row[1] ?? -Infinity));
  }
  return out;
}
