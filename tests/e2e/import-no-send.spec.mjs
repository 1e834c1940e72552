// An imported file cannot send anything: a backup file may carry register records and an outbox
// that says "send", but every imported record starts as "not chosen" on this device, so no request
// reaches /v1/records until the person chooses "Versturen" here. A record that is not exactly the
// register format is refused with a clear message, and nothing changes.
import { test, expect } from './fixtures.mjs';
import { withConfig } from './pages/config.mjs';
import { storedRecords } from './pages/stored.mjs';

test.use({ viewport: { width: 360, height: 740 } });

const ID = '0123456789abcdef0123456789abcdef';
const KEY = `wijkpeil:register:fit_check:${ID}`;
const RECORD = {
  format: 1, kind: 'fit_check', id: ID, week: '2026-W47', wijk: 'oost', areas: ['money_debts'],
  under_18: 'no', breadth: 'one', outcome: 'fits', destinations: [],
};
const chosenOutbox = (key) => JSON.stringify({
  format: 1, kind: 'outbox',
  data: { entries: [{ id: ID, key, choice: 'send', delivered: false, refused: null, attempts: 0, next_try_ms: 0 }] },
});
const backup = (records) => ({
  name: 'wijkpeil-bewaard.json',
  mimeType: 'application/json',
  buffer: Buffer.from(JSON.stringify({ format: 1, kind: 'wijkpeil-backup', exported: '2026-11-22T10:00:00+01:00', records })),
});

test('een teruggezet bestand verstuurt niets: eerst zelf kiezen', async ({ page, baseURL, axe }) => {
  await withConfig(page, (c) => (c.submission_endpoint = baseURL));
  const sent = [];
  await page.route('**/v1/records', (route) => {
    sent.push(route.request().postData());
    return route.fulfill({ status: 201, contentType: 'application/json', body: JSON.stringify({ id: ID }) });
  });

  await page.goto('/mijn-lijsten');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // A record with free text in it: refused, nothing changes.
  await page.getByLabel('Bestand terugzetten').setInputFiles(
    backup({ [KEY]: JSON.stringify({ ...RECORD, wijk: 'Jan Jansen' }), 'wijkpeil:outbox': chosenOutbox(KEY) }),
  );
  await expect(page.getByText('In dit bestand staat een gegeven dat Wijkpeil niet kan versturen. Er is niets veranderd.')).toBeVisible();
  expect(Object.keys(await storedRecords(page)).filter((k) => k.includes('register') || k.includes('outbox'))).toEqual([]);

  // A valid record whose outbox says "send": imported, but not chosen.
  await page.getByLabel('Bestand terugzetten').setInputFiles(
    backup({ [KEY]: JSON.stringify(RECORD), 'wijkpeil:outbox': chosenOutbox(KEY) }),
  );
  await expect(page.getByText(/Het bestand is teruggezet\./)).toBeVisible();
  await page.goto('/versturen');
  const record = page.locator('.record');
  await expect(record).toHaveCount(1);
  await expect(record.locator('.record-state')).toHaveText('U heeft nog niet gekozen. Er is niets verstuurd.');
  await page.waitForTimeout(4500); // the sender looks every 2 s: still nothing without a choice
  expect(sent).toEqual([]);
  await axe.expectNoAxeViolations(page);

  // Chosen here: now it is sent, exactly the record shown. A format-1 record from an older file
  // is shown and sent in the current format 2 (the same codes, with the channel "app").
  await record.getByText('Bekijk de precieze gegevens').click();
  const shown = JSON.parse(await record.locator('.raw-json').textContent());
  expect(shown).toEqual({ ...RECORD, format: 2, channel: 'app' });
  await record.getByRole('button', { name: 'Versturen', exact: true }).click();
  await expect.poll(() => sent.length, { timeout: 15_000 }).toBe(1);
  expect(JSON.parse(sent[0])).toEqual(shown);
});

test('een te groot bestand wordt geweigerd voordat het gelezen wordt', async ({ page }) => {
  // Counts every read of a chosen file's content (File inherits text() from Blob).
  await page.addInitScript(() => {
    window.__fileReads = 0;
    const text = Blob.prototype.text;
    Blob.prototype.text = function (...args) {
      window.__fileReads += 1;
      return text.apply(this, args);
    };
  });
  await page.goto('/mijn-lijsten');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.getByLabel('Bestand terugzetten').setInputFiles({
    name: 'groot.json',
    mimeType: 'application/json',
    buffer: Buffer.alloc(8 * 1024 * 1024 + 1, 0x20),
  });
  await expect(page.getByText('Dit bestand is te groot. Het is geen bestand van Wijkpeil.')).toBeVisible();
  expect(await page.evaluate(() => window.__fileReads)).toBe(0);
});
