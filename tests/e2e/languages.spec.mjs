// Six languages on every screen: each main route in each language has no axe violations and no
// sideways scroll at 320 px; Arabic is right to left with phone numbers still readable left to
// right; a language nobody has checked yet is offered only where the config switches it on, and
// then says so; the choice survives a reload and is on the first screen without scrolling.
// (Questionnaire texts may be in any language here: they are translated separately.)
import { test, expect } from './fixtures.mjs';
import { ROUTES as PAGES } from './pages/routes.mjs';
import { AppShell } from './pages/app-shell.mjs';
import { withConfig } from './pages/config.mjs';
import { QuestionnairePage } from './pages/questionnaire-page.mjs';

export const LANGUAGES = [
  { code: 'nl', name: 'Nederlands', skip: 'Naar de inhoud', reviewed: true },
  { code: 'en', name: 'English', skip: 'Skip to content', reviewed: true },
  { code: 'ar', name: 'العربية', skip: 'انتقل إلى المحتوى', reviewed: false, rtl: true },
  { code: 'tr', name: 'Türkçe', skip: 'İçeriğe geç', reviewed: false },
  { code: 'pl', name: 'Polski', skip: 'Przejdź do treści', reviewed: false },
  { code: 'uk', name: 'Українська', skip: 'Перейти до змісту', reviewed: false },
];

const ROUTES = PAGES;

/** Opens `path` and waits until the page is there in `lang`. */
async function openIn(page, path, lang) {
  await page.goto(path);
  const shell = new AppShell(page);
  await expect(page.locator('html')).toHaveAttribute('lang', lang.code);
  await expect(page.locator('html')).toHaveAttribute('dir', lang.rtl ? 'rtl' : 'ltr');
  await expect(shell.skipLink).toHaveText(lang.skip);
  await shell.waitForApp();
  await page.waitForLoadState('networkidle');
  return shell;
}

async function choose(page, lang) {
  await page.goto('/');
  const shell = new AppShell(page);
  await shell.waitForApp();
  await shell.chooseLanguage(lang.name);
  await expect(page.locator('html')).toHaveAttribute('lang', lang.code);
  return shell;
}

for (const lang of LANGUAGES) {
  test(`${lang.code}: elke pagina zonder axe-fouten en zonder zijwaarts scrollen op 320 px`, async ({ page, axe }) => {
    test.setTimeout(240_000);
    await page.setViewportSize({ width: 320, height: 640 });
    await choose(page, lang);
    for (const path of ROUTES) {
      await test.step(path, async () => {
        await openIn(page, path, lang); // a reload each time: the choice stays
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width, `${path} in ${lang.code} is ${width}px wide`).toBeLessThanOrEqual(320);
        await axe.expectNoAxeViolations(page);
      });
    }
  });
}

