// Home page: Dutch by default, English on request (remembered), and usable with the keyboard only.
import { test, expect } from './fixtures.mjs';
import { HomePage, WAYS_IN } from './pages/home-page.mjs';

test.describe('startpagina', () => {
  test('laadt in het Nederlands met drie ingangen', async ({ page, axe }) => {
    const home = new HomePage(page);
    await home.goto();
    await expect(home.heading).toHaveText('Waar kunnen we u mee helpen?');
    expect(await home.shell.htmlLang()).toBe('nl');
    await expect(home.shell.languageButton('Nederlands')).toHaveAttribute('aria-pressed', 'true');
    await expect(home.shell.languageButton('English')).toHaveAttribute('aria-pressed', 'false');
    for (const { title, path } of WAYS_IN) {
      await expect(home.wayIn(title)).toHaveAttribute('href', path);
    }
    await expect(page).toHaveTitle(/Wijkpeil/);
    await axe.expectNoAxeViolations(page);
  });

  test('welke taal iemand ook kiest: de server ziet dezelfde verzoeken', async ({ browser }) => {
    const requestsWhenChoosing = async (name) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const seen = [];
      page.on('request', (r) => {
        if (r.url().includes('/locales/')) seen.push(new URL(r.url()).pathname);
      });
      const home = new HomePage(page);
      await home.goto();
      await home.shell.chooseLanguage(name);
      await expect(page.locator('html')).not.toHaveAttribute('lang', 'nl');
      await expect.poll(() => seen.length).toBe(5);
      await context.close();
      return seen.sort();
    };
    const arabic = await requestsWhenChoosing('العربية');
    expect(await requestsWhenChoosing('Українська')).toEqual(arabic);
    expect(await requestsWhenChoosing('English')).toEqual(arabic);
  });

  test('Engels kiezen verandert de teksten en <html lang>, en blijft na herladen', async ({ page, axe }) => {
    const locales = [];
    page.on('request', (r) => {
      if (r.url().includes('/locales/')) locales.push(new URL(r.url()).pathname);
    });
    const home = new HomePage(page);
    await home.goto();
    // Dutch is built in: a Dutch visit fetches no other language.
    expect(locales).toEqual([]);
    await home.shell.chooseLanguage('English');
    await expect(home.heading).toHaveText('How can we help you?');
    await expect(home.shell.skipLink).toHaveText('Skip to content');
    await expect(home.wayIn('How are you doing?')).toHaveAttribute('href', '/hoe-gaat-het');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(home.shell.languageButton('Nederlands')).toHaveAttribute('aria-pressed', 'false');
    // Each language button is named in its own language.
    await expect(home.shell.languageButton('English')).toHaveAttribute('lang', 'en');
    await expect(home.shell.languageButton('Nederlands')).toHaveAttribute('lang', 'nl');
    // Fetched when chosen, together with every other language on offer (the demo config offers
    // all six), each once: the server's log does not tell which one the person chose.
    const ALL = ['/locales/ar.txt', '/locales/en.txt', '/locales/pl.txt', '/locales/tr.txt', '/locales/uk.txt'];
    expect([...locales].sort()).toEqual(ALL);
    await axe.expectNoAxeViolations(page);

    await page.reload();
    await expect(home.heading).toHaveText('How can we help you?');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(home.shell.languageButton('English')).toHaveAttribute('aria-pressed', 'true');
    await axe.expectNoAxeViolations(page);

    // And back to Dutch.
    await home.shell.chooseLanguage('Nederlands');
    await expect(home.heading).toHaveText('Waar kunnen we u mee helpen?');
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
    await axe.expectNoAxeViolations(page);
  });

  test('met alleen het toetsenbord: skiplink, taalknoppen, drie ingangen, Enter opent', async ({ page, axe }) => {
    const home = new HomePage(page);
    await home.goto();

    // Tab 1: the skip link, visible when focused.
    await page.keyboard.press('Tab');
    await expect(home.shell.skipLink).toBeFocused();
    await expect(home.shell.skipLink).toHaveText('Naar de inhoud');
    await expect(home.shell.skipLink).toBeInViewport();

    // Then the rest, in order: the brand link (home), the language buttons (the demo config switches
    // all six on), "Snel weg", "Direct hulp", the three ways in.
    const expected = [
      home.shell.brand,
      ...['Nederlands', 'English', 'العربية', 'Türkçe', 'Polski', 'Українська'].map((n) => home.shell.languageButton(n)),
      page.getByRole('button', { name: /^Snel weg/ }),
      page.getByRole('link', { name: 'Direct hulp', exact: true }),
      ...WAYS_IN.map(({ title }) => home.wayIn(title)),
    ];
    for (const target of expected) {
      await page.keyboard.press('Tab');
      await expect(target).toBeFocused();
    }
    // The focused way in has a visible focus indicator.
    const outline = await home.wayIn(WAYS_IN[2].title).evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).not.toBe('none');
    await axe.expectNoAxeViolations(page);

    const historyAtHome = await page.evaluate(() => history.length);
    // Enter on the focused way in (the follow-up) opens it without a full reload.
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/vervolg$/);
    await expect(page.locator('form.questionnaire #voortgang')).toHaveText(/^Stap 1 van \d+$/);
    await axe.expectNoAxeViolations(page);

    // In-app navigation replaces the history entry (so "Snel weg" leaves nothing behind):
    // the tab still has one entry for Wijkpeil, and the brand link leads home.
    expect(await page.evaluate(() => history.length)).toBe(historyAtHome);
    await page.getByRole('link', { name: 'Wijkpeil', exact: true }).click();
    await expect(home.heading).toHaveText('Waar kunnen we u mee helpen?');
  });

  test('de skiplink brengt de focus naar de inhoud', async ({ page, axe }) => {
    const home = new HomePage(page);
    await home.goto();
    await page.keyboard.press('Tab');
    await expect(home.shell.skipLink).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(home.shell.main).toBeFocused();
    // The next Tab lands on the first way in, past the header.
    await page.keyboard.press('Tab');
    await expect(home.wayIn(WAYS_IN[0].title)).toBeFocused();
    await axe.expectNoAxeViolations(page);
  });

  test('Enter op een ingang met de taalkeuze Engels opent de Engelse vragenlijst', async ({ page, axe }) => {
    const home = new HomePage(page);
    await home.goto();
    await home.shell.chooseLanguage('English');
    await home.wayIn('Is the neighbourhood team right for my question?').focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/past-mijn-vraag$/);
    await expect(page.locator('form.questionnaire #voortgang')).toHaveText(/^Step 1 of \d+$/);
    await axe.expectNoAxeViolations(page);
  });

  test('is bruikbaar op 320 px breed zonder horizontaal scrollen', async ({ page, axe }) => {
    await page.setViewportSize({ width: 320, height: 640 });
    const home = new HomePage(page);
    await home.goto();
    await home.shell.expectNoHorizontalScroll();
    await expect(home.wayIn(WAYS_IN[2].title)).toBeVisible();
    await axe.expectNoAxeViolations(page);
  });
});

test.describe('een taal die niet geladen kan worden', () => {
  test.use({ failOnConsoleErrors: false }); // the failed fetch is logged; checked below
  test('geeft een melding en de pagina blijft in het Nederlands', async ({ page, axe, browserErrors }) => {
    await page.route('**/locales/en.txt', (route) => route.abort('internetdisconnected'));
    const home = new HomePage(page);
    await home.goto();
    await home.shell.languageButton('English').click();
    await expect(page.getByRole('alert')).toHaveText('English kan nu niet worden geladen. Heeft u internet? Probeer het later nog eens.');
    await expect(home.heading).toHaveText('Waar kunnen we u mee helpen?');
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
    await axe.expectNoAxeViolations(page);
    expect(browserErrors.filter((e) => !/locales\/en\.txt/.test(e))).toEqual([]);
  });
});
