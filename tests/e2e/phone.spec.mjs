// "Tried on a phone as a new user would": the release build at 390×844. Every message and urgent
// box that appears after an action is where the person is looking (tests/e2e/in-view.mjs).
import { writeFile } from 'node:fs/promises';
import { test, expect } from './fixtures.mjs';
import { withConfig } from './pages/config.mjs';
import { expectShownWhereLooking } from './in-view.mjs';
import { FitCheckPage } from './pages/fit-check-page.mjs';
import { QuestionnairePage } from './pages/questionnaire-page.mjs';

test.use({ viewport: { width: 390, height: 844 } });

test.describe('spoed waar de persoon kijkt', () => {
  for (const question of ['Zoekt u een plek om vannacht te slapen?', 'Denkt u erover om een einde aan uw leven te maken?']) {
    test(`"Ja" bij "${question}" onderaan het scherm: de nummers in beeld, met focus`, async ({ page, axe }) => {
      const fit = new FitCheckPage(page);
      await fit.open();
      for (const q of ['Is iemand nu in gevaar?', 'Is er geweld bij u thuis?', 'Moet u binnenkort uw huis uit?']) {
        await fit.choose(q, 'Nee');
      }
      await fit.question(question).scrollIntoViewIfNeeded();
      const shown = await expectShownWhereLooking(page, () => fit.option(question, 'Ja').check());
      expect(shown.join(' ')).toContain('Dit kan niet wachten. Bel nu.');
      await expect(page.locator('#spoed-nu')).toBeFocused();
      await expect(page.locator('.urgent-now .call').first()).toBeInViewport();
      await axe.expectNoAxeViolations(page);
    });
  }

  test('zelfcheck: geen slaapplek geeft de spoednummers bovenaan de uitkomst, in beeld', async ({ page, axe }) => {
    const q = new QuestionnairePage(page);
    await q.goto('/hoe-gaat-het');
    while (!(await q.question('Hoe zeker is uw woonplek?').isVisible())) await q.next();
    await q.choose('Hoe zeker is uw woonplek?', 'Ik heb geen vaste plek om te slapen');
    while (await q.nextButton.isVisible()) await q.next();
    const shown = await expectShownWhereLooking(page, () => q.finishButton.click());
    expect(shown.join(' ')).toMatch(/Bel/);
    await expect(page.locator('.urgent-now')).toBeInViewport();
    await axe.expectNoAxeViolations(page);
  });
});

