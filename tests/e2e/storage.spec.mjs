// A damaged saved list is set aside (never deleted) and the person is told, and the app works on.
import { readFile } from 'node:fs/promises';
import { test, expect } from './fixtures.mjs';
import { QuestionnairePage } from './pages/questionnaire-page.mjs';
import { storedRecords, storedValue } from './pages/stored.mjs';

const DRAFT = 'wijkpeil:draft:hoe-gaat-het';
const DAMAGED = 'wijkpeil:damaged:draft:hoe-gaat-het';
const NOTICE = 'Een bewaarde lijst kon niet worden gelezen. We hebben hem apart gezet en niet gewist.';

test('een kapotte bewaarde lijst geeft een melding en wordt apart bewaard', async ({ page, axe }) => {
  // Only before the first load: a reload must see what the app made of it.
  await page.addInitScript(
    ([key]) => {
      if (!sessionStorage.getItem('e2e-seeded')) {
        sessionStorage.setItem('e2e-seeded', '1');
        localStorage.setItem(key, '{kapot');
      }
    },
    [DRAFT],
  );
  const q = new QuestionnairePage(page);
  await q.goto('/hoe-gaat-het');
  const notice = page.locator('main p.notice:visible');
  await expect(notice).toHaveText(NOTICE);
  await expect(notice).toHaveAttribute('role', 'alert');
  expect(await storedValue(page, DAMAGED)).toBe('{kapot');
  expect(await storedValue(page, DRAFT)).toBeNull();
  // A fresh start on the first screen.
  await q.expectStep(1, 16);
  await expect(q.form.locator('input:checked')).toHaveCount(0);
  await axe.expectNoAxeViolations(page);

  // Answering saves a new draft next to the damaged one; the notice stays.
  await q.choose('Hoe vult u deze vragen in?', 'Ik vul ze zelf in');
  await expect(notice).toHaveText(NOTICE);
  await expect.poll(() => q.draft('hoe-gaat-het')).not.toBeNull();
  expect(await storedValue(page, DAMAGED)).toBe('{kapot');

  // After a reload the new draft is used and there is nothing to report any more.
  await page.reload();
  await expect(q.form).toBeVisible();
  await expect(q.option('Hoe vult u deze vragen in?', 'Ik vul ze zelf in')).toBeChecked();
  await expect(notice).toHaveCount(0);
  expect(await storedValue(page, DAMAGED)).toBe('{kapot');
  await axe.expectNoAxeViolations(page);
});

test('een lijst van een nieuwere versie wordt niet aangeraakt', async ({ page, axe }) => {
  const newer = JSON.stringify({ format: 99, kind: 'draft', data: { anything: true } });
  await page.addInitScript(([key, value]) => localStorage.setItem(key, value), [DRAFT, newer]);
  const q = new QuestionnairePage(page);
  await q.goto('/hoe-gaat-het');
  await expect(page.locator('main p.notice:visible')).toContainText('Deze lijst is bewaard door een nieuwere versie van Wijkpeil.');
  expect(await storedValue(page, DRAFT)).toBe(newer);
  expect(await storedValue(page, DAMAGED)).toBeNull();
  await axe.expectNoAxeViolations(page);
});

test.describe('op een telefoon', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('een volle schijf: de antwoorden blijven, de melding staat in beeld, en ze kunnen in een bestand', async ({ page, axe }) => {
    // What a full disk does to IndexedDB: every write throws QuotaExceededError.
    await page.addInitScript(() => {
      IDBObjectStore.prototype.put = function () {
        throw new DOMException('full', 'QuotaExceededError');
      };
    });
    const q = new QuestionnairePage(page);
    await q.goto('/hoe-gaat-het');
    await q.choose('Hoe vult u deze vragen in?', 'Samen met een cliëntondersteuner (iemand die u gratis helpt)');
    const alert = page.locator('.save-failed');
    await expect(alert).toHaveAttribute('role', 'alert');
    await expect(alert).toContainText('Het geheugen van de browser is vol. Uw laatste antwoorden zijn nog niet bewaard.');
    await expect(alert).toBeInViewport();
    await expect(page.locator('.save-status')).toHaveCount(0);
    // The answer stays on the screen.
    await expect(q.option('Hoe vult u deze vragen in?', 'Samen met een cliëntondersteuner (iemand die u gratis helpt)')).toBeChecked();
    await axe.expectNoAxeViolations(page);
    // One tap saves everything in a file, straight from memory.
    const [download] = await Promise.all([page.waitForEvent('download'), alert.getByRole('button', { name: 'Bewaar mijn antwoorden in een bestand' }).click()]);
    const file = await readFile(await download.path(), 'utf8');
    expect(file).toContain('with_oco');
    expect(JSON.stringify(await storedRecords(page))).not.toContain('with_oco');
  });

  test('zonder IndexedDB zegt de app dat antwoorden weg kunnen zijn, en bewaart ze in de browser', async ({ page, axe }) => {
    await page.addInitScript(() => Object.defineProperty(window, 'indexedDB', { configurable: true, get: () => undefined }));
    const q = new QuestionnairePage(page);
    await q.goto('/hoe-gaat-het');
    const warning = page.locator('.durability-warning');
    await expect(warning).toContainText('deze browser bewaart uw antwoorden niet zeker');
    await expect(warning).toBeInViewport();
    await q.choose('Hoe vult u deze vragen in?', 'Ik vul ze zelf in');
    await expect(page.locator('.save-status')).toHaveText('Bewaard op dit apparaat.');
    expect(await page.evaluate(() => localStorage.getItem('wijkpeil:draft:hoe-gaat-het'))).toContain('alone');
    await axe.expectNoAxeViolations(page);
  });
});
