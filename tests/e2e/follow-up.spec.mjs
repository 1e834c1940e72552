// The six-week follow-up: a question handled 43 days ago, the due notice on the home page, a
// calendar reminder, the follow-up answered with the areas again, before/after compared with
// the earlier self-check, "Ik wil een vervolg" with the team, and the OCO's own view beside it.
import { test, expect } from './fixtures.mjs';
import { QuestionnairePage } from './pages/questionnaire-page.mjs';
import { storedValue } from './pages/stored.mjs';
import { expectShownWhereLooking } from './in-view.mjs';

test.use({ viewport: { width: 360, height: 740 } });

// Sunday 22 November 2026, noon in Voorbeeldstad. 43 days earlier: Saturday 10 October 2026.
const NOW = new Date('2026-11-22T11:00:00Z');
const HANDLED = '2026-10-10';
// An earlier "Hoe gaat het met u?" kept on this device (the stored history format).
const HISTORY = JSON.stringify({
  format: 1,
  kind: 'history',
  data: {
    entries: [
      {
        id: 'check-2026-10-01',
        questionnaire: 'hoe-gaat-het',
        completed: '2026-10-01',
        levels: [
          { area: 'household', level: 'no_problems' },
          { area: 'paperwork_money', level: 'many_problems' },
          { area: 'social', level: 'some_problems' },
        ],
      },
    ],
  },
});

async function areaLevel(q, question, level) {
  await q.form.getByRole('group', { name: question }).getByRole('radio', { name: level, exact: true }).check();
}

