// Answers survive a killed browser. Each round: give an answer (a new one each time), wait until
// the page says "Bewaard op dit apparaat.", wait 0, 200 or 1000 ms, kill the browser's whole
// process tree with SIGKILL (as a phone's system does), start it again on the same profile and
// look: the answer must be there. With localStorage (before) the answer was lost up to ~8 s.
// Also: a profile filled by the earlier version (localStorage) and killed at random points
// during its move to IndexedDB loses nothing.
import { test, expect } from './fixtures.mjs';
import { QuestionnairePage } from './pages/questionnaire-page.mjs';
import { KillableBrowser, newProfile, removeProfile } from './pages/killable-browser.mjs';
import { storedRecords } from './pages/stored.mjs';

const DELAYS = [0, 200, 1000];
const ROUNDS = 12; // per flow: each delay 4 times
const PIN = '135790';
const NOTE_LABEL = 'Wat wilt u zeggen over Post en geld?';
const table = []; // [flow, delay, kept]

test.describe.configure({ mode: 'serial' });

async function saved(page) {
  await expect(page.locator('.save-status')).toHaveText('Bewaard op dit apparaat.', { timeout: 15_000 });
}

/** Runs ROUNDS kill rounds: `give(page, n)` answers (and returns what to find), `look(page)` reads it back. */
async function killRounds(baseURL, flow, { prepare, give, look }) {
  const profile = newProfile();
  try {
    let b = await KillableBrowser.launch(profile);
    if (prepare) await prepare(b.page, baseURL);
    for (let n = 0; n < ROUNDS; n++) {
      const delay = DELAYS[n % DELAYS.length];
      const want = await give(b.page, n, baseURL);
      await saved(b.page);
      if (delay) await new Promise((ok) => setTimeout(ok, delay));
      await b.kill();
      b = await KillableBrowser.launch(profile);
      const got = await look(b.page, baseURL);
      table.push([flow, delay, got === want]);
      expect(got, `${flow}, round ${n}, killed ${delay} ms after "Bewaard"`).toBe(want);
    }
    await b.close();
  } finally {
    removeProfile(profile);
  }
}

test('zelfcheck: een antwoord blijft na een harde kill van de browser', async ({ baseURL }) => {
  test.setTimeout(300_000);
  const OPTIONS = ['Ik vul ze zelf in', 'Samen met een cliëntondersteuner (iemand die u gratis helpt)'];
  const question = 'Hoe vult u deze vragen in?';
  await killRounds(baseURL, 'zelfcheck', {
    give: async (page, n) => {
      const q = new QuestionnairePage(page);
      await page.goto(`${baseURL}/hoe-gaat-het`);
      await expect(q.form).toBeVisible();
      await q.option(question, OPTIONS[n % 2]).check();
      return OPTIONS[n % 2];
    },
    look: async (page) => {
      const q = new QuestionnairePage(page);
      await page.goto(`${baseURL}/hoe-gaat-het`);
      await expect(q.form).toBeVisible();
      for (const o of OPTIONS) if (await q.option(question, o).isChecked()) return o;
      return null;
    },
  });
});

test('vervolg: een ingevulde datum blijft na een harde kill van de browser', async ({ baseURL }) => {
  test.setTimeout(300_000);
  const label = 'Op welke dag hoorde u wat er met uw vraag gebeurt?';
  await killRounds(baseURL, 'vervolg', {
    give: async (page, n) => {
      const q = new QuestionnairePage(page);
      await page.goto(`${baseURL}/vervolg/start`);
      await expect(q.form).toBeVisible();
      const date = `2026-09-${String(n + 1).padStart(2, '0')}`;
      await q.form.getByLabel(label).fill(date);
      return date;
    },
    look: async (page) => {
      const q = new QuestionnairePage(page);
      await page.goto(`${baseURL}/vervolg/start`);
      await expect(q.form).toBeVisible();
      return q.form.getByLabel(label).inputValue();
    },
  });
});

test('gespreksagenda in een map met pincode: de notitie blijft na een harde kill, verzegeld', async ({ baseURL }) => {
  test.setTimeout(400_000);
  const unlock = async (page) => {
    await expect(page.getByRole('heading', { level: 1 })).toContainText('is op slot');
    await page.getByLabel('Pincode', { exact: true }).fill(PIN);
    await page.getByRole('button', { name: 'Openen' }).click();
    await expect(page.getByRole('heading', { level: 1 })).not.toContainText('is op slot');
  };
  await killRounds(baseURL, 'agenda (map met pincode)', {
    prepare: async (page) => {
      await page.goto(`${baseURL}/mappen`);
      await page.getByLabel('Naam van de nieuwe map').fill('Kill');
      await page.getByRole('button', { name: 'Maak de map' }).click();
      await expect(page.locator('.map-bar')).toContainText('Map: Kill');
      await page.goto(`${baseURL}/mappen`);
      await page.getByLabel('Kies een pincode van 6 tot 12 cijfers').fill(PIN);
      await page.getByLabel('Typ de pincode nog een keer').fill(PIN);
      await page.getByRole('button', { name: 'Zet de map op slot' }).click();
      await expect(page.getByText('De pincode is gezet.')).toBeVisible();
      const q = new QuestionnairePage(page);
      await page.goto(`${baseURL}/hoe-gaat-het`);
      await unlock(page);
      await q.fillSelfCheckAboutMoney();
      await expect(page.getByLabel(NOTE_LABEL)).toBeVisible();
    },
    give: async (page, n) => {
      if (!(await page.getByLabel(NOTE_LABEL).isVisible())) {
        await page.goto(`${baseURL}/hoe-gaat-het`);
        await unlock(page);
      }
      const note = `Notitie ${n}: de brief van de belasting <b>`;
      await page.getByLabel(NOTE_LABEL).fill(note);
      return note;
    },
    look: async (page) => {
      await page.goto(`${baseURL}/hoe-gaat-het`);
      // Sealed on disk: nothing of the note is readable before the PIN is given.
      expect(JSON.stringify(await storedRecords(page))).not.toContain('Notitie');
      await unlock(page);
      return page.getByLabel(NOTE_LABEL).inputValue();
    },
  });
});

