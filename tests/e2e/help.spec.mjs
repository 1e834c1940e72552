// "Wat betekent dit?": a FHIR help item (a display child with itemControl "help") shown under its
// question as a closed <details>, opened with the keyboard, in the chosen language, without moving
// the answers, and never asked or answered as a question. voorbeeld-alles.json has one under
// "Heeft u een huisdier?".
import { test, expect } from './fixtures.mjs';
import { PreviewPage } from './pages/preview-page.mjs';
import { REQUIRED_MESSAGE } from './pages/questionnaire-page.mjs';

test.use({ viewport: { width: 390, height: 844 } });

const QUESTION = 'Heeft u een huisdier? (verplicht)';
const HELP_NL = 'Een huisdier is een dier dat bij u in huis woont. Bijvoorbeeld een hond, een kat of een vis.';
const HELP_EN = 'A pet is an animal that lives in your home. For example a dog, a cat or a fish.';

test.describe('uitleg bij een vraag', () => {
  test('dicht onder de vraag, open met Enter, zonder dat de antwoorden verschuiven, en in het Engels', async ({ page, axe }) => {
    const preview = new PreviewPage(page);
    await preview.goto('/questionnaires/voorbeeld-alles.json');
    const q = preview.questionnaire;
    const question = q.question(QUESTION);
    await expect(question).toBeVisible();

    // Under the question, closed: the summary is there, the text is not shown.
    const help = question.locator('details.help');
    await expect(help).toHaveCount(1);
    const summary = help.locator('summary');
    await expect(summary).toHaveText('Wat betekent dit?');
    await expect(question.getByText(HELP_NL)).toBeHidden();
    // Only this question has an explanation; the help is no answer option and no question.
    await expect(page.locator('details.help')).toHaveCount(1);
    await expect(question.getByRole('radio')).toHaveCount(2);
    await axe.expectNoAxeViolations(page);

    // Below the answers: opening it moves neither answer.
    const yes = question.getByRole('radio', { name: 'Ja', exact: true });
    const no = question.getByRole('radio', { name: 'Nee', exact: true });
    // Keyboard: focus the summary (measured after, so a scroll to it is not counted as a
    // shift), Enter opens, Enter closes.
    await summary.focus();
    const before = [await yes.boundingBox(), await no.boundingBox()];
    const summaryBox = await summary.boundingBox();
    expect(summaryBox.y, 'the summary is below the answers').toBeGreaterThan(before[1].y);
    await page.keyboard.press('Enter');
    await expect(help).toHaveAttribute('open', '');
    await expect(question.getByText(HELP_NL)).toBeVisible();
    expect([await yes.boundingBox(), await no.boundingBox()]).toEqual(before);
    await axe.expectNoAxeViolations(page);
    await page.keyboard.press('Enter');
    await expect(help).not.toHaveAttribute('open', '');
    await expect(question.getByText(HELP_NL)).toBeHidden();

    // In English: the summary and the text follow the language.
    await preview.shell.chooseLanguage('English');
    const questionEn = page.getByRole('group', { name: 'Do you have a pet? (required)' });
    await expect(questionEn.locator('summary')).toHaveText('What does this mean?');
    await questionEn.locator('summary').click();
    await expect(questionEn.getByText(HELP_EN)).toBeVisible();
    await axe.expectNoAxeViolations(page);
  });

  test('is geen vraag: alleen de vraag zelf moet worden ingevuld', async ({ page }) => {
    const preview = new PreviewPage(page);
    await preview.goto('/questionnaires/voorbeeld-alles.json');
    const q = preview.questionnaire;
    await q.question(QUESTION).locator('summary').click();
    await q.next();
    // The required question gets its message; the explanation stays as it was, without one.
    await expect(q.message(QUESTION)).toHaveText(REQUIRED_MESSAGE);
    await expect(q.question(QUESTION).locator('details.help .message')).toHaveCount(0);
    await expect(q.question(QUESTION).getByText(HELP_NL)).toBeVisible();
  });
});
