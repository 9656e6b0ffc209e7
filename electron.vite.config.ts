// One build for every process: main-side entries (Electron main, the core process, the browser-mode
// server, the CLI), the sandboxed preload, and the renderer.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const root = __dirname;

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The main-side bundles also run on plain Node 20 (browser mode, CLI, tests), not only in
      // Electron's Node 24: keep the syntax Node 20 understands.
      target: 'node20',
      // [Note: entry names] Each process's entry is `<process>-main.ts`; the built names stay short
      // and stable (out/main/electron.js, core-process.js, serve.js, cli.js, inference-process.js)
      // because package.json (main, scripts), bin/prelabel.mjs, scripts/ensure-built.mjs and the fork
      // paths name them.
      rollupOptions: {
        input: {
          electron: resolve(root, 'main/electron/electron-main.ts'),
          'core-process': resolve(root, 'main/core/core-main.ts'),
          serve: resolve(root, 'main/server/serve-main.ts'),
          cli: resolve(root, 'main/cli/cli-main.ts'),
          'inference-process': resolve(root, 'main/core/nli/inference/inference-main.ts'),
        },
        output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rollupOptions: { input: { index: resolve(root, 'renderer/index.html') } },
    },
  },
});
