import { defineConfig } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/lib.mjs';

// Debian's Chromium, never a downloaded browser, with the flags that keep it
// off the network: one copy, in webdriver.json, read by scripts/lib.mjs.
export default defineConfig({
  testDir: './specs',
  outputDir: './test-results/artifacts',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  // A stray test.only fails the run everywhere, not only on CI.
  forbidOnly: true,
  reporter: [['list'], ['json', { outputFile: 'test-results/results.json' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
