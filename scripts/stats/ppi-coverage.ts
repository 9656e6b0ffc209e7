// Prints the coverage of the prevalence intervals in the seeded simulation of ppi-simulation.ts:
// N = 20,000 documents, validation samples of 200 and 500, 2,000 repetitions each, for a fixed
// corpus (target: its own share) and a new corpus per repetition (target: the drawing share).
// Exits with 1 when a 95% PPI interval (any variant) covers outside 93-97% or the naive count covers 50% or more.
//
//   npx tsx scripts/stats/ppi-coverage.ts [--repetitions 2000] [--seed 20230901]
import { METHODS, simulateCoverage, type CoverageOptions } from './ppi-simulation';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value)) throw new Error(`--${name} needs a number.`);
  return value;
}

const repetitions = arg('repetitions', 2000);
const seed = arg('seed', 20230901);
const corpusSize = 20000;
let ok = true;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
const pts = (x: number) => (x * 100).toFixed(2).padStart(6);

console.log(`Prevalence interval coverage: N = ${corpusSize}, ${repetitions} repetitions, 95% intervals, seed ${seed}`);
console.log('Methods: ppi = PPI (paper interval), ppiCorpus = PPI for the corpus share (finite population),');
console.log('ppiTuned = PPI++ (power-tuned), naive = model count with a binomial interval, human = human-only share (Wilson).\n');
for (const mode of ['fixed-corpus', 'new-corpus'] as const) {
  for (const sampleSize of [200, 500]) {
    const started = Date.now();
    const options: CoverageOptions = { corpusSize, sampleSize, repetitions, seed, confidence: 0.95, mode };
    const rows = simulateCoverage(options);
    console.log(`${mode}, n = ${sampleSize} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    console.log(
      `  label       truth  model | coverage ${METHODS.map((m) => m.padStart(10)).join('')} | mean width (points) ${METHODS.map((m) => m.padStart(10)).join('')}`,
    );
    for (const r of rows) {
      console.log(
        `  ${r.label.padEnd(10)} ${pct(r.truth)}${pct(r.modelShare)} |          ${METHODS.map((m) => pct(r.coverage[m]).padStart(10)).join('')}` +
          ` |                     ${METHODS.map((m) => pts(r.meanWidth[m]).padStart(10)).join('')}`,
      );
      for (const m of ['ppi', 'ppiCorpus', 'ppiTuned'] as const) if (r.coverage[m] < 0.93 || r.coverage[m] > 0.97) ok = false;
      if (r.coverage.naive >= 0.5) ok = false;
    }
    console.log('');
  }
}
console.log(
  ok ? 'PASS: every PPI interval (paper, corpus, PPI++) covers within 93-97%; the naive count misses.' : 'FAIL: see the table above.',
);
process.exit(ok ? 0 : 1);
