// @ts-check
// Mutation testing with StrykerJS and its Vitest runner: how many small faults planted in one core
// module (a `<` for a `<=`, a `&&` for a `??`, a regular expression with a character left out) the
// tests of that module notice. Run one module at a time through `npm run test:mutation -- <module>`
// (scripts/mutation.mjs), which sets PRELABEL_MUTATE and PRELABEL_MUTATION_TESTS (read by vitest.mutation.config.mts); see docs/TESTING.md.
// Never part of `npm test`: a module takes minutes.

const mutate = (process.env.PRELABEL_MUTATE ?? '').split(',').filter(Boolean);
const name = process.env.PRELABEL_MUTATION_NAME ?? 'module';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: 'vitest',
  // The wrapper names the test files that cover the module; vitest.mutation.config.mts runs only
  // those (vitest's `related` would follow the import graph through create-core.ts to most of the suite).
  vitest: { configFile: 'vitest.mutation.config.mts', related: false },
  mutate,
  // A 2-core machine shared with other work: two sandboxes at most (PRELABEL_MUTATION_CONCURRENCY=1 for one).
  concurrency: Number(process.env.PRELABEL_MUTATION_CONCURRENCY ?? 2),
  coverageAnalysis: 'perTest',
  timeoutMS: 20_000,
  timeoutFactor: 2,
  // The sandbox is a copy of the tree: leave out built output, recorded results and screenshots.
  ignorePatterns: ['out', 'dist', '.native', 'test-results', 'playwright-report', 'coverage', 'docs/screens', 'reports', '*.prelabel*'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: true },
  incrementalFile: `reports/stryker-incremental/${name}.json`,
  thresholds: { high: 90, low: 85, break: null },
};

export default config;
