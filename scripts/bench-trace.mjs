#!/usr/bin/env node
// What the browser's main thread does during a cold visit to the release build (dist/) at 4x CPU
// slowdown, from Chromium's own trace: time per kind of work (self time, ms), e.g. wasm.CompileLazy
// (a wasm function compiled at its first call), FunctionCall (running JS and wasm), layout, and
// parsing JavaScript (Playwright's own injected script counts there too). One visit; prints
// figures and asserts nothing.
// Usage: node scripts/bench-trace.mjs [dist] [path] [css selector of the usable screen]
import { chromium } from 'playwright-core';
import { startServer } from '../tests/e2e/serve-dist.mjs';
import { launchOptions } from '../tests/e2e/browser.mjs';
const server = await startServer({ root: process.argv[2] || 'dist', port: 0 });
const path = process.argv[3] || '/past-mijn-vraag';
const sel = process.argv[4] || 'form.questionnaire input';
const browser = await chromium.launch(launchOptions());
const context = await browser.newContext({ locale: 'nl-NL', viewport: { width: 390, height: 844 } });
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
await cdp.send('Tracing.start', { categories: 'devtools.timeline,v8,v8.wasm,disabled-by-default-v8.compile,blink,loading', transferMode: 'ReturnAsStream' });
await page.goto(server.url + path);
await page.locator(sel).first().waitFor();
const done = new Promise((res) => cdp.once('Tracing.tracingComplete', res));
await cdp.send('Tracing.end');
const { stream } = await done;
let data = ''; for (;;) { const r = await cdp.send('IO.read', { handle: stream }); data += r.data; if (r.eof) break; }
const parsed = JSON.parse(data); const events = parsed.traceEvents ?? parsed;
const names = events.filter((e) => e.name === 'thread_name');
const mains = new Set(names.filter((e) => e.args.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
// per main thread: sum of top-level durations by name, and nested by name (self time approximated)
const byThread = new Map();
for (const e of events) { const k = `${e.pid}:${e.tid}`; if (!mains.has(k) || e.ph !== 'X' || !e.dur) continue; (byThread.get(k) ?? byThread.set(k, []).get(k)).push(e); }
const busiest = [...byThread].map(([k, evs]) => [k, evs.reduce((s, e) => s + e.dur, 0)]).sort((a, b) => b[1] - a[1])[0]?.[0];
for (const [k, evs] of byThread) {
  if (k !== busiest) continue; // another frame (the blank page before)
  evs.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  let total = 0; { let end = 0; for (const e of evs) { if (e.ts >= end) { total += e.dur; end = e.ts + e.dur; } } total /= 1000; }
  // self time: duration minus children durations
  const stack = []; const self = new Map();
  for (const e of evs) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) stack.pop();
    if (stack.length) { const p = stack[stack.length - 1]; self.set(p, (self.get(p) ?? p.dur) - e.dur); }
    self.set(e, self.get(e) ?? e.dur); stack.push(e);
  }
  const agg = new Map();
  for (const [e, s] of self) agg.set(e.name, (agg.get(e.name) ?? 0) + s / 1000);
  console.log(`main thread of ${path}, busy ${total.toFixed(0)} ms (4x CPU); self time by kind:`);
  for (const [n, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(v.toFixed(1).padStart(8), n);
}
await browser.close(); await server.close();
