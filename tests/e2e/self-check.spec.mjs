// "Hoe gaat het met u?" on a phone: all screens, two areas for the agenda, reordering and a note,
// the result (what goes well first, then what is hard), urgent contacts when safety at home is
// a worry, the local history, the printed agenda on one A4 page, and resuming after a reload.
import { test, expect } from './fixtures.mjs';
import { QuestionnairePage } from './pages/questionnaire-page.mjs';
import { storedValue } from './pages/stored.mjs';

test.use({ viewport: { width: 360, height: 740 } });

const LEVEL = /^Hoe (gaat|gaan)/; // every area's level question starts like this
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
  test.slow(); // 16 screens, each checked with axe
  const q = new QuestionnairePage(page);
  await q.goto('/hoe-gaat-het');
  await q.choose('Hoe vult u deze vragen in?', 'Samen met een cliëntondersteuner');
  await q.choose('Wonen er kinderen bij u thuis?', 'Nee');
  await axe.expectNoAxeViolations(page);
  await q.next();
  // No children at home: the screen about raising children is not asked.
  const { total } = await q.step();
  expect(total).toBe(15);

  for (let step = 2; step <= total; step++) {
    await q.expectStep(step, total);
    const heading = (await q.screenHeading.textContent()) ?? '';
    if (heading === 'Post en geld') await answerArea(q, 'Veel problemen', true);
    else if (heading === 'Contact met anderen') await answerArea(q, 'Enkele problemen', true);
    else if (heading === 'Veilig thuis') await q.choose('Voelt u zich nu veilig thuis?', 'Nee');
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
  await expect(urgent).toContainText('U voelt zich thuis niet veilig.');
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
