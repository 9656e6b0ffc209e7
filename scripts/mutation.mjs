#!/usr/bin/env node
// npm run test:mutation -- <module> [--tests a.test.ts,b.test.ts] [--skip part,...] [other Stryker options]
//
// Runs StrykerJS (stryker.config.mjs) on one source module, with only the test files that cover it:
// the test files that import the module directly, the ones next to it named after it, those listed
// in COVERING below (tests that reach it through the core), and any named with --tests; --skip
// leaves out the test files whose path contains one of the given parts (e.g. `--skip .exact.` for
// the score before the exact tests). <module> is a path
// under main/core with or without `main/core/` and `.ts` (coding/decisions, export/csv-writer.ts).
// Tests of the built CLI (main/cli) are left out: they run the bundle in out/, which a mutant never
// reaches. Results: reports/mutation/<module>.html and .json; see docs/TESTING.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [moduleArg, ...rest] = process.argv.slice(2);

function fail(message) {
  console.error(`test:mutation: ${message}`);
  process.exit(2);
}

if (!moduleArg || moduleArg.startsWith('-')) fail('name the module to mutate, e.g. npm run test:mutation -- coding/decisions');

function moduleFile(arg) {
  const bare = arg.replace(/\.ts$/, '');
  for (const candidate of [`${bare}.ts`, `main/core/${bare}.ts`, `main/${bare}.ts`]) {
    if (existsSync(join(root, candidate))) return candidate;
  }
  return fail(`no module ${arg} (looked for ${bare}.ts under the repository, main/core and main)`);
}

function testFilesUnder(dir) {
  const found = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== '__fixtures__') found.push(...testFilesUnder(path));
    } else if (/\.test\.tsx?$/.test(entry.name)) found.push(path);
  }
  return found;
}

const IMPORT = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/** Test files whose relative imports resolve to `target` (a path like main/core/x/y.ts). */
function importersOf(target) {
  const wanted = target.replace(/\.ts$/, '');
  return ['main', 'common', 'scripts']
    .flatMap(testFilesUnder)
    .filter((file) => !file.startsWith('main/cli/'))
    .filter((file) => {
      const text = readFileSync(join(root, file), 'utf8');
      for (const match of text.matchAll(IMPORT)) {
        const spec = relative(root, resolve(root, dirname(file), match[1])).replace(/\.(js|ts)$/, '');
        if (spec === wanted || spec === `${wanted}/index`) return true;
      }
      return false;
    });
}

/** Tests that reach a module through the core (makeTestCore) rather than by importing it. */
const COVERING = {
  'main/core/coding/decisions.ts': ['main/core/coding/no-suggestion-decision.test.ts', 'main/core/coding/several-coders.test.ts'],
  'main/core/coding/coding-state.ts': ['main/core/coding/decisions.test.ts', 'main/core/coding/progress.test.ts'],
  'main/core/export/export-records.ts': ['main/core/export/export-files.test.ts', 'main/core/export/gold-status.test.ts'],
};

const target = moduleFile(moduleArg);
const strykerArgs = [];
let extraTests = [];
let skip = [];
for (let i = 0; i < rest.length; i++) {
  if (rest[i] === '--tests') extraTests = (rest[++i] ?? '').split(',').filter(Boolean);
  else if (rest[i] === '--skip') skip = (rest[++i] ?? '').split(',').filter(Boolean);
  else strykerArgs.push(rest[i]);
}
for (const file of extraTests) if (!existsSync(join(root, file))) fail(`no test file ${file}`);

/** Test files next to the module named after it: decisions.test.ts, decisions.exact.test.ts, decisions-undo.test.ts. */
function siblingsOf(target) {
  const dir = dirname(target);
  const base = target.slice(dir.length + 1).replace(/\.ts$/, '');
  return readdirSync(join(root, dir))
    .filter((name) => name.startsWith(base) && /^[.-]/.test(name.slice(base.length)) && /\.test\.tsx?$/.test(name))
    .map((name) => `${dir}/${name}`);
}

const tests = [...new Set([...importersOf(target), ...siblingsOf(target), ...(COVERING[target] ?? []), ...extraTests])]
  .filter((file) => !skip.some((part) => file.includes(part)))
  .sort();
if (tests.length === 0) fail(`no test file imports ${target}; name some with --tests`);

const name = target
  .replace(/^main\/core\//, '')
  .replace(/\.ts$/, '')
  .replaceAll('/', '.');
console.log(`test:mutation: mutating ${target} with ${tests.length} test file(s):\n  ${tests.join('\n  ')}`);

const result = spawnSync(
  process.execPath,
  [join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run', 'stryker.config.mjs', ...strykerArgs],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PRELABEL_MUTATE: target, PRELABEL_MUTATION_TESTS: tests.join(','), PRELABEL_MUTATION_NAME: name },
  },
);
process.exit(result.status ?? 1);
