// /voorbeeld for content authors: problems of a broken file, refusal of other websites, and every
// FHIR R4 conformance Questionnaire rendering as a form.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from './fixtures.mjs';
import { PreviewPage } from './pages/preview-page.mjs';
import { answersByLinkId } from './pages/questionnaire-page.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const CONFORMANCE_DIR = resolve(here, '../../../shared/conformance/fhir-r4');
const conformanceFiles = readdirSync(CONFORMANCE_DIR)
  .filter((f) => f.endsWith('.json') && !f.startsWith('questionnaireresponse-'))
  .sort()
  .map((f) => join(CONFORMANCE_DIR, f));

test.describe('voorbeeld bekijken', () => {
  test('de lege pagina heeft een bestandskiezer met label', async ({ page, axe }) => {
    const preview = new PreviewPage(page);
    await preview.goto();
    await expect(preview.fileInput).toHaveAttribute('id', 'voorbeeld-bestand');
    await expect(preview.fileInput).toHaveAttribute('type', 'file');
    await expect(preview.problemList).toHaveCount(0);
    await expect(page.locator('form.questionnaire')).toHaveCount(0);
    await axe.expectNoAxeViolations(page);
  });

  test('een kapot bestand toont zijn 4 problemen, elk met plaats en linkId', async ({ page, axe }) => {
    const preview = new PreviewPage(page);
    await preview.goto('/questionnaires/voorbeeld-kapot.json');
    await expect(preview.errorHeading).toBeVisible();
    await expect(preview.problems).toHaveCount(4);
    await expect(page.getByText('4 problemen gevonden.')).toBeVisible();
    const texts = await preview.problems.allTextContents();
    const linkIds = texts.map((t) => {
      const m = t.match(/^Vraag (\S+) \(([^)]+)\): .+/);
      expect(m, `problem line names position and linkId: ${JSON.stringify(t)}`).not.toBeNull();
      return m[2];
    });
    expect(linkIds.sort()).toEqual(['leeftijd', 'toelichting', 'woonplaats', 'zonder_type']);
    const byId = Object.fromEntries(texts.map((t, k) => [t.match(/\(([^)]+)\)/)[1], t]));
    expect(byId.woonplaats).toContain('De linkId woonplaats komt vaker voor');
    expect(byId.toelichting).toContain('bestaat_niet');
    expect(byId.zonder_type).toContain('Deze vraag heeft geen type.');
    expect(byId.leeftijd).toContain('past niet bij deze vraag');
    await expect(page.locator('form.questionnaire')).toHaveCount(0);
    await axe.expectNoAxeViolations(page);

    // The list follows the language.
    await preview.shell.chooseLanguage('English');
    await expect(page.getByRole('heading', { level: 2, name: 'This questionnaire cannot be opened' })).toBeVisible();
    await expect(page.getByText('4 problems found.')).toBeVisible();
    await expect(preview.problems).toHaveCount(4);
    await axe.expectNoAxeViolations(page);
  });

  test('het kapotte bestand via de bestandskiezer geeft dezelfde 4 problemen', async ({ page, axe }) => {
    const preview = new PreviewPage(page);
    await preview.goto();
    await preview.pickFile(resolve(here, '../../public/questionnaires/voorbeeld-kapot.json'));
    await expect(preview.errorHeading).toBeVisible();
    await expect(preview.problems).toHaveCount(4);
    await axe.expectNoAxeViolations(page);
  });

  test('bruikbaar op 320 px breed zonder horizontaal scrollen', async ({ page, axe }) => {
    await page.setViewportSize({ width: 320, height: 640 });
    const preview = new PreviewPage(page);
    await preview.goto();
    await preview.shell.expectNoHorizontalScroll();
    await axe.expectNoAxeViolations(page);
    await preview.goto('/questionnaires/voorbeeld-kapot.json');
    await expect(preview.problems).toHaveCount(4);
    await preview.shell.expectNoHorizontalScroll();
    await axe.expectNoAxeViolations(page);
  });

  test('een adres van een andere website wordt geweigerd, zonder verzoek', async ({ page, axe }) => {
    const foreign = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('http://127.0.0.1')) foreign.push(r.url());
    });
    const preview = new PreviewPage(page);
    await preview.goto('https://elders.example/x.json');
    await expect(preview.notice).toHaveText('Alleen bestanden van deze website kunnen worden geopend.');
    await expect(preview.notice).toHaveAttribute('role', 'alert');
    await expect(page.locator('form.questionnaire')).toHaveCount(0);
    expect(foreign).toEqual([]);
    await axe.expectNoAxeViolations(page);

    // A protocol-relative address is another website too.
    await preview.goto('//elders.example/x.json');
    await expect(preview.notice).toHaveText('Alleen bestanden van deze website kunnen worden geopend.');
    expect(foreign).toEqual([]);
  });

  test('een geldig bestand toont het formulier, en na Klaar de downloadknop', async ({ page, axe }) => {
    test.slow();
    // phq9.json: eleven screens, eight of them a required choice (drop-down lists).
    const file = join(CONFORMANCE_DIR, 'phq9.json');
    const required = JSON.parse(readFileSync(file, 'utf8'))
      .item.filter((it) => it.required)
      .map((it) => it.linkId);
    const preview = new PreviewPage(page);
    const q = preview.questionnaire;
    await preview.goto();
    await preview.pickFile(file);
    await expect(q.form).toBeVisible();
    await expect(preview.loaded).toHaveText('Geladen: phq9.json');
    const { total } = await q.step();
    expect(total).toBe(11);
    for (let step = 1; step <= total; step++) {
      await q.expectStep(step, total);
      // Choose the first option of every question on the screen (drop-down lists or radios).
      const selects = q.form.locator('.screen select:visible');
      for (let k = 0; k < (await selects.count()); k++) {
        await selects.nth(k).selectOption({ index: 1 });
      }
      const radios = q.form.locator('.screen fieldset.question:visible');
      for (let k = 0; k < (await radios.count()); k++) {
        await radios.nth(k).getByRole('radio').first().check();
      }
      await axe.expectNoAxeViolations(page);
      if (step < total) await q.next();
    }
    await q.finish();
    await expect(q.doneHeading).toBeFocused();
    await expect(q.downloadButton).toBeVisible();
    await axe.expectNoAxeViolations(page);
    const { json } = await q.downloadResponse();
    expect(json.resourceType).toBe('QuestionnaireResponse');
    expect(json.status).toBe('completed');
    const answered = Object.keys(answersByLinkId(json));
    for (const linkId of required) expect(answered).toContain(linkId);
  });
});

test.describe('alle FHIR R4-conformance-vragenlijsten', () => {
  for (const file of conformanceFiles) {
    const name = basename(file);
    test(`${name} laat een formulier zien`, async ({ page, axe }) => {
      const def = JSON.parse(readFileSync(file, 'utf8'));
      expect(def.resourceType).toBe('Questionnaire');
      const preview = new PreviewPage(page);
      await preview.goto();
      await preview.pickFile(file);
      await expect(preview.loaded).toHaveText(`Geladen: ${name}`);
      const form = page.locator('form.questionnaire');
      await expect(form).toBeVisible();
      await expect(preview.problemList).toHaveCount(0);
      await expect(preview.notice).toHaveCount(0);
      await expect(form.locator('#voortgang')).toHaveText(/^Stap 1 van \d+$/);
      await axe.expectNoAxeViolations(page);
    });
  }
});