test('verhuizen uit localStorage: een kill op een willekeurig moment verliest niets en verdubbelt niets', async ({ baseURL }) => {
  test.setTimeout(300_000);
  const profile = newProfile();
  // What the earlier version left: plain records in localStorage.
  const records = Object.fromEntries(
    Array.from({ length: 40 }, (_, n) => [`wijkpeil:draft:lijst-${n}`, JSON.stringify({ format: 1, n, tekst: `antwoord ${n} `.repeat(20) })]),
  );
  try {
    let b = await KillableBrowser.launch(profile);
    // A page of the site that is not the app (no move runs there) puts them in place, and the
    // browser is closed normally, so they are on disk as the earlier version left them.
    await b.page.goto(`${baseURL}/manifest.webmanifest`);
    await b.page.evaluate((r) => { for (const [k, v] of Object.entries(r)) localStorage.setItem(k, v); }, records);
    await b.close();
    for (let round = 0; round < 10; round++) {
      b = await KillableBrowser.launch(profile);
      // Spread over the whole start (page, wasm, opening IndexedDB, the move), with some jitter.
      const delay = round * 300 + Math.floor(Math.random() * 150);
      // The navigation starts from inside the page: nothing of Playwright waits for its answer.
      await b.page.evaluate((u) => { location.href = u; }, `${baseURL}/hoe-gaat-het`);
      await new Promise((ok) => setTimeout(ok, delay));
      await b.kill();
      b = await KillableBrowser.launch(profile);
      await b.page.goto(`${baseURL}/manifest.webmanifest`);
      const seen = await storedRecords(b.page);
      const local = await b.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('wijkpeil:draft:lijst-')).length);
      const durable = await b.page.evaluate(async () => {
        const db = await new Promise((ok) => { const r = indexedDB.open('wijkpeil'); r.onupgradeneeded = () => r.transaction.abort(); r.onsuccess = () => ok(r.result); r.onerror = () => ok(null); });
        if (!db || !db.objectStoreNames.contains('records')) return 0;
        const r = db.transaction('records').objectStore('records').count();
        const n = await new Promise((ok) => { r.onsuccess = () => ok(r.result); });
        db.close();
        return n;
      });
      console.log(`MIGRATION KILL start ${round} at ${delay} ms: ${local} in localStorage, ${durable} in IndexedDB, all 40 readable: ${Object.keys(records).every((k) => seen[k] === records[k])}`);
      for (const [k, v] of Object.entries(records)) {
        expect(seen[k], `${k} after a kill ${delay} ms into start ${round}`).toBe(v);
      }
      await b.kill();
    }
    // A full start finishes the move: every record once in IndexedDB, none left in localStorage.
    b = await KillableBrowser.launch(profile);
    await b.page.goto(`${baseURL}/hoe-gaat-het`);
    await expect(b.page.locator('form')).toBeVisible();
    await expect.poll(() => b.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('wijkpeil:')).length)).toBe(0);
    const seen = await storedRecords(b.page);
    for (const [k, v] of Object.entries(records)) expect(seen[k]).toBe(v);
    expect(Object.keys(seen).filter((k) => k.startsWith('wijkpeil:draft:lijst-'))).toHaveLength(40);
    await b.close();
  } finally {
    removeProfile(profile);
  }
});

test.afterAll(() => {
  if (!table.length) return;
  const rows = DELAYS.map((d) => {
    const r = table.filter(([, delay]) => delay === d);
    const kept = r.filter(([, , k]) => k).length;
    return `| ${d} ms | ${kept} of ${r.length} kept |`;
  });
  console.log(['', 'KILL TABLE (time between "Bewaard" and SIGKILL → answer after restart)', '| delay | result |', '|---|---|', ...rows].join('\n'));
  for (const flow of [...new Set(table.map(([f]) => f))]) {
    const r = table.filter(([f]) => f === flow);
    console.log(`KILL ${flow}: ${r.filter(([, , k]) => k).length} of ${r.length} kept`);
  }
});