test.describe('pincode: de melding bij de velden, wat getypt is blijft', () => {
  for (const [first, second, text, field] of [
    ['123456', '123457', 'De twee pincodes zijn niet hetzelfde.', '#pin-nog-eens'],
    ['12ab56', '12ab56', 'Een pincode heeft alleen cijfers.', '#pin-nieuw'],
    ['123', '123', 'Een pincode heeft 6 tot 12 cijfers.', '#pin-nieuw'],
  ]) {
    test(`/mappen: ${text}`, async ({ page, axe }) => {
      await page.goto('/mappen');
      await page.locator('#pin-nieuw').fill(first);
      await page.locator('#pin-nog-eens').fill(second);
      const shown = await expectShownWhereLooking(page, () => page.getByRole('button', { name: 'Zet de map op slot' }).click());
      expect(shown.join(' ')).toContain(text);
      await expect(page.locator(field)).toBeFocused();
      await expect(page.locator('#pin-nieuw')).toHaveValue(first);
      await expect(page.locator('#pin-nog-eens')).toHaveValue(second);
      await expect(page.locator('#pin-nieuw')).toHaveAttribute('aria-invalid', 'true');
      await axe.expectNoAxeViolations(page);
    });
  }

  test('/mappen: een goede pincode, de melding in beeld', async ({ page }) => {
    await page.goto('/mappen');
    await page.locator('#pin-nieuw').fill('246810');
    await page.locator('#pin-nog-eens').fill('246810');
    const shown = await expectShownWhereLooking(page, () => page.getByRole('button', { name: 'Zet de map op slot' }).click());
    expect(shown.join(' ')).toContain('De pincode is gezet.');
  });

  test('overdragen met een geheime zin, terugzetten met een verkeerde zin', async ({ page, axe }, testInfo) => {
    await page.goto('/mijn-lijsten');
    await page.getByLabel('Zet een geheime zin op het bestand').check();
    await page.getByRole('button', { name: 'Zelf een zin kiezen' }).click();
    const phrase = 'mijn oma bakte elke zondag appeltaart voor de buren';
    const own = page.locator('#bestand-zin');
    const again = page.locator('#bestand-zin-nog-eens');
    await own.fill(phrase);
    await again.fill(`${phrase} en de kat`);
    const handOver = page.getByRole('button', { name: 'Stap 1: bewaar deze map in een bestand' });
    let shown = await expectShownWhereLooking(page, () => handOver.click());
    expect(shown.join(' ')).toContain('De twee zinnen zijn niet gelijk.');
    await expect(again).toBeFocused();
    await expect(own).toHaveValue(phrase);

    await again.fill(phrase);
    const [download] = await Promise.all([page.waitForEvent('download'), handOver.click()]);
    const file = testInfo.outputPath('overdracht.json');
    await download.saveAs(file);

    // "Haal deze map hier weg" asks first.
    await page.getByRole('button', { name: 'Het staat op het andere apparaat: haal deze map hier weg' }).click();
    await expect(page.getByText('Daarna staat deze map niet meer op dit apparaat.')).toBeVisible();
    await page.locator('.confirm:visible').getByRole('button', { name: 'Nee' }).click();

    await page.locator('#terugzetten').setInputFiles(file);
    await expect(page.locator('#bestand-pin')).toBeVisible();
    await page.locator('#bestand-pin').fill('mijn oma bakte elke zondag appeltaart voor de kinderen');
    shown = await expectShownWhereLooking(page, () => page.getByRole('button', { name: 'Bestand openen' }).click());
    expect(shown.join(' ')).toContain('Dit past niet bij het bestand. Er is niets veranderd. Het vak is weer leeg.');
    await expect(page.locator('#bestand-pin')).toHaveValue('');
    await expect(page.locator('#bestand-pin')).toBeFocused();
    await axe.expectNoAxeViolations(page);

    // The right phrase: nothing was there, so nothing "apart bewaard".
    await page.locator('#bestand-pin').fill(phrase);
    shown = await expectShownWhereLooking(page, () => page.getByRole('button', { name: 'Bestand openen' }).click());
    expect(shown.join(' ')).toContain('Het bestand is teruggezet.');
    expect(shown.join(' ')).not.toContain('apart bewaard');
  });

  test('het eigen antwoordenbestand terugzetten zegt wat het is', async ({ page }, testInfo) => {
    const file = testInfo.outputPath('hoe-gaat-het-antwoorden.json');
    await writeFile(file, JSON.stringify({ resourceType: 'QuestionnaireResponse', status: 'completed', item: [] }));
    await page.goto('/mijn-lijsten');
    const shown = await expectShownWhereLooking(page, () => page.locator('#terugzetten').setInputFiles(file));
    expect(shown.join(' ')).toContain('Dit is een bestand met antwoorden van één vragenlijst.');
  });
});

