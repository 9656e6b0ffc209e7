// The validation e2e's own computation of the point estimates a single-label validation shows, from
// (truth, model) label pairs, written as the screen writes them (common/evaluation-format.ts):
// accuracy, the confusion matrix with row totals, per-label precision, recall, F1, support and
// predicted count (scikit-learn's zero_division=0, "undefined" where the denominator is 0), macro and
// weighted F1 and Cohen's kappa, by the textbook formulas and nothing from main/core.
import { fmtCoef, fmtMetric, fmtShare } from '../../common/evaluation-format';

export function ownNumbers(pairs: ReadonlyArray<{ truth: string; model: string }>, labels: readonly string[]): Map<string, string> {
  const k = labels.length;
  const n = pairs.length;
  const c = labels.map(() => labels.map(() => 0));
  for (const p of pairs) c[labels.indexOf(p.truth)]![labels.indexOf(p.model)]!++;
  const rows = c.map((r) => r.reduce((a, b) => a + b, 0));
  const cols = labels.map((_, j) => c.reduce((a, r) => a + r[j]!, 0));
  const diagonal = labels.reduce((a, _, i) => a + c[i]![i]!, 0);
  const out = new Map<string, string>();
  out.set('accuracy', fmtShare(diagonal / n));
  c.forEach((r, i) => r.forEach((x, j) => out.set(`confusion.${i}.${j}`, String(x))));
  rows.forEach((x, i) => out.set(`confusion.${i}.total`, String(x)));
  let macro = 0;
  let weighted = 0;
  labels.forEach((_, i) => {
    const tp = c[i]![i]!;
    const precision = cols[i] ? tp / cols[i]! : 0;
    const recall = rows[i] ? tp / rows[i]! : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    macro += f1 / k;
    weighted += (f1 * rows[i]!) / n;
    out.set(`perLabel.${i}.precision`, fmtMetric(precision, cols[i] === 0));
    out.set(`perLabel.${i}.recall`, fmtMetric(recall, rows[i] === 0));
    out.set(`perLabel.${i}.f1`, fmtMetric(f1, rows[i] === 0 && cols[i] === 0));
    out.set(`perLabel.${i}.support`, String(rows[i]));
    out.set(`perLabel.${i}.predicted`, String(cols[i]));
  });
  out.set('macroF1', fmtCoef(macro));
  out.set('weightedF1', fmtCoef(weighted));
  const observed = diagonal / n;
  const expected = labels.reduce((a, _, i) => a + (rows[i]! / n) * (cols[i]! / n), 0);
  out.set('kappa', fmtCoef(expected === 1 ? null : (observed - expected) / (1 - expected)));
  return out;
}
