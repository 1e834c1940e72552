// Pictograms of the life areas (public/icons/areas.svg, src/ui/area_icon.rs): every area's
// screen heading in the self-check, every area line of the result and every agenda item shows its
// area's pictogram, hidden from screen readers (the name beside it is the text, read once), at
// the start of the line (on the right when the page is right-to-left). On a 390 px and a 320 px
// phone: axe finds nothing and nothing scrolls sideways.
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures.mjs';
import { QuestionnairePage } from './pages/questionnaire-page.mjs';

const SPRITE = '/icons/areas.svg';
const TALK = 'Hierover wil ik praten';

// Area title (Dutch) → area code, from the shipped questionnaire (groups `area_<code>`).
const questionnaire = JSON.parse(
  readFileSync(new URL('../../public/questionnaires/hoe-gaat-het.json', import.meta.url), 'utf8'),
);
const AREAS = new Map(
  questionnaire.item.filter((i) => i.linkId.startsWith('area_')).map((i) => [i.text, i.linkId.slice('area_'.length)]),
);

/**
 * `where` holds exactly one pictogram, the one of `code`: an <svg> hidden from the accessibility
 * tree that draws the sprite's symbol (a reference the browser could not resolve has no size),
 * and `where`'s accessible name is `name` alone (the pictogram adds nothing to it).
 */
async function expectPictogram(where, code, name, role) {
  const icon = where.locator('svg.area-icon');
  await expect(icon).toHaveCount(1);
  await expect(icon).toHaveAttribute('aria-hidden', 'true');
  await expect(icon.locator('use')).toHaveAttribute('href', `${SPRITE}#${code}`);
  await expect
    .poll(() => icon.locator('use').evaluate((u) => Math.round(u.getBBox().width * u.getBBox().height)), {
      message: `the pictogram of ${code} is drawn`,
    })
    .toBeGreaterThan(50);
  const box = await icon.boundingBox();
  expect(box.width).toBeGreaterThanOrEqual(16);
  expect(box.width).toBeLessThanOrEqual(40);
  if (role) await expect(where).toHaveAccessibleName(name);
  // Nothing of the pictogram in the accessibility tree: no image, no extra text.
  const tree = await where.ariaSnapshot();
  expect(tree).not.toMatch(/img|graphics/);
}

/** Where the pictogram sits in `where`: before (`start`) or after (`end`) its text, left to right. */
function iconSide(where) {
  return where.evaluate((el) => {
    const icon = el.querySelector('svg.area-icon').getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(el);
    range.setStartAfter(el.querySelector('svg.area-icon'));
    const text = range.getClientRects()[0];
    return icon.left + icon.width / 2 < text.left + text.width / 2 ? 'left' : 'right';
  });
}

async function expectNoSideScroll(page, width) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

for (const [width, height] of [
  [390, 844],
  [320, 640],
]) {
  test(`elk levensgebied heeft zijn pictogram, in de zelfcheck en op de uitkomst (${width} px)`, async ({ page, axe }) => {
    test.slow(); // 17 screens and the result, each checked with axe
    await page.setViewportSize({ width, height });
    const q = new QuestionnairePage(page);
    await q.goto('/hoe-gaat-het');
    // The first screen is no area: no pictogram, and the drawings are not fetched yet.
    await expect(q.screenHeading.locator('svg')).toHaveCount(0);
    const sprite = page.waitForResponse((r) => new URL(r.url()).pathname === SPRITE);
    await q.choose('Wonen er kinderen bij u thuis?', 'Ja');
    await q.next();
    expect((await sprite).status()).toBe(200);

    const { total } = await q.step();
    const seen = [];
    for (let step = 2; step <= total; step++) {
      await q.expectStep(step, total);
      const heading = q.screenHeading;
      const title = (await heading.textContent()) ?? '';
      const code = AREAS.get(title);
      if (code) {
        seen.push(code);
        await expectPictogram(heading, code, title, 'heading');
        expect(await iconSide(heading)).toBe('left');
        // Problems everywhere, and every area on the agenda, so the result lists them all.
        await q.form.getByRole('group', { name: /^Hoe (gaat|gaan|ging)/ }).first()
          .getByRole('radio', { name: 'Enkele problemen', exact: true }).check();
        await q.choose(TALK, 'Ja');
      } else {
        await expect(heading.locator('svg')).toHaveCount(0);
      }
      await expectNoSideScroll(page, width);
      await axe.expectNoAxeViolations(page);
      if (step < total) await q.next();
    }
    expect(seen.sort()).toEqual([...AREAS.values()].sort());
    await q.finishButton.click();

    const result = page.locator('.self-result');
    await expect(result.getByRole('heading', { level: 1 })).toBeVisible();
    const lines = result.locator('.result-areas li');
    await expect(lines).toHaveCount(AREAS.size);
    for (const line of await lines.all()) {
      const title = (await line.locator('strong').textContent()) ?? '';
      await expectPictogram(line, AREAS.get(title), title);
      await expect(line).toHaveText(`${title}: Enkele problemen`);
    }
    const items = result.locator('.agenda-item h3');
    await expect(items).toHaveCount(AREAS.size);
    for (const item of await items.all()) {
      const title = (await item.textContent()) ?? '';
      await expectPictogram(item, AREAS.get(title), title, 'heading');
    }
    await expectNoSideScroll(page, width);
    await axe.expectNoAxeViolations(page);

    // Right-to-left (as in Arabic): the pictogram moves to the start of the line, on the right.
    await page.evaluate(() => document.documentElement.setAttribute('dir', 'rtl'));
    expect(await iconSide(lines.first())).toBe('right');
    expect(await iconSide(items.first())).toBe('right');
    await expectNoSideScroll(page, width);
  });
}
