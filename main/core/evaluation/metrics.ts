// The numbers of model against truth, from the arrays an evaluation read: the classification (or
// multi-label) report with its bootstrap intervals, the reliability diagram with its ECE, the score
// histograms of right and wrong documents, and the breakdown by a metadata value. Every number comes
// from main/core/stats; this file only arranges its results in the contract's shapes.
import type {
  GroupRow,
  HistogramBinView,
  Interval,
  LabelMetricsView,
  MultiLabelMetrics,
  ReliabilityBinView,
  SingleLabelMetrics,
} from '../../../common/contract';
import {
  bootstrapClassification,
  bootstrapMultiLabel,
  classificationByGroup,
  classificationReport,
  multiLabelByGroup,
  multiLabelReport,
  reliabilityDiagram,
  scoreHistogram,
  wilsonInterval,
  type BootstrapInterval,
  type LabelMetrics,
} from '../stats';
import { HISTOGRAM_BINS } from './corpus-counts';
import { MULTI_LABEL_THRESHOLD } from './evaluation-data';

/** One used document: truth and model labels by name, the top score, every label's score (multi-label). */
export interface UsedDocument {
  documentId: number;
  truth: string[];
  model: string[];
  top: number;
  scores: number[];
  group: string | null;
}

export interface BootstrapSettings {
  replicates: number;
  seed: number;
  confidence: number;
}

const iv = (b: BootstrapInterval, confidence: number): Interval => ({ ...b, confidence });

function labelView(m: LabelMetrics, i: { precision: BootstrapInterval; recall: BootstrapInterval; f1: BootstrapInterval }, c: number) {
  return {
    label: m.label,
    precision: m.precision,
    recall: m.recall,
    f1: m.f1,
    support: m.support,
    predicted: m.predicted,
    undefined: [...m.undefined],
    intervals: { precision: iv(i.precision, c), recall: iv(i.recall, c), f1: iv(i.f1, c) },
  } satisfies LabelMetricsView;
}

export function singleLabelMetrics(
  docs: readonly UsedDocument[],
  labels: readonly string[],
  ordered: boolean,
  b: BootstrapSettings,
): SingleLabelMetrics {
  const truth = docs.map((d) => d.truth[0]!);
  const model = docs.map((d) => d.model[0]!);
  const r = classificationReport(truth, model, labels, { ordered });
  const i = bootstrapClassification(truth, model, labels, { replicates: b.replicates, seed: b.seed, confidence: b.confidence });
  const c = b.confidence;
  return {
    kind: 'single',
    n: r.n,
    accuracy: r.accuracy,
    macro: r.macro,
    weighted: r.weighted,
    kappa: r.kappa,
    weightedKappa: r.weightedKappa ?? null,
    perLabel: r.perLabel.map((m, k) => labelView(m, i.perLabel[k]!, c)),
    confusion: {
      labels: r.confusion.labels,
      counts: r.confusion.counts,
      rowTotals: r.confusion.rowTotals,
      rowShares: r.confusion.rowShares,
    },
    intervals: { accuracy: iv(i.accuracy, c), macroF1: iv(i.macroF1, c), weightedF1: iv(i.weightedF1, c), kappa: iv(i.kappa, c) },
  };
}

/** `cuts`: tuned thresholds by label name (thresholds/threshold-store.ts); a label without one is cut at 0.5. */
export function multiLabelMetrics(
  docs: readonly UsedDocument[],
  labels: readonly string[],
  b: BootstrapSettings,
  cuts: ReadonlyMap<string, number> = new Map(),
): MultiLabelMetrics {
  const truth = docs.map((d) => d.truth);
  const model = docs.map((d) => d.model);
  const r = multiLabelReport(truth, model, labels);
  const i = bootstrapMultiLabel(truth, model, labels, { replicates: b.replicates, seed: b.seed, confidence: b.confidence });
  const c = b.confidence;
  return {
    kind: 'multi',
    n: r.n,
    micro: r.micro,
    macro: r.macro,
    weighted: r.weighted,
    subsetAccuracy: r.subsetAccuracy,
    hammingLoss: r.hammingLoss,
    thresholds: labels.map((label) => ({ label, threshold: cuts.get(label) ?? MULTI_LABEL_THRESHOLD })),
    perLabel: r.perLabel.map((m, k) => labelView(m, i.perLabel[k]!, c)),
    intervals: {
      microF1: iv(i.microF1, c),
      macroF1: iv(i.macroF1, c),
      weightedF1: iv(i.weightedF1, c),
      subsetAccuracy: iv(i.subsetAccuracy, c),
      hammingLoss: iv(i.hammingLoss, c),
    },
  };
}

