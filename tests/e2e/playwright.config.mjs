// Playwright config for the e2e tests: they run against the release build in dist/
// (build it with scripts/release.sh; E2E_DIST_DIR picks another build dir), served by tests/e2e/serve-dist.mjs on 127.0.0.1:8091,
// in Debian's headless Chromium (no browser download). Run: npx playwright test -c tests/e2e
import { defineConfig } from '@playwright/test';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchOptions } from './browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const port = Number(process.env.E2E_PORT || 8091); // scripts/test.sh picks another one if 8091 is taken
const baseURL = `http://127.0.0.1:${port}`;
const distDir = process.env.E2E_DIST_DIR || 'dist'; // scripts/test.sh: target/test-dist

export default defineConfig({
  testDir: here,
  testMatch: /.*\.spec\.mjs$/,
  // scripts/test.sh points this elsewhere (E2E_OUTPUT_DIR) so that a run started by hand at the
  // same time, which empties test-results/ when it starts, does not delete its traces.
  outputDir: resolve(root, process.env.E2E_OUTPUT_DIR || 'test-results'),
  workers: 1,
  fullyParallel: false,
  // In CI a test that fails once is run once more, so that one timing hiccup on a loaded machine
  // does not block a whole submission. It is never hidden: the summary line names every test that
  // passed only on its second try, so a race can be found and fixed (as read-aloud's was).
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000, // 2-core machines; long scenarios run axe on every step
  expect: { timeout: 10_000 },
  reporter: [['list'], [resolve(here, 'summary-reporter.mjs')]],
  use: {
    baseURL,
    browserName: 'chromium',
    headless: true,
    launchOptions: launchOptions(),
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
    // The app registers a service worker (public/sw.js) for offline use. Requests it answers are
    // invisible to page.route(), which many specs use to change the config; so service workers
    // are blocked here, and allowed only in offline.spec.mjs, which tests them.
    serviceWorkers: 'block',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `node tests/e2e/serve-dist.mjs --dir ${distDir} --port ${port}`,
    cwd: root,
    url: `${baseURL}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
