// "Lees voor": every question and every result screen can be read aloud with the browser's
// speech synthesis, in the app's language: the question first, then each option, with the part
// being read lit up; it stops on "Stop"; it reads slower when asked (kept on the device); a
// voice on a company's server is used only after the person chooses it, after a plain warning;
// without a voice for the language the button says so. window.speechSynthesis is a stand-in
// (pages/speech-mock.mjs) that records what is spoken.
import { test, expect } from './fixtures.mjs';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FitCheckPage, URGENT_QUESTIONS } from './pages/fit-check-page.mjs';
import { QuestionnairePage } from './pages/questionnaire-page.mjs';
import { expectShownWhereLooking } from './in-view.mjs';
import {
  DUTCH,
  DUTCH_SERVER,
  ENGLISH,
  endCurrent,
  installSpeechMock,
  reading,
  setAutoEnd,
  spoken,
} from './pages/speech-mock.mjs';

test.use({ viewport: { width: 390, height: 844 } });

const FIRST = 'Is iemand nu in gevaar? Dat kunt u zelf zijn of iemand anders.';
const FIRST_EN = 'Is someone in danger right now? That can be you or someone else.';
const LIT = /reading-now/;
const NO_VOICE = 'Dit apparaat heeft geen stem om deze taal voor te lezen.';

// The release build's parts (see parts.spec.mjs): read-aloud is one of its own.
const DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../..', process.env.E2E_DIST_DIR || 'dist');
const PKG = readdirSync(DIST).find((d) => /^pkg-[0-9a-f]{16}$/.test(d));
const PART = JSON.parse(readFileSync(join(DIST, PKG, 'parts.json'), 'utf8')).parts.read_aloud;

/** The first question of the fit check, its "Lees voor" button, legend and option boxes. */
function firstQuestion(page, name = URGENT_QUESTIONS[0]) {
  const group = page.getByRole('group', { name });
  return {
    group,
    button: group.getByRole('button', { name: /^(Lees voor|Stop met voorlezen|Read aloud|Stop reading)$/ }),
    legend: group.locator('legend'),
    options: group.locator('.option'),
  };
}

