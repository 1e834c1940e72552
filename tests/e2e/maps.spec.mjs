// Shared devices: one map per person (switching is a choice, one map never shows another's
// lists), handing one map over, and the PIN lock: nothing typed is readable in storage, a wrong
// PIN changes nothing, the map locks itself when idle, and a forgotten PIN means delete only.
import { readFile } from 'node:fs/promises';
import { test, expect } from './fixtures.mjs';
import { QuestionnairePage } from './pages/questionnaire-page.mjs';
import { storageDump } from './pages/stored.mjs';

test.use({ viewport: { width: 320, height: 740 } });

const OUTCOME = 'Wat is er met uw vraag gebeurd?';
const NOTE_LABEL = 'Wat wilt u zeggen over Post en geld?';
const MARKER = 'Zwaluwstaart-4471 heeft een schuld bij de buurman <b>';
const PIN = '246810';

/** The key lives in memory only: after a page load a map with a PIN asks for it first. */
async function unlock(page, pin) {
  await expect(page.getByRole('heading', { level: 1 })).toContainText('is op slot');
  await page.getByLabel('Pincode', { exact: true }).fill(pin);
  await page.getByRole('button', { name: 'Openen' }).click();
  await expect(page.getByRole('heading', { level: 1 })).not.toContainText('is op slot');
}

async function makeMap(page, name) {
  await page.goto('/mappen');
  await page.getByLabel('Naam van de nieuwe map').fill(name);
  await page.getByRole('button', { name: 'Maak de map' }).click();
  await expect(page.locator('.map-bar')).toContainText(`Map: ${name}`);
}

test('een map per persoon: wisselen is een keuze, en een map overdragen haalt alleen die map weg', async ({ page, axe }) => {
  const q = new QuestionnairePage(page);
  await q.goto('/vervolg');
  await q.choose(OUTCOME, 'Ik ben geholpen');

  await page.goto('/mappen');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mappen op dit apparaat');
  await axe.expectNoAxeViolations(page);
  // A name is required and tidied; the same name twice is refused.
  await page.getByRole('button', { name: 'Maak de map' }).click();
  await expect(page.getByText('Typ eerst een naam.')).toBeVisible();
  await makeMap(page, 'Anna');
  await makeMap(page, 'Bram');
  await page.goto('/mappen');
  await page.getByLabel('Naam van de nieuwe map').fill('  anna ');
  await page.getByRole('button', { name: 'Maak de map' }).click();
  await expect(page.getByText('Er is al een map met deze naam.')).toBeVisible();
  await expect(page.locator('.list-entry')).toHaveText([/Eerste map/, /Anna/, /Bram/]);
  await axe.expectNoAxeViolations(page);

  // Bram's map is empty: the first map's answers are not here.
  await q.goto('/vervolg');
  await expect(q.option(OUTCOME, 'Ik ben geholpen')).not.toBeChecked();
  await page.goto('/mijn-lijsten');
  await expect(page.getByText('U ziet de lijsten in de map Bram.')).toBeVisible();
  await expect(page.getByText('Er staat hier nog niets.')).toBeVisible();

  // Switching is explicit, from the map bar.
  await page.getByRole('link', { name: 'Andere map', exact: true }).click();
  await page.getByRole('button', { name: 'Open de map Anna' }).click();
  await expect(page.locator('.map-bar')).toContainText('Map: Anna');
  await q.goto('/vervolg');
  await q.choose(OUTCOME, 'Ik kreeg een nee op mijn vraag');
  const keys = Object.keys(await storageDump(page));
  expect(keys.filter((k) => /^wijkpeil:d:[a-z0-9]+:draft:vervolg$/.test(k))).toHaveLength(1);

  // Hand over Anna's map: the file holds only Anna's lists, then only her map goes.
  await page.goto('/mijn-lijsten');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Stap 1: bewaar deze map in een bestand' }).click(),
  ]);
  const backup = JSON.parse(await readFile(await download.path(), 'utf8'));
  expect(Object.keys(backup.records)).toEqual(['wijkpeil:draft:vervolg']);
  expect(backup.records['wijkpeil:draft:vervolg']).toContain('Ik kreeg een nee op mijn vraag');
  expect(backup.records['wijkpeil:draft:vervolg']).not.toContain('Ik ben geholpen');
  await page.getByRole('button', { name: 'Het staat op het andere apparaat: haal deze map hier weg' }).click();
  await page.getByRole('button', { name: 'Ja, haal deze map hier weg' }).click(); // asks first
  await expect(page.getByText('Overgedragen. Deze map staat niet meer op dit apparaat.')).toBeVisible();

  // Anna is gone; the first map and Bram stay, with the first map's answers intact.
  await page.goto('/mappen');
  await expect(page.locator('.list-entry')).toHaveText([/Eerste map/, /Bram/]);
  // The first map opens after a handed-over map is gone.
  await expect(page.locator('.list-entry').first()).toContainText('U werkt nu in deze map.');
  await q.goto('/vervolg');
  await expect(q.option(OUTCOME, 'Ik ben geholpen')).toBeChecked();
  expect(Object.keys(await storageDump(page)).some((k) => k.includes(':draft:vervolg') && k.startsWith('wijkpeil:d:'))).toBe(false);
});

