// Coverage of the calibrated classifier's benefit intervals on planted data (issue 16, item 3):
// each simulation draws n coded documents (5 labels: one biased, a swapped pair, one informative, one
// noise; calibration/test-support/planted.ts, a new seed each time) and a large independent held-out
// set (20,000 documents of the same distribution). The true benefit is that of the classifier the
// switch would fit (every one of the n documents) on the held-out set, minus raw zero-shot's there.
// Methods, 95% intervals of the difference and of the calibrated metric:
//   single    one 5-fold cross-validation, paired percentile bootstrap over documents (the app before)
//   repeated  R repetitions of 5-fold cross-validation (fold seeds s, s+1, ...), the mean over them,
//             with the corrected repeated k-fold t interval (Nadeau & Bengio; corrected-cv.ts): the app now
//   bootR     the same mean, with a percentile bootstrap over documents of the mean over repetitions
//             (predictions held fixed: shows what leaving out the refitting costs)
// Prints coverage, mean width and the estimate's mean error per metric, and writes a JSON report
// (the committed ones: ../__fixtures__/calibration-coverage-n100.json and -n200.json).
//
//   npx tsx main/core/calibration/test-support/calibration-coverage.ts [--simulations 200] [--n 200] [--repetitions 5] [--signal 1.2] [--bias 1] [--seed 1] [--json FILE]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  calibrationBenefit,
  macroF1AndAccuracy,
  predictedLabels,
  repeatedCalibrationBenefit,
  truthLabels,
  type Repetition,
} from '../benefit';
import { crossValidate, fitCalibration, predictCalibration, rawScores } from '../classifier';
import { plantedRows, plantedSet, type LabelKind } from './planted';
import { bootstrap } from '../../stats/bootstrap';

const KINDS: LabelKind[] = ['biased', 'swapped', 'swapped', 'informative', 'noise'];
const HELD_OUT = 20_000;

const { values } = parseArgs({
  options: {
    simulations: { type: 'string', default: '200' },
    n: { type: 'string', default: '200' },
    repetitions: { type: 'string', default: '5' },
    signal: { type: 'string', default: '1.2' },
    bias: { type: 'string', default: '1' },
    seed: { type: 'string', default: '1' },
    replicates: { type: 'string', default: '1000' },
    json: { type: 'string' },
  },
});
const simulations = Number(values.simulations);
const n = Number(values.n);
const R = Number(values.repetitions);
const signal = Number(values.signal);
const bias = Number(values.bias);
const seed0 = Number(values.seed);
const replicates = Number(values.replicates);
const k = KINDS.length;

type Metric = 'differenceF1' | 'differenceAccuracy' | 'calibratedF1' | 'calibratedAccuracy';
const METRICS: Metric[] = ['differenceF1', 'differenceAccuracy', 'calibratedF1', 'calibratedAccuracy'];
const METHODS = ['single', 'repeated', 'bootR'] as const;
type Method = (typeof METHODS)[number];
interface Tally {
  covered: number;
  width: number;
  error: number;
}
const tally = Object.fromEntries(
  METHODS.map((m) => [m, Object.fromEntries(METRICS.map((x) => [x, { covered: 0, width: 0, error: 0 }]))]),
) as Record<Method, Record<Metric, Tally>>;
const truths: Record<Metric, number[]> = { differenceF1: [], differenceAccuracy: [], calibratedF1: [], calibratedAccuracy: [] };

