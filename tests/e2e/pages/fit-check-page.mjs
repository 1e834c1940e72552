// Page object for "Past mijn vraag bij het wijkteam?" (/past-mijn-vraag): the urgent screen,
// the question's areas, who and what, and the outcome page with the wijk picker and team card.
import { expect } from '@playwright/test';
import { QuestionnairePage } from './questionnaire-page.mjs';
import { storedRecords } from './stored.mjs';

export const URGENT_QUESTIONS = [
  'Is iemand nu in gevaar?',
  'Is er geweld bij u thuis?',
  'Moet u binnenkort uw huis uit?',
  'Zoekt u een plek om vannacht te slapen?',
  'Denkt u erover om een einde aan uw leven te maken?',
];
export const ALWAYS_TEAM = 'U mag altijd contact opnemen met het wijkteam. Ook als u twijfelt.';

export class FitCheckPage extends QuestionnairePage {
  constructor(page) {
    super(page);
    this.outcomeHeading = page.locator('.fit-outcome h1');
    this.urgentBox = page.locator('.urgent-contacts').first();
    this.partners = page.locator('.fit-outcome .partner');
    this.wijkSelect = page.getByLabel('In welke wijk woont u?');
    this.postcode = page.getByLabel('Of vul uw postcode in');
    this.teamCard = page.locator('.team-card');
  }

  async open() {
    await this.goto('/past-mijn-vraag');
    await this.expectStep(1, 4);
  }

  /** Answers every urgent question with "Nee" and goes on. */
  async noUrgency() {
    for (const q of URGENT_QUESTIONS) await this.choose(q, 'Nee');
    await this.next();
  }

  /** Screen 2: the areas of the question (check boxes, by their visible label). */
  async areas(...labels) {
    for (const l of labels) {
      const box = this.form.getByRole('checkbox', { name: l });
      await box.check();
      await expect(box).toBeChecked();
    }
    await this.next();
  }

  /** "Klaar" on the last screen: the fit check ends on its outcome page, not on "Klaar. Dank u wel!". */
  async finish() {
    await this.finishButton.click();
    await expect(this.outcomeHeading).toBeVisible();
  }

  /** The call link with `name` (e.g. "Bel 112") and its tel: address. */
  callLink(name) {
    return this.page.getByRole('link', { name, exact: true }).first();
  }

  /** The common path to the outcome: nothing urgent, a question about money or debts. */
  async checkAboutMoney() {
    await this.open();
    await this.noUrgency();
    await this.areas('Geld of schulden');
    await this.next();
    await this.finish();
  }

  async registerRecords() {
    const all = await storedRecords(this.page);
    return Object.keys(all)
      .filter((k) => k.startsWith('wijkpeil:register:'))
      .map((k) => JSON.parse(all[k]));
  }
}
