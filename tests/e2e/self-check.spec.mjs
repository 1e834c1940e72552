// "Hoe gaat het met u?" on a phone: all screens, two areas for the agenda, reordering and a note,
// the result (what goes well first, then what is hard), urgent contacts when safety at home is
// a worry (at the answer while filling in, and on the result), the local history, the printed
// agenda on one A4 page, and resuming after a reload. Then, on a 390 px phone: "Soms niet" safe,
// feeling very bad and no food today each bring the urgent numbers to the answer itself.
import { test, expect } from './fixtures.mjs';
import { QuestionnairePage } from './pages/questionnaire-page.mjs';
import { storedValue } from './pages/stored.mjs';
import { expectShownWhereLooking } from './in-view.mjs';

test.use({ viewport: { width: 360, height: 740 } });

const LEVEL = /^Hoe (gaat|gaan|ging)/; // every area's level question starts like this
const TALK = 'Hierover wil ik praten';
const NOTE = 'Ik krijg brieven die ik niet snap. <script>alert(1)</script> "aanmaning"';

/** On the current screen: the level question gets `level` (if there is one), talk → "Ja". */
async function answerArea(q, level, talk = false) {
  const levelQuestion = q.form.getByRole('group', { name: LEVEL });
  if ((await levelQuestion.count()) > 0) {
    await levelQuestion.first().getByRole('radio', { name: level, exact: true }).check();
  }
  if (talk) await q.choose(TALK, 'Ja');
}

