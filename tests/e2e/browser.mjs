// Launch options for Debian's Chromium: shared by scripts/smoke.mjs and playwright.config.mjs.
// Playwright must never download a browser here.
export const CHROMIUM_PATH = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-gpu',
  '--no-first-run',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function launchOptions() {
  return { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS };
}