test('vervolg na 43 dagen: melding, herinnering, eerst en nu, vervolg gewenst, en de kijk van de cliëntondersteuner', async ({ page, axe }) => {
  test.slow();
  await page.clock.setFixedTime(NOW);
  await page.addInitScript((history) => {
    if (!localStorage.getItem('wijkpeil:history')) localStorage.setItem('wijkpeil:history', history);
  }, HISTORY);
  const q = new QuestionnairePage(page);

  // Start: the day the question was handled, and what happened.
  await page.goto('/');
  await page.getByRole('link', { name: /Zet een herinnering voor het vervolg/ }).click();
  await expect(q.form).toBeVisible();
  await q.form.getByLabel('Op welke dag hoorde u wat er met uw vraag gebeurt?').fill(HANDLED);
  await q.choose('Wat is er met uw vraag gebeurd?', 'Ik ben voor een deel geholpen');
  await axe.expectNoAxeViolations(page);
  await q.finishButton.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Uw vervolg staat klaar');
  await expect(page.locator('.due-date')).toHaveText('U kunt het vervolg nu invullen.');
  await expect(page.getByText('Op 10 oktober 2026 hoorde u wat er met uw vraag gebeurt.')).toBeVisible();
  await axe.expectNoAxeViolations(page);

  // Already due (handled + 42 days = 21 November): a reminder would be in the past, so there is
  // no calendar file, only "fill it in now". (The .ics itself is tested natively.)
  await expect(page.getByRole('button', { name: 'Zet een herinnering in uw agenda' })).toHaveCount(0);
  await expect(page.locator('.follow-up-plan').getByRole('link', { name: 'Vul het vervolg nu in' })).toBeVisible();

  // Home says it is due.
  await page.getByRole('link', { name: 'Terug naar het begin' }).click();
  const notice = page.locator('.due-notice');
  await expect(notice.getByRole('heading')).toHaveText('Het is tijd voor uw vervolg');
  await axe.expectNoAxeViolations(page);
  await notice.getByRole('link', { name: 'Vul het vervolg nu in' }).click();

  // The follow-up, as the client.
  await q.expectStep(1, 5);
  await q.choose('Wat is er met uw vraag gebeurd?', 'Ik ben voor een deel geholpen');
  await q.next();
  await q.choose('Past de oplossing bij wat u wilde?', 'Voor een deel');
  await q.choose('Is het probleem er nog?', 'Ja');
  await q.next();
  await q.choose('Ik wil de onderwerpen opnieuw invullen', 'Ja');
  await q.next();
  await expect(q.screenHeading).toHaveText('Hoe gaat het nu?');
  await areaLevel(q, /^Hoe gaat het huishouden/, '(Bijna) geen problemen');
  await areaLevel(q, /^Hoe gaat het met post/, 'Enkele problemen');
  await areaLevel(q, /^Hoe gaat het contact met andere mensen/, 'Veel problemen');
  await axe.expectNoAxeViolations(page);
  await q.next();
  await q.choose('Wist u dat u gratis hulp kunt krijgen', 'Nee');
  await q.next();
  await q.choose('Wilt u nog een keer contact met het wijkteam', 'Ja');
  await q.finishButton.click();

  const result = page.locator('.follow-up-result');
  await expect(result.getByRole('heading', { level: 1 })).toHaveText('Zo gaat het nu met uw vraag');
  // "Ik wil een vervolg": why, and how to reach the team now.
  const more = result.locator('.want-more');
  await expect(more).toContainText('U wilt nog een keer contact met het wijkteam.');
  await expect(more).toContainText('Het probleem is er nog.');
  await expect(more.getByLabel('In welke wijk woont u?')).toBeVisible();
  // Before and now, per area, in words.
  const rows = result.locator('.compare-table tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: 'Post en geld' })).toContainText('Veel problemen' + 'Enkele problemen' + 'Beter');
  await expect(rows.filter({ hasText: 'Contact met anderen' })).toContainText('Minder goed');
  await expect(rows.filter({ hasText: 'Het huishouden' })).toContainText('Hetzelfde');
  await expect(result).toContainText('Eerst: uw lijst van 1 oktober 2026.');
  await axe.expectNoAxeViolations(page);

  // The OCO adds their own view; the client's stays and both are shown side by side.
  await page.getByRole('button', { name: /Een ander laten invullen/ }).click();
  await q.expectStep(1, 5);
  await q.choose('Wie vult deze vragen in?', 'De cliëntondersteuner (onafhankelijke hulp) van de persoon met de vraag');
  await q.fillFollowUpPartlyHelped();
  const table = result.locator('.views-table');
  await expect(table.locator('thead th')).toHaveText(['Vraag', 'Cliënt', 'Cliëntondersteuner (gratis hulp)']);
  const match = table.locator('tbody tr').filter({ hasText: 'Past de oplossing bij wat u wilde?' });
  await expect(match.locator('td')).toHaveText(['Voor een deel', 'Nee']);
  await axe.expectNoAxeViolations(page);

  // The plan is done: no due notice any more.
  await page.getByRole('link', { name: 'Terug naar het begin' }).click();
  await expect(page.locator('ul.ways-in')).toBeVisible();
  await expect(page.locator('.due-notice')).toHaveCount(0);
});

test('een dag in de toekomst wordt duidelijk geweigerd, bij de vraag', async ({ page, axe }) => {
  await page.clock.setFixedTime(NOW);
  const q = new QuestionnairePage(page);
  await q.goto('/vervolg/start');
  const day = q.form.getByLabel('Op welke dag hoorde u wat er met uw vraag gebeurt?');
  await day.fill('2026-12-01');
  await q.choose('Wat is er met uw vraag gebeurd?', 'Ik ben geholpen');
  await q.finishButton.click();
  // At the question itself, not after "Klaar": the form stays, the field has focus.
  await expect(q.form.getByText(/^Deze dag is te laat\. Kies een dag tot en met \d{4}-\d{2}-\d{2}\.$/)).toBeVisible();
  await expect(day).toBeFocused();
  await expect(q.finishButton).toBeVisible();
  await axe.expectNoAxeViolations(page);
  expect(await storedValue(page, 'wijkpeil:follow-up')).toBeNull();
});

test.describe('op een telefoon van 390 px', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('onderwerpen opnieuw: "Soms niet" veilig thuis toont de nummers bij het antwoord en op de uitkomst', async ({ page, axe }) => {
    const q = new QuestionnairePage(page);
    await q.goto('/vervolg');
    const redo = 'Ik wil de onderwerpen opnieuw invullen';
    while (!(await q.question(redo).isVisible())) await q.next();
    await q.choose(redo, 'Ja');
    await q.next();
    await expect(q.screenHeading).toHaveText('Hoe gaat het nu?');
    // The same topics as the self-check, alcohol, drugs and gambling included.
    await expect(q.question(/^Hoe gaat het met alcohol, drugs of gokken\?/)).toBeVisible();
    const shown = await expectShownWhereLooking(page, () => q.option('Voelt u zich nu veilig thuis?', 'Soms niet').check());
    expect(shown.join(' ')).toContain('U voelt zich thuis niet altijd veilig.');
    const box = q.form.locator('.urgent-now');
    await expect(box).toHaveAttribute('role', 'alert');
    await expect(box.getByRole('link', { name: /Veilig Thuis.*bel/ })).toHaveAttribute('href', /^tel:\d+$/);
    await axe.expectNoAxeViolations(page);
    while (await q.nextButton.isVisible()) await q.next();
    await q.finishButton.click();
    const urgent = page.locator('.follow-up-result .urgent-now');
    await expect(urgent).toContainText('U voelt zich thuis niet altijd veilig.');
    await expect(urgent.locator('.urgent-contact').first()).toContainText('Veilig Thuis');
    await axe.expectNoAxeViolations(page);
  });

  test('na een nee: de wegen verder, met de laatste dag voor bezwaar volgens de wet', async ({ page, axe }) => {
    // Thursday 3 December 2026. The letter of Friday 13 November: six weeks end on Friday
    // 25 December (Christmas), the 26th is a holiday too, the 27th a Sunday: Monday 28 December.
    await page.clock.setFixedTime(new Date('2026-12-03T11:00:00Z'));
    const q = new QuestionnairePage(page);
    await q.goto('/vervolg/start');
    await q.form.getByLabel('Op welke dag hoorde u wat er met uw vraag gebeurt?').fill('2026-11-20');
    await q.choose('Wat is er met uw vraag gebeurd?', 'Ik kreeg een nee op mijn vraag');
    await q.choose('Kreeg u het nee in een brief of e-mail van de gemeente?', 'Ja, in een brief of e-mail');
    await q.form.getByLabel('Welke datum staat op de brief?').fill('2026-11-13');
    await axe.expectNoAxeViolations(page);
    await q.finishButton.click();
    const ways = page.locator('.ways-on');
    await expect(ways.getByRole('heading', { level: 2 })).toHaveText('U kreeg een nee. Dit kunt u doen');
    await expect(ways.getByRole('heading', { level: 3 })).toHaveText([
      'Praat opnieuw met het wijkteam',
      'Vraag gratis hulp van iemand die naast u staat',
      'Een klacht indienen',
      'Bezwaar maken',
    ]);
    // Every OCO organisation of the config, none left out.
    await expect(ways.locator('.partner')).toHaveCount(2);
    await expect(ways.locator('.objection-deadline')).toContainText('Dat kan tot en met 28 december 2026.');
    await expect(ways.locator('.objection-deadline')).toContainText('U heeft nog 25 dagen.');
    await expect(ways).toContainText('Zes weken na de brief is 25 december 2026.');
    await expect(ways).toContainText('Kijk ook in de brief.');
    // It never says whether an objection will succeed (the hidden download message aside).
    expect(await ways.innerText()).not.toMatch(/kans|slaag|lukt/);
    const download = page.waitForEvent('download');
    await ways.getByRole('button', { name: 'Zet een herinnering in uw agenda, een week van tevoren' }).click();
    expect((await download).suggestedFilename()).toBe('wijkpeil-bezwaar-2026-12-28.ics');
    await q.shell.expectNoHorizontalScroll();
    await axe.expectNoAxeViolations(page);

    // Only told in a conversation: first ask for a written decision, no date is worked out.
    await page.getByRole('button', { name: 'Antwoorden bekijken of veranderen' }).click();
    await q.choose('Kreeg u het nee in een brief of e-mail van de gemeente?', 'Nee, alleen in een gesprek of aan de telefoon');
    await q.finishButton.click();
    await expect(ways).toContainText('Vraag de gemeente daarom eerst om een schriftelijk besluit.');
    await expect(ways.locator('.objection-deadline')).toHaveCount(0);

    // A letter of 1 September: the period has passed, and the page says so plainly.
    await page.getByRole('button', { name: 'Antwoorden bekijken of veranderen' }).click();
    await q.choose('Kreeg u het nee in een brief of e-mail van de gemeente?', 'Ja, in een brief of e-mail');
    await q.form.getByLabel('Welke datum staat op de brief?').fill('2026-09-01');
    await q.finishButton.click();
    await expect(ways.locator('.objection-deadline')).toHaveText('De tijd voor bezwaar is voorbij. De laatste dag was 13 oktober 2026.');
    await expect(ways).toContainText('Soms kan bezwaar dan toch nog.');
    await expect(ways.getByRole('button', { name: /herinnering/ })).toHaveCount(0);
    await axe.expectNoAxeViolations(page);
  });
});