test.describe('mappen zijn te vinden', () => {
  test('van de startpagina in één tik naar "een map per persoon"', async ({ page, axe }) => {
    await page.goto('/');
    await page.getByRole('link', { name: /map per persoon/ }).click();
    await expect(page).toHaveURL(/\/mappen$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mappen op dit apparaat');
    await axe.expectNoAxeViolations(page);
  });

  for (const path of ['/mijn-lijsten', '/spoed', '/past-mijn-vraag', '/hoe-gaat-het', '/vervolg']) {
    test(`${path} heeft een link naar /mappen`, async ({ page }) => {
      await page.goto(path);
      await expect(page.getByRole('link', { name: /map per persoon/ })).toHaveAttribute('href', '/mappen');
    });
  }
});

test.describe('direct hulp zonder scrollen', () => {
  for (const [w, h] of [[390, 844], [320, 568]]) {
    test(`op ${w}×${h} op elke pagina`, async ({ page }) => {
      await page.setViewportSize({ width: w, height: h });
      for (const path of ['/', '/past-mijn-vraag', '/mappen', '/mijn-lijsten', '/hoe-gaat-het']) {
        await page.goto(path);
        const link = page.getByRole('link', { name: 'Direct hulp', exact: true });
        await expect(link).toBeInViewport();
        await expect(link).toHaveAttribute('href', '/spoed');
      }
      await page.getByRole('link', { name: 'Direct hulp', exact: true }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Direct hulp');
    });
  }
});

test.describe('een fout in een deel dat niet verplicht is', () => {
  test('"submission_endpoint": "/v1" zet alleen versturen uit', async ({ page, axe }) => {
    await withConfig(page, (c) => (c.submission_endpoint = '/v1'));
    await page.goto('/spoed');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Direct hulp');
    await expect(page.getByRole('link', { name: /bel 112$/ })).toHaveAttribute('href', 'tel:112');
    await page.goto('/');
    const notice = page.locator('.config-notice');
    await expect(notice).toContainText('submission_endpoint');
    await expect(notice).toContainText('Laat /v1 weg.');
    await expect(page.getByRole('link', { name: /Anoniem meetellen/ })).toHaveCount(0);
    await axe.expectNoAxeViolations(page);
    const fit = new FitCheckPage(page);
    await fit.open();
  });
});

test.describe('versturen met "/" (dezelfde host)', () => {
  test('codes in woorden, dubbel tikken annuleert niet', async ({ page, axe }) => {
    await withConfig(page, (c) => (c.submission_endpoint = '/'));
    const posts = [];
    await page.route('**/v1/records', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}');
      posts.push(body);
      await new Promise((r) => setTimeout(r, 1500));
      await route.fulfill({ status: 201, json: { id: body.id } });
    });
    const fit = new FitCheckPage(page);
    await fit.checkAboutMoney();
    await page.getByRole('link', { name: 'Bekijk en kies' }).click();
    const record = page.locator('.record').first();
    await expect(record).toBeVisible();
    const fields = record.locator('.record-fields');
    await expect(fields).toContainText('Geld of schulden');
    await expect(fields).toContainText('Past mijn vraag bij het wijkteam?');
    await expect(fields).not.toContainText('money_debts');
    await expect(fields).not.toContainText('fit_check');
    for (const dt of await fields.locator('dt').allTextContents()) expect(dt).not.toMatch(/^[a-z0-9_.]+$/);
    // The exact record is still there.
    await record.getByText('Bekijk de precieze gegevens').click();
    await expect(record.locator('.raw-json')).toContainText('"money_debts"');
    await axe.expectNoAxeViolations(page);

    // A double tap (150 ms apart) on "Versturen": sent, not cancelled.
    const send = record.getByRole('button', { name: 'Versturen', exact: true });
    const box = await send.boundingBox();
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await page.mouse.click(x, y);
    await page.waitForTimeout(150);
    await page.mouse.click(x, y);
    await expect(record.locator('.record-state')).toHaveText(/^Verstuurd naar 127\.0\.0\.1:\d+\.$/, { timeout: 10_000 });
    expect(posts).toHaveLength(1);
  });

  test('cijfers van de gemeente in woorden', async ({ page, axe }) => {
    await withConfig(page, (c) => (c.submission_endpoint = '/'));
    await page.route('**/v1/register.json', (route) =>
      route.fulfill({
        json: {
          min_cell: 2,
          columns: ['noord'],
          periods: [
            {
              period: '2026-Q4',
              tables: [
                { kind: 'fit_check', question: 'outcome', rows: [{ answer: 'fits_and_also', counts: [3], total: 3 }] },
                { kind: 'follow_up', question: 'area_change.adl', rows: [{ answer: 'better', counts: [4], total: 4 }] },
                { kind: 'follow_up', question: 'time_to_help', rows: [{ answer: '2_6w', counts: [5], total: 5 }] },
              ],
            },
          ],
        },
      }),
    );
    await page.goto('/register');
    const main = page.locator('main');
    await expect(main.locator('caption').first()).toHaveText('Past mijn vraag bij het wijkteam? – Uitkomst');
    await expect(main).toContainText('Past bij het wijkteam, en ook een andere plek kan helpen');
    await expect(main).toContainText('Verandering bij Dagelijkse dingen voor uzelf');
    await expect(main).toContainText('2 tot 6 weken');
    for (const raw of ['fit_check', 'fits_and_also', 'area_change.adl', '2_6w']) await expect(main).not.toContainText(raw);
    await axe.expectNoAxeViolations(page);
  });
});