test('de zelfcheck op een telefoon: resultaat, agenda, volgorde, notitie, afdrukken, geschiedenis', async ({ page, axe }) => {
  test.slow(); // 17 screens, each checked with axe
  const q = new QuestionnairePage(page);
  await q.goto('/hoe-gaat-het');
  await q.choose('Hoe vult u deze vragen in?', 'Samen met een cliëntondersteuner (iemand die u gratis helpt)');
  await q.choose('Wonen er kinderen bij u thuis?', 'Nee');
  await axe.expectNoAxeViolations(page);
  await q.next();
  // No children at home: the screen about raising children is not asked.
  const { total } = await q.step();
  expect(total).toBe(16);

  for (let step = 2; step <= total; step++) {
    await q.expectStep(step, total);
    const heading = (await q.screenHeading.textContent()) ?? '';
    if (heading === 'Post en geld') await answerArea(q, 'Veel problemen', true);
    else if (heading === 'Contact met anderen') await answerArea(q, 'Enkele problemen', true);
    else if (heading === 'Veilig thuis') {
      // The numbers come right under the answer, in view, read out (a live region).
      const shown = await expectShownWhereLooking(page, () => q.option('Voelt u zich nu veilig thuis?', 'Nee').check());
      expect(shown.join(' ')).toContain('U voelt zich thuis niet altijd veilig.');
      await expect(q.form.locator('.urgent-now')).toHaveCount(1);
    } else if (heading === 'Mensen om u heen') await q.choose('Bij wie kunt u terecht', 'Familie');
    else await answerArea(q, '(Bijna) geen problemen');
    await axe.expectNoAxeViolations(page);

    if (heading === 'Post en geld') {
      // Reload in the middle: back on the same screen with the answers.
      await page.reload();
      await q.expectStep(step, total);
      await expect(q.option('Hoe gaat het met post, formulieren en uw geld?', 'Veel problemen')).toBeChecked();
      await expect(q.option(TALK, 'Ja')).toBeChecked();
    }
    if (step < total) await q.next();
  }
  await q.finishButton.click();

  const result = page.locator('.self-result');
  await expect(result.getByRole('heading', { level: 1 })).toHaveText('Zo gaat het met u');
  await expect(result.getByRole('heading', { level: 1 })).toBeFocused();
  // Safety at home is a worry: the urgent contacts come first, with a call link.
  const urgent = result.locator('.urgent-now');
  await expect(urgent).toContainText('U voelt zich thuis niet altijd veilig.');
  await expect(urgent).toContainText('Veilig Thuis');
  await expect(urgent.locator('.urgent-contact').first().getByRole('link')).toHaveAttribute('href', /^tel:/);
  // What goes well before what is hard; no marks or percentages anywhere.
  const sections = await result.locator('.result-section h2').allTextContents();
  expect(sections.indexOf('Dit gaat goed')).toBeLessThan(sections.indexOf('Dit is moeilijk'));
  const hard = result.locator('.result-section', { has: page.getByRole('heading', { name: 'Dit is moeilijk' }) });
  await expect(hard).toContainText('Post en geld: Veel problemen');
  await expect(hard).toContainText('Contact met anderen: Enkele problemen');
  await expect(result).not.toContainText('%');
  await expect(result.locator('.result-picture')).toHaveAttribute('aria-hidden', 'true');
  await axe.expectNoAxeViolations(page);

  // The agenda says who the person can turn to and how the answers were given.
  await expect(result.locator('.agenda-about')).toHaveText([
    'Bij wie u terecht kunt als u hulp nodig heeft: familie.',
    'Ingevuld: Samen met een cliëntondersteuner (iemand die u gratis helpt).',
  ]);
  // The agenda: both areas, in questionnaire order; move "Post en geld" down, write a note.
  const items = result.locator('.agenda-item h3');
  await expect(items).toHaveText(['Post en geld', 'Contact met anderen']);
  await page.getByRole('button', { name: 'Omlaag: Post en geld' }).click();
  await expect(items).toHaveText(['Contact met anderen', 'Post en geld']);
  await expect(page.getByRole('button', { name: 'Omhoog: Contact met anderen' })).toBeDisabled();
  // Focus stays with the item that moved (its "Omlaag" is disabled now: on its "Omhoog").
  await expect(page.getByRole('button', { name: 'Omhoog: Post en geld' })).toBeFocused();
  await page.getByLabel('Wat wilt u zeggen over Post en geld?').fill(NOTE);
  await axe.expectNoAxeViolations(page);

  // Kept on this device: after a reload the same order and note.
  await page.reload();
  await expect(items).toHaveText(['Contact met anderen', 'Post en geld']);
  await expect(page.getByLabel('Wat wilt u zeggen over Post en geld?')).toHaveValue(NOTE);
  // The note's "<script>" stays text: no script element carries it.
  expect(await page.evaluate(() => [...document.scripts].some((s) => s.textContent.includes('alert(1)')))).toBe(false);

  // The completed check is in the local history with today's date and the levels (codes only).
  const history = JSON.parse(await storedValue(page, 'wijkpeil:history'));
  expect(history.kind).toBe('history');
  expect(history.data.entries).toHaveLength(1);
  expect(JSON.stringify(history)).toContain('many_problems');
  expect(JSON.stringify(history)).not.toContain('brieven');

  // "Groot laten zien" fills the screen and then says how to go back; pressed again, or Escape,
  // it goes back.
  const large = result.locator('.agenda-actions').getByRole('button', { name: /laten zien/ });
  await expect(large).toHaveText('Groot laten zien');
  await large.click();
  await expect(large).toHaveAttribute('aria-pressed', 'true');
  await expect(large).toHaveText('Weer gewoon laten zien');
  await expect(result.locator('.agenda')).toHaveClass(/agenda-large/);
  await axe.expectNoAxeViolations(page);
  await large.click();
  await expect(result.locator('.agenda')).not.toHaveClass(/agenda-large/);
  await large.click();
  await page.keyboard.press('Escape');
  await expect(result.locator('.agenda')).not.toHaveClass(/agenda-large/);
  await expect(large).toHaveText('Groot laten zien');

  // Print: only the agenda, with the note as text, on one A4 page.
  await page.emulateMedia({ media: 'print' });
  await expect(result.locator('.agenda')).toBeVisible();
  await expect(result.locator('.result-picture')).toBeHidden();
  await expect(result.locator('.agenda-actions')).toBeHidden();
  await expect(result.locator('.note-print').nth(1)).toHaveText(NOTE);
  await expect(page.locator('.site-header')).toBeHidden();
  const pdf = await page.pdf({ format: 'A4' });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  expect(pages).toBe(1);
});

