// An answer touches only the views that depend on it: on a screen of many questions, answering
// one re-runs nothing of the others (issue 16; speed on a screen of 1000 questions).
//
// How it can tell: an option's `checked` is a DOM property, which the app sets again each time
// that option's view re-runs (property updates are not compared with the page). So the test
// first ticks an option of every unrelated question by script, without an event (the app does
// not know), answers one question, and checks that every such tick is still there: a re-run
// view would have unticked it. A MutationObserver also records which questions' DOM changed.
import { test, expect } from './fixtures.mjs';
import { PreviewPage } from './pages/preview-page.mjs';
import { QuestionnairePage } from './pages/questionnaire-page.mjs';

const BLOCKS = 12;
const ABC = ['a', 'b', 'c'].map((c) => ({ valueCoding: { code: c, display: c } }));

// One screen (one group) of blocks: a yes/no question `b<k>`, a text `t<k>` shown after "Ja",
// a required single choice `c<k>` and a multiple choice `m<k>` (3 sets of options a block).
function questionnaire() {
  const items = [];
  for (let k = 0; k < BLOCKS; k++) {
    items.push({ linkId: `b${k}`, type: 'boolean', text: `Vraag b${k}` });
    items.push({ linkId: `t${k}`, type: 'string', text: `Vraag t${k}`,
      enableWhen: [{ question: `b${k}`, operator: '=', answerBoolean: true }] });
    items.push({ linkId: `c${k}`, type: 'choice', text: `Vraag c${k}`, required: true, answerOption: ABC });
    items.push({ linkId: `m${k}`, type: 'choice', repeats: true, text: `Vraag m${k}`, answerOption: ABC });
  }
  return { resourceType: 'Questionnaire', id: 'bereik', title: 'Bereik', item: [{ linkId: 'g', type: 'group', text: 'Alles', item: items }] };
}

/** Ticks, by script and unknown to the app, the last option of every choice question not in `keep`. */
async function tickUnrelated(page, keep) {
  return page.evaluate((keep) => {
    let n = 0;
    for (const fs of document.querySelectorAll('.screen fieldset.question')) {
      const key = fs.querySelector('legend').textContent.trim().split(/\s+/)[1];
      if (keep.includes(key)) continue;
      const inputs = fs.querySelectorAll('input[type=radio], input[type=checkbox]');
      inputs[inputs.length - 1].checked = true;
      n++;
    }
    return n;
  }, keep);
}

/** The unrelated questions whose tick is gone (their view re-ran). */
async function untickedAgain(page, keep) {
  return page.evaluate((keep) => {
    const out = [];
    for (const fs of document.querySelectorAll('.screen fieldset.question')) {
      const key = fs.querySelector('legend').textContent.trim().split(/\s+/)[1];
      const inputs = fs.querySelectorAll('input[type=radio], input[type=checkbox]');
      if (!keep.includes(key) && !inputs[inputs.length - 1].checked) out.push(key);
    }
    return out;
  }, keep);
}