test.describe('dubbel klikken op Volgende', () => {
  test('slaat geen stap over', async ({ page }) => {
    const q = new QuestionnairePage(page);
    await q.goto('/hoe-gaat-het');
    const { total } = await q.step();
    await q.expectStep(1, total);
    await q.nextButton.dblclick();
    await q.expectStep(2, total);
    await page.waitForTimeout(700);
    await q.expectStep(2, total);
  });
});

test.describe('met alleen het toetsenbord', () => {
  test('van de startpagina naar een vragenlijst: de focus staat bij de eerste vraag', async ({ page }) => {
    await page.goto('/');
    await page.locator('ul.ways-in a').first().focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('form.questionnaire')).toBeVisible();
    await expect(page.locator('.screen legend, .screen h2, .screen label').first()).toBeFocused();
    // The first question's "Lees voor" (right under the question), then its answers.
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Lees voor', exact: true }).first()).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('radio').first()).toBeFocused();
  });
});

test.describe('postcode op de uitkomst', () => {
  test('met een knop; een onbekende postcode haalt het oude team weg', async ({ page, axe }) => {
    const fit = new FitCheckPage(page);
    await fit.checkAboutMoney();
    await fit.postcode.fill('9992');
    await page.getByRole('button', { name: 'Zoek mijn wijk' }).click();
    await expect(fit.teamCard.getByRole('heading')).toHaveText('Wijkteam Noord');
    await fit.postcode.fill('1234');
    const shown = await expectShownWhereLooking(page, () => page.getByRole('button', { name: 'Zoek mijn wijk' }).click());
    expect(shown.join(' ')).toContain('Deze postcode kennen we niet.');
    await expect(fit.teamCard).toHaveCount(0);
    await axe.expectNoAxeViolations(page);
  });
});

test('geen waarschuwing over preload of integrity bij het laden', async ({ page }) => {
  const warnings = [];
  page.on('console', (m) => {
    if (m.type() === 'warning' && /preload|integrity/i.test(m.text())) warnings.push(m.text());
  });
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.waitForTimeout(3500); // Chromium reports an unused preload a few seconds after load
  expect(warnings).toEqual([]);
});

test.describe('de dag van afhandelen', () => {
  for (const [day, text] of [['2099-01-01', 'Deze dag is te laat.'], ['1900-01-01', 'Deze dag is te vroeg.']]) {
    test(`${day} krijgt een melding bij de vraag`, async ({ page }) => {
      const q = new QuestionnairePage(page);
      await q.goto('/vervolg/start');
      await q.form.getByLabel('Op welke dag hoorde u wat er met uw vraag gebeurt?').fill(day);
      await q.choose('Wat is er met uw vraag gebeurd?', 'Ik ben voor een deel geholpen');
      // Focus goes to the date field, with its own message in view. (The summary beside the
      // buttons is announced as an alert; with a "Lees voor" button per question it is below the
      // fold of a 390×844 screen once focus moved up to the field.)
      const shown = await expectShownWhereLooking(page, () => q.submitButton.click(), { selector: '.question .message' });
      expect(shown.join(' ')).toContain(text);
      await expect(q.errorSummary).toHaveAttribute('class', 'error-summary');
      await expect(q.form).toBeVisible();
    });
  }
});

test('zelfcheck: het plaatje eerst wat goed gaat, een overgeslagen onderwerp zonder balk', async ({ page }) => {
  const q = new QuestionnairePage(page);
  await q.goto('/hoe-gaat-het');
  const answer = async (question, option) => {
    while (!(await q.question(question).isVisible())) await q.next();
    await q.choose(question, option);
  };
  await answer('Hoe gaat het met post, formulieren en uw geld?', 'Veel problemen');
  await answer('Hoe gaat het contact met andere mensen?', '(Bijna) geen problemen');
  while (await q.nextButton.isVisible()) await q.next();
  await q.finishButton.click();
  const labels = page.locator('.result-picture .bar-label');
  await expect(labels).toHaveText(['Contact met anderen', 'Post en geld']);
});
