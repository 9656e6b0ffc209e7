// Breakdown of the classification and multi-label reports by a metadata value (language, source,
// year): the documents are split by their value and each part gets its own report.
import { classificationReport, type ClassificationReport, type MaybeLabel } from './classification';
import { multiLabelReport, type MaybeLabelSet, type MultiLabelReport } from './multilabel';
import { invalid } from './numeric';

export interface GroupReport<R> {
  /** The metadata value; null for documents without one. */
  group: string | null;
  /** Documents of the group with both a truth and a prediction. */
  n: number;
  /** null when no document of the group has both. */
  report: R | null;
}

function byGroup<T, R extends { n: number }>(
  truth: readonly T[],
  prediction: readonly T[],
  groups: readonly (string | null | undefined)[],
  report: (truth: T[], prediction: T[]) => R,
  complete: (t: T, p: T) => boolean,
): GroupReport<R>[] {
  if (groups.length !== truth.length || prediction.length !== truth.length)
    throw invalid(
      `Truth, prediction and group must have one entry per document (got ${truth.length}, ${prediction.length} and ${groups.length}).`,
    );
  const parts = new Map<string | null, { truth: T[]; prediction: T[] }>();
  groups.forEach((g, i) => {
    const key = g ?? null;
    let part = parts.get(key);
    if (!part) parts.set(key, (part = { truth: [], prediction: [] }));
    part.truth.push(truth[i] as T);
    part.prediction.push(prediction[i] as T);
  });
  const keys = [...parts.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0));
  return keys.map((group) => {
    const part = parts.get(group)!;
    const any = part.truth.some((t, i) => complete(t, part.prediction[i] as T));
    const r = any ? report(part.truth, part.prediction) : null;
    return { group, n: r ? r.n : 0, report: r };
  });
}

/**
 * classificationReport per metadata value, groups sorted by value (documents without one last).
 * [Note: group breakdown] Each group's numbers are its own (labels absent from a group still count
 * in its macro average, as in the overall report); small groups give wide intervals, so callers show
 * n beside each and bootstrap per group with bootstrapClassification on the group's documents.
 */
export function classificationByGroup(
  truth: readonly MaybeLabel[],
  prediction: readonly MaybeLabel[],
  groups: readonly (string | null | undefined)[],
  labels: readonly string[],
  options: { ordered?: boolean } = {},
): GroupReport<ClassificationReport>[] {
  return byGroup(
    truth,
    prediction,
    groups,
    (t, p) => classificationReport(t, p, labels, options),
    (t, p) => t !== null && t !== undefined && p !== null && p !== undefined,
  );
}

/** multiLabelReport per metadata value, as classificationByGroup. */
export function multiLabelByGroup(
  truth: readonly MaybeLabelSet[],
  prediction: readonly MaybeLabelSet[],
  groups: readonly (string | null | undefined)[],
  labels: readonly string[],
): GroupReport<MultiLabelReport>[] {
  return byGroup(
    truth,
    prediction,
    groups,
    (t, p) => multiLabelReport(t, p, labels),
    (t, p) => !!t && !!p,
  );
}