/** Starts recording which questions' DOM changes (by their linkId). */
async function watchMutations(page) {
  await page.evaluate(() => {
    window.__changed = new Set();
    window.__observer?.disconnect();
    window.__observer = new MutationObserver((records) => {
      for (const r of records) {
        const node = r.target.nodeType === Node.ELEMENT_NODE ? r.target : r.target.parentElement;
        const item = node?.closest('.screen .item');
        const text = item?.querySelector('.question-text')?.textContent.trim().split(/\s+/)[1];
        window.__changed.add(text ?? 'outside a question');
      }
    });
    window.__observer.observe(document.querySelector('.screen'), { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

/** After every effect of the last action has run: the questions whose DOM changed. */
async function changedQuestions(page) {
  return page.evaluate(async () => {
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 100)));
    return [...window.__changed].sort();
  });
}

test('een antwoord laat de andere vragen op het scherm met rust', async ({ page }) => {
  await page.route((url) => url.pathname === '/test/bereik.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(questionnaire()) }));
  const preview = new PreviewPage(page);
  await preview.goto('/test/bereik.json');
  const question = (key) => page.locator('.screen .item', { has: page.locator(`:scope > * > .question-text`, { hasText: new RegExp(`^Vraag ${key}\\b`) }) });
  const choose = (key, option) => question(key).getByLabel(option, { exact: true });
  await expect(question('t0')).toBeHidden();
  // A long screen is drawn in parts: all of it first.
  await expect(page.locator('.screen fieldset.question')).toHaveCount(3 * BLOCKS);

  // "Ja" shows t0; nothing else on the screen runs again.
  expect(await tickUnrelated(page, ['b0'])).toBe(3 * BLOCKS - 1);
  await watchMutations(page);
  await choose('b0', 'Ja').check();
  await expect(question('t0')).toBeVisible();
  expect(await changedQuestions(page)).toEqual(['t0']);
  expect(await untickedAgain(page, ['b0'])).toEqual([]);
  await expect(choose('b1', 'Nee')).toBeChecked(); // the ticks are there, so the check above can fail

  // Nothing answered in c0…c11: "Klaar" (the only screen) puts a message under each.
  await page.getByRole('button', { name: 'Klaar' }).click();
  await expect(page.locator('.screen .message')).toHaveCount(BLOCKS);

  // Correcting c0 removes its message only; a tick in m0 only touches m0.
  expect(await tickUnrelated(page, ['c0'])).toBe(3 * BLOCKS - 1);
  await watchMutations(page);
  await choose('c0', 'b').check();
  await expect(question('c0').locator('.message')).toHaveCount(0);
  expect(await changedQuestions(page)).toEqual(['c0']);
  expect(await untickedAgain(page, ['c0'])).toEqual([]);
  await expect(page.locator('.screen .message')).toHaveCount(BLOCKS - 1);

  await tickUnrelated(page, ['m0']);
  await watchMutations(page);
  await choose('m0', 'a').check();
  expect(await changedQuestions(page)).toEqual([]);
  expect(await untickedAgain(page, ['m0'])).toEqual([]);
  await expect(choose('m0', 'a')).toBeChecked();
});

test('een lang scherm komt in delen, en na herladen staan de antwoorden ook in de latere delen', async ({ page, axe }) => {
  // Served at the self-check's address, which saves every answer on the device.
  await page.route((url) => url.pathname === '/questionnaires/hoe-gaat-het.json', (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify(questionnaire()) }),
  );
  const q = new QuestionnairePage(page);
  const question = (key) => page.locator('.screen .item', { has: page.locator(`:scope > * > .question-text`, { hasText: new RegExp(`^Vraag ${key}\\b`) }) });
  const all = page.locator('.screen fieldset.question');
  // Notes whether a later part ever came as a box the browser may skip (class `drawing`).
  await page.addInitScript(() => {
    window.__sawSkippedPart = false;
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) {
        if (n.nodeType === 1 && n.matches('.later-part.drawing')) window.__sawSkippedPart = true;
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto('/hoe-gaat-het');
  await expect(all).toHaveCount(3 * BLOCKS);
  // The last block is in a later part than the first: answered there, it is kept like any other.
  await question(`b${BLOCKS - 1}`).getByLabel('Ja', { exact: true }).check();
  await question(`t${BLOCKS - 1}`).getByRole('textbox').fill('hallo');
  await question(`c${BLOCKS - 1}`).getByLabel('b', { exact: true }).check();
  await question('m0').getByLabel('c', { exact: true }).check();
  await q.expectSaved();

  await page.reload();
  await expect(all).toHaveCount(3 * BLOCKS);
  await expect(question(`b${BLOCKS - 1}`).getByLabel('Ja', { exact: true })).toBeChecked();
  await expect(question(`t${BLOCKS - 1}`).getByRole('textbox')).toHaveValue('hallo');
  await expect(question(`c${BLOCKS - 1}`).getByLabel('b', { exact: true })).toBeChecked();
  await expect(question('m0').getByLabel('c', { exact: true })).toBeChecked();
  await expect(question('t0')).toBeHidden();
  // Every part is there once, in order.
  const keys = await all.locator('legend').evaluateAll((ls) => ls.map((l) => l.textContent.trim().split(/\s+/)[1]));
  expect(keys).toEqual(Array.from({ length: BLOCKS }, (_, k) => [`b${k}`, `c${k}`, `m${k}`]).flat());

  // While the screen is drawn, a later part is a box the browser may skip while it is out of
  // view (content-visibility). Afterwards no part is skipped: Chromium leaves skipped content
  // out of the accessibility tree, and every question must be in it.
  const later = page.locator('.screen .later-part');
  expect(await later.count()).toBeGreaterThan(0);
  expect(await page.evaluate(() => window.__sawSkippedPart), 'a part was a skipped box while drawing').toBe(true);
  await expect(page.locator('.screen .later-part.drawing')).toHaveCount(0);
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  const named = nodes.filter((n) => !n.ignored).map((n) => n.name?.value ?? '');
  for (let k = 0; k < BLOCKS; k++) {
    expect(named.some((t) => t.startsWith(`Vraag m${k}`)), `Vraag m${k} in the accessibility tree`).toBe(true);
  }
  await expect(later.last().locator('fieldset.question').last().locator('legend')).toHaveText(/^Vraag m11\b/);
  // Tab from the last field before the first later part.
  await later.first().evaluate((part) => {
    const before = [...document.querySelectorAll('.screen input')].filter(
      (el) => part.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING,
    );
    before[before.length - 1].focus();
  });
  let inLater = false;
  for (let n = 0; n < 10 && !inLater; n++) {
    await page.keyboard.press('Tab');
    inLater = await page.evaluate(() => !!document.activeElement?.closest('.later-part'));
  }
  expect(inLater, 'Tab reaches a question in a later part').toBe(true);
  const box = await page.evaluate(() => {
    const r = document.activeElement.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, height: innerHeight };
  });
  expect(box.top).toBeGreaterThanOrEqual(0);
  expect(box.bottom).toBeLessThanOrEqual(box.height);
  await axe.expectNoAxeViolations(page);
});