test('een map met pincode: niets leesbaar in de opslag, een verkeerde pincode wist niets, vanzelf op slot', async ({ page, axe }) => {
  test.slow();
  await page.route('**/config/gemeente.json', async (route) => {
    const response = await route.fetch();
    const config = await response.json();
    config.auto_lock_seconds = 5;
    await route.fulfill({ response, json: config });
  });
  await makeMap(page, 'Cor');
  await page.goto('/mappen');
  // The warning comes before the PIN is set; the PIN is checked.
  await expect(page.getByText('vergeet u de pincode? Dan kan niemand de map nog openen.')).toBeVisible();
  await page.getByLabel('Kies een pincode van 6 tot 12 cijfers').fill(PIN);
  await page.getByLabel('Typ de pincode nog een keer').fill('246801');
  await page.getByRole('button', { name: 'Zet de map op slot' }).click();
  await expect(page.getByText('De twee pincodes zijn niet hetzelfde.')).toBeVisible();
  await page.getByLabel('Kies een pincode van 6 tot 12 cijfers').fill(PIN);
  await page.getByLabel('Typ de pincode nog een keer').fill(PIN);
  await page.getByRole('button', { name: 'Zet de map op slot' }).click();
  await expect(page.getByText('De pincode is gezet.')).toBeVisible();
  await axe.expectNoAxeViolations(page);

  // Fill in the self-check in this map, with a note on the agenda.
  const q = new QuestionnairePage(page);
  await page.goto('/hoe-gaat-het');
  await unlock(page, PIN);
  await q.fillSelfCheckAboutMoney();
  await page.getByLabel(NOTE_LABEL).fill(MARKER);
  await expect(page.getByLabel(NOTE_LABEL)).toHaveValue(MARKER);

  // Search every key and value for what was typed and answered: nothing is readable.
  const stored = await storageDump(page);
  const all = JSON.stringify(stored);
  for (const needle of ['Zwaluwstaart', 'buurman', 'many_problems', 'hoe-gaat-het', 'agenda', 'draft', 'history']) {
    expect(all, `${needle} readable in storage`).not.toContain(needle);
  }
  const vaults = Object.keys(stored).filter((k) => k.startsWith('wijkpeil:vault:'));
  expect(vaults).toHaveLength(1);
  expect(JSON.parse(stored[vaults[0]])).toMatchObject({ kind: 'wijkpeil-vault', kdf: { name: 'PBKDF2-SHA256', iterations: 600000 } });

  // After a reload the map is locked: no lists, but urgent help and the other maps stay reachable.
  await page.goto('/mijn-lijsten');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('De map Cor is op slot');
  await axe.expectNoAxeViolations(page);
  await page.getByRole('link', { name: 'Direct hulp nodig?' }).click();
  await expect(page.locator('a[href^="tel:"]').first()).toBeVisible();

  // A wrong PIN is refused and changes nothing in storage.
  await page.goto('/hoe-gaat-het');
  const before = await storageDump(page);
  await page.getByLabel('Pincode', { exact: true }).fill('111111');
  await page.getByRole('button', { name: 'Openen' }).click();
  await expect(page.getByText('Deze pincode klopt niet. Er is niets gewist.')).toBeVisible();
  expect(await storageDump(page)).toEqual(before);
  await axe.expectNoAxeViolations(page);

  // The right PIN (after the short wait a wrong one causes) opens the map: the note is back.
  await expect(page.getByRole('button', { name: 'Openen' })).toHaveAttribute('aria-disabled', 'false');
  await page.getByLabel('Pincode', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: 'Openen' }).click();
  await expect(page.getByLabel(NOTE_LABEL)).toHaveValue(MARKER);

  // Nobody touches it for 5 seconds (the test config): it locks itself.
  await expect(page.getByText('De map is vanzelf op slot gegaan.')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('De map Cor is op slot');
  await expect(page.getByLabel(NOTE_LABEL)).toHaveCount(0);

  // Forgotten PIN: the map can only be deleted, after a confirmation.
  await page.getByText('Pincode vergeten?').click();
  await page.getByRole('button', { name: 'Wis deze map' }).click();
  await expect(page.getByText('Alles in deze map wordt gewist. Dat kan niet terug.')).toBeVisible();
  await axe.expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Ja, wis deze map' }).click();
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('De map Cor is op slot');
  expect(Object.keys(await storageDump(page)).filter((k) => k.startsWith('wijkpeil:vault:'))).toEqual([]);
});

