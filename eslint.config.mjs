// Lint rules, chiefly the process boundaries: a file's folder says which process it runs in and
// what it may import (docs/ARCHITECTURE.md).
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'module',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];
const nodeOnly = [
  { group: ['node:*'], message: 'Node modules are not available here.' },
  ...NODE_BUILTINS.map((name) => ({ group: [name, `${name}/*`], message: 'Node modules are not available here.' })),
  {
    group: ['better-sqlite3', 'onnxruntime-node', 'csv-parse', 'csv-parse/*'],
    message: 'Native and file-reading modules live in main/core.',
  },
];
const noElectron = { group: ['electron', 'electron/*'], message: 'Only main/electron and preload may import electron.' };
const noMainSide = {
  group: ['**/main/**', '../main/*', '**/preload/**'],
  message: 'The renderer and common code talk to the core only through the contract.',
};
const noUi = { group: ['**/renderer/**', '**/preload/**'], message: 'Main-side code never imports UI code.' };
const noFaces = {
  group: ['**/electron/**', '**/server/**', '**/cli/**', '**/renderer/**', '**/preload/**'],
  message: 'main/core knows nothing of the faces that host it.',
};
// Tooling for tests and benchmarks (scripts/, e.g. the model generator scripts/model/gen/) is no part
// of the app: tests and test-support/ may import it, production code may not.
const noTooling = {
  group: ['**/scripts/**'],
  message: 'Production code never imports tooling from scripts/ (only tests and test-support/ do).',
};
const TESTS = ['**/*.test.ts', '**/test-support/**'];

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      '.native/**',
      // Mutation testing's sandboxes and reports (npm run test:mutation).
      '.stryker-tmp/**',
      'reports/**',
      'test-results/**',
      'playwright-report/**',
      'bin/**',
      'scripts/**/*.mjs',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...nodeOnly, noElectron, noMainSide] }] },
  },
  {
    files: ['common/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...nodeOnly, noElectron, noMainSide, { group: ['react', 'react-dom', 'zustand'], message: 'common/ is UI-free.' }] },
      ],
    },
  },
  {
    files: ['main/core/**/*.ts', 'main/cli/**/*.ts', 'main/server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noUi] }] },
  },
  {
    files: ['main/cli/**/*.ts', 'main/server/**/*.ts'],
    ignores: TESTS,
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noUi, noTooling] }] },
  },
  {
    // The browser-mode server hosts the core in its own process: it imports the host, never a
    // handler or any part of the core that runs behind the dispatcher.
    files: ['main/server/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noElectron,
            noUi,
            noTooling,
            {
              group: ['**/core/api/**', '**/core/nli/**', '**/core/store/**', '**/core/models/**', '**/create-core'],
              message: 'The server reaches the core through main/core/host (CoreClient); policy it decides goes to the core as CoreConfig.',
            },
          ],
        },
      ],
    },
  },
  {
    // The CLI is a typed client of the core's dispatcher: its commands reach the core only through
    // contract methods (main/cli/cli-client.ts). Only the entry creates the core.
    files: ['main/cli/**/*.ts'],
    ignores: [...TESTS, 'main/cli/cli-main.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noElectron,
            noUi,
            noTooling,
            {
              group: ['**/core/**'],
              message:
                'CLI commands reach the core only through the contract (args.call, cli-client.ts); add a contract method for what they need.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noFaces] }] },
  },
  {
    files: ['main/core/**/*.ts'],
    ignores: TESTS,
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noFaces, noTooling] }] },
  },
  {
    // Electron main is a face: it reaches the core through main/core/host (CoreClient and the process
    // protocol) and common/, never the store, the NLI engine or any other part of the core.
    files: ['main/electron/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/renderer/**', '**/preload/**', '**/server/**', '**/cli/**'],
              message: 'Electron main never imports the UI or the other faces.',
            },
            {
              group: ['**/core/**', '!**/core/host', '!**/core/host/**'],
              message:
                'Electron main may import only main/core/host and common/ from the core: not the store (main/core/store), the engine (main/core/nli) or any other core module.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['zod', '**/common/contract', 'node:*', '**/main/**'],
              message: 'The sandboxed preload may import only electron and type-only modules.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  // [Note: test support] Helpers for tests live in a `test-support/` folder of their area; only tests,
  // e2e, benchmarks and other test support may import them. This is the typescript-eslint twin of
  // no-restricted-imports, so it adds to the folder rules above instead of replacing them.
  {
    files: ['main/**/*.{ts,tsx}', 'renderer/**/*.{ts,tsx}', 'common/**/*.ts', 'preload/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.test.tsx', '**/test-support/**', 'scripts/bench/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/test-support', '**/test-support/**'],
              message: 'Production code may not import test support (only tests, e2e and benchmarks may).',
            },
          ],
        },
      ],
    },
  },
);