const started = Date.now();
for (let s = 0; s < simulations; s++) {
  const seed = seed0 + 1000 * s;
  const set = plantedSet({ n, kinds: KINDS, seed, signal, bias });
  // The truth: the fit on every row, on a large independent set.
  const model = fitCalibration(
    set,
    set.documents.map((_, i) => i),
  );
  const held = plantedRows({ n: HELD_OUT, kinds: KINDS, seed: seed + 500, signal, bias });
  const hx = new Float64Array(HELD_OUT * 2 * k);
  held.features.forEach((f, i) => hx.set(f, i * 2 * k));
  const hd = { x: hx, n: HELD_OUT, d: 2 * k };
  const ht = truthLabels(held.truth, k);
  const heldLabels = [...new Set(held.truth.flat())].sort((a, b) => a - b);
  const all = Int32Array.from({ length: HELD_OUT }, (_, i) => i);
  const cal = macroF1AndAccuracy(ht, predictedLabels(predictCalibration(model, hd), k, false), k, heldLabels, all);
  const raw = macroF1AndAccuracy(ht, predictedLabels(rawScores(hd, false), k, false), k, heldLabels, all);
  const truth: Record<Metric, number> = {
    differenceF1: cal.macroF1 - raw.macroF1,
    differenceAccuracy: cal.accuracy - raw.accuracy,
    calibratedF1: cal.macroF1,
    calibratedAccuracy: cal.accuracy,
  };
  for (const m of METRICS) truths[m].push(truth[m]);

  const rawRows = rawScores(set.features, false);
  const reps: Repetition[] = [];
  for (let r = 0; r < R; r++) {
    const cv = crossValidate(set, { folds: 5, seed: seed + r });
    reps.push({ probabilities: cv.probabilities, fold: cv.fold, folds: cv.folds });
  }
  const single = calibrationBenefit(set.truth, rawRows, reps[0]!.probabilities, k, false, { replicates, seed });
  const repeated = repeatedCalibrationBenefit(set.truth, rawRows, reps, k, false, { replicates: 200, seed });
  // bootR: the mean over repetitions, resampled over documents with the predictions held fixed.
  const t = truthLabels(set.truth, k);
  const labels = [...new Set(set.truth.flat())].sort((a, b) => a - b);
  const pr = predictedLabels(rawRows, k, false);
  const pcs = reps.map((rep) => predictedLabels(rep.probabilities, k, false));
  const boot = bootstrap(
    n,
    (sample) => {
      const r = macroF1AndAccuracy(t, pr, k, labels, sample);
      let f1 = 0;
      let acc = 0;
      for (const pc of pcs) {
        const c = macroF1AndAccuracy(t, pc, k, labels, sample);
        f1 += c.macroF1 / pcs.length;
        acc += c.accuracy / pcs.length;
      }
      return { differenceF1: f1 - r.macroF1, differenceAccuracy: acc - r.accuracy, calibratedF1: f1, calibratedAccuracy: acc };
    },
    { replicates, seed },
  );
  const intervals: Record<Method, Record<Metric, { estimate: number | null; lower: number | null; upper: number | null }>> = {
    single: {
      differenceF1: single.difference.macroF1,
      differenceAccuracy: single.difference.accuracy,
      calibratedF1: single.calibrated.macroF1,
      calibratedAccuracy: single.calibrated.accuracy,
    },
    repeated: {
      differenceF1: repeated.difference.macroF1,
      differenceAccuracy: repeated.difference.accuracy,
      calibratedF1: repeated.calibrated.macroF1,
      calibratedAccuracy: repeated.calibrated.accuracy,
    },
    bootR: boot as unknown as Record<Metric, { estimate: number | null; lower: number | null; upper: number | null }>,
  };
  for (const method of METHODS)
    for (const m of METRICS) {
      const iv = intervals[method][m];
      const x = tally[method][m];
      if (iv.lower !== null && iv.upper !== null && iv.lower <= truth[m] && truth[m] <= iv.upper) x.covered++;
      x.width += (iv.upper ?? 0) - (iv.lower ?? 0);
      x.error += (iv.estimate ?? 0) - truth[m];
    }
  if ((s + 1) % 20 === 0) console.error(`${s + 1}/${simulations} simulations, ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / (xs.length - 1));
const report = {
  simulations,
  n,
  folds: 5,
  repetitions: R,
  signal,
  bias,
  heldOut: HELD_OUT,
  kinds: KINDS,
  seed: seed0,
  confidence: 0.95,
  seconds: (Date.now() - started) / 1000,
  truth: Object.fromEntries(METRICS.map((m) => [m, { mean: mean(truths[m]), sd: sd(truths[m]) }])),
  methods: Object.fromEntries(
    METHODS.map((method) => [
      method,
      Object.fromEntries(
        METRICS.map((m) => [
          m,
          {
            coverage: tally[method][m].covered / simulations,
            meanWidth: tally[method][m].width / simulations,
            meanError: tally[method][m].error / simulations,
          },
        ]),
      ),
    ]),
  ),
};
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
console.log(
  `Calibration benefit intervals: ${simulations} simulations, n = ${n} coded documents, 5 folds, R = ${R}, signal ${signal}, bias ${bias}, ` +
    `truth on ${HELD_OUT.toLocaleString('en')} held-out documents (${report.seconds.toFixed(0)} s)`,
);
for (const m of METRICS)
  console.log(
    `  ${m.padEnd(19)} truth ${mean(truths[m]).toFixed(3)} (sd ${sd(truths[m]).toFixed(3)}) | ` +
      METHODS.map(
        (method) =>
          `${method}: coverage ${pct(report.methods[method]![m]!.coverage)}, width ${report.methods[method]![m]!.meanWidth.toFixed(3)}, bias ${report.methods[method]![m]!.meanError.toFixed(3)}`,
      ).join(' | '),
  );
if (values.json) writeFileSync(values.json, JSON.stringify(report, null, 2) + '\n');
