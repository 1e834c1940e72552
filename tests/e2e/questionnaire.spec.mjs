// Filling in questionnaires on a phone-sized screen: keyboard and clicks, a conditional question,
// finishing, the FHIR download, resuming after a reload, required questions, and 320 px width.
import { test, expect } from './fixtures.mjs';
import { QuestionnairePage, answersByLinkId, REQUIRED_MESSAGE, FIX_ERRORS } from './pages/questionnaire-page.mjs';
import { PreviewPage } from './pages/preview-page.mjs';

test.use({ viewport: { width: 360, height: 740 } });

const OUTCOME = 'Wat is er met uw vraag gebeurd?';
const OTHER_SOLUTION = 'Is er een andere oplossing gevonden?';

test.describe('vragenlijst invullen', () => {
  test('/vervolg van begin tot eind, met een voorwaardelijke vraag en de FHIR-download', async ({ page, axe }) => {
    test.slow(); // many screens, each checked with axe
    const q = new QuestionnairePage(page);
    await q.goto('/vervolg');
    await expect(q.screenHeading).toHaveText('Uw vraag aan het wijkteam');
    const { total } = await q.step();
    expect(total).toBe(5);
    await q.expectStep(1, 5);
    await expect(q.backButton).toBeHidden();
    await q.shell.expectNoHorizontalScroll();
    await axe.expectNoAxeViolations(page);

    // Screen 1 with the keyboard only: Tab into the radio group, arrows choose, Tab to "Volgende".
    const firstOutcome = q.option(OUTCOME, 'Ik ben geholpen');
    await page.keyboard.press('Tab'); // skip link
    for (let n = 0; n < 15 && !(await firstOutcome.evaluate((el) => el === document.activeElement)); n++) {
      await page.keyboard.press('Tab');
    }
    await expect(firstOutcome).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(q.option(OUTCOME, 'Ik kreeg een nee op mijn vraag')).toBeChecked();
    await expect(q.option(OUTCOME, 'Ik kreeg een nee op mijn vraag')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(q.nextButton).toBeFocused();
    await page.keyboard.press('Enter');

    // Screen 2: "rejected" makes the follow-up question about another solution appear.
    await q.expectStep(2, 5);
    await expect(q.screenHeading).toHaveText('Past de oplossing?');
    await expect(q.screenHeading).toBeFocused(); // focus moves to the new screen's heading
    await expect(q.question(OTHER_SOLUTION)).toBeVisible();
    await axe.expectNoAxeViolations(page);

    // Back: "helped" hides it; "partly" shows it again.
    await q.back();
    await q.expectStep(1, 5);
    await expect(q.option(OUTCOME, 'Ik kreeg een nee op mijn vraag')).toBeChecked();
    await q.choose(OUTCOME, 'Ik ben geholpen');
    await q.next();
    await q.expectStep(2, 5);
    await expect(q.question('Past de oplossing bij wat u wilde?')).toBeVisible();
    await expect(q.question(OTHER_SOLUTION)).toHaveCount(0);
    await expect(page.getByText(OTHER_SOLUTION)).toBeHidden();
    await axe.expectNoAxeViolations(page);
    await q.back();
    await q.choose(OUTCOME, 'Ik ben voor een deel geholpen');
    await q.next();
    await q.expectStep(2, 5);
    await expect(q.question(OTHER_SOLUTION)).toBeVisible();

    // Screen 2 with clicks (on the labels, as people do).
    await q.question('Past de oplossing bij wat u wilde?').getByText('Voor een deel', { exact: true }).click();
    await expect(q.option('Past de oplossing bij wat u wilde?', 'Voor een deel')).toBeChecked();
    await q.choose(OTHER_SOLUTION, 'Nee');
    await q.choose('Is het probleem er nog?', 'Nee, het is opgelost');
    await q.choose('Hoe lang duurde het voordat de hulp begon?', '2 tot 6 weken');
    await q.shell.expectNoHorizontalScroll();
    await axe.expectNoAxeViolations(page);
    await q.next();

    // Screen 3: five statements.
    await q.expectStep(3, 5);
    await expect(q.screenHeading).toHaveText('Wat vindt u van de hulp?');
    await q.choose('De kwaliteit van de ondersteuning die ik krijg is goed.', 'Eens');
    await q.choose('De ondersteuning die ik krijg past bij mijn hulpvraag (de vraag waarmee ik kwam).', 'Helemaal eens');
    await q.choose('Door de ondersteuning die ik krijg kan ik de dingen doen die ik wil.', 'Niet eens, niet oneens');
    // (two statements are skipped: every question may be skipped)
    await axe.expectNoAxeViolations(page);
    await q.next();

    // Screen 4, with the keyboard: Space checks the focused radio, Enter on "Volgende" goes on.
    await q.expectStep(4, 5);
    await expect(q.screenHeading).toHaveText('Hulp van een cliëntondersteuner (iemand die u gratis helpt)');
    await expect(q.screenHeading).toBeFocused();
    // The question's "Lees voor" first, then its answers.
    await page.keyboard.press('Tab');
    await expect(q.question('Wist u dat u gratis hulp kunt krijgen').getByRole('button', { name: 'Lees voor', exact: true })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(q.option('Wist u dat u gratis hulp kunt krijgen', 'Ja')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(q.option('Wist u dat u gratis hulp kunt krijgen', 'Nee')).toBeChecked();
    await axe.expectNoAxeViolations(page);
    await q.next();

    // Screen 5: the last one says "Klaar" instead of "Volgende".
    await q.expectStep(5, 5);
    await expect(q.screenHeading).toHaveText('Hoe verder?');
    await expect(q.finishButton).toBeVisible();
    await expect(q.nextButton).toHaveCount(0);
    await q.choose('Wilt u nog een keer contact met het wijkteam', 'Weet ik nog niet');
    await axe.expectNoAxeViolations(page);

    // The draft is saved with every change.
    const draft = await q.draft('vervolg');
    expect(draft).not.toBeNull();
    expect(JSON.stringify(draft)).toContain('unsure');

    // Finish with the keyboard: focus moves to the heading of the "done" page (not lost on <body>).
    await q.finishButton.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Zo gaat het nu met uw vraag');
    await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
    await expect(q.downloadButton).toBeVisible();
    await expect(q.editButton).toBeVisible();
    await expect(q.homeLink).toHaveAttribute('href', '/');
    await q.shell.expectNoHorizontalScroll();
    await axe.expectNoAxeViolations(page);

    const { fileName, json } = await q.downloadResponse();
    expect(fileName).toMatch(/\.json$/);
    expect(json.resourceType).toBe('QuestionnaireResponse');
    expect(json.status).toBe('completed');
    expect(json.questionnaire).toContain('vervolg');
    expect(json.authored).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const answers = answersByLinkId(json);
    expect(answers).toEqual({
      outcome: ['partly'],
      solution_match: ['partly'],
      other_solution: ['no'],
      problem_still: ['no'],
      time_to_help: ['2_6w'],
      eff_quality: ['agree'],
      eff_fits: ['fully_agree'],
      eff_do_things: ['neutral'],
      knows_oco: ['no'],
      want_follow_up: ['unsure'],
    });

    // "Antwoorden bekijken of veranderen" goes back to the form with the answers.
    await q.editButton.focus();
    await page.keyboard.press('Enter');
    await expect(q.form).toBeVisible();
    await q.expectStep(5, 5);
    await expect(q.screenHeading).toBeFocused();
    await expect(q.option('Wilt u nog een keer contact met het wijkteam', 'Weet ik nog niet')).toBeChecked();
    await axe.expectNoAxeViolations(page);
  });

  test('/hoe-gaat-het: na herladen halverwege verder op dezelfde stap met de antwoorden', async ({ page, axe }) => {
    test.slow(); // many screens, each checked with axe
    const q = new QuestionnairePage(page);
    await q.goto('/hoe-gaat-het');
    await expect(q.screenHeading).toHaveText('Over het invullen');
    await q.choose('Hoe vult u deze vragen in?', 'Samen met familie, een vriend of een mantelzorger');
    await q.choose('Wonen er kinderen bij u thuis?', 'Ja');
    await axe.expectNoAxeViolations(page);
    await q.next();

    await q.expectStep(2, 17);
    await expect(q.screenHeading).toHaveText('Voor uzelf zorgen');
    const helpers = 'Wie helpt u hierbij?';
    await expect(q.question(helpers)).toHaveCount(0); // appears only after the level is chosen
    await q.choose('Hoe gaan de dagelijkse dingen voor uzelf?', 'Enkele problemen');
    await q.choose(helpers, 'Familie', 'Buren of mensen in de buurt');
    await q.choose('Hierover wil ik praten', 'Ja');
    await axe.expectNoAxeViolations(page);
    await q.next();

    // Children at home: the parenting screen is there.
    await q.expectStep(3, 17);
    await expect(q.screenHeading).toHaveText('Opvoeden');
    await q.choose('Hoe gaat het opvoeden van uw kinderen?', 'Veel problemen');
    await axe.expectNoAxeViolations(page);
    await q.next();
    await q.expectStep(4, 17);
    await expect(q.screenHeading).toHaveText('Boodschappen');
    await q.choose('Hoe gaat het boodschappen doen?', 'Dit geldt niet voor mij');

    const saved = await q.draft('hoe-gaat-het');
    expect(saved, 'a draft is saved on the device').not.toBeNull();
    expect(JSON.stringify(saved)).toContain('many_problems');

    await page.reload();
    await expect(q.form).toBeVisible();
    await q.expectStep(4, 17);
    await expect(q.screenHeading).toHaveText('Boodschappen');
    await expect(q.option('Hoe gaat het boodschappen doen?', 'Dit geldt niet voor mij')).toBeChecked();
    await axe.expectNoAxeViolations(page);

    await q.back();
    await q.expectStep(3, 17);
    await expect(q.option('Hoe gaat het opvoeden van uw kinderen?', 'Veel problemen')).toBeChecked();
    await q.back();
    await q.expectStep(2, 17);
    await expect(q.option('Hoe gaan de dagelijkse dingen voor uzelf?', 'Enkele problemen')).toBeChecked();
    await expect(q.option(helpers, 'Familie')).toBeChecked();
    await expect(q.option(helpers, 'Buren of mensen in de buurt')).toBeChecked();
    await expect(q.option(helpers, 'Niemand')).not.toBeChecked();
    await expect(q.option('Hierover wil ik praten', 'Ja')).toBeChecked();
    await q.back();
    await q.expectStep(1, 17);
    await expect(q.option('Hoe vult u deze vragen in?', 'Samen met familie, een vriend of een mantelzorger')).toBeChecked();
    await expect(q.option('Wonen er kinderen bij u thuis?', 'Ja')).toBeChecked();

    // No children at home: the parenting screen drops out, the total goes down.
    await q.choose('Wonen er kinderen bij u thuis?', 'Nee');
    await q.expectStep(1, 16);
    await q.next();
    await q.next();
    await q.expectStep(3, 16);
    await expect(q.screenHeading).toHaveText('Boodschappen');
    await axe.expectNoAxeViolations(page);
  });

  test('voorbeeld-alles: een lege verplichte vraag geeft "Vul deze vraag in."', async ({ page, axe }) => {
    test.slow(); // many screens, each checked with axe
    const preview = new PreviewPage(page);
    const q = preview.questionnaire;
    await preview.goto('/questionnaires/voorbeeld-alles.json');
    await expect(q.form).toBeVisible();
    await expect(q.screenHeading).toHaveText('Ja, nee en keuzes');
    const petQuestion = 'Heeft u een huisdier?';
    await expect(q.question(petQuestion).locator('legend')).toContainText('(verplicht)');
    const { total } = await q.step();
    await q.expectStep(1, total);
    await axe.expectNoAxeViolations(page);

    // Skip the screen.
    await q.next();
    await q.expectStep(1, total);
    await expect(q.errorSummary).toHaveText(FIX_ERRORS);
    await expect(q.message(petQuestion)).toHaveText(REQUIRED_MESSAGE);
    await expect(q.message(petQuestion)).toBeVisible();
    await expect(q.question(petQuestion)).toHaveAttribute('aria-invalid', 'true');
    // The message is tied to the question for screen readers.
    const msgId = await q.message(petQuestion).getAttribute('id');
    await expect(q.question(petQuestion)).toHaveAttribute('aria-describedby', msgId);
    // Focus goes to the first question with a problem.
    await expect(q.question(petQuestion)).toBeFocused();
    await axe.expectNoAxeViolations(page);

    // Answering removes the message at once and shows the question that depends on it.
    await q.choose(petQuestion, 'Ja');
    await expect(q.message(petQuestion)).toBeHidden();
    await expect(q.question(petQuestion)).toHaveAttribute('aria-invalid', 'false');
    await expect(q.errorSummary).toHaveCount(0);
    const pet = q.form.getByLabel('Welk huisdier heeft u?');
    await expect(pet).toBeVisible();
    await expect(pet).toHaveJSProperty('tagName', 'SELECT');
    await axe.expectNoAxeViolations(page);
    await q.next();
    await q.expectStep(2, total);
    await axe.expectNoAxeViolations(page);
  });

  test('voorbeeld-alles helemaal door tot de download', async ({ page, axe }) => {
    test.slow(); // many screens, each checked with axe
    const preview = new PreviewPage(page);
    const q = preview.questionnaire;
    await preview.goto('/questionnaires/voorbeeld-alles.json');
    await q.choose('Heeft u een huisdier?', 'Nee');
    const { total } = await q.step();
    for (let step = 1; step < total; step++) {
      await q.expectStep(step, total);
      if ((await q.form.getByLabel('Wat is uw woonplaats?').count()) > 0) {
        await q.form.getByLabel('Wat is uw woonplaats?').fill('Voorbeeldstad');
      }
      await axe.expectNoAxeViolations(page);
      await q.next();
    }
    await q.expectStep(total, total);
    const city = q.form.getByLabel('Wat is uw woonplaats?');
    await expect(city).toBeVisible();
    // Required and empty on the last screen: "Klaar" does not finish.
    await q.finishButton.click();
    await expect(city).toHaveAttribute('aria-invalid', 'true');
    await expect(q.form.locator('.message:visible')).toHaveText([REQUIRED_MESSAGE]);
    await expect(city).toBeFocused();
    await axe.expectNoAxeViolations(page);
    await city.fill('Voorbeeldstad');
    await q.finish();
    await expect(q.doneHeading).toBeFocused();
    await expect(q.downloadButton).toBeVisible();
    await axe.expectNoAxeViolations(page);
    const { json } = await q.downloadResponse();
    expect(json.resourceType).toBe('QuestionnaireResponse');
    expect(json.status).toBe('completed');
    const answers = answersByLinkId(json);
    expect(answers.ja_nee).toEqual([false]);
    expect(answers.verplicht).toEqual(['Voorbeeldstad']);
    // The explanation under "Heeft u een huisdier?" is no question: not in the response.
    expect(JSON.stringify(json)).not.toContain('ja_nee_uitleg');
  });

  test('getypte tekst blijft bij zijn eigen vraag, ook na een ander scherm of weghalen', async ({ page, axe }) => {
    test.slow(); // many screens, each checked with axe
    const preview = new PreviewPage(page);
    const q = preview.questionnaire;
    await preview.goto('/questionnaires/voorbeeld-alles.json');
    await q.choose('Heeft u een huisdier?', 'Nee');
    await q.next();
    await q.next();
    await expect(q.screenHeading).toHaveText('Getallen');
    await q.form.getByLabel('Hoe oud bent u?').fill('42');
    await q.next();
    await expect(q.screenHeading).toHaveText('Tekst');
    // A new screen starts with its own, empty fields.
    await expect(q.form.getByLabel('Wat is uw voornaam?')).toHaveValue('');
    await expect(q.form.getByLabel('Vertel iets over uw buurt.')).toHaveValue('');
    await q.form.getByLabel('Wat is uw voornaam?').fill('Sam');
    await q.back();
    await expect(q.form.getByLabel('Hoe oud bent u?')).toHaveValue('42');
    await q.next();
    await expect(q.form.getByLabel('Wat is uw voornaam?')).toHaveValue('Sam');
    await q.next();
    await q.next();
    await expect(q.screenHeading).toHaveText('Kinderen (u kunt er meer toevoegen)');

    // Three children; the middle one is taken away: the other two keep their names.
    const add = q.form.getByRole('button', { name: 'Nog een toevoegen' });
    await add.click();
    await add.click();
    const names = q.form.getByLabel('Voornaam van het kind');
    await expect(names).toHaveCount(3);
    await names.nth(0).fill('Anna');
    await names.nth(1).fill('Bram');
    await names.nth(2).fill('Cor');
    await axe.expectNoAxeViolations(page);
    await q.form.locator('fieldset.repeat').nth(1).getByRole('button', { name: 'Deze weghalen' }).click();
    await expect(names).toHaveCount(2);
    await expect(names.nth(0)).toHaveValue('Anna');
    await expect(names.nth(1)).toHaveValue('Cor');
    await axe.expectNoAxeViolations(page);
  });

  // A decimal typed with a comma comes back with a comma (the Dutch way of writing it).
  test('een kommagetal blijft met een komma staan na terug en verder', async ({ page, axe }) => {
    const preview = new PreviewPage(page);
    const q = preview.questionnaire;
    await preview.goto('/questionnaires/voorbeeld-alles.json');
    await q.choose('Heeft u een huisdier?', 'Nee');
    await q.next();
    await q.next();
    const length = q.form.getByLabel('Hoe lang bent u, in meters?');
    await length.fill('1,80');
    await q.next();
    await q.back();
    // The question itself asks for a comma ("Bijvoorbeeld 1,75."); a point reads as something else.
    await expect(length).toHaveValue(/^1,80?$/);
    await axe.expectNoAxeViolations(page);
  });

  test('bruikbaar op 320 px breed zonder horizontaal scrollen', async ({ page, axe }) => {
    test.slow(); // many screens, each checked with axe
    await page.setViewportSize({ width: 320, height: 640 });
    const q = new QuestionnairePage(page);
    for (const path of ['/past-mijn-vraag', '/hoe-gaat-het', '/vervolg']) {
      await q.goto(path);
      await q.shell.expectNoHorizontalScroll();
      await axe.expectNoAxeViolations(page);
      await q.next();
      await q.shell.expectNoHorizontalScroll();
    }
    // The form with every kind of question, screen by screen.
    const preview = new PreviewPage(page);
    await preview.goto('/questionnaires/voorbeeld-alles.json');
    await q.choose('Heeft u een huisdier?', 'Ja');
    const { total } = await q.step();
    for (let step = 1; step <= total; step++) {
      await q.expectStep(step, total);
      await q.shell.expectNoHorizontalScroll();
      await axe.expectNoAxeViolations(page);
      if (step < total) await q.next();
    }
    // The "Volgende" button and the questions are reachable inside the 320 px.
    const box = await q.submitButton.boundingBox();
    expect(box.x + box.width).toBeLessThanOrEqual(320);
  });
});
