// A variant's numbers against the truth, by the code evaluation.run uses (evaluation/metrics.ts),
// with the same labels, the same documents and the same bootstrap, so that "try it" shows what
// `prelabel evaluate` would show after the variant is kept and the question pre-labelled again.
import type { CodebookQuestion, TuningVariantResult } from '../../../common/contract';
import type { Prediction, TruthRow } from '../evaluation/evaluation-data';
import { multiLabelMetrics, singleLabelMetrics, type BootstrapSettings, type UsedDocument } from '../evaluation/metrics';

/** The labels evaluation.run measures: the question's, archived ones only where a truth names them. */
export function metricLabels(question: CodebookQuestion, truth: readonly TruthRow[]) {
  const seen = new Set(truth.flatMap((r) => r.labelIds));
  return question.labels.filter((l) => !l.archived || seen.has(l.id));
}

/** [Note: bootstrap budget] in evaluation/evaluate.ts: the same replicates for the same documents. */
const BOOTSTRAP_BUDGET = 400_000_000;

export function bootstrapFor(used: number, requested: number, seed: number): BootstrapSettings {
  const replicates = used ? Math.max(200, Math.min(requested, Math.floor(BOOTSTRAP_BUDGET / used))) : requested;
  return { replicates: Math.min(requested, replicates), seed, confidence: 0.95 };
}

export type VariantNumbers = Pick<TuningVariantResult, 'macroF1' | 'macroF1Interval' | 'perLabel' | 'metrics'>;

/** The documents of the truth that have a prediction, as evaluation.run lists them. */
export function usedDocuments(
  question: CodebookQuestion,
  truth: readonly TruthRow[],
  predictions: Map<number, Prediction>,
): UsedDocument[] {
  const labels = metricLabels(question, truth);
  const names = new Map(labels.map((l) => [l.id, l.name]));
  const used: UsedDocument[] = [];
  for (const r of truth) {
    const p = predictions.get(r.documentId);
    if (!p) continue;
    used.push({
      documentId: r.documentId,
      truth: r.labelIds.map((id) => names.get(id)!),
      model: p.labelIds.map((id) => names.get(id)!),
      top: p.top,
      scores: question.multiLabel ? labels.map((l) => p.scores.get(l.id) ?? 0) : [],
      group: null,
    });
  }
  return used;
}

export function variantNumbers(
  question: CodebookQuestion,
  truth: readonly TruthRow[],
  predictions: Map<number, Prediction>,
  boot: BootstrapSettings,
  /** Tuned thresholds by label id (the current wording only: a variant's hash has none). */
  cuts: ReadonlyMap<string, number> | null = null,
): VariantNumbers {
  const metric = metricLabels(question, truth);
  const labels = metric.map((l) => l.name);
  const byName = new Map(metric.flatMap((l) => (cuts?.has(l.id) ? [[l.name, cuts.get(l.id)!] as const] : [])));
  const used = usedDocuments(question, truth, predictions);
  if (used.length === 0) return { macroF1: null, macroF1Interval: null, perLabel: [], metrics: null };
  const metrics = question.multiLabel
    ? multiLabelMetrics(used, labels, boot, byName)
    : singleLabelMetrics(used, labels, question.ordered, boot);
  return {
    macroF1: metrics.macro.f1,
    macroF1Interval: metrics.intervals.macroF1,
    perLabel: metrics.perLabel.map((m) => ({
      label: m.label,
      f1: m.f1,
      precision: m.precision,
      recall: m.recall,
      support: m.support,
      f1Interval: m.intervals.f1,
    })),
    metrics,
  };
}
