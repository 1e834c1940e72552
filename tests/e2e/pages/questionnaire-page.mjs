// Page object for a questionnaire (/past-mijn-vraag, /hoe-gaat-het, /vervolg, and the form on
// /voorbeeld): one screen per top-level group, progress "Stap X van Y", Vorige / Volgende / Klaar,
// and the "Klaar. Dank u wel!" page with the download of the FHIR QuestionnaireResponse.
import { readFile } from 'node:fs/promises';
import { expect } from '@playwright/test';
import { AppShell } from './app-shell.mjs';
import { storedValue } from './stored.mjs';

export const REQUIRED_MESSAGE = 'Vul deze vraag in.';
export const FIX_ERRORS = 'Kijk nog even naar de vragen hierboven.';

export class QuestionnairePage {
  /** @param {import('@playwright/test').Page} page */
  constructor(page) {
    this.page = page;
    this.shell = new AppShell(page);
    this.form = page.locator('form.questionnaire');
    this.progress = page.locator('form.questionnaire #voortgang');
    this.screenHeading = page.locator('form.questionnaire .screen h2');
    this.errorSummary = page.locator('form.questionnaire .error-summary');
    this.backButton = this.form.getByRole('button', { name: 'Vorige', exact: true });
    this.nextButton = this.form.getByRole('button', { name: 'Volgende', exact: true });
    this.finishButton = this.form.getByRole('button', { name: 'Klaar', exact: true });
    this.submitButton = this.form.locator('.form-nav button[type="submit"]');
    // The "done" page (h1 on the questionnaire pages, h2 inside /voorbeeld).
    this.doneHeading = page.getByRole('heading', { name: 'Klaar. Dank u wel!' });
    this.downloadButton = page.getByRole('button', { name: 'Download uw antwoorden in een bestand' });
    this.editButton = page.getByRole('button', { name: 'Antwoorden bekijken of veranderen' });
    this.homeLink = page.getByRole('link', { name: 'Terug naar het begin' });
  }

  async goto(path) {
    await this.page.goto(path);
    await expect(this.form).toBeVisible();
  }

  async expectStep(current, total) {
    await expect(this.progress).toHaveText(`Stap ${current} van ${total}`);
  }

  /** "Stap X van Y" as numbers. */
  async step() {
    const text = (await this.progress.textContent()) ?? '';
    const m = text.match(/Stap (\d+) van (\d+)/);
    if (!m) throw new Error(`no progress line, got ${JSON.stringify(text)}`);
    return { current: Number(m[1]), total: Number(m[2]) };
  }

  /** A choice question (fieldset) by the start of its legend text. Only visible questions match. */
  question(legend) {
    return this.form.getByRole('group', { name: legend });
  }

  /** The radio button or check box `option` of the question `legend`. */
  option(legend, option) {
    const q = this.question(legend);
    return q.getByRole('radio', { name: option, exact: true }).or(q.getByRole('checkbox', { name: option, exact: true }));
  }

  async choose(legend, ...options) {
    for (const o of options) {
      await this.option(legend, o).check();
      await expect(this.option(legend, o)).toBeChecked();
    }
  }

  /** The inline message under a question (e.g. "Vul deze vraag in."). */
  message(legend) {
    return this.question(legend).locator('.message');
  }

  async next() {
    await this.nextButton.click();
  }

  async back() {
    await this.backButton.click();
  }

  /**
   * The self-check from its first screen to the result: no children at home, "Veel problemen"
   * with post and money, and wanting to talk about that (so the result has an agenda item).
   */
  async fillSelfCheckAboutMoney() {
    await this.choose('Wonen er kinderen bij u thuis?', 'Nee');
    await this.next();
    const { total } = await this.step();
    for (let step = 2; step <= total; step++) {
      if ((await this.screenHeading.textContent()) === 'Post en geld') {
        await this.form.getByRole('group', { name: /^Hoe (gaat|gaan)/ }).first().getByRole('radio', { name: 'Veel problemen', exact: true }).check();
        await this.choose('Hierover wil ik praten', 'Ja');
      }
      if (step < total) await this.next();
    }
    await this.finishButton.click();
  }

  /**
   * The follow-up from "Wat is er met uw vraag gebeurd?" to "Klaar": partly helped, the solution
   * does not fit, the problem is partly still there.
   */
  async fillFollowUpPartlyHelped() {
    await this.choose('Wat is er met uw vraag gebeurd?', 'Ik ben voor een deel geholpen');
    await this.next();
    await this.choose('Past de oplossing bij wat u wilde?', 'Nee');
    await this.choose('Is het probleem er nog?', 'Voor een deel');
    while (await this.nextButton.isVisible()) await this.next();
    await this.finishButton.click();
  }

  async finish() {
    await this.finishButton.click();
    await expect(this.doneHeading).toBeVisible();
  }

  /** Clicks the download button and returns the parsed JSON file plus its suggested name. */
  async downloadResponse() {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.downloadButton.click()]);
    const path = await download.path();
    const text = await readFile(path, 'utf8');
    return { fileName: download.suggestedFilename(), json: JSON.parse(text) };
  }

  /** The saved draft of questionnaire `id` as stored on the device, parsed (or null). */
  async draft(id) {
    const raw = await storedValue(this.page, `wijkpeil:draft:${id}`);
    return raw === null ? null : JSON.parse(raw);
  }

  /** Waits until the page says that every answer is on the device's disk. */
  async expectSaved() {
    await expect(this.page.locator('.save-status')).toHaveText('Bewaard op dit apparaat.');
  }
}

/**
 * All answers of a QuestionnaireResponse by linkId (nested items flattened). Codings become their
 * code, other answers their primitive value.
 */
export function answersByLinkId(response) {
  const out = {};
  const walk = (items = []) => {
    for (const it of items) {
      for (const a of it.answer ?? []) {
        const [key] = Object.keys(a).filter((k) => k.startsWith('value'));
        const v = a[key];
        (out[it.linkId] ??= []).push(key === 'valueCoding' ? v.code : v);
        walk(a.item);
      }
      walk(it.item);
    }
  };
  walk(response.item);
  return out;
}
