// Page object for /voorbeeld: pick a questionnaire file (or ?q=/same-origin.json) and see it,
// or the list of problems found in it.
import { expect } from '@playwright/test';
import { AppShell } from './app-shell.mjs';
import { QuestionnairePage } from './questionnaire-page.mjs';

export class PreviewPage {
  /** @param {import('@playwright/test').Page} page */
  constructor(page) {
    this.page = page;
    this.shell = new AppShell(page);
    this.heading = page.getByRole('heading', { level: 1, name: 'Voorbeeld bekijken' });
    this.fileInput = page.getByLabel('Kies een bestand');
    this.loaded = page.locator('p.loaded');
    this.problems = page.locator('ul.problems > li');
    this.problemList = page.locator('ul.problems');
    this.errorHeading = page.getByRole('heading', { level: 2, name: 'Deze vragenlijst kan niet worden geopend' });
    // Shown notices only (a Lees voor button keeps an empty, hidden one ready).
    this.notice = page.locator('main p.notice:visible');
    this.questionnaire = new QuestionnairePage(page);
  }

  async goto(q) {
    await this.page.goto(q === undefined ? '/voorbeeld' : `/voorbeeld?q=${q}`);
    await expect(this.heading).toBeVisible();
  }

  /** Loads a local file through the file input, as a content author would. */
  async pickFile(path) {
    await this.fileInput.setInputFiles(path);
  }
}
