// "Snel weg" (quick exit): on every page, one tap, and nothing of Wijkpeil stays on screen or in
// the tab's history.
import { test, expect } from './fixtures.mjs';

test.use({ viewport: { width: 320, height: 640 } });

test('Snel weg: één tik, een lege pagina, en niets van Wijkpeil in de geschiedenis', async ({ page, axe }) => {
  // The page before Wijkpeil in this tab: another page than the exit page (about:blank), so that
  // "back" leading there proves Wijkpeil left the history, and not only that both are blank.
  await page.route('http://elders.example/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Nieuws</title><p>Het weer van vandaag</p>' }),
  );
  await page.goto('http://elders.example/nieuws');
  const before = await page.evaluate(() => history.length);
  await page.goto('/');
  const quickExit = page.getByRole('button', { name: /^Snel weg/ });
  await expect(quickExit).toBeVisible();
  await axe.expectNoAxeViolations(page);

  // Deeper into the app: a questionnaire, then the urgent page.
  await page.getByRole('link', { name: /Hoe gaat het met u\?/ }).click();
  await expect(page).toHaveURL(/\/hoe-gaat-het$/);
  await expect(page.locator('form.questionnaire')).toBeVisible();
  await expect(quickExit).toBeVisible(); // on every page, at the top

  await quickExit.click();
  await expect(page).toHaveURL('about:blank');
  expect(await page.content()).not.toContain('Wijkpeil');
  // Back leads to what was before Wijkpeil, and forward to nothing of it either.
  // Wijkpeil's one entry (every page of it replaces the same entry) became the exit page.
  const historyLength = await page.evaluate(() => history.length);
  expect(historyLength).toBe(before + 1);
  await page.goBack();
  await expect(page).toHaveURL('http://elders.example/nieuws');
  await expect(page.getByText('Het weer van vandaag')).toBeVisible();
  // And forward again is the exit page, never a page of Wijkpeil.
  await page.goForward();
  await expect(page).toHaveURL('about:blank');
  expect(await page.content()).not.toContain('Wijkpeil');
});

test('Snel weg gaat naar het adres uit de gemeente-instellingen', async ({ page }) => {
  await page.route('**/config/gemeente.json', async (route) => {
    const response = await route.fetch();
    const config = await response.json();
    config.quick_exit_url = 'https://neutraal.example/';
    await route.fulfill({ response, json: config });
  });
  // The neutral site itself is not fetched from the internet in this test.
  await page.route('https://neutraal.example/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Weer</title><p>Zonnig</p>' }),
  );
  await page.goto('/spoed');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Direct hulp');
  await page.getByRole('button', { name: /^Snel weg/ }).click();
  await expect(page).toHaveURL('https://neutraal.example/');
  await expect(page.getByText('Zonnig')).toBeVisible();
});
