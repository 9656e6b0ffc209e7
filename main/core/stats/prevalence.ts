// Corpus-level prevalence of a label: prediction-powered inference (PPI) from the model's labels on
// every document plus a random human-coded sample, beside the naive model count and the human-only
// share, each with its interval and width; overall and per group (a metadata value).
import { invalid, mean, sampleVariance, zForConfidence } from './numeric';
import { waldInterval, wilsonInterval } from './intervals';

/** A mean with its sample variance (denominator n - 1) and size: all PPI needs of the corpus side. */
export interface MeanSummary {
  n: number;
  mean: number;
  variance: number;
}

/** Summary of numbers (model scores or 0/1 indicators). */
export function summarize(values: ArrayLike<number>): MeanSummary {
  return { n: values.length, mean: mean(values), variance: values.length > 1 ? sampleVariance(values) : 0 };
}

/** Summary of a 0/1 indicator from its count, without the values: variance = N p (1 - p) / (N - 1). */
export function binarySummary(positives: number, n: number): MeanSummary {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(positives) || positives < 0 || positives > n)
    throw invalid(`A share needs a whole count between 0 and N (got ${positives} of ${n}).`);
  const p = positives / n;
  return { n, mean: p, variance: n > 1 ? (n * p * (1 - p)) / (n - 1) : 0 };
}

export interface PrevalenceEstimate {
  method: 'ppi' | 'naive' | 'human';
  estimate: number;
  lower: number;
  upper: number;
  /** upper - lower, of the interval as reported (clipped to [0, 1]). */
  width: number;
  /** Standard error of the estimate where the interval is estimate +- z * SE (null for Wilson). */
  standardError: number | null;
  /** Documents behind the estimate: the corpus for naive, the sample for human, the sample for PPI. */
  n: number;
  /** PPI only: the weight of the model's predictions (1 for the paper's PPI; fitted with powerTuning). */
  lambda?: number;
}

export interface PpiOptions {
  confidence?: number;
  /**
   * false (default): the paper's interval, for the share in the population the documents come from.
   * true: the share in this corpus itself (see [Note: PPI target]).
   */
  finitePopulation?: boolean;
  /** Power tuning (PPI++): weight the model by a fitted lambda in [0, 1] instead of 1 (see [Note: PPI++]). */
  powerTuning?: boolean;
}

/**
 * Prediction-powered inference for a mean (Angelopoulos, Bates, Fannjiang, Jordan & Zrnic 2023,
 * "Prediction-powered inference", Science 382:669-674, the mean estimator of section "Means"):
 *   theta_PP = mean_N(f) - mean_n(f - Y)
 *   SE = sqrt(var_N(f) / N + var_n(f - Y) / n),  interval theta_PP +- z_{1-alpha/2} SE
 * with f the model's value (1 if it gives the label, else 0; or a score) on the N corpus documents,
 * and f - Y, the rectifier, on the n randomly sampled documents a human labelled (Y = 1 if the human
 * gave the label). Variances have denominator n - 1.
 * [Note: PPI corpus] `corpus` summarises the model on every document with a current prediction,
 * the sampled ones included (the "mean(model on all N)"); the paper draws the labelled
 * and unlabelled sets apart. With the sample inside the corpus, theta_PP - corpus share =
 * mean_N(f - Y) - mean_n(f - Y) exactly: the survey-sampling difference estimator (Sarndal, Swensson
 * & Wretman 1992, Model Assisted Survey Sampling, 6.3), unbiased under simple random sampling.
 * [Note: PPI target] The paper's SE treats documents as draws from a larger population. For the share
 * in this corpus, f is known on every document and the only error is the sample's, so
 * SE = sqrt((1 - n/N) var_n(f - Y) / n) (finitePopulation: true). The default (paper) interval is
 * slightly wider for that target (by the var_N(f)/N term and the missing 1 - n/N), hence valid for both.
 * [Note: PPI bounds] The estimate is not clipped (it stays unbiased); the interval is clipped to [0, 1].
 * [Note: DSL] Design-based supervised learning (Egami et al. 2023, NeurIPS) with a simple random sample
 * (known probability n/N) gives the same point estimate for a mean; its value is for unequal,
 * known sampling probabilities, which Prelabel's blind sample does not use.
 * [Note: PPI++] A poor model can make PPI's interval wider than the human-only one (the rectifier
 * varies more than Y). Power tuning (Angelopoulos, Duchi & Zrnic 2023, "PPI++: Efficient
 * prediction-powered inference", arXiv:2311.01453, mean estimation) weights the model by
 *   lambda = Cov_n(f, Y) / ((1 + n/N) var_N(f)), clipped to [0, 1],
 *   theta = lambda mean_N(f) - mean_n(lambda f - Y),  SE = sqrt(lambda^2 var_N(f) / N + var_n(lambda f - Y) / n)
 * (with finitePopulation: sqrt((1 - n/N) var_n(lambda f - Y) / n)); lambda = 1 is the paper's PPI,
 * lambda = 0 the human-only mean. The interval is asymptotically valid with lambda fitted on the sample.
 */
