// End-to-end tests. The browser project drives the real UI against the browser-mode server
// (node out/main/serve.js, started per test by e2e/fixtures.ts) in Debian's Chromium; the Electron
// specs in e2e/electron/ need an Electron binary and skip themselves where there is none.
import { defineConfig } from '@playwright/test';

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export default defineConfig({
  testDir: 'e2e',
  // Two cores: one test at a time, each with its own server and data folder.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: 'list',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  outputDir: 'test-results',
  use: {
    // Never downloaded by Playwright: the machines here use the distribution's Chromium.
    launchOptions: { executablePath: process.env.PRELABEL_CHROMIUM ?? '/usr/bin/chromium', args: chromiumArgs },
    viewport: { width: 1360, height: 860 },
    locale: 'en-US',
    timezoneId: 'UTC',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'browser', testIgnore: ['electron/**'] },
    { name: 'electron', testMatch: ['electron/**/*.spec.ts'] },
  ],
});
