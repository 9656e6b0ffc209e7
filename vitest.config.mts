import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Forks, not threads or vmForks: native modules (better-sqlite3, onnxruntime-node) need a
    // real process, and vmForks breaks onnxruntime's typed arrays.
    pool: 'forks',
    include: [
      'main/**/*.test.ts',
      'common/**/*.test.ts',
      'renderer/src/**/*.test.{ts,tsx}',
      'preload/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