test.describe('Arabisch', () => {
  const ar = LANGUAGES.find((l) => l.code === 'ar');

  test('rechts naar links, en telefoonnummers blijven van links naar rechts leesbaar', async ({ page, axe }) => {
    // A number with spaces is the one that turns around in right-to-left text when not isolated.
    const phone = '+31 88 123 45 67';
    // And a text the municipality did not translate: Dutch, shown left to right inside the page.
    const dutch = 'Bij direct gevaar. Bel meteen.';
    await withConfig(page, (c) => {
      c.urgent_contacts[0].phone = phone;
      c.urgent_contacts[0].when = dutch;
    });
    await page.setViewportSize({ width: 800, height: 900 });
    await choose(page, ar);
    await openIn(page, '/spoed', ar);
    expect(await page.evaluate(() => getComputedStyle(document.body).direction)).toBe('rtl');
    // The layout is mirrored: the brand sits at the right edge of the header.
    const brand = await page.locator('.site-header a.brand').boundingBox();
    const header = await page.locator('.site-header').boundingBox();
    expect(brand.x + brand.width).toBeGreaterThan(header.x + header.width * 0.75);

    const links = page.locator('a[href^="tel:"]');
    expect(await links.count()).toBeGreaterThan(2);
    for (const link of await links.all()) {
      const href = await link.getAttribute('href');
      // Each digit of the number, in the order it is written, lies to the right of the one before.
      const digits = await link.evaluate((a) => {
        const out = [];
        const walker = document.createTreeWalker(a, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (let i = 0; i < node.data.length; i++) {
            if (!/[0-9+]/.test(node.data[i])) continue;
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const r = range.getBoundingClientRect();
            out.push({ c: node.data[i], x: r.left, y: Math.round(r.top) });
          }
        }
        return out;
      });
      expect(digits.map((d) => d.c).join(''), `${href}: digits in the text`).toBe(href.slice('tel:'.length));
      for (let i = 1; i < digits.length; i++) {
        expect(digits[i].y, `${href}: on one line`).toBe(digits[0].y);
        expect(digits[i].x, `${href}: digit ${i + 1} right of digit ${i}`).toBeGreaterThan(digits[i - 1].x);
      }
    }
    await expect(page.getByRole('link', { name: new RegExp(phone.replace(/[+]/g, '\\+')) })).toBeVisible();
    // The untranslated text keeps its full stop at its end: "B" first on the left, "." last on the right.
    const ends = await page.locator('.urgent-contact p', { hasText: 'Bij direct gevaar' }).evaluate((p) => {
      const node = p.firstChild;
      const at = (i) => {
        const r = document.createRange();
        r.setStart(node, i);
        r.setEnd(node, i + 1);
        return r.getBoundingClientRect().left;
      };
      const text = node.data;
      return { first: at(text.indexOf('B')), last: at(text.lastIndexOf('.')) };
    });
    expect(ends.last).toBeGreaterThan(ends.first);
    await axe.expectNoAxeViolations(page);
  });

  test('de uitkomst van de zelfcheck: balkjes van rechts, datum met gewone cijfers', async ({ page, axe }) => {
    test.slow(); // the whole self-check
    await page.setViewportSize({ width: 320, height: 640 });
    const q = new QuestionnairePage(page);
    await q.goto('/hoe-gaat-het');
    await q.fillSelfCheckAboutMoney();
    const result = page.locator('.self-result');
    await expect(result.locator('.result-picture')).toBeVisible();
    await new AppShell(page).chooseLanguage(ar.name);
    await expect(result.getByRole('heading', { level: 1 })).toHaveText('هكذا حالك');

    // The bars grow from the right; every label is inside the picture, against its right edge.
    const svg = result.locator('.result-picture svg');
    expect(await svg.evaluate((el) => getComputedStyle(el).transform)).toBe('matrix(-1, 0, 0, 1, 0, 0)');
    const box = await svg.boundingBox();
    const labels = result.locator('.result-picture .bar-label');
    expect(await labels.count()).toBeGreaterThan(0);
    for (const label of await labels.all()) {
      const b = await label.boundingBox();
      expect(b.x, 'label inside the picture').toBeGreaterThanOrEqual(box.x - 1);
      expect(b.x + b.width, 'label at the right edge').toBeGreaterThan(box.x + box.width - 4);
      expect(b.x + b.width).toBeLessThanOrEqual(box.x + box.width + 1);
    }
    const track = await result.locator('.result-picture .bar-track').first().boundingBox();
    expect(track.x + track.width).toBeGreaterThan(box.x + box.width - 2);

    // The agenda's date: Arabic words with the digits 0-9, as the phone numbers are written.
    const date = await result.locator('.agenda-date').textContent();
    expect(date).toMatch(/[\u0600-\u06FF]/);
    expect(date).toMatch(/20\d\d/);
    expect(date).not.toMatch(/[\u0660-\u0669]/);

    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(320);
    await axe.expectNoAxeViolations(page);
  });
});

test.describe('talen aanbieden', () => {
  test('kiezen staat op het eerste scherm, ook op 320 px, en blijft na herladen', async ({ page }) => {
    for (const size of [
      { width: 390, height: 844 },
      { width: 320, height: 568 },
    ]) {
      await page.setViewportSize(size);
      await page.goto('/');
      const shell = new AppShell(page);
      await shell.waitForApp();
      for (const lang of LANGUAGES) {
        await expect(shell.languageButton(lang.name), `${lang.name} at ${size.width}px`).toBeInViewport({ ratio: 1 });
        await expect(shell.languageButton(lang.name)).toHaveAttribute('lang', lang.code);
      }
    }
    for (const lang of LANGUAGES.slice().reverse()) {
      const shell = await choose(page, lang);
      await page.reload();
      await expect(page.locator('html')).toHaveAttribute('lang', lang.code);
      await expect(shell.skipLink).toHaveText(lang.skip);
      await expect(shell.languageButton(lang.name)).toHaveAttribute('aria-pressed', 'true');
    }
  });

  test('een nog niet nagekeken vertaling zegt dat, in die taal', async ({ page, axe }) => {
    await page.setViewportSize({ width: 320, height: 640 });
    const note = page.locator('.unreviewed-note');
    for (const lang of LANGUAGES) {
      await choose(page, lang);
      if (lang.reviewed) {
        await expect(note).toBeHidden();
      } else {
        await expect(note).toBeVisible();
        await expect(note).not.toHaveText(/nagekeken/); // in the language itself, not in Dutch
        await expect(note).toContainText('Nederlands');
      }
    }
    await expect(note).toHaveText(/Українська|українська/);
    await axe.expectNoAxeViolations(page);
  });

  test('zonder "languages" in de config: alleen nagekeken talen, een eerdere keuze valt terug', async ({ page }) => {
    // First chosen where the municipality offered it…
    await choose(page, LANGUAGES.find((l) => l.code === 'tr'));
    // …then the config no longer switches it on.
    await withConfig(page, (c) => {
      delete c.languages;
    });
    await page.goto('/');
    const shell = new AppShell(page);
    await shell.waitForApp();
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
    await expect(shell.skipLink).toHaveText('Naar de inhoud');
    for (const lang of LANGUAGES) {
      const button = shell.languageButton(lang.name);
      if (lang.reviewed) await expect(button).toBeVisible();
      else await expect(button).toHaveCount(0);
    }
    await expect(page.locator('.unreviewed-note')).toBeHidden();
  });
});
