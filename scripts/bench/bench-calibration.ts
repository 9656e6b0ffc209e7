// npm run bench:calibration — the calibrated classifier (issue 16, item 3): fit on N decisions of a
// 5-label single-label question (planted stored logits: main/core/calibration/test-support/planted.ts),
// its 5-fold cross-validation with the bootstrap, and re-scoring M documents from their stored rows
// (PredictionRow objects as the store returns them: 5 labels x 1 or 2 windows; window aggregation,
// features, standardisation and the softmax, in chunks of 10,000 documents). The rows are generated
// outside the timed sections. Target (issue 16): fit on 5,000 decisions + re-score 1M documents < 30 s.
//
//   tsx scripts/bench/bench-calibration.ts [--decisions 5000] [--documents 1000000] [--seed 7] [--json FILE]
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { calibrationBenefit } from '../../main/core/calibration/benefit';
import { crossValidate, fitCalibration, predictCalibration, rawScores } from '../../main/core/calibration/classifier';
import { documentFeatures } from '../../main/core/calibration/features';
import { plantedRows, plantedSet, type LabelKind } from '../../main/core/calibration/test-support/planted';
import type { PredictionRow } from '../../main/core/store/prediction-store';

const KINDS: LabelKind[] = ['biased', 'swapped', 'swapped', 'informative', 'noise'];
const CHUNK = 10_000;

function main(): void {
  const { values } = parseArgs({
    options: {
      decisions: { type: 'string', default: '5000' },
      documents: { type: 'string', default: '1000000' },
      seed: { type: 'string', default: '7' },
      json: { type: 'string' },
    },
  });
  const n = Number(values.decisions);
  const m = Number(values.documents);
  const seed = Number(values.seed);
  const labelIds = KINDS.map((k, j) => `${k}-${j}`);
  const set = plantedSet({ n, kinds: KINDS, seed });

  let t = performance.now();
  const model = fitCalibration(
    set,
    set.documents.map((_, i) => i),
  );
  const fitS = (performance.now() - t) / 1000;

  t = performance.now();
  const cv = crossValidate(set, { folds: 5, seed });
  const cvS = (performance.now() - t) / 1000;
  t = performance.now();
  const benefit = calibrationBenefit(set.truth, rawScores(set.features, false), cv.probabilities, KINDS.length, false, {
    replicates: 2000,
    seed,
  });
  const bootstrapS = (performance.now() - t) / 1000;

  let scoreMs = 0;
  let checksum = 0;
  for (let start = 0; start < m; start += CHUNK) {
    const size = Math.min(CHUNK, m - start);
    const planted = plantedRows({ n: size, kinds: KINDS, seed: seed + 1 + start });
    // Stored rows: every third document has a second, weaker window.
    const rows: PredictionRow[][] = planted.features.map((f, i) =>
      labelIds.flatMap((labelId, j) => {
        const own: PredictionRow = {
          documentId: start + i,
          labelId,
          window: 0,
          entailment: f[2 * j]!,
          neutral: 0,
          contradiction: f[2 * j + 1]!,
        };
        return i % 3 === 0 ? [own, { ...own, window: 1, entailment: own.entailment - 1, contradiction: own.contradiction + 1 }] : [own];
      }),
    );
    const t0 = performance.now();
    const x = new Float64Array(size * 10);
    rows.forEach((r, i) => x.set(documentFeatures(r, labelIds)!, i * 10));
    const p = predictCalibration(model, { x, n: size, d: 10 });
    scoreMs += performance.now() - t0;
    checksum += p[0]!;
  }
  const scoreS = scoreMs / 1000;
  const result = {
    decisions: n,
    documents: m,
    labels: KINDS.length,
    fitSeconds: fitS,
    crossValidationSeconds: cvS,
    bootstrapSeconds: bootstrapS,
    rescoreSeconds: scoreS,
    documentsPerSecond: m / scoreS,
    fitPlusRescoreSeconds: fitS + scoreS,
    target: 30,
    withinTarget: fitS + scoreS < 30,
    benefit: { raw: benefit.raw.accuracy.estimate, calibrated: benefit.calibrated.accuracy.estimate },
    loadavg: loadavg(),
    checksum,
  };
  console.log(
    `fit on ${n} decisions: ${fitS.toFixed(3)} s; 5-fold CV: ${cvS.toFixed(3)} s + bootstrap (2,000): ${bootstrapS.toFixed(3)} s; ` +
      `re-score ${m.toLocaleString('en')} documents: ${scoreS.toFixed(2)} s (${Math.round(m / scoreS).toLocaleString('en')}/s); ` +
      `fit + re-score ${(fitS + scoreS).toFixed(2)} s (target < 30 s: ${result.withinTarget ? 'met' : 'MISSED'}); load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  if (values.json) writeFileSync(values.json, JSON.stringify(result, null, 2) + '\n');
}

main();
