// The agreement report of one question between several coders (the model may be one of them):
// Krippendorff's alpha with its bootstrap interval, Fleiss' kappa, Gwet's AC1, percent agreement and
// the coder-by-coder matrix, overall and per label. Pure: callers pass the units x coders data.
import {
  categoryCounts,
  coderMatrix,
  fleissKappa,
  gwetAC1,
  percentAgreement,
  type CoderMatrix,
  type Coefficient,
} from './agreement-coefficients';
import type { BootstrapOptions } from './bootstrap';
import { alphaBootstrap, type AlphaWithInterval } from './krippendorff-bootstrap';
import type { ReliabilityData } from './krippendorff';
import { invalid } from './numeric';

export interface BinaryAgreement {
  /** Alpha (nominal) of "gave this label" against "did not" (binary_distance); per label. */
  alpha: AlphaWithInterval<string>;
  fleiss: Coefficient;
  ac1: Coefficient;
  percent: Coefficient;
  matrix: CoderMatrix;
}

export interface LabelAgreement extends BinaryAgreement {
  label: string;
}

export interface SingleLabelAgreement extends BinaryAgreement {
  kind: 'single';
  labels: string[];
  coders: string[];
  /** Alpha with the ordinal metric (ordered questions only), with its interval. */
  alphaOrdinal?: AlphaWithInterval<string>;
  perLabel: LabelAgreement[];
}

export interface MultiLabelAgreement {
  kind: 'multi';
  labels: string[];
  coders: string[];
  /** Alpha of the label sets with the MASI distance (Passonneau 2006), with its interval, and with Jaccard. */
  alphaMasi: AlphaWithInterval<readonly string[]>;
  alphaJaccard: AlphaWithInterval<readonly string[]>;
  /** Percent agreement on the exact set (a unit's coders gave the same set). */
  exactSet: Coefficient;
  /** Every coefficient per label, each label as a binary question (given or not). */
  perLabel: LabelAgreement[];
}

function checkShape(data: ReliabilityData<unknown>, coders: readonly string[]): void {
  if (coders.length === 0) throw invalid('Agreement needs at least one coder.');
  if (new Set(coders).size !== coders.length) throw invalid('Each coder must be named once.');
  data.forEach((row, u) => {
    if (row.length !== coders.length) throw invalid(`Unit ${u} has ${row.length} values for ${coders.length} coders.`);
  });
}

function binary(
  data: ReliabilityData<string>,
  coders: readonly string[],
  categories: readonly string[],
  boot: BootstrapOptions,
): BinaryAgreement {
  const counts = categoryCounts(data, categories);
  return {
    alpha: alphaBootstrap(data, { level: 'nominal', categories }, boot),
    fleiss: fleissKappa(counts),
    ac1: gwetAC1(counts),
    percent: percentAgreement(counts),
    matrix: coderMatrix(data, coders, categories),
  };
}

/** Each label as a binary question: "yes" where the coder gave it, "no" where the coder coded the unit without it. */
function perLabel<V>(
  data: ReliabilityData<V>,
  coders: readonly string[],
  labels: readonly string[],
  gave: (v: V, label: string) => boolean,
  boot: BootstrapOptions,
): LabelAgreement[] {
  return labels.map((label) => {
    const yesNo = data.map((row) => row.map((v) => (v === null || v === undefined ? null : gave(v, label) ? 'yes' : 'no')));
    return { label, ...binary(yesNo, coders, ['yes', 'no'], boot) };
  });
}

/**
 * Agreement on a single-label question: data[u][c] is coder c's label for unit u (null where not
 * coded). Overall: nominal alpha (and ordinal alpha for an ordered question, `labels` low to high),
 * Fleiss' kappa, Gwet's AC1, percent agreement, the matrix of pairwise Cohen's kappa (weighted too
 * when ordered); per label, the same with the label against all others (binary).
 * [Note: per label] A label's coefficients ask whether coders agree on giving that label at all;
 * a unit coded by a coder counts as "no" for every label the coder did not give it.
 * [Note: one set of resamples] Every alpha interval of the report uses the same seed, hence the same
 * resamples of documents: the intervals overall and per label come from the same bootstrap samples.
 */
export function singleLabelAgreement(
  data: ReliabilityData<string>,
  coders: readonly string[],
  labels: readonly string[],
  options: { ordered?: boolean; bootstrap?: BootstrapOptions } = {},
): SingleLabelAgreement {
  checkShape(data, coders);
  if (labels.length === 0) throw invalid("Agreement needs the question's labels.");
  const boot = options.bootstrap ?? {};
  const counts = categoryCounts(data, labels);
  return {
    kind: 'single',
    labels: [...labels],
    coders: [...coders],
    alpha: alphaBootstrap(data, { level: 'nominal', categories: labels }, boot),
    ...(options.ordered ? { alphaOrdinal: alphaBootstrap(data, { level: 'ordinal', categories: labels }, boot) } : {}),
    fleiss: fleissKappa(counts),
    ac1: gwetAC1(counts),
    percent: percentAgreement(counts),
    matrix: coderMatrix(data, coders, labels, { ordered: options.ordered ?? false }),
    perLabel: perLabel(data, coders, labels, (v, label) => v === label, boot),
  };
}

/**
 * Agreement on a multi-label question: data[u][c] is the set of labels coder c gave unit u (an
 * empty set is a decision: no label applies; null where not coded). Overall: alpha with the MASI
 * and the Jaccard distance, and how often coders gave the very same set; per label every
 * coefficient of the label as a binary question. [Note: no overall kappa] Cohen's and Fleiss' kappa
 * and AC1 are defined for one category per unit; for label sets they are reported per label only.
 */
export function multiLabelAgreement(
  data: ReliabilityData<readonly string[]>,
  coders: readonly string[],
  labels: readonly string[],
  options: { bootstrap?: BootstrapOptions } = {},
): MultiLabelAgreement {
  checkShape(data, coders);
  if (labels.length === 0) throw invalid("Agreement needs the question's labels.");
  const known = new Set(labels);
  data.forEach((row, u) =>
    row.forEach((set) => {
      for (const label of set ?? [])
        if (!known.has(label)) throw invalid(`The label "${label}" (unit ${u}) is not one of this question's labels.`);
    }),
  );
  const boot = options.bootstrap ?? {};
  const keys = data.map((row) => row.map((set) => (set ? JSON.stringify([...new Set(set)].sort()) : null)));
  const distinct = [...new Set(keys.flat().filter((k): k is string => k !== null))];
  return {
    kind: 'multi',
    labels: [...labels],
    coders: [...coders],
    alphaMasi: alphaBootstrap(data, { level: 'masi' }, boot),
    alphaJaccard: alphaBootstrap(data, { level: 'jaccard' }, boot),
    exactSet: percentAgreement(categoryCounts(keys, distinct)),
    perLabel: perLabel(data, coders, labels, (set, label) => set.includes(label), boot),
  };
}
