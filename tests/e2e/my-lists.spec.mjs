// Data that is never lost: two tabs on one questionnaire, "Mijn lijsten" with delete, export →
// "Wis alles" → import round trip, and a foreign file that is refused and changes nothing.
import { readFile } from 'node:fs/promises';
import { test, expect } from './fixtures.mjs';
import { QuestionnairePage } from './pages/questionnaire-page.mjs';
import { storedRecords } from './pages/stored.mjs';

test.use({ viewport: { width: 360, height: 740 } });

const WHO = 'Wie vult deze vragen in?';
const OUTCOME = 'Wat is er met uw vraag gebeurd?';

async function wijkpeilStorage(page) {
  const all = await storedRecords(page);
  return Object.fromEntries(Object.keys(all).sort().map((k) => [k, all[k]]));
}

test('twee tabbladen met dezelfde vragenlijst overschrijven elkaars antwoorden niet', async ({ page, context }) => {
  const a = new QuestionnairePage(page);
  await a.goto('/vervolg');
  const other = await context.newPage();
  const b = new QuestionnairePage(other);
  await b.goto('/vervolg');

  await a.choose(WHO, 'Ik: ik stelde de vraag aan het wijkteam');
  // Tab B takes over what tab A saved, then adds its own answer.
  await expect(b.option(WHO, 'Ik: ik stelde de vraag aan het wijkteam')).toBeChecked();
  await b.choose(OUTCOME, 'Ik ben geholpen');
  await expect(a.option(OUTCOME, 'Ik ben geholpen')).toBeChecked();

  await page.reload();
  await expect(a.option(WHO, 'Ik: ik stelde de vraag aan het wijkteam')).toBeChecked();
  await expect(a.option(OUTCOME, 'Ik ben geholpen')).toBeChecked();
  await other.close();
});

test('Mijn lijsten: wissen met bevestiging, bewaren in een bestand, alles wissen en terugzetten', async ({ page, axe }) => {
  const q = new QuestionnairePage(page);
  await q.goto('/vervolg');
  await q.choose(OUTCOME, 'Ik kreeg een nee op mijn vraag');
  await q.goto('/past-mijn-vraag');
  await q.choose('Is iemand nu in gevaar?', 'Nee');

  await page.goto('/');
  await page.getByRole('link', { name: 'Mijn lijsten op dit apparaat' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mijn lijsten');
  const entries = page.locator('.list-entry');
  await expect(entries).toHaveCount(2);
  await expect(entries.filter({ hasText: 'Vervolg: hoe is het nu?' })).toContainText('nog bezig');
  await axe.expectNoAxeViolations(page);

  // Delete one, after "Zeker weten?".
  const fit = entries.filter({ hasText: 'Past mijn vraag bij het wijkteam?' });
  await fit.getByRole('button', { name: 'Wissen: Past mijn vraag bij het wijkteam?' }).click();
  await expect(fit.getByText('Zeker weten?')).toBeVisible();
  await axe.expectNoAxeViolations(page);
  await fit.getByRole('button', { name: 'Ja, wissen' }).click();
  await expect(entries).toHaveCount(1);
  const before = await wijkpeilStorage(page);
  expect(Object.keys(before).some((k) => k.startsWith('wijkpeil:draft:past-mijn-vraag'))).toBe(false);

  // Everything in one file.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Alles bewaren in een bestand' }).click(),
  ]);
  const file = await download.path();
  const backup = JSON.parse(await readFile(file, 'utf8'));
  expect(backup.kind).toBe('wijkpeil-backup');
  expect(Object.keys(backup.records).sort()).toEqual(Object.keys(before));

  // "Wis alles van dit apparaat", with a confirmation.
  await page.getByRole('button', { name: 'Wis alles van dit apparaat' }).click();
  await expect(page.getByText('Dat kan niet terug.')).toBeVisible();
  await axe.expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Ja, wis alles' }).click();
  await expect(page.getByText('Alles is gewist.')).toBeVisible();
  await expect(page.getByText('Er staat hier nog niets.')).toBeVisible();
  expect(await wijkpeilStorage(page)).toEqual({});

  // A foreign file is refused and changes nothing.
  await page.getByLabel('Bestand terugzetten').setInputFiles({
    name: 'vragenlijst.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ resourceType: 'Questionnaire', status: 'active' })),
  });
  await expect(page.getByText('Dit is geen bestand van Wijkpeil. Er is niets veranderd.')).toBeVisible();
  expect(await wijkpeilStorage(page)).toEqual({});

  // Put the file back: everything returns, exactly.
  await page.getByLabel('Bestand terugzetten').setInputFiles(file);
  await expect(page.getByText(/Het bestand is teruggezet\. Nieuw: \d+\./)).toBeVisible();
  expect(await wijkpeilStorage(page)).toEqual(before);
  await expect(entries).toHaveCount(1);
  await axe.expectNoAxeViolations(page);
  await entries.first().getByRole('link', { name: 'Openen' }).click();
  await expect(q.option(OUTCOME, 'Ik kreeg een nee op mijn vraag')).toBeChecked();
});

test('Overdragen: eerst het bestand, dan pas alles van dit apparaat weghalen', async ({ page, axe }) => {
  const q = new QuestionnairePage(page);
  await q.goto('/vervolg');
  await q.choose(OUTCOME, 'Ik ben geholpen');
  await page.goto('/mijn-lijsten');
  const remove = page.getByRole('button', { name: 'Het staat op het andere apparaat: haal deze map hier weg' });
  await expect(remove).toBeHidden(); // not before the file was made
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Stap 1: bewaar deze map in een bestand' }).click(),
  ]);
  const backup = JSON.parse(await readFile(await download.path(), 'utf8'));
  expect(Object.keys(backup.records)).toContain('wijkpeil:draft:vervolg');
  await axe.expectNoAxeViolations(page);
  await remove.click();
  await expect(page.getByText('Daarna staat deze map niet meer op dit apparaat.')).toBeVisible();
  expect(Object.keys(await wijkpeilStorage(page))).not.toEqual([]); // nothing gone yet
  await page.getByRole('button', { name: 'Ja, haal deze map hier weg' }).click();
  await expect(page.getByText('Overgedragen. Deze map staat niet meer op dit apparaat.')).toBeVisible();
  expect(await wijkpeilStorage(page)).toEqual({});
});
