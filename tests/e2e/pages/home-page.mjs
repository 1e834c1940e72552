// Page object for the home page (/): the three ways in.
import { expect } from '@playwright/test';
import { AppShell } from './app-shell.mjs';

export const WAYS_IN = [
  { title: 'Past mijn vraag bij het wijkteam?', path: '/past-mijn-vraag' },
  { title: 'Hoe gaat het met u?', path: '/hoe-gaat-het' },
  { title: 'Vervolg: hoe is het nu?', path: '/vervolg' },
];

export class HomePage {
  /** @param {import('@playwright/test').Page} page */
  constructor(page) {
    this.page = page;
    this.shell = new AppShell(page);
    this.heading = page.getByRole('heading', { level: 1 });
    this.waysIn = page.locator('ul.ways-in a');
  }

  async goto() {
    await this.page.goto('/');
    await expect(this.waysIn).toHaveCount(3);
  }

  /** The link of a way in, by the start of its title (the link's name also holds its text). */
  wayIn(title) {
    return this.page.locator('ul.ways-in a').filter({ has: this.page.locator('.way-title', { hasText: title }) });
  }
}