/**
 * The reliability diagram. Single-label: the top label's score against whether the top label is the
 * truth (Guo et al. 2017). [Note: multi-label calibration] Multi-label: every (document, label) cell
 * is one binary decision, given when the score is at least the threshold; its confidence is the
 * probability of the decision made, max(s, 1 - s), and it is right when it matches the truth; the
 * diagram pools the cells of every label.
 */
export function calibration(
  docs: readonly UsedDocument[],
  labels: readonly string[],
  multiLabel: boolean,
  cuts: ReadonlyMap<string, number> = new Map(),
) {
  const confidence: number[] = [];
  const correct: boolean[] = [];
  for (const d of docs) {
    if (!multiLabel) {
      confidence.push(d.top);
      correct.push(d.truth[0] === d.model[0]);
      continue;
    }
    labels.forEach((label, k) => {
      const s = d.scores[k] ?? 0;
      confidence.push(Math.max(s, 1 - s));
      correct.push(s >= (cuts.get(label) ?? MULTI_LABEL_THRESHOLD) === d.truth.includes(label));
    });
  }
  if (confidence.length === 0) return null;
  const r = reliabilityDiagram(confidence, correct);
  return {
    bins: r.bins as ReliabilityBinView[],
    n: r.n,
    ece: r.ece,
    what: multiLabel
      ? 'every (document, label) decision: the probability of the decision made against whether it was right'
      : "the top label's score against whether the top label was right",
  };
}

/** Top scores of the used documents, right (the model's labels equal the truth) and wrong. */
export function usedHistograms(docs: readonly UsedDocument[]): { right: HistogramBinView[]; wrong: HistogramBinView[] } {
  const same = (d: UsedDocument) => d.truth.length === d.model.length && d.truth.every((t) => d.model.includes(t));
  return {
    right: scoreHistogram(
      docs.filter(same).map((d) => d.top),
      { bins: HISTOGRAM_BINS },
    ),
    wrong: scoreHistogram(
      docs.filter((d) => !same(d)).map((d) => d.top),
      { bins: HISTOGRAM_BINS },
    ),
  };
}

/** The report per metadata value: n, accuracy (subset accuracy) with its Wilson interval, macro F1, kappa or micro F1. */
export function groupRows(
  docs: readonly UsedDocument[],
  labels: readonly string[],
  multiLabel: boolean,
  ordered: boolean,
  confidence: number,
): GroupRow[] {
  const groups = docs.map((d) => d.group);
  const acc = (share: number, n: number) => {
    const w = wilsonInterval(Math.round(share * n), n, confidence);
    return { estimate: share, lower: w.lower, upper: w.upper };
  };
  if (multiLabel)
    return multiLabelByGroup(
      docs.map((d) => d.truth),
      docs.map((d) => d.model),
      groups,
      labels,
    ).map((g) => ({
      group: g.group,
      n: g.n,
      accuracy: g.report ? acc(g.report.subsetAccuracy, g.n) : null,
      macroF1: g.report?.macro.f1 ?? null,
      kappa: null,
      microF1: g.report?.micro.f1 ?? null,
    }));
  return classificationByGroup(
    docs.map((d) => d.truth[0]),
    docs.map((d) => d.model[0]),
    groups,
    labels,
    { ordered },
  ).map((g) => ({
    group: g.group,
    n: g.n,
    accuracy: g.report ? acc(g.report.accuracy, g.n) : null,
    macroF1: g.report?.macro.f1 ?? null,
    kappa: g.report?.kappa ?? null,
    microF1: g.report?.micro.f1 ?? null,
  }));
}
