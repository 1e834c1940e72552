// "Past mijn vraag bij het wijkteam?": the urgent path within three taps, a parenting question
// routed to the CJG with the wijkteam still offered, the team's open state in Dutch time, the
// register record kept on the device (codes only), and a broken routing rule in the config. On a
// 390 px phone: "We vragen dit aan iedereen." before the questions about violence and suicide, and
// alcohol, drugs or gambling routed to the region's addiction care with the wijkteam still there.
import { test, expect } from './fixtures.mjs';
import { withConfig } from './pages/config.mjs';
import { FitCheckPage, ALWAYS_TEAM } from './pages/fit-check-page.mjs';
import { HomePage } from './pages/home-page.mjs';

test.use({ viewport: { width: 360, height: 740 } });

test.describe('past mijn vraag bij het wijkteam', () => {
  test('spoed vanaf de startpagina: tik 1 opent de lijst, tik 2 belt', async ({ page, axe }) => {
    const home = new HomePage(page);
    await home.goto();
    await page.getByRole('link', { name: /Direct hulp nodig\?/ }).click(); // tap 1
    await expect(page).toHaveURL(/\/spoed$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Direct hulp');
    const call112 = page.getByRole('link', { name: /bel 112$/ });
    await expect(call112).toHaveAttribute('href', 'tel:112'); // tap 2 calls
    await expect(page.getByRole('link', { name: /Huiselijk geweld.*bel/i })).toHaveAttribute('href', /^tel:\d+$/);
    await axe.expectNoAxeViolations(page);
  });

  test('spoed in de vragenlijst: "Ja" bij geweld toont meteen de nummers, geweld eerst', async ({ page, baseURL, axe }) => {
    // An address to send to, so that "Anoniem meetellen" shows what would go (nothing is chosen).
    await withConfig(page, (c) => (c.submission_endpoint = baseURL));
    const fit = new FitCheckPage(page);
    await page.goto('/');
    await page.getByRole('link', { name: /Past mijn vraag bij het wijkteam\?/ }).click(); // tap 1
    await fit.choose('Is er geweld bij u thuis?', 'Ja'); // tap 2
    const first = page.locator('.urgent-contacts .urgent-contact').first();
    await expect(first).toContainText('huiselijk geweld');
    await expect(first.getByRole('link')).toHaveAttribute('href', /^tel:\d+$/); // tap 3 calls
    await axe.expectNoAxeViolations(page);

    // Finishing with the "Ja" still there: the outcome is the urgent one.
    await fit.choose('Is er geweld bij u thuis?', 'Ja');
    for (let n = 0; n < 3; n++) await fit.next();
    await fit.finish();
    await expect(fit.outcomeHeading).toHaveText('Zoek nu direct hulp');
    await expect(page.locator('.fit-outcome .urgent-contact').first()).toContainText('huiselijk geweld');
    await expect(page.getByText(ALWAYS_TEAM)).toBeVisible();
    await axe.expectNoAxeViolations(page);

    // Its register record is an urgent signal: the quarter alone, no wijk, week, area or contact.
    await expect.poll(async () => (await fit.registerRecords()).length).toBe(1);
    const [record] = await fit.registerRecords();
    expect(Object.keys(record).sort()).toEqual(['channel', 'format', 'id', 'kind', 'quarter']);
    expect(record).toMatchObject({ format: 2, kind: 'urgent', channel: 'app', quarter: expect.stringMatching(/^\d{4}-Q[1-4]$/) });
    // The send screen says so in plain words, next to the record.
    await page.getByRole('link', { name: 'Bekijk en kies' }).click();
    const card = page.locator('.record');
    await expect(card.getByRole('heading', { level: 2 })).toHaveText('Direct hulp nodig');
    await expect(card.locator('.record-note')).toContainText('Geen wijk, geen week en geen onderwerp.');
    await expect(card.locator('dl')).not.toContainText('geweld');
    await axe.expectNoAxeViolations(page);
  });

  test('een vraag over opvoeden: naar het CJG, het wijkteam blijft aangeboden; de wijk wordt onthouden', async ({ page, axe }) => {
    // Monday 23 November 2026, 10:00 in Voorbeeldstad (CET, UTC+1): wijkteam Noord is open.
    await page.clock.setFixedTime(new Date('2026-11-23T09:00:00Z'));
    const fit = new FitCheckPage(page);
    await fit.open();
    await axe.expectNoAxeViolations(page);
    await fit.noUrgency();
    await fit.areas('Opvoeden of opgroeien van kinderen');
    await fit.choose('Gaat uw vraag over iemand die jonger is dan 18 jaar?', 'Ja');
    await fit.choose('Gaat uw vraag over één ding, of over meer dingen?', 'Over één ding');
    await fit.next();
    await fit.finish();

    await expect(fit.outcomeHeading).toHaveText('Een andere plek kan u waarschijnlijk sneller helpen');
    await expect(fit.outcomeHeading).toBeFocused();
    await expect(page.locator('.fit-outcome .reasons li').first()).toContainText('Bij opvoeden of opgroeien van kinderen'); // no capital mid-sentence
    await expect(fit.partners).toHaveCount(1);
    await expect(fit.partners.first()).toContainText('Centrum voor Jeugd en Gezin');
    await expect(page.getByText(ALWAYS_TEAM)).toBeVisible();
    await axe.expectNoAxeViolations(page);

    // The wijk by postcode; the team card says whether the team is open now.
    await fit.postcode.fill('9992');
    await fit.postcode.press('Tab');
    await expect(fit.wijkSelect).toHaveValue('noord');
    await expect(fit.teamCard.getByRole('heading')).toHaveText('Wijkteam Noord');
    await expect(fit.teamCard.locator('.open-state')).toHaveText('Nu open, tot 17:00');
    await expect(fit.teamCard.getByRole('link', { name: 'Bel 0900-0000010' })).toHaveAttribute('href', 'tel:09000000010');
    await axe.expectNoAxeViolations(page);

    // One register record on this device: codes, the wijk code and the ISO week, nothing else.
    const records = await fit.registerRecords();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      kind: 'fit_check',
      areas: ['parenting_youth'],
      under_18: 'yes',
      breadth: 'one',
      outcome: 'elsewhere_faster',
      wijk: 'noord',
      week: '2026-W48',
    });

    // Finishing again after a change updates that record instead of adding one.
    await page.getByRole('button', { name: 'Antwoorden bekijken of veranderen' }).click();
    await fit.finish();
    await expect(fit.outcomeHeading).toBeVisible();
    expect(await fit.registerRecords()).toHaveLength(1);

    // The choice of wijk is remembered: the urgent page shows the same team.
    await page.goto('/spoed');
    await expect(fit.teamCard.getByRole('heading')).toHaveText('Wijkteam Noord');
  });

  test('gesloten op zondag: "weer open op maandag om 9:00" in Nederlandse tijd', async ({ page, axe }) => {
    // Sunday 29 March 2026, 23:30 UTC = Monday 01:30 summer time in Voorbeeldstad (DST began
    // that night): the team opens "vandaag" (Monday) at 09:00.
    await page.clock.setFixedTime(new Date('2026-03-29T23:30:00Z'));
    await page.addInitScript(() => localStorage.setItem('wijkpeil:pref:wijk', 'noord'));
    const fit = new FitCheckPage(page);
    await page.goto('/spoed');
    await expect(fit.teamCard.locator('.open-state')).toHaveText('Nu gesloten. Vandaag weer open om 09:00');
    // One hour earlier in UTC it is still Sunday evening there.
    await page.clock.setFixedTime(new Date('2026-03-29T21:30:00Z'));
    await page.reload();
    await expect(fit.teamCard.locator('.open-state')).toHaveText('Nu gesloten. Morgen weer open om 09:00');
    await axe.expectNoAxeViolations(page);
  });

  test.describe('met een routeringsregel die naar niets wijst', () => {
    test('werkt de check gewoon; de startpagina noemt de fout en de plek voor de gemeente', async ({ page, axe }) => {
      await page.route('**/config/gemeente.json', async (route) => {
        const response = await route.fetch();
        const config = await response.json();
        config.routing.areas.parenting_youth = ['bestaat_niet'];
        await route.fulfill({ response, json: config });
      });
      const fit = new FitCheckPage(page);
      await fit.open();
      await fit.choose('Is er geweld bij u thuis?', 'Ja');
      await expect(page.locator('.urgent-contacts .urgent-contact').first()).toContainText('huiselijk geweld');
      await axe.expectNoAxeViolations(page);
      await page.goto('/');
      const notice = page.locator('.config-notice');
      await expect(notice).toContainText('Voor de gemeente: een deel van de instellingen klopt niet');
      await expect(notice.locator('ul.problems > li').first()).toContainText('routing');
      await axe.expectNoAxeViolations(page);
    });
  });

  test.describe('op een telefoon van 390 px', () => {
    test.use({ viewport: { width: 390, height: 844 } });

    test('"We vragen dit aan iedereen." staat voor de vragen over geweld en over zelfdoding', async ({ page, axe }) => {
      const fit = new FitCheckPage(page);
      await fit.open();
      const everyone = fit.form.getByText('We vragen dit aan iedereen.', { exact: true });
      await expect(everyone).toHaveCount(2);
      const top = async (locator) => (await locator.boundingBox()).y;
      const [danger, violence, noBed, suicide] = [
        fit.question('Is iemand nu in gevaar?'),
        fit.question('Is er geweld bij u thuis?'),
        fit.question('Zoekt u een plek om vannacht te slapen?'),
        fit.question('Denkt u erover om een einde aan uw leven te maken?'),
      ];
      expect(await top(everyone.nth(0))).toBeGreaterThan(await top(danger));
      expect(await top(everyone.nth(0))).toBeLessThan(await top(violence));
      expect(await top(everyone.nth(1))).toBeGreaterThan(await top(noBed));
      expect(await top(everyone.nth(1))).toBeLessThan(await top(suicide));
      await axe.expectNoAxeViolations(page);
    });

    test('alcohol, drugs of gokken: de verslavingszorg in de regio, en het wijkteam blijft aangeboden', async ({ page, axe }) => {
      const fit = new FitCheckPage(page);
      await fit.open();
      await fit.noUrgency();
      await fit.areas('Alcohol, drugs of gokken (verslaving)');
      await fit.choose('Gaat uw vraag over iemand die jonger is dan 18 jaar?', 'Nee');
      await fit.choose('Gaat uw vraag over één ding, of over meer dingen?', 'Over één ding');
      await fit.choose('Helpen mensen om u heen u al?', 'Ja, en dat is genoeg');
      await fit.next();
      await fit.finish();
      await expect(fit.outcomeHeading).toHaveText('Een andere plek kan u waarschijnlijk sneller helpen');
      await expect(page.locator('.fit-outcome .reasons li').first()).toContainText('Bij alcohol, drugs of gokken (verslaving)');
      await expect(fit.partners).toHaveCount(1);
      await expect(fit.partners.first()).toContainText('Verslavingszorg in de regio');
      await expect(fit.partners.first().getByRole('link', { name: 'Bel 0900-0000090' })).toHaveAttribute('href', 'tel:09000000090');
      await expect(page.getByText(ALWAYS_TEAM)).toBeVisible();
      await axe.expectNoAxeViolations(page);
      const records = await fit.registerRecords();
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ kind: 'fit_check', areas: ['addiction'], destinations: ['addiction'], outcome: 'elsewhere_faster' });
    });
  });
});
