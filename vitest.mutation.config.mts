// The Vitest configuration that mutation runs use (stryker.config.mjs): the project's, with only
// the test files that scripts/mutation.mjs names in PRELABEL_MUTATION_TESTS. Stryker's own
// `testFiles` option is not used: with it, Stryker 9.6 activates mutants of module-level values
// (static mutants: a regular expression, a constant) after the module has loaded, and reports
// them as survivors that the tests would in fact kill (stryker-js issue #6144).
import { defineConfig } from 'vitest/config';
import base from './vitest.config.mts';

const tests = (process.env.PRELABEL_MUTATION_TESTS ?? '').split(',').filter(Boolean);
if (tests.length === 0)
  throw new Error('vitest.mutation.config.mts: PRELABEL_MUTATION_TESTS names no test file (run npm run test:mutation)');

// Replaced, not merged: mergeConfig would append these to the project's include patterns.
export default defineConfig({ ...base, test: { ...base.test, include: tests } });
