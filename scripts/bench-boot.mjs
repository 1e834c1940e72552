#!/usr/bin/env node
// Where the first second goes: cold visits to the release build (dist/) at 4x CPU slowdown, as on
// a cheap phone, timing each step from the start of navigation: the main wasm file received, the
// app's header drawn (storage opened, app mounted), and the first question answerable (or, on
// the home page, its first choice shown). Also lists when each request of the visit finished.
// Prints figures (median of several runs); asserts nothing, so it never flakes.
// Usage: node scripts/bench-boot.mjs [--dist dist] [--runs 5] [--slowdown 4] [--verbose]
import { chromium } from 'playwright-core';
import { startServer } from '../tests/e2e/serve-dist.mjs';
import { launchOptions } from '../tests/e2e/browser.mjs';
import { opt } from './cli.mjs';

const DIST = opt('--dist', 'dist');
const RUNS = Number(opt('--runs', '5'));
const SLOWDOWN = Number(opt('--slowdown', '4'));
const VERBOSE = process.argv.includes('--verbose');

const VISITS = [
  { name: 'home (/)', path: '/', ready: 'main a[href="/past-mijn-vraag"]' },
  { name: 'fit check (/past-mijn-vraag)', path: '/past-mijn-vraag', ready: 'form.questionnaire input' },
  { name: 'urgent (/spoed)', path: '/spoed', ready: 'main a[href^="tel:"]' },
  { name: 'self-check (/hoe-gaat-het)', path: '/hoe-gaat-het', ready: 'form.questionnaire input' },
  { name: 'register (/register)', path: '/register', ready: 'main h1' },
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await startServer({ root: DIST, port: 0 });
const browser = await chromium.launch(launchOptions());
console.log(`boot benchmark (${DIST}, ${SLOWDOWN}x CPU slowdown, ${RUNS} cold visits each; ms from navigation start, median)`);
console.log('  visit                           wasm in   header   ready');
try {
  for (const visit of VISITS) {
    const wasm = [];
    const header = [];
    const ready = [];
    for (let r = 0; r < RUNS; r++) {
      const context = await browser.newContext({ locale: 'nl-NL', viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOWDOWN });
      await page.addInitScript((sel) => {
        new MutationObserver((_, mo) => {
          if (!window.__header && document.querySelector('header.site-header')) window.__header = performance.now();
          if (!window.__ready && document.querySelector(sel)) {
            window.__ready = performance.now();
            mo.disconnect();
          }
        }).observe(document, { childList: true, subtree: true });
      }, visit.ready);
      await page.goto(server.url + visit.path);
      await page.waitForFunction(() => window.__ready, null, { timeout: 60000 });
      const t = await page.evaluate(() => ({
        header: window.__header,
        ready: window.__ready,
        resources: performance.getEntriesByType('resource').map((e) => [e.name.replace(location.origin, ''), Math.round(e.startTime), Math.round(e.responseEnd)]),
      }));
      const main = t.resources.find(([n]) => n.endsWith('wijkpeil_bg.wasm'));
      wasm.push(main ? main[2] : NaN);
      header.push(Math.round(t.header));
      ready.push(Math.round(t.ready));
      if (VERBOSE && r === 0) for (const [n, s, e] of t.resources) console.log(`      ${String(s).padStart(5)} → ${String(e).padStart(5)}  ${n}`);
      await context.close();
    }
    console.log(`  ${visit.name.padEnd(30)} ${String(median(wasm)).padStart(7)} ${String(median(header)).padStart(8)} ${String(median(ready)).padStart(7)}   (ready, all: ${ready.join(', ')})`);
  }
} finally {
  await browser.close();
  await server.close();
}
