// Builds the app once if out/ is missing, so `npm run serve` works on a fresh clone.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const needed = ['out/main/serve.js', 'out/main/core-process.js', 'out/renderer/index.html'];
if (needed.some((f) => !existsSync(f))) {
  console.log('Building Prelabel (first run)...');
  execSync('npx electron-vite build', { stdio: 'inherit' });
}
