// Anonymous sending to a real collector (started by scripts/test.sh on loopback; its API is served
// on the app's origin by serve-dist.mjs): nothing goes without a choice per record, the exact
// record is shown first, a record waits while offline and is delivered once when back online,
// and a marker typed into the free-text field appears in no request and nowhere in the store.
import { readFile } from 'node:fs/promises';
import { test, expect } from './fixtures.mjs';
import { withConfig } from './pages/config.mjs';
import { FitCheckPage } from './pages/fit-check-page.mjs';
import { QuestionnairePage } from './pages/questionnaire-page.mjs';

test.use({ viewport: { width: 360, height: 740 } });

const COLLECTOR = process.env.E2E_COLLECTOR_URL;
const STORE = process.env.E2E_COLLECTOR_DB;
const MARKER = 'MARKER-zq7x-Jansen-0612345678';

test.describe('anoniem meetellen', () => {
  test.use({ failOnConsoleErrors: false }); // the offline attempt is logged; checked at the end
  test.skip(!COLLECTOR || !STORE, 'needs the collector that scripts/test.sh starts (E2E_COLLECTOR_URL, E2E_COLLECTOR_DB)');

  test('bekijken, versturen, offline wachten, één keer aankomen, en geen getypte tekst', async ({ page, context, baseURL, axe, browserErrors }) => {
    test.slow();
    await withConfig(page, (c) => (c.submission_endpoint = baseURL));
    // Every request is kept and checked in the test body (an assertion in a listener could be lost).
    const requests = [];
    const posts = [];
    page.on('request', (r) => {
      requests.push(r.url() + (r.postData() ?? ''));
      if (r.method() === 'POST') posts.push(r);
    });
    const delivered = [];
    page.on('response', async (r) => {
      if (r.request().method() === 'POST' && r.url().endsWith('/v1/records')) delivered.push([r.status(), await r.json()]);
    });

    // A fit check, with the marker typed in the free-text field (the postcode).
    const fit = new FitCheckPage(page);
    await fit.checkAboutMoney();
    await fit.postcode.fill(MARKER);
    await fit.postcode.press('Tab');
    await expect(page.getByText('Deze postcode kennen we niet.')).toBeVisible();
    await fit.wijkSelect.selectOption('oost');
    expect(posts).toHaveLength(0); // nothing is sent by itself

    await page.getByRole('link', { name: 'Bekijk en kies' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Anoniem meetellen');
    const records = page.locator('.record');
    await expect(records).toHaveCount(1);
    await expect(records.first().locator('.record-state')).toHaveText('U heeft nog niet gekozen. Er is niets verstuurd.');
    // Exactly what is sent: readable fields and the raw JSON, without the marker.
    await records.first().getByText('Bekijk de precieze gegevens').click();
    const raw = JSON.parse(await records.first().locator('.raw-json').textContent());
    expect(raw).toMatchObject({ format: 2, kind: 'fit_check', channel: 'app', wijk: 'oost', areas: ['money_debts'] });
    expect(JSON.stringify(raw)).not.toContain(MARKER);
    await axe.expectNoAxeViolations(page);
    await page.waitForTimeout(2500); // the sender runs every 2 s: still nothing without a choice
    expect(posts).toHaveLength(0);

    await records.first().getByRole('button', { name: 'Versturen', exact: true }).click();
    await expect(records.first().locator('.record-state')).toHaveText(/^Verstuurd naar 127\.0\.0\.1:\d+\.$/, { timeout: 15_000 });
    await expect.poll(() => delivered).toEqual([[201, { id: raw.id }]]);

    // A follow-up, then offline: it waits, and arrives once when the network is back.
    const q = new QuestionnairePage(page);
    await q.goto('/vervolg');
    await q.choose('Wat is er met uw vraag gebeurd?', 'Ik kreeg een nee op mijn vraag');
    while (await q.nextButton.isVisible()) await q.next();
    await q.finishButton.click();
    await page.getByRole('link', { name: 'Bekijk en kies' }).click();
    await expect(records).toHaveCount(2);
    const followUp = records.filter({ hasText: 'Vervolg' });
    await context.setOffline(true);
    await followUp.getByRole('button', { name: 'Versturen', exact: true }).click();
    await expect(followUp.locator('.record-state')).toHaveText('Wacht op internet. Het wordt later vanzelf verstuurd.', { timeout: 15_000 });
    await axe.expectNoAxeViolations(page);
    await context.setOffline(false);
    await expect(followUp.locator('.record-state')).toHaveText(/^Verstuurd naar/, { timeout: 30_000 });
    await expect.poll(() => delivered.map(([s]) => s)).toEqual([201, 201]);
    // The sent fit check cannot be called back, and is not sent again.
    await expect(records.first().getByRole('button')).toHaveCount(0);
    await page.waitForTimeout(2500);
    expect(delivered).toHaveLength(2);

    // The collector's store holds both records and nothing of the marker.
    const store = Buffer.concat(await Promise.all([STORE, `${STORE}-wal`].map((f) => readFile(f).catch(() => Buffer.alloc(0)))));
    expect(store.includes(raw.id)).toBe(true);
    expect(store.includes(MARKER)).toBe(false);
    expect(store.includes('Jansen')).toBe(false);

    // The register page reads the published figures (small counts hidden).
    await page.goto('/register');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cijfers van de gemeente');
    await expect(page.getByText(/Kleine aantallen tonen we niet: minder dan 2 vragen\./)).toBeVisible();
    await axe.expectNoAxeViolations(page);
    // No request carried the marker, in its address or its body.
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((r) => r.includes(MARKER))).toEqual([]);
    // The only browser errors: the attempt while offline.
    expect(browserErrors.filter((e) => !/ERR_INTERNET_DISCONNECTED .*\/v1\/records/.test(e))).toEqual([]);
  });

  test('eerst en nu gaan als verandering per onderwerp naar het verzamelpunt', async ({ page, baseURL, axe }) => {
    test.slow();
    await withConfig(page, (c) => (c.submission_endpoint = baseURL));
    // An earlier "Hoe gaat het met u?" on this device (the stored history format, as an older
    // version left it in localStorage: the app moves it into IndexedDB at start).
    const history = JSON.stringify({
      format: 1,
      kind: 'history',
      data: { entries: [{ id: 'check-2026-10-01', questionnaire: 'hoe-gaat-het', completed: '2026-10-01',
        levels: [{ area: 'household', level: 'no_problems' }, { area: 'paperwork_money', level: 'many_problems' }] }] },
    });
    await page.addInitScript((h) => { if (!localStorage.getItem('wijkpeil:history')) localStorage.setItem('wijkpeil:history', h); }, history);
    const posted = [];
    page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/v1/records')) posted.push(r.postData()); });
    const statuses = [];
    page.on('response', (r) => { if (r.request().method() === 'POST' && r.url().endsWith('/v1/records')) statuses.push(r.status()); });

    // The follow-up with the areas answered again: the household stays, post and money got better.
    const q = new QuestionnairePage(page);
    await q.goto('/vervolg');
    await q.choose('Wat is er met uw vraag gebeurd?', 'Ik ben voor een deel geholpen');
    await q.next();
    await q.next();
    await q.choose('Ik wil de onderwerpen opnieuw invullen', 'Ja');
    await q.next();
    await q.form.getByRole('group', { name: /^Hoe gaat het huishouden/ }).getByRole('radio', { name: '(Bijna) geen problemen', exact: true }).check();
    await q.form.getByRole('group', { name: /^Hoe gaat het met post/ }).getByRole('radio', { name: 'Enkele problemen', exact: true }).check();
    while (await q.nextButton.isVisible()) await q.next();
    await q.finishButton.click();
    await page.getByRole('link', { name: 'Bekijk en kies' }).click();
    const card = page.locator('.record').filter({ hasText: 'Vervolg' });
    await expect(card.locator('.record-fields')).toContainText('Beter');
    await card.getByText('Bekijk de precieze gegevens').click();
    const shown = JSON.parse(await card.locator('.raw-json').textContent());
    expect(shown.area_change).toEqual({ household: 'same', paperwork_money: 'better' });
    await axe.expectNoAxeViolations(page);
    await card.getByRole('button', { name: 'Versturen', exact: true }).click();
    await expect(card.locator('.record-state')).toHaveText(/^Verstuurd naar/, { timeout: 15_000 });
    // What arrived is what was shown, and the collector took it.
    expect(posted.map((b) => JSON.parse(b))).toEqual([shown]);
    expect(statuses).toEqual([201]);
    const store = Buffer.concat(await Promise.all([STORE, `${STORE}-wal`].map((f) => readFile(f).catch(() => Buffer.alloc(0)))));
    expect(store.includes(shown.id)).toBe(true);
    expect(store.includes('"paperwork_money":"better"')).toBe(true);
  });

  test('zonder adres om te versturen is er geen verzendknop', async ({ page, axe }) => {
    await page.goto('/versturen');
    await expect(page.getByText('Deze gemeente verzamelt geen antwoorden. Er wordt niets verstuurd.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Versturen', exact: true })).toHaveCount(0);
    await page.goto('/');
    await expect(page.getByRole('link', { name: /Anoniem meetellen/ })).toHaveCount(0);
    await axe.expectNoAxeViolations(page);
  });
});
