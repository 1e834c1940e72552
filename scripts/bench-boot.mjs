#!/usr/bin/env node
// Where the first second goes: cold visits to the release build (dist/) at 4x CPU slowdown, as on
// a cheap phone, timing each step from the start of navigation: the main wasm file received, the
// app's header drawn (storage opened, app mounted), and the screen usable (its first question
// answerable, or its first link or heading there).
// `--dist a,b` compares builds: their visits take turns, so a busy moment of the machine hits
// both alike. Prints figures (median of several runs); asserts nothing, so it never flakes.
// Usage: node scripts/bench-boot.mjs [--dist dist[,other]] [--runs 5] [--slowdown 4] [--verbose]
import { chromium } from 'playwright-core';
import { startServer } from '../tests/e2e/serve-dist.mjs';
import { launchOptions } from '../tests/e2e/browser.mjs';
import { opt } from './cli.mjs';

const DISTS = opt('--dist', 'dist').split(',');
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

async function visit(browser, url, ready) {
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
  }, ready);
  await page.goto(url);
  await page.waitForFunction(() => window.__ready, null, { timeout: 60000 });
  const t = await page.evaluate(() => ({
    header: window.__header,
    ready: window.__ready,
    resources: performance.getEntriesByType('resource').map((e) => [e.name.replace(location.origin, ''), Math.round(e.startTime), Math.round(e.responseEnd)]),
  }));
  await context.close();
  const main = t.resources.find(([n]) => n.endsWith('wijkpeil_bg.wasm'));
  return { wasm: main ? main[2] : NaN, header: Math.round(t.header), ready: Math.round(t.ready), resources: t.resources };
}

const servers = await Promise.all(DISTS.map((root) => startServer({ root, port: 0 })));
const browser = await chromium.launch(launchOptions());
console.log(`boot benchmark (${DISTS.join(' vs ')}, ${SLOWDOWN}x CPU slowdown, ${RUNS} cold visits each; ms from navigation start, median)`);
console.log(`  ${'visit'.padEnd(30)} ${'build'.padEnd(16)} wasm in   header    ready`);
try {
  for (const v of VISITS) {
    const results = DISTS.map(() => []);
    for (let r = 0; r < RUNS; r++) {
      for (let d = 0; d < DISTS.length; d++) {
        const res = await visit(browser, servers[d].url + v.path, v.ready);
        results[d].push(res);
        if (VERBOSE && r === 0) for (const [n, s, e] of res.resources) console.log(`      ${String(s).padStart(5)} → ${String(e).padStart(5)}  ${n}`);
      }
    }
    DISTS.forEach((dist, d) => {
      const m = (k) => String(median(results[d].map((x) => x[k]))).padStart(8);
      console.log(`  ${v.name.padEnd(30)} ${dist.slice(-16).padEnd(16)}${m('wasm')} ${m('header')} ${m('ready')}   (ready, all: ${results[d].map((x) => x.ready).join(', ')})`);
    });
  }
} finally {
  await browser.close();
  await Promise.all(servers.map((s) => s.close()));
}
