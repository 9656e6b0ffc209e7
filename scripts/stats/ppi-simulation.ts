// A seeded simulation of the prevalence estimators' coverage: a corpus with known label shares, a
// model with planted, label-dependent errors (so counting its labels is biased), and repeated simple
// random validation samples coded by a "human" who gives the true label. For each repetition it asks
// whether each estimator's 95% interval holds the true share. Used by ppi-coverage.ts (the full run,
// numbers in docs/STATISTICS.md) and by main/core/stats/ppi-coverage.test.ts (a smaller run in CI).
import { mulberry32 } from '../../main/core/seeded-random';
import { labelPrevalence, type PrevalenceEstimate } from '../../main/core/stats';

export const LABELS = ['economy', 'health', 'migration'];
/** The shares the documents are drawn with. */
export const PRIORS = [0.5, 0.3, 0.2];
/**
 * The model's confusion: row = true label, column = the model's label. Errors depend on the label
 * (health is often called economy, migration often health), so the model's share of each label is
 * off by several points: economy 0.48 (true 0.50), health 0.345 (0.30), migration 0.175 (0.20).
 */
export const MODEL_CONFUSION = [
  [0.8, 0.15, 0.05],
  [0.2, 0.7, 0.1],
  [0.1, 0.3, 0.6],
];

export interface CoverageOptions {
  corpusSize: number;
  sampleSize: number;
  repetitions: number;
  seed: number;
  confidence: number;
  /**
   * fixed-corpus: one corpus, the target is its own share of each label (what a researcher reports);
   * new-corpus: a new corpus each repetition, the target is the share documents are drawn with
   * (the population PPI's paper describes).
   */
  mode: 'fixed-corpus' | 'new-corpus';
}

type Method = 'ppi' | 'ppiCorpus' | 'ppiTuned' | 'naive' | 'human';
export const METHODS: Method[] = ['ppi', 'ppiCorpus', 'ppiTuned', 'naive', 'human'];

export interface LabelCoverage {
  label: string;
  /** The target: the corpus share (fixed-corpus) or the drawing share (new-corpus). */
  truth: number;
  /** The model's share of the (first) corpus. */
  modelShare: number;
  /** Share of repetitions whose interval held the truth. */
  coverage: Record<Method, number>;
  meanWidth: Record<Method, number>;
}

function draw(rng: () => number, shares: readonly number[]): number {
  const u = rng();
  let cum = 0;
  for (let k = 0; k < shares.length; k++) {
    cum += shares[k] as number;
    if (u < cum) return k;
  }
  return shares.length - 1;
}

function makeCorpus(rng: () => number, size: number): { truth: Int32Array; model: Int32Array } {
  const truth = new Int32Array(size);
  const model = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    truth[i] = draw(rng, PRIORS);
    model[i] = draw(rng, MODEL_CONFUSION[truth[i] as number] as number[]);
  }
  return { truth, model };
}

/** Runs the simulation; deterministic for a seed. */
export function simulateCoverage(options: CoverageOptions): LabelCoverage[] {
  const rng = mulberry32(options.seed);
  const k = LABELS.length;
  let corpus = makeCorpus(rng, options.corpusSize);
  const order = new Int32Array(options.corpusSize).map((_, i) => i);
  const hits = LABELS.map(() => ({ ppi: 0, ppiCorpus: 0, ppiTuned: 0, naive: 0, human: 0 }));
  const widths = LABELS.map(() => ({ ppi: 0, ppiCorpus: 0, ppiTuned: 0, naive: 0, human: 0 }));
  const shares = (labels: Int32Array) => {
    const counts = new Array<number>(k).fill(0);
    for (const l of labels) counts[l]!++;
    return counts;
  };
  const firstModelShares = shares(corpus.model).map((c) => c / options.corpusSize);
  const fixedTruth = shares(corpus.truth).map((c) => c / options.corpusSize);
  for (let rep = 0; rep < options.repetitions; rep++) {
    if (options.mode === 'new-corpus' && rep > 0) corpus = makeCorpus(rng, options.corpusSize);
    const modelCounts = shares(corpus.model);
    // A simple random sample without replacement: the first n places of a partial Fisher-Yates shuffle.
    for (let i = 0; i < options.sampleSize; i++) {
      const j = i + Math.floor(rng() * (options.corpusSize - i));
      const t = order[i] as number;
      order[i] = order[j] as number;
      order[j] = t;
    }
    const sample = Array.from(order.subarray(0, options.sampleSize), (d) => ({
      model: LABELS[corpus.model[d] as number] as string,
      human: LABELS[corpus.truth[d] as number] as string,
    }));
    const input = {
      labels: LABELS,
      corpusN: options.corpusSize,
      corpusCounts: Object.fromEntries(LABELS.map((l, i) => [l, modelCounts[i] as number])),
      sample,
    };
    const paper = labelPrevalence(input, { confidence: options.confidence });
    const corpusTarget = labelPrevalence(input, { confidence: options.confidence, finitePopulation: true });
    const tuned = labelPrevalence(input, { confidence: options.confidence, powerTuning: true });
    LABELS.forEach((_, l) => {
      const target = options.mode === 'fixed-corpus' ? (fixedTruth[l] as number) : (PRIORS[l] as number);
      const estimates: Record<Method, PrevalenceEstimate> = {
        ppi: paper[l]!.ppi!,
        ppiCorpus: corpusTarget[l]!.ppi!,
        ppiTuned: tuned[l]!.ppi!,
        naive: paper[l]!.naive,
        human: paper[l]!.human!,
      };
      for (const m of METHODS) {
        const e = estimates[m];
        if (e.lower <= target && target <= e.upper) hits[l]![m]++;
        widths[l]![m] += e.width;
      }
    });
  }
  return LABELS.map((label, l) => ({
    label,
    truth: options.mode === 'fixed-corpus' ? (fixedTruth[l] as number) : (PRIORS[l] as number),
    modelShare: firstModelShares[l] as number,
    coverage: Object.fromEntries(METHODS.map((m) => [m, hits[l]![m] / options.repetitions])) as Record<Method, number>,
    meanWidth: Object.fromEntries(METHODS.map((m) => [m, widths[l]![m] / options.repetitions])) as Record<Method, number>,
  }));
}