test('de pincode weghalen zet de lijsten weer gewoon terug', async ({ page }) => {
  const q = new QuestionnairePage(page);
  await q.goto('/vervolg');
  await q.choose(OUTCOME, 'Ik ben geholpen');
  await page.goto('/mappen');
  await page.getByLabel('Kies een pincode van 6 tot 12 cijfers').fill('١٢٣٤٥٦'); // Arabic-Indic digits
  await page.getByLabel('Typ de pincode nog een keer').fill('123456');
  await page.getByRole('button', { name: 'Zet de map op slot' }).click();
  await expect(page.getByText('De pincode is gezet.')).toBeVisible();
  expect(Object.keys(await storageDump(page))).not.toContain('wijkpeil:draft:vervolg');

  // Locked, then opened with the same PIN typed in ASCII digits.
  await page.getByRole('button', { name: 'Nu op slot doen' }).first().click();
  await unlock(page, '123456');
  // Within the app (a reload would lock it again: the key is kept in memory only).
  await page.getByRole('link', { name: 'Andere map', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Pincode weghalen' })).toBeVisible();
  await page.getByRole('button', { name: 'Pincode weghalen' }).click();
  await expect(page.getByText('De pincode is weg.')).toBeVisible();
  const stored = await storageDump(page);
  expect(Object.keys(stored)).toContain('wijkpeil:draft:vervolg');
  expect(Object.keys(stored).some((k) => k.startsWith('wijkpeil:vault:'))).toBe(false);
  await q.goto('/vervolg');
  await expect(q.option(OUTCOME, 'Ik ben geholpen')).toBeChecked();
});

test('twee tabbladen op een map met pincode: de ene volgt de andere, er gaat niets verloren', async ({ page, context }) => {
  const WHO = 'Wie vult deze vragen in?';
  const a = new QuestionnairePage(page);
  await a.goto('/vervolg');
  // A PIN set in another tab locks this tab too: it may not write plain records any more.
  const other = await context.newPage();
  await other.goto('/mappen');
  await other.getByLabel('Kies een pincode van 6 tot 12 cijfers').fill(PIN);
  await other.getByLabel('Typ de pincode nog een keer').fill(PIN);
  await other.getByRole('button', { name: 'Zet de map op slot' }).click();
  await expect(other.getByText('De pincode is gezet.')).toBeVisible();
  await unlock(page, PIN);

  const b = new QuestionnairePage(other);
  await other.goto('/vervolg');
  await unlock(other, PIN);
  await a.choose(WHO, 'Ik: ik stelde de vraag aan het wijkteam');
  await expect(b.option(WHO, 'Ik: ik stelde de vraag aan het wijkteam')).toBeChecked();
  await b.choose(OUTCOME, 'Ik ben geholpen');
  await expect(a.option(OUTCOME, 'Ik ben geholpen')).toBeChecked();

  await page.reload();
  await unlock(page, PIN);
  await expect(a.option(WHO, 'Ik: ik stelde de vraag aan het wijkteam')).toBeChecked();
  await expect(a.option(OUTCOME, 'Ik ben geholpen')).toBeChecked();
  expect(JSON.stringify(await storageDump(page))).not.toContain('helped');
  await other.close();
});

test('de mappen volgen de gekozen taal', async ({ page, axe }) => {
  await page.goto('/mappen');
  await expect(page.locator('.list-entry')).toHaveText([/Eerste map/]);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Folders on this device');
  await expect(page.locator('.list-entry')).toHaveText(['First folderYou are working in this folder now.']);
  await expect(page.getByRole('heading', { level: 2, name: 'This folder: First folder' })).toBeVisible();
  await axe.expectNoAxeViolations(page);
});

test('overdragen met een geheime zin op het bestand: onderweg onleesbaar, terugzetten alleen met die woorden', async ({ page, axe }) => {
  const q = new QuestionnairePage(page);
  await q.goto('/vervolg');
  await q.choose(OUTCOME, 'Ik kreeg een nee op mijn vraag');
  await page.goto('/mijn-lijsten');
  await page.getByLabel('Zet een geheime zin op het bestand').check();
  // Five words drawn at random, shown large to write down; other words on request.
  const shown = page.locator('.passphrase');
  await expect(shown).toHaveText(/^[a-z]{4,8}( [a-z]{4,8}){4}$/);
  const first = await shown.textContent();
  await page.getByRole('button', { name: 'Andere woorden' }).click();
  await expect(shown).not.toHaveText(first);
  // A PIN of one's own is too easy to guess for a file that travels.
  await page.getByRole('button', { name: 'Zelf een zin kiezen' }).click();
  await page.getByLabel('Uw eigen zin. Maak hem lang: acht woorden of meer.').fill('975310');
  await page.getByLabel('Typ de zin nog een keer').fill('975310');
  await page.getByRole('button', { name: 'Stap 1: bewaar deze map in een bestand' }).click();
  await expect(page.getByText('Deze zin is te makkelijk te raden.', { exact: false })).toBeVisible();
  const phrase = 'mijn oma bakte elke zondag appeltaart voor de buren';
  await page.getByLabel('Uw eigen zin. Maak hem lang: acht woorden of meer.').fill(phrase);
  await page.getByLabel('Typ de zin nog een keer').fill(phrase);
  await axe.expectNoAxeViolations(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Stap 1: bewaar deze map in een bestand' }).click(),
  ]);
  const file = await download.path();
  const text = await readFile(file, 'utf8');
  for (const needle of ['nee op mijn vraag', 'rejected', 'vervolg', 'draft']) expect(text).not.toContain(needle);
  expect(JSON.parse(text)).toMatchObject({ kind: 'wijkpeil-vault', kdf: { iterations: 600000 } });
  await page.getByRole('button', { name: 'Het staat op het andere apparaat: haal deze map hier weg' }).click();
  await page.getByRole('button', { name: 'Ja, haal deze map hier weg' }).click(); // asks first
  await expect(page.getByText('Overgedragen. Deze map staat niet meer op dit apparaat.')).toBeVisible();
  const wijkpeil = async () => Object.keys(await storageDump(page)).filter((k) => k.startsWith('wijkpeil:'));
  expect(await wijkpeil()).toEqual([]);

  // "On the other phone": the file asks for its words; wrong ones change nothing.
  await page.getByLabel('Bestand terugzetten').setInputFiles(file);
  const words = page.getByLabel('Dit bestand is op slot. Typ de woorden of de pincode.');
  await expect(words).toBeVisible();
  await axe.expectNoAxeViolations(page);
  await words.fill('mijn oma bakte elke zondag appeltaart voor de kinderen');
  await page.getByRole('button', { name: 'Bestand openen' }).click();
  await expect(page.getByText('Dit past niet bij het bestand. Er is niets veranderd.')).toBeVisible();
  expect(await wijkpeil()).toEqual([]);
  // Capitals and extra spaces do not matter.
  await words.fill('  Mijn oma bakte  elke zondag appeltaart voor de buren');
  await page.getByRole('button', { name: 'Bestand openen' }).click();
  await expect(page.getByText(/Het bestand is teruggezet\. Nieuw: 1\./)).toBeVisible();
  await q.goto('/vervolg');
  await expect(q.option(OUTCOME, 'Ik kreeg een nee op mijn vraag')).toBeChecked();
});