test.describe('lees voor bij een vraag', () => {
  test('leest de vraag en dan elk antwoord, in het Nederlands, met de stem op het apparaat, en licht op wat het leest', async ({ page, axe }) => {
    // A server voice first in the list: it must not be picked.
    await installSpeechMock(page, { voices: [DUTCH_SERVER, ENGLISH, DUTCH] });
    const fit = new FitCheckPage(page);
    await fit.open();
    const q = firstQuestion(page);
    // A plain button named by what it does; the question's own name does not change.
    await expect(q.button).toHaveText('Lees voor');
    await expect(q.button).toHaveAccessibleName('Lees voor');
    expect(await q.group.evaluate((el) => el.tagName)).toBe('FIELDSET');
    await expect(page.getByRole('group', { name: /Lees voor/ })).toHaveCount(0);
    await axe.expectNoAxeViolations(page);

    await q.button.click();
    await expect(q.button).toHaveText('Stop met voorlezen');
    await expect(q.legend).toHaveClass(LIT);
    await expect(q.options.nth(0)).not.toHaveClass(LIT);
    expect(await spoken(page)).toEqual([
      { text: FIRST, lang: 'nl-NL', voice: 'Xander', rate: 1 },
      { text: 'Ja', lang: 'nl-NL', voice: 'Xander', rate: 1 },
      { text: 'Nee', lang: 'nl-NL', voice: 'Xander', rate: 1 },
    ]);
    expect(await reading(page)).toBe(FIRST);
    // Only one part is lit at a time, and it follows the voice.
    await endCurrent(page);
    await expect(q.options.nth(0)).toHaveClass(LIT);
    await expect(q.legend).not.toHaveClass(LIT);
    await expect(page.locator('.reading-now')).toHaveCount(1);
    await endCurrent(page);
    await expect(q.options.nth(1)).toHaveClass(LIT);
    await expect(q.options.nth(0)).not.toHaveClass(LIT);
    await axe.expectNoAxeViolations(page);
    await endCurrent(page);
    // Done: nothing lit, the button reads again.
    await expect(page.locator('.reading-now')).toHaveCount(0);
    await expect(q.button).toHaveText('Lees voor');
    // Only this question was read; the other questions' buttons did nothing.
    expect((await spoken(page)).length).toBe(3);
  });

  test('Stop houdt meteen op, en een andere vraag voorlezen stopt de vorige', async ({ page }) => {
    await installSpeechMock(page);
    const fit = new FitCheckPage(page);
    await fit.open();
    const q = firstQuestion(page);
    await q.button.click();
    await expect(q.legend).toHaveClass(LIT);
    await q.button.click();
    await expect(q.button).toHaveText('Lees voor');
    await expect(page.locator('.reading-now')).toHaveCount(0);
    expect(await reading(page)).toBeNull();
    expect(await page.evaluate(() => window.__speech.log.cancels)).toBeGreaterThan(0);
    // The browser's late "interrupted"/"canceled" events change nothing.
    await page.waitForTimeout(100);
    await expect(q.button).toHaveText('Lees voor');
    await expect(page.locator('.reading-now')).toHaveCount(0);

    // Reading another question stops this one; only the new one is lit and says "Stop".
    await q.button.click();
    await expect(q.legend).toHaveClass(LIT);
    const second = firstQuestion(page, URGENT_QUESTIONS[1]);
    await second.button.click();
    await expect(second.legend).toHaveClass(LIT);
    await expect(q.legend).not.toHaveClass(LIT);
    await expect(q.button).toHaveText('Lees voor');
    await expect(second.button).toHaveText('Stop met voorlezen');
    expect(await reading(page)).toMatch(/^Is er geweld bij u thuis\?/);

    // Going to the next screen stops the reading too.
    for (const name of URGENT_QUESTIONS) await fit.choose(name, 'Nee');
    await fit.next();
    await fit.expectStep(2, 4);
    await expect.poll(() => reading(page)).toBeNull();
  });

  test('langzamer voorlezen: de keuze geldt meteen en blijft bewaard op dit apparaat', async ({ page, axe }) => {
    await installSpeechMock(page);
    const fit = new FitCheckPage(page);
    await fit.open();
    const q = firstQuestion(page);
    const speed = q.group.getByLabel('Snelheid van voorlezen');
    // The setting shows once the button has been used.
    await expect(speed).toBeHidden();
    await q.button.click();
    await expect(speed).toBeVisible();
    await expect(speed).toHaveValue('normal');
    await endCurrent(page); // now reading "Ja"
    await expect(q.options.nth(0)).toHaveClass(LIT);
    await speed.selectOption({ label: 'Langzamer' });
    // Read again from the part being read, slower.
    await expect.poll(async () => (await spoken(page)).slice(3)).toEqual([
      { text: 'Ja', lang: 'nl-NL', voice: 'Xander', rate: 0.8 },
      { text: 'Nee', lang: 'nl-NL', voice: 'Xander', rate: 0.8 },
    ]);
    await expect(q.options.nth(0)).toHaveClass(LIT);
    await axe.expectNoAxeViolations(page);

    // After a reload the slower speed is still chosen.
    await page.reload();
    await fit.expectStep(1, 4);
    await q.button.click();
    await expect(q.legend).toHaveClass(LIT);
    expect((await spoken(page)).map((s) => s.rate)).toEqual([0.8, 0.8, 0.8]);
    await expect(speed).toHaveValue('slower');
  });

  test('in het Engels: Engelse tekst en een Engelse stem', async ({ page }) => {
    await installSpeechMock(page, { voices: [DUTCH, ENGLISH] });
    const fit = new FitCheckPage(page);
    await fit.open();
    await fit.shell.chooseLanguage('English');
    const q = firstQuestion(page, /^Is someone in danger right now\?/);
    await expect(q.button).toHaveAccessibleName('Read aloud');
    await q.button.click();
    await expect(q.button).toHaveText('Stop reading');
    expect(await spoken(page)).toEqual([
      { text: FIRST_EN, lang: 'en-GB', voice: 'Daniel', rate: 1 },
      { text: 'Yes', lang: 'en-GB', voice: 'Daniel', rate: 1 },
      { text: 'No', lang: 'en-GB', voice: 'Daniel', rate: 1 },
    ]);
    // Switching back to Dutch stops the English reading.
    await fit.shell.chooseLanguage('Nederlands');
    await expect.poll(() => reading(page)).toBeNull();
    await expect(firstQuestion(page).button).toHaveText('Lees voor');
  });

  test('met alleen het toetsenbord: Tab naar de knop, Enter leest voor, spatie stopt', async ({ page }) => {
    await installSpeechMock(page);
    const fit = new FitCheckPage(page);
    await fit.open();
    const q = firstQuestion(page);
    // The form opens with focus on the screen's heading; the first question's button is the
    // next stop.
    await expect(page.locator('.screen h2')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(q.button).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(q.legend).toHaveClass(LIT);
    await expect(q.button).toHaveText('Stop met voorlezen');
    await expect(q.button).toBeFocused();
    await page.keyboard.press('Space');
    await expect(q.button).toHaveText('Lees voor');
    await expect(page.locator('.reading-now')).toHaveCount(0);
    // Then the speed setting, then the answers.
    await page.keyboard.press('Tab');
    await expect(q.group.getByLabel('Snelheid van voorlezen')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(q.group.getByRole('radio', { name: 'Ja', exact: true })).toBeFocused();
  });
});

test.describe('welke stem', () => {
  test('de stemmen komen later (voiceschanged): eerst wachten, dan voorlezen', async ({ page }) => {
    await installSpeechMock(page, { voices: [DUTCH], lateMs: 1500 });
    const fit = new FitCheckPage(page);
    await fit.open();
    const q = firstQuestion(page);
    await q.button.click();
    await expect(q.legend).toHaveClass(LIT);
    expect((await spoken(page)).map((s) => s.voice)).toEqual(['Xander', 'Xander', 'Xander']);
    await expect(page.getByText(NO_VOICE)).toHaveCount(0);
  });

  test('alleen een stem via internet: niet gebruikt zonder keuze, met een duidelijke waarschuwing', async ({ page, axe }) => {
    await installSpeechMock(page, { voices: [DUTCH_SERVER, ENGLISH] });
    const fit = new FitCheckPage(page);
    await fit.open();
    const q = firstQuestion(page);
    const shown = await expectShownWhereLooking(page, () => q.button.click());
    expect(shown.join('\n')).toContain('Dit apparaat heeft zelf geen stem om deze taal voor te lezen.');
    const warning = q.group.locator('.read-aloud-offer');
    await expect(warning).toContainText('de stem Google Nederlands werkt via internet');
    await expect(warning).toContainText('gaat dan naar het bedrijf van die stem');
    await expect(warning).toContainText('Wijkpeil stuurt zelf niets');
    // Nothing was read, not with the server voice, not with a voice of another language.
    expect(await spoken(page)).toEqual([]);
    await expect(q.button).toHaveText('Lees voor');
    await axe.expectNoAxeViolations(page);

    // The person chooses it: now it reads, with that voice.
    await warning.getByRole('button', { name: 'Toch voorlezen met deze stem' }).click();
    await expect(q.legend).toHaveClass(LIT);
    expect((await spoken(page)).map((s) => [s.text, s.voice])).toEqual([
      [FIRST, 'Google Nederlands'],
      ['Ja', 'Google Nederlands'],
      ['Nee', 'Google Nederlands'],
    ]);
    await expect(warning).toHaveCount(0);
  });

  test('geen stem voor de taal: de knop zegt het in die taal en wijst op de schermlezer', async ({ page, axe }) => {
    // Voices never arrive: the app waits for them first, then says so.
    await installSpeechMock(page, { voices: [], lateMs: -1 });
    const fit = new FitCheckPage(page);
    await fit.open();
    const q = firstQuestion(page);
    const shown = await expectShownWhereLooking(page, () => q.button.click());
    const message = shown.join('\n');
    expect(message).toContain(NO_VOICE);
    expect(message).toContain('TalkBack');
    expect(message).toContain('VoiceOver');
    expect(await spoken(page)).toEqual([]);
    await expect(q.button).toHaveText('Lees voor');
    await axe.expectNoAxeViolations(page);

    // In English, in English.
    await fit.shell.chooseLanguage('English');
    const en = firstQuestion(page, /^Is someone in danger right now\?/);
    await en.button.click();
    await expect(en.group.locator('.read-aloud-status')).toContainText(
      'This device has no voice to read this language aloud.',
    );
    await expect(en.group.locator('.read-aloud-status')).toBeInViewport();
  });

  test('een stem voor een andere taal leest geen Nederlands voor', async ({ page }) => {
    await installSpeechMock(page, { voices: [ENGLISH] });
    const fit = new FitCheckPage(page);
    await fit.open();
    const q = firstQuestion(page);
    await q.button.click();
    await expect(q.group.locator('.read-aloud-status')).toContainText(NO_VOICE);
    expect(await spoken(page)).toEqual([]);
  });
});

test.describe('lees voor bij een uitkomst', () => {
  /** The blocks read on a result screen, in order. */
  async function readScreen(page, section) {
    // The screen's own button, right under its title (named "Lees voor", then "Stop met voorlezen").
    const button = section.locator(':scope > .read-aloud > button');
    await expect(button).toHaveAccessibleName('Lees voor');
    await button.click();
    await expect(section.locator('h1')).toHaveClass(LIT);
    await expect(button).toHaveText('Stop met voorlezen');
    return (await spoken(page)).map((s) => s.text);
  }

  test('de uitkomst van de wijkteam-check: de titel eerst, de tekst zoals getoond, geen knoppen', async ({ page, axe }) => {
    await installSpeechMock(page);
    const fit = new FitCheckPage(page);
    await fit.checkAboutMoney();
    const section = page.locator('.fit-outcome');
    await axe.expectNoAxeViolations(page);
    const texts = await readScreen(page, section);
    expect(texts[0]).toBe((await fit.outcomeHeading.innerText()).trim());
    expect(texts).toContain('U mag altijd contact opnemen met het wijkteam. Ook als u twijfelt.');
    // Buttons and the read-aloud controls themselves are not read.
    expect(texts.join(' ')).not.toContain('Lees voor');
    expect(texts.join(' ')).not.toContain('Snelheid van voorlezen');
    // The light moves to the next block.
    await endCurrent(page);
    await expect(section.locator('h1')).not.toHaveClass(LIT);
    await expect(section.locator('.reading-now')).toHaveCount(1);
    await axe.expectNoAxeViolations(page);
    await section.getByRole('button', { name: 'Stop met voorlezen' }).click();
    await expect(section.locator('.reading-now')).toHaveCount(0);
  });

  test('het resultaat van "Hoe gaat het met u?": de koppen en wat goed en moeilijk gaat, niet het plaatje', async ({ page, axe }) => {
    test.slow();
    await installSpeechMock(page);
    const q = new QuestionnairePage(page);
    await q.goto('/hoe-gaat-het');
    await q.choose('Hoe vult u deze vragen in?', 'Ik vul ze zelf in');
    await q.fillSelfCheckAboutMoney();
    const section = page.locator('.self-result');
    await expect(section.locator('h1')).toBeVisible();
    await axe.expectNoAxeViolations(page);
    const texts = await readScreen(page, section);
    expect(texts[0]).toBe((await section.locator('h1').innerText()).trim());
    const all = texts.join('\n');
    for (const h of await section.locator('.result-section h2').allInnerTexts()) expect(all).toContain(h.trim());
    expect(all).toMatch(/Post en geld: Veel problemen/);
    // The picture repeats the text and is hidden from screen readers: not read either.
    const caption = (await section.locator('figcaption').innerText()).trim();
    expect(all).not.toContain(caption);
    await axe.expectNoAxeViolations(page);
  });

  test('het resultaat van het vervolg', async ({ page, axe }) => {
    test.slow();
    await installSpeechMock(page);
    const q = new QuestionnairePage(page);
    await q.goto('/vervolg');
    await q.fillFollowUpPartlyHelped();
    const section = page.locator('.follow-up-result');
    await expect(section.locator('h1')).toHaveText('Zo gaat het nu met uw vraag');
    const button = section.locator(':scope > .read-aloud > button');
    await expect(button).toHaveAccessibleName('Lees voor');
    await button.click();
    await expect(section.locator('h1')).toHaveClass(LIT);
    // From here each part ends by itself (set only now, so the heading is seen lit first).
    await setAutoEnd(page, 20);
    await endCurrent(page);
    // Read to the end by itself: the button is back, nothing is lit.
    await expect(button).toHaveText('Lees voor');
    await expect(section.locator('.reading-now')).toHaveCount(0);
    const texts = (await spoken(page)).map((s) => s.text);
    expect(texts[0]).toBe('Zo gaat het nu met uw vraag');
    // A table row is read as one part, its cells apart.
    const row = section.locator('.views-table tbody tr').filter({ hasText: 'Past de oplossing bij wat u wilde?' });
    await expect(row).toHaveCount(1);
    expect(texts).toContain('Past de oplossing bij wat u wilde? Nee');
    expect(texts).toContain('Vraag, Cliënt');
    await axe.expectNoAxeViolations(page);
  });
});

test.describe('het deel met de voorleescode', () => {
  test('wordt pas opgehaald bij de eerste keer Lees voor', async ({ page }) => {
    await installSpeechMock(page);
    const fetched = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname.split('/').pop()));
    const fit = new FitCheckPage(page);
    await fit.open();
    const q = firstQuestion(page);
    await expect(q.button).toBeVisible();
    expect(fetched).not.toContain(PART.files[0]);
    await q.button.click();
    await expect(q.legend).toHaveClass(LIT);
    expect(fetched).toContain(PART.files[0]);
  });

  test.describe('dat niet binnenkomt', () => {
    test.use({ failOnConsoleErrors: false });

    test('zegt het bij de knop; later nog eens drukken werkt', async ({ page, axe }) => {
      await installSpeechMock(page);
      let refuse = true;
      await page.route(`**/${PKG}/${PART.files[0]}`, (route) =>
        refuse ? route.abort('internetdisconnected') : route.continue(),
      );
      const fit = new FitCheckPage(page);
      await fit.open();
      const q = firstQuestion(page);
      const shown = await expectShownWhereLooking(page, () => q.button.click());
      expect(shown.join('\n')).toContain('Voorlezen kan nu niet worden geladen.');
      await expect(q.button).toHaveText('Lees voor');
      await axe.expectNoAxeViolations(page);
      refuse = false;
      await q.button.click();
      await expect(q.legend).toHaveClass(LIT);
      await expect(q.group.locator('.read-aloud-status')).toHaveText('');
    });
  });
});
