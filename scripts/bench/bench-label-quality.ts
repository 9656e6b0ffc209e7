// Label-quality and threshold benchmark (issue 16): near-identical texts coded differently among N
// coded documents of AG News-like length (seeded, 5% edited copies of earlier ones with another
// label), and a precision-recall curve with its F1-optimal threshold over N scores. Pure functions:
// no project file. `tsx scripts/bench/bench-label-quality.ts [N]` (default 100,000).
import { mulberry32 } from '../../main/core/seeded-random';
import { nearDuplicatesCodedDifferently, type QualityDocument } from '../../main/core/label-quality/near-duplicates';
import { chooseThreshold, precisionRecallCurve } from '../../main/core/thresholds/pr-curve';

const n = Number(process.argv[2] ?? 100_000);
const rnd = mulberry32(2026);
const vocabulary = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}`);
const docs: QualityDocument[] = [];
let planted = 0;
for (let i = 0; i < n; i++) {
  if (i > 10 && rnd() < 0.05) {
    const words = docs[Math.floor(rnd() * i)]!.text.split(' ');
    words[Math.floor(rnd() * words.length)] = vocabulary[Math.floor(rnd() * vocabulary.length)]!;
    docs.push({ id: i + 1, text: words.join(' '), labelIds: ['edited'] });
    planted++;
  } else {
    const len = 25 + Math.floor(rnd() * 30);
    docs.push({
      id: i + 1,
      text: Array.from({ length: len }, () => vocabulary[Math.floor(rnd() * vocabulary.length)]!).join(' '),
      labelIds: [`l${i % 4}`],
    });
  }
}
let t = performance.now();
const pairs = nearDuplicatesCodedDifferently(docs);
const dupMs = performance.now() - t;
const scores = Float64Array.from({ length: n }, () => rnd());
const truth = Array.from(scores, (s) => rnd() < s * 0.6);
t = performance.now();
const curve = precisionRecallCurve(scores, truth);
const choice = chooseThreshold(curve, { kind: 'maxF1' });
const prMs = performance.now() - t;
console.log(
  JSON.stringify({
    documents: n,
    plantedEditedCopies: planted,
    pairsFound: pairs.length,
    nearDuplicatesMs: Math.round(dupMs),
    curvePoints: curve.points.length,
    threshold: choice.point?.threshold,
    prCurveAndChoiceMs: Math.round(prMs),
    heapMB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
  }),
);
