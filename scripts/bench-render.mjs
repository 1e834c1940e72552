#!/usr/bin/env node
// Browser benchmark of the release build (dist/) at 4x CPU slowdown, as on a cheap phone:
//  - a 1000-question questionnaire loaded in /voorbeeld until its first screen is usable, and
//    until all of that screen is drawn (a long screen is drawn in parts, see item_view.rs);
//  - an answer that shows three hidden questions, until the screen shows them;
//  - the same on a page that saves every answer (the self-check's address, serving the big
//    questionnaire): until the screen shows them, and until the main thread is free again (all
//    work of the click done, saving included: what the person waits for before the next tap).
// `--screens 1` puts all 1000 questions in one group, so one screen holds them all: an answer
// there must not cost work for the 999 other questions.
// Prints figures (median of several runs); asserts nothing, so it never flakes.
// Usage: node scripts/bench-render.mjs [--dist dist] [--runs 5] [--screens 100] [--slowdown 4]
import { chromium } from 'playwright-core';
import { startServer } from '../tests/e2e/serve-dist.mjs';
import { launchOptions } from '../tests/e2e/browser.mjs';
import { opt } from './cli.mjs';

const DIST = opt('--dist', 'dist');
const RUNS = Number(opt('--runs', '5'));
const SCREENS = Number(opt('--screens', '100'));

// 1000 questions on SCREENS screens, in blocks of 10: in each block questions 1, 4 and 7 appear
// after "Ja" on question 0.
function bigQuestionnaire() {
  const groups = [];
  const perScreen = 1000 / SCREENS;
  for (let g = 0; g < SCREENS; g++) {
    const items = [];
    for (let k = 0; k < perScreen; k++) {
      const head = k - (k % 10);
      const item = { linkId: `q${g}_${k}`, type: k % 10 === 0 ? 'boolean' : 'string', text: `Vraag ${k + 1} van scherm ${g + 1}` };
      if (k % 10 % 3 === 1) item.enableWhen = [{ question: `q${g}_${head}`, operator: '=', answerBoolean: true }];
      items.push(item);
    }
    groups.push({ linkId: `g${g}`, type: 'group', text: `Scherm ${g + 1}`, item: items });
  }
  return JSON.stringify({ resourceType: 'Questionnaire', id: 'groot', title: 'Groot', item: groups });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await startServer({ root: DIST, port: 0 });
const browser = await chromium.launch(launchOptions());
const body = bigQuestionnaire();
const load = [];
const allDrawn = [];
const update = [];
const savedUpdate = [];
const savedFree = [];
try {
  for (const saving of [false, true]) for (let r = 0; r < RUNS; r++) {
    const context = await browser.newContext({ locale: 'nl-NL', viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.route((url) => url.pathname === '/bench/groot.json' || (saving && url.pathname === '/questionnaires/hoe-gaat-het.json'), (route) =>
      route.fulfill({ contentType: 'application/json', body }),
    );
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(opt('--slowdown', '4')) });
    // Records, relative to the start of navigation, when the first answer can be given, and
    // when every item of the first screen is there (its questions and the group around them).
    await page.addInitScript((items) => {
      const drawn = document.getElementsByClassName('item');
      new MutationObserver((_, mo) => {
        if (!window.__firstUsable && document.querySelector('form.questionnaire input[type=radio]')) {
          window.__firstUsable = performance.now();
        }
        if (drawn.length >= items) {
          window.__allDrawn = performance.now();
          mo.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    }, 1000 / SCREENS + 1);
    await page.goto(saving ? `${server.url}/hoe-gaat-het` : `${server.url}/voorbeeld?q=/bench/groot.json`);
    await page.locator('form.questionnaire input[type=radio]').first().waitFor({ timeout: 60000 }).catch(async (e) => {
      console.error(await page.locator('main').innerText());
      throw e;
    });
    // The click comes once the whole screen is drawn: it measures the answer alone.
    await page.waitForFunction(() => window.__allDrawn, null, { timeout: 60000 });
    if (!saving) {
      load.push(Math.round(await page.evaluate(() => window.__firstUsable)));
      allDrawn.push(Math.round(await page.evaluate(() => window.__allDrawn)));
    }
    const [ms, free] = await page.evaluate(async () => {
      const yes = document.querySelector('form.questionnaire input[type=radio]');
      // The three questions of the first block: the first hidden ones in document order.
      const hidden = [...document.querySelectorAll('.screen .item[hidden]')].slice(0, 3);
      let t = 0;
      // A MutationObserver runs as a microtask right after the DOM changes: no polling delay.
      const shown = new Promise((res) => {
        const mo = new MutationObserver(() => {
          if (!hidden.some((el) => el.hidden)) {
            mo.disconnect();
            res(performance.now() - t);
          }
        });
        hidden.forEach((el) => mo.observe(el, { attributes: true }));
      });
      // A task queued behind the click runs once every bit of its work is done.
      const idle = new Promise((res) => setTimeout(() => res(performance.now() - t), 0));
      t = performance.now();
      yes.click();
      return Promise.all([shown, idle]);
    });
    if (saving) {
      savedUpdate.push(ms);
      savedFree.push(free);
    } else {
      update.push(ms);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`render benchmark (dist/, ${opt('--slowdown', '4')}x CPU slowdown, ${RUNS} runs, 1000 questions on ${SCREENS} screen(s))`);
console.log(`  navigation start -> first answer possible  median ${median(load)} ms  (all: ${load.join(', ')})`);
console.log(`  navigation start -> whole screen drawn    median ${median(allDrawn)} ms  (all: ${allDrawn.join(', ')})`);
console.log(`  answer -> 3 questions shown              median ${median(update).toFixed(1)} ms  (all: ${update.map((x) => x.toFixed(1)).join(', ')})`);
const all = (xs) => xs.map((x) => x.toFixed(1)).join(', ');
console.log(`  saving page: answer -> 3 questions shown median ${median(savedUpdate).toFixed(1)} ms  (all: ${all(savedUpdate)})`);
console.log(`  saving page: answer -> main thread free  median ${median(savedFree).toFixed(1)} ms  (all: ${all(savedFree)})`);
