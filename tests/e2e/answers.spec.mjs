// "Wat gebeurt er met mijn antwoorden?" (/uw-antwoorden): reachable from every flow (home, each
// questionnaire's screens and result, Mijn lijsten, Versturen) on a phone, once with the keyboard
// only; it says what is sent only where the municipality collects answers, and otherwise that
// nothing is sent. axe on every page.
import { test, expect } from './fixtures.mjs';
import { FitCheckPage } from './pages/fit-check-page.mjs';
import { QuestionnairePage } from './pages/questionnaire-page.mjs';

test.use({ viewport: { width: 390, height: 844 } });

const TITLE = 'Wat gebeurt er met mijn antwoorden?';
const RIGHTS = 'Invullen verandert niets aan uw recht op hulp.';

/** The config of the demo municipality, with a collector on this site (so /versturen works). */
async function withCollector(page) {
  await page.route('**/config/gemeente.json', async (route) => {
    const response = await route.fetch();
    const config = await response.json();
    config.submission_endpoint = '/';
    await route.fulfill({ response, json: config });
  });
}

/** Follows the page's link to /uw-antwoorden and checks the page there. */
async function followLink(page, axe, from) {
  await expect(page.getByRole('heading', { level: 1 }).first(), from).toBeVisible();
  const link = page.getByRole('link', { name: TITLE, exact: true });
  await expect(link, `${from}: one link`).toHaveCount(1);
  await link.click();
  await expect(page, from).toHaveURL(/\/uw-antwoorden$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await expect(page.getByText(RIGHTS)).toBeVisible();
  await axe.expectNoAxeViolations(page);
}

/** A day in the past, as a date input wants it. */
function daysAgo(n) {
  const d = new Date(Date.now() - n * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

test.describe('wat gebeurt er met mijn antwoorden', () => {
  test('vanuit elke plek te openen op een telefoon, met wat er verstuurd wordt', async ({ page, axe }) => {
    test.slow(); // three questionnaires to their result
    await withCollector(page);
    const q = new QuestionnairePage(page);

    await page.goto('/');
    await followLink(page, axe, 'home');
    // The whole page, with a collector: where, what is sent and exactly what, who sees the
    // figures, no other sites, deleting.
    const main = page.locator('main');
    for (const heading of [
      'Waar staan mijn antwoorden?',
      'Wat wordt er verstuurd?',
      'Wie ziet de cijfers?',
      'Gaat er iets naar andere websites?',
      'Hoe wis ik alles?',
    ]) {
      await expect(main.getByRole('heading', { level: 2, name: heading })).toBeVisible();
    }
    await expect(main).toContainText('Uw antwoorden staan alleen op dit apparaat, in deze browser.');
    await expect(main).toContainText('Zet daarom een pincode op uw map.');
    await expect(main).toContainText('Er gaan alleen codes voor uw antwoorden mee, de wijk (als u die koos) en het weeknummer.');
    await expect(main).toContainText('Dan gaat alleen mee dat iemand direct hulp nodig had, en in welk kwartaal.');
    await expect(main).toContainText(`Wat u verstuurt, gaat naar ${new URL(page.url()).host}.`);
    await expect(main).toContainText('Kleine aantallen laten we niet zien.');
    await expect(main).toContainText('Nee. Alleen wat u zelf kiest te versturen, gaat naar de ontvanger hierboven.');
    await expect(main).toContainText('Wat u al verstuurde, kunt u niet terughalen.');
    // Each place it names is one tap away.
    for (const [name, path] of [
      ['Mappen en pincode', '/mappen'],
      ['Anoniem meetellen: bekijk wat er verstuurd kan worden', '/versturen'],
      ['Cijfers van de gemeente: vragen die het team registreerde en checks die mensen zelf verstuurden', '/register'],
      ['Mijn lijsten op dit apparaat', '/mijn-lijsten'],
    ]) {
      await expect(main.getByRole('link', { name, exact: true })).toHaveAttribute('href', path);
    }
    await page.getByRole('link', { name: 'Mijn lijsten op dit apparaat', exact: true }).click();
    await expect(page).toHaveURL(/\/mijn-lijsten$/);
    await followLink(page, axe, '/mijn-lijsten');

    await page.goto('/versturen');
    await followLink(page, axe, '/versturen');

    // The questionnaires: a screen, then the result.
    await q.goto('/hoe-gaat-het');
    await followLink(page, axe, '/hoe-gaat-het');
    await q.goto('/hoe-gaat-het');
    await q.fillSelfCheckAboutMoney();
    await expect(page.locator('.self-result h1')).toHaveText('Zo gaat het met u');
    await followLink(page, axe, 'zelfcheck: uitkomst');

    await q.goto('/vervolg/start');
    await followLink(page, axe, '/vervolg/start');
    await q.goto('/vervolg/start');
    await q.form.getByLabel(/Op welke dag/).fill(daysAgo(10));
    await q.choose('Wat is er met uw vraag gebeurd?', 'Ik ben voor een deel geholpen');
    await q.finishButton.click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Uw vervolg staat klaar');
    await followLink(page, axe, 'vervolg gepland');

    await q.goto('/vervolg');
    await followLink(page, axe, '/vervolg');

    const fit = new FitCheckPage(page);
    await fit.open();
    await followLink(page, axe, '/past-mijn-vraag');
    await fit.checkAboutMoney();
    await followLink(page, axe, 'check: uitkomst');
  });

  test('met alleen het toetsenbord vanaf het begin', async ({ page, axe }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const link = page.getByRole('link', { name: TITLE, exact: true });
    let reached = false;
    for (let tab = 0; tab < 40 && !reached; tab++) {
      await page.keyboard.press('Tab');
      reached = await link.evaluate((el) => el === document.activeElement);
    }
    expect(reached, 'the link is reached with Tab').toBe(true);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/uw-antwoorden$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE);
    // And on from there with Tab: the links on the page are reachable too.
    const maps = page.getByRole('link', { name: 'Mappen en pincode', exact: true });
    reached = false;
    for (let tab = 0; tab < 40 && !reached; tab++) {
      await page.keyboard.press('Tab');
      reached = await maps.evaluate((el) => el === document.activeElement);
    }
    expect(reached, 'the links on the page are reached with Tab').toBe(true);
    await axe.expectNoAxeViolations(page);
  });

  test('zonder verzamelpunt: er wordt niets verstuurd, en dat staat er', async ({ page, axe }) => {
    await page.goto('/uw-antwoorden');
    const main = page.locator('main');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE);
    await expect(main).toContainText('Deze gemeente verzamelt geen antwoorden. Er wordt niets verstuurd.');
    await expect(main).toContainText('Nee. Wijkpeil stuurt niets naar andere websites.');
    // Nothing about sending or figures that this municipality does not have.
    await expect(main.getByRole('heading', { name: 'Wie ziet de cijfers?' })).toHaveCount(0);
    await expect(main).not.toContainText('weeknummer');
    await expect(main).not.toContainText('terughalen');
    await expect(main.getByRole('link', { name: /Anoniem meetellen/ })).toHaveCount(0);
    await axe.expectNoAxeViolations(page);
  });

  test('in het Engels', async ({ page, axe }) => {
    await withCollector(page);
    await page.goto('/uw-antwoorden');
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('What happens to my answers?');
    await expect(page.locator('main')).toContainText('Filling this in does not change your right to help.');
    await expect(page.locator('main')).toContainText('So put a PIN on your folder.');
    await axe.expectNoAxeViolations(page);
  });
});