export function ppiMean(
  corpus: MeanSummary,
  sampleModel: readonly number[],
  sampleHuman: readonly number[],
  options: PpiOptions = {},
): PrevalenceEstimate {
  if (sampleModel.length !== sampleHuman.length)
    throw invalid(`The sample needs a model value and a human value per document (got ${sampleModel.length} and ${sampleHuman.length}).`);
  const n = sampleModel.length;
  if (n < 2) throw invalid(`Prediction-powered inference needs at least 2 human-labelled sample documents (got ${n}).`);
  if (n > corpus.n) throw invalid(`The sample (${n}) cannot be larger than the corpus (${corpus.n}).`);
  const lambda = options.powerTuning ? tunedLambda(corpus, sampleModel, sampleHuman) : 1;
  const rectifier = sampleModel.map((f, i) => lambda * f - (sampleHuman[i] as number));
  const estimate = lambda * corpus.mean - mean(rectifier);
  const variance = options.finitePopulation
    ? ((1 - n / corpus.n) * sampleVariance(rectifier)) / n
    : (lambda * lambda * corpus.variance) / corpus.n + sampleVariance(rectifier) / n;
  const se = Math.sqrt(variance);
  const half = zForConfidence(options.confidence ?? 0.95) * se;
  const lower = Math.max(0, estimate - half);
  const upper = Math.min(1, estimate + half);
  return { method: 'ppi', estimate, lower, upper, width: upper - lower, standardError: se, n, lambda };
}

/** PPI++'s lambda for a mean: Cov_n(f, Y) / ((1 + n/N) var_N(f)), clipped to [0, 1]; 0 when f does not vary. */
export function tunedLambda(corpus: MeanSummary, sampleModel: readonly number[], sampleHuman: readonly number[]): number {
  const n = sampleModel.length;
  if (corpus.variance === 0) return 0;
  const mf = mean(sampleModel);
  const my = mean(sampleHuman);
  let cov = 0;
  for (let i = 0; i < n; i++) cov += ((sampleModel[i] as number) - mf) * ((sampleHuman[i] as number) - my);
  cov /= n - 1;
  return Math.min(1, Math.max(0, cov / ((1 + n / corpus.n) * corpus.variance)));
}

/** The naive count: the model's share of the corpus with the binomial (Wald) interval, which ignores the model's errors. */
export function naiveModelShare(positives: number, n: number, confidence = 0.95): PrevalenceEstimate {
  const w = waldInterval(positives, n, confidence);
  const se = Math.sqrt((w.estimate * (1 - w.estimate)) / n);
  return { method: 'naive', estimate: w.estimate, lower: w.lower, upper: w.upper, width: w.width, standardError: se, n };
}

/** The human-only share of the random sample with its Wilson interval (ignores the model entirely). */
export function humanShare(positives: number, n: number, confidence = 0.95): PrevalenceEstimate {
  const w = wilsonInterval(positives, n, confidence);
  return { method: 'human', estimate: w.estimate, lower: w.lower, upper: w.upper, width: w.width, standardError: null, n };
}

export interface PrevalenceInput {
  labels: readonly string[];
  /** Documents of the corpus (or group) with a current prediction: N. */
  corpusN: number;
  /** How many of them the model gives each label (its top label; for multi-label, above threshold). */
  corpusCounts: Readonly<Record<string, number>>;
  /**
   * The blind random sample, documents with both a human label and a current prediction: the model's
   * and the human's label(s) of each. A string for single-label questions, a list for multi-label.
   */
  sample: readonly { model: string | readonly string[]; human: string | readonly string[] }[];
}

export interface LabelPrevalence {
  label: string;
  /** The model count with its (invalid) binomial interval. */
  naive: PrevalenceEstimate;
  /** The human-only share of the sample (Wilson); null with an empty sample. */
  human: PrevalenceEstimate | null;
  /** Prediction-powered estimate; null with fewer than 2 sample documents. */
  ppi: PrevalenceEstimate | null;
}

const has = (value: string | readonly string[], label: string) => (typeof value === 'string' ? value === label : value.includes(label));

/**
 * The three estimates of each label's share, side by side. The caller guarantees the sample is a
 * simple random sample of the documents counted in `corpusN` (the blind validation sample) and says
 * so on screen when it is not: PPI, like the human-only share, is only valid for a random sample.
 */
export function labelPrevalence(input: PrevalenceInput, options: PpiOptions = {}): LabelPrevalence[] {
  const confidence = options.confidence ?? 0.95;
  return input.labels.map((label) => {
    const count = input.corpusCounts[label] ?? 0;
    const model = input.sample.map((d) => (has(d.model, label) ? 1 : 0));
    const human = input.sample.map((d) => (has(d.human, label) ? 1 : 0));
    const humanPositives = human.reduce((a: number, b) => a + b, 0);
    return {
      label,
      naive: naiveModelShare(count, input.corpusN, confidence),
      human: human.length ? humanShare(humanPositives, human.length, confidence) : null,
      ppi: model.length >= 2 ? ppiMean(binarySummary(count, input.corpusN), model, human, options) : null,
    };
  });
}

/**
 * Prevalence per group (a metadata value such as party or year): each group's corpus counts and its
 * part of the sample, estimated separately. [Note: groups] Within a group, the documents of a simple
 * random sample are a simple random sample of the group (given their number), so each group's
 * interval is valid on its own; the intervals are not adjusted for comparing many groups.
 */
export function groupPrevalence(
  groups: readonly (PrevalenceInput & { group: string })[],
  options: PpiOptions = {},
): { group: string; corpusN: number; sampleN: number; labels: LabelPrevalence[] }[] {
  return groups
    .filter((g) => g.corpusN > 0)
    .map((g) => ({ group: g.group, corpusN: g.corpusN, sampleN: g.sample.length, labels: labelPrevalence(g, options) }));
}
