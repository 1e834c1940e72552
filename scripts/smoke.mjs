#!/usr/bin/env node
// Smoke test of the release build: serves dist/ on a free 127.0.0.1 port and opens it in headless
// Chromium (Debian's /usr/bin/chromium, never a downloaded browser). Fails when
//  - the page throws (pageerror) or logs a console error, or a same-origin request fails,
//  - no <main> with text appears within 10 s,
//  - the loading placeholder #laden is still present (the app removes it on start).
// This is what catches a wasm-opt step that broke the binary.
//
// Usage: node scripts/smoke.mjs [--dist dist] [--path /]
import { chromium } from 'playwright-core';
import { startServer } from '../tests/e2e/serve-dist.mjs';
import { launchOptions } from '../tests/e2e/browser.mjs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { flag, opt } from './cli.mjs';

const DIST = opt('--dist', 'dist');
const PATHS = flag('--path') ? [opt('--path', '/')] : ['/'];
const TIMEOUT_MS = 10_000;

if (!existsSync(join(DIST, 'index.html'))) {
  console.error(`smoke: ${DIST}/index.html not found; run scripts/release.sh first`);
  process.exit(2);
}

const { url, close } = await startServer({ root: DIST, port: 0 });
const browser = await chromium.launch(launchOptions());
const problems = [];
const notes = new Set();
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location()?.url || '';
    // The browser asks for /favicon.ico by itself; a missing one is no app error.
    if (where.endsWith('/favicon.ico')) {
      notes.add('no favicon: the browser got a 404 for /favicon.ico (add <link rel="icon"> to index.html)');
      return;
    }
    problems.push(`console error: ${msg.text()}${where ? ` (${where})` : ''}`);
  });
  page.on('requestfailed', (req) => {
    if (req.url().startsWith(url)) problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
  });
  page.on('response', (res) => {
    if (res.url().startsWith(url) && res.status() >= 400 && !res.url().endsWith('/favicon.ico')) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });

  for (const path of PATHS) {
    const started = Date.now();
    await page.goto(url + path, { waitUntil: 'load', timeout: TIMEOUT_MS });
    try {
      await page.waitForFunction(
        () => [...document.querySelectorAll('main')].some((m) => m.innerText.trim().length > 0),
        null,
        { timeout: TIMEOUT_MS },
      );
    } catch {
      problems.push(`no <main> with text within ${TIMEOUT_MS / 1000} s on ${path}`);
    }
    // Give late errors (e.g. a failing fetch right after mount) a moment to surface.
    await page.waitForTimeout(300);
    if (await page.locator('#laden').count()) problems.push(`#laden is still present on ${path}`);
    const mainText = (await page.locator('main').first().innerText().catch(() => '')).trim();
    console.log(
      `smoke: ${path} rendered in ${Date.now() - started} ms; main: "${mainText.slice(0, 80).replace(/\s+/g, ' ')}"`,
    );
  }
} finally {
  await browser.close();
  await close();
}

for (const n of notes) console.log('smoke: note: ' + n);
if (problems.length) {
  console.error('smoke: FAILED');
  for (const p of problems) console.error('  - ' + p);
  process.exit(1);
}
console.log('smoke: OK (no errors, <main> rendered, #laden removed)');
