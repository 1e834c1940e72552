// A broken municipality config (public/config/gemeente.json) stops the app with a clear message
// for the site's administrator, instead of a blank page or a half-working app.
import { test, expect } from './fixtures.mjs';
import { AppShell } from './pages/app-shell.mjs';

const CONFIG = '**/config/gemeente.json';
const TITLE = 'De instellingen van de gemeente kloppen niet';
const INTRO = 'Wijkpeil kan niet starten. Geef dit door aan de beheerder van de website:';

test.describe('kapotte gemeente-instellingen', () => {
  test('ongeldige JSON: foutpagina met regel en teken', async ({ page, axe }) => {
    await page.route(CONFIG, (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: '{\n  "format": 1,\n  "municipality": {\n' }),
    );
    const shell = new AppShell(page);
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE);
    await expect(page.getByText(INTRO)).toBeVisible();
    const problems = page.locator('main ul.problems > li');
    await expect(problems).toHaveCount(1);
    // Says that the file is broken, and where (line and character).
    await expect(problems.first()).toHaveText(/^Wijkpeil kan dit bestand niet lezen\. Er staat een fout in regel 4, bij teken \d+\.$/);
    await expect(page.getByRole('alert')).toContainText(TITLE);
    // Nothing of the app itself is offered.
    await expect(page.locator('ul.ways-in')).toHaveCount(0);
    expect(await shell.htmlLang()).toBe('nl');
    await axe.expectNoAxeViolations(page);

    // The same on a questionnaire address.
    await page.goto('/vervolg');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE);
    await expect(page.locator('form.questionnaire')).toHaveCount(0);
    await axe.expectNoAxeViolations(page);
  });

  test('geldige JSON met een openingstijd "9h": foutpagina die de waarde en de plek noemt', async ({ page, axe }) => {
    await page.route(CONFIG, async (route) => {
      const response = await route.fetch();
      const config = await response.json();
      config.wijken[0].team.opening_hours.mon[0][0] = '9h';
      await route.fulfill({ response, json: config });
    });
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE);
    await expect(page.getByText(INTRO)).toBeVisible();
    const problems = page.locator('main ul.problems > li');
    await expect(problems).toHaveCount(1);
    const text = await problems.first().textContent();
    expect(text).toContain('9h is geen geldige tijd. Schrijf tijden als 09:00.');
    // It says where: the first wijk's opening hours on Monday.
    expect(text).toMatch(/wijken.*opening_hours.*mon/);
    await expect(page.locator('ul.ways-in')).toHaveCount(0);
    await axe.expectNoAxeViolations(page);

    // In English too.
    await new AppShell(page).chooseLanguage('English');
    await expect(page.getByRole('heading', { level: 1 })).not.toHaveText(TITLE);
    await expect(problems.first()).toContainText('9h');
    await axe.expectNoAxeViolations(page);
  });

  test.describe('niet gevonden', () => {
    // The browser itself logs the failed request as a console error; that one is expected.
    test.use({ failOnConsoleErrors: false });

    test('instellingen niet gevonden (404): foutpagina', async ({ page, axe, browserErrors }) => {
      await page.route(CONFIG, (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' }));
      await page.goto('/');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE);
      await expect(page.getByText(/^De instellingen konden niet worden opgehaald \(.+\)\.$/)).toBeVisible();
      await expect(page.locator('ul.ways-in')).toHaveCount(0);
      await axe.expectNoAxeViolations(page);
      expect(browserErrors.filter((e) => !/status of 404 .*\/config\/gemeente\.json/.test(e))).toEqual([]);
    });
  });
});
