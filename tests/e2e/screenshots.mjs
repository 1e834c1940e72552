#!/usr/bin/env node
// Screenshots for reviewers of a language: the fit check (its first screen and its outcome) and
// the self-check result, on a 390×844 phone, in each language asked for. Not a test: it checks
// nothing and only writes PNG files, so a translator can see the texts where people read them.
// The forms are filled in Dutch (the page objects know the Dutch labels); the language is then
// switched on the page itself, which is also what a supporter beside a client may do.
// Usage: node tests/e2e/screenshots.mjs [--dist dist] [--out target/screenshots] [--langs ar,uk]
import { mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { startServer } from './serve-dist.mjs';
import { launchOptions } from './browser.mjs';
import { opt } from '../../scripts/cli.mjs';
import { AppShell } from './pages/app-shell.mjs';
import { FitCheckPage } from './pages/fit-check-page.mjs';
import { QuestionnairePage } from './pages/questionnaire-page.mjs';

const DIST = opt('--dist', 'dist');
const OUT = opt('--out', 'target/screenshots');
const LANGS = opt('--langs', 'ar,uk').split(',');
// The language buttons' names (each in its own language).
const LANGUAGE_NAMES = { nl: 'Nederlands', en: 'English', ar: 'العربية', tr: 'Türkçe', pl: 'Polski', uk: 'Українська' };

await mkdir(OUT, { recursive: true });
const server = await startServer({ root: DIST, port: 0 });
const browser = await chromium.launch(launchOptions());
const written = [];
try {
  for (const code of LANGS) {
    const name = LANGUAGE_NAMES[code];
    if (!name) throw new Error(`unknown language ${code}`);
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 390, height: 844 }, locale: 'nl-NL', serviceWorkers: 'block' });
    const page = await context.newPage();
    const shell = new AppShell(page);
    const shot = async (what) => {
      await page.waitForLoadState('networkidle');
      await page.evaluate(() => document.fonts.ready);
      const file = `${OUT}/${code}-${what}.png`;
      await page.screenshot({ path: file, fullPage: true });
      written.push(file);
    };
    const inLanguage = async () => {
      await shell.chooseLanguage(name);
      await page.waitForFunction((c) => document.documentElement.lang === c, code);
    };

    // The fit check: its first screen in the language, then its outcome.
    const fit = new FitCheckPage(page);
    await fit.open();
    await inLanguage();
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot('past-mijn-vraag');
    await shell.chooseLanguage('Nederlands');
    await fit.noUrgency();
    await fit.areas('Geld of schulden');
    await fit.next();
    await fit.finish();
    await inLanguage();
    await shot('past-mijn-vraag-uitkomst');

    // The self-check's result.
    await shell.chooseLanguage('Nederlands');
    const self = new QuestionnairePage(page);
    await self.goto('/hoe-gaat-het');
    await self.fillSelfCheckAboutMoney();
    await page.locator('.self-result').waitFor();
    await inLanguage();
    await shot('hoe-gaat-het-uitkomst');
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`screenshots: ${written.length} written\n${written.map((f) => `  ${f}`).join('\n')}`);
