// Page object for what every Wijkpeil page has: skip link, header with language buttons,
// <main>, and the document language.
import { expect } from '@playwright/test';

export class AppShell {
  /** @param {import('@playwright/test').Page} page */
  constructor(page) {
    this.page = page;
    this.skipLink = page.locator('a.skip-link');
    this.brand = page.locator('.site-header a.brand');
    this.languageNav = page.locator('nav.languages');
    this.main = page.locator('main#inhoud');
    this.h1 = page.locator('main h1');
  }

  /** The language button whose visible name is `nativeName` ("Nederlands", "English"). */
  languageButton(nativeName) {
    return this.languageNav.getByRole('button', { name: nativeName, exact: true });
  }

  async chooseLanguage(nativeName) {
    await this.languageButton(nativeName).click();
    await expect(this.languageButton(nativeName)).toHaveAttribute('aria-pressed', 'true');
  }

  async htmlLang() {
    return this.page.evaluate(() => document.documentElement.lang);
  }

  /** Waits until the app has replaced the static "loading" text with a page. */
  async waitForApp() {
    await expect(this.h1).toBeVisible();
  }

  /** Fails when the page scrolls sideways at the current viewport width. */
  async expectNoHorizontalScroll() {
    const { scrollWidth, clientWidth } = await this.page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    const width = this.page.viewportSize()?.width ?? clientWidth;
    expect(scrollWidth, `page is ${scrollWidth}px wide at a ${width}px viewport`).toBeLessThanOrEqual(width);
  }

  /** Accessible-ish description of the focused element: tag, role-ish text, for keyboard tests. */
  async focused() {
    return this.page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return { tag: 'body', text: '', href: null };
      return {
        tag: el.tagName.toLowerCase(),
        text: (el.getAttribute('aria-label') || el.textContent || '').replace(/\s+/g, ' ').trim(),
        href: el.getAttribute('href'),
        className: el.className || '',
      };
    });
  }
}
