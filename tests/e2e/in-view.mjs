// One check for every message or urgent box that appears after an action: it must be where the
// person is looking (inside the viewport) and either have focus or sit in a live region
// (aria-live, role=alert/status), so a screen reader announces it.
//
//   const shown = await expectShownWhereLooking(page, () => button.click());
//   expect(shown.join('\n')).toContain('De twee pincodes zijn niet hetzelfde');
//
// Before the action it notes every visible message with its text; after it, every message that
// is new or has a new text is checked (polling, as the app scrolls after the next frame).
// At least one must appear, unless `{ expectSome: false }`.
import { expect } from '@playwright/test';

export const MESSAGE_SELECTOR = [
  '.notice',
  '.message',
  '.problem',
  '.urgent-now',
  '.error-summary',
  '[role="alert"]',
  '[role="status"]',
].join(', ');

/** Visible messages as [text] keyed by a path; marks them so "new" can be told apart. */
function snapshot(selector) {
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const out = [];
  for (const el of document.querySelectorAll(selector)) {
    const text = (el.textContent || '').replace(/\s+/g, ' ').trim();
    if (!text || !visible(el)) continue;
    // A live region that only wraps a message is checked through the message itself.
    if (el.matches('[role="alert"], [role="status"]') && el.querySelector(selector)) continue;
    out.push({ el, text });
  }
  return out;
}

export async function expectShownWhereLooking(page, action, { selector = MESSAGE_SELECTOR, expectSome = true } = {}) {
  // The screen must be there before "what was there before" is noted (the app shows its first
  // screen once the device's storage is read).
  await page.locator('main h1').first().waitFor();
  await page.evaluate((sel) => {
    window.__shownBefore = new Map();
    const visible = (el) => el.getClientRects().length > 0;
    for (const el of document.querySelectorAll(sel)) {
      if (visible(el)) window.__shownBefore.set(el, (el.textContent || '').replace(/\s+/g, ' ').trim());
    }
  }, selector);
  await action();
  let report = [];
  await expect
    .poll(
      async () => {
        report = await page.evaluate(
          ({ sel, snap }) => {
            // eslint-disable-next-line no-new-func
            const take = new Function(`return (${snap})`)();
            const before = window.__shownBefore || new Map();
            const vh = window.innerHeight;
            const active = document.activeElement;
            return take(sel)
              .filter(({ el, text }) => before.get(el) !== text)
              .map(({ el, text }) => {
                const r = el.getBoundingClientRect();
                // A box taller than the screen shows its start; anything else is wholly in view.
                const inView = r.height > vh ? r.top >= -1 && r.top < vh - 40 : r.top >= -1 && r.bottom <= vh + 1;
                // Focus on it, inside it, or on the field it describes (read out with the field).
                const describes = (active?.getAttribute('aria-describedby') || '').split(/\s+/).includes(el.id);
                const focused = el === active || el.contains(active) || (!!el.id && describes);
                const live = !!el.closest('[aria-live]:not([aria-live="off"]), [role="alert"], [role="status"], [role="log"]');
                return { text: text.slice(0, 300), top: Math.round(r.top), bottom: Math.round(r.bottom), vh, inView, focused, live };
              });
          },
          { sel: selector, snap: snapshot.toString() },
        );
        const bad = report.filter((m) => !m.inView || !(m.focused || m.live));
        if (expectSome && report.length === 0) return 'no message appeared';
        return bad.length ? `not where the person looks: ${JSON.stringify(bad)}` : 'ok';
      },
      { message: 'every new message is in the viewport, and focused or in a live region', timeout: 5_000 },
    )
    .toBe('ok');
  return report.map((m) => m.text);
}