test.describe('direct hulp bij het antwoord, op een telefoon van 390 px', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  /** Next screen until the one with `heading`. */
  async function toScreen(q, heading) {
    for (let n = 0; n < 20 && (await q.screenHeading.textContent()) !== heading; n++) await q.next();
    await expect(q.screenHeading).toHaveText(heading);
  }

  test('"Soms niet" veilig thuis: Veilig Thuis en 112 meteen bij het antwoord, en weer op de uitkomst', async ({ page, axe }) => {
    const q = new QuestionnairePage(page);
    await q.goto('/hoe-gaat-het');
    await toScreen(q, 'Veilig thuis');
    await expect(q.option('Voelt u zich nu veilig thuis?', 'Soms niet')).toBeVisible();
    const shown = await expectShownWhereLooking(page, () => q.option('Voelt u zich nu veilig thuis?', 'Soms niet').check());
    expect(shown.join(' ')).toContain('U voelt zich thuis niet altijd veilig.');
    const box = q.form.locator('.urgent-now');
    await expect(box).toHaveAttribute('role', 'alert');
    // Right under the question, before the next one.
    const question = q.question('Voelt u zich nu veilig thuis?');
    expect((await box.boundingBox()).y).toBeGreaterThan((await question.boundingBox()).y);
    expect((await box.boundingBox()).y).toBeLessThan((await q.question('Hoe gaat het met veiligheid thuis?').boundingBox()).y);
    // The contacts the municipality routes to it, one tap to call; the team's number outside
    // opening hours is with the wijk, chosen on "Direct hulp".
    await expect(box.getByRole('link', { name: /Veilig Thuis.*bel 0800-2000/ })).toHaveAttribute('href', 'tel:08002000');
    await expect(box.getByRole('link', { name: /bel 112$/ })).toHaveAttribute('href', 'tel:112');
    await expect(box.getByRole('link', { name: /113/ })).toHaveCount(0);
    await expect(box.locator('.team-urgent').getByRole('link', { name: 'Direct hulp' })).toHaveAttribute('href', '/spoed');
    await axe.expectNoAxeViolations(page);
    // "Many problems" with safety as well: still one box, at the first answer.
    await q.choose('Hoe gaat het met veiligheid thuis?', 'Veel problemen');
    await expect(q.form.locator('.urgent-now')).toHaveCount(1);
    // "Meestal wel": the box moves to the level question, which still asks for help.
    await q.choose('Voelt u zich nu veilig thuis?', 'Meestal wel');
    await expect(q.form.locator('.urgent-now')).toHaveCount(1);
    await q.choose('Hoe gaat het met veiligheid thuis?', 'Enkele problemen');
    await expect(q.form.locator('.urgent-now')).toHaveCount(0);
    await q.choose('Voelt u zich nu veilig thuis?', 'Soms niet');
    while (await q.nextButton.isVisible()) await q.next();
    await q.finishButton.click();
    const urgent = page.locator('.self-result .urgent-now');
    await expect(urgent).toContainText('U voelt zich thuis niet altijd veilig.');
    await expect(urgent.locator('.urgent-contact').first()).toContainText('Veilig Thuis');
    await axe.expectNoAxeViolations(page);
  });

  test('veel problemen met hoe u zich voelt: 113 en de huisarts bij het antwoord, in woorden die hoop geven', async ({ page, axe }) => {
    const q = new QuestionnairePage(page);
    await q.goto('/hoe-gaat-het');
    await toScreen(q, 'Hoe u zich voelt');
    const feel = 'Hoe ging het de afgelopen twee weken met uw gevoel?';
    await q.choose(feel, 'Enkele problemen');
    await expect(q.form.locator('.urgent-now')).toHaveCount(0);
    // Who helps and "talk about it" come with problems only.
    await expect(q.question('Wie helpt u hierbij?')).toBeVisible();
    const shown = await expectShownWhereLooking(page, () => q.option(feel, 'Veel problemen').check());
    expect(shown.join(' ')).toContain('u hoeft het niet alleen te dragen.');
    const box = q.form.locator('.urgent-now');
    await expect(box).toContainText('Er is hulp, dag en nacht.');
    await expect(box.getByRole('link', { name: /Huisarts of huisartsenpost/ })).toHaveAttribute('href', /^tel:/);
    await expect(box.getByRole('link', { name: /113 Zelfmoordpreventie/ })).toHaveAttribute('href', 'tel:08000113');
    await axe.expectNoAxeViolations(page);
    await q.choose(feel, '(Bijna) geen problemen');
    await expect(q.form.locator('.urgent-now')).toHaveCount(0);
    await expect(q.question('Wie helpt u hierbij?')).toHaveCount(0);
  });

  test('geen eten of geld vandaag: het wijkteam met zijn spoednummer bij het antwoord', async ({ page, axe }) => {
    await page.addInitScript(() => localStorage.setItem('wijkpeil:pref:wijk', 'noord'));
    const q = new QuestionnairePage(page);
    await q.goto('/hoe-gaat-het');
    await toScreen(q, 'Schulden');
    const food = 'Heeft u vandaag genoeg te eten, of geld om eten te kopen?';
    // Asked only where money gives problems.
    await expect(q.question(food)).toHaveCount(0);
    await q.choose('Hoe gaat het met schulden?', 'Veel problemen');
    const shown = await expectShownWhereLooking(page, () => q.option(food, 'Nee').check());
    expect(shown.join(' ')).toContain('U heeft vandaag geen eten en geen geld voor eten.');
    const team = q.form.locator('.urgent-now .team-urgent');
    await expect(team).toContainText('Wijkteam Noord');
    await expect(team).toContainText('Buiten openingstijden: bel 0900-0000009 en kies 1.');
    await expect(team.getByRole('link', { name: 'Bel 0900-0000010' })).toHaveAttribute('href', 'tel:09000000010');
    await axe.expectNoAxeViolations(page);
    await q.choose(food, 'Ja');
    await expect(q.form.locator('.urgent-now')).toHaveCount(0);
  });
});
