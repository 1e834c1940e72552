// The app in parts (src/ui/parts.rs, scripts/place-parts.mjs): a first visit fetches only the
// first part; every other screen fetches its own part when it is first visited; a part that
// cannot be fetched gives a plain message with "Probeer opnieuw" where the screen would be, the
// answers stay, and the urgent numbers stay one tap away.
import { test, expect } from './fixtures.mjs';
import { QuestionnairePage } from './pages/questionnaire-page.mjs';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const DIST = resolve(here, '../..', process.env.E2E_DIST_DIR || 'dist');
const pkg = readdirSync(DIST).find((d) => /^pkg-[0-9a-f]{16}$/.test(d));
const manifest = JSON.parse(readFileSync(join(DIST, pkg, 'parts.json'), 'utf8'));
const partFiles = new Set(Object.values(manifest.parts).flatMap((p) => p.files));
const ownFile = (part) => manifest.parts[part].files[0];

/** The .wasm files of the app's parts that `page` fetched (first part excluded). */
function partRequests(page) {
  const seen = [];
  page.on('request', (r) => {
    const name = new URL(r.url()).pathname.split('/').pop();
    if (partFiles.has(name)) seen.push(name);
  });
  return seen;
}

// Every screen and the part it needs (none: it is in the first part).
const ROUTES = [
  ['/', null, 'Waar kunnen we u mee helpen?'],
  ['/past-mijn-vraag', null, 'Past mijn vraag bij het wijkteam?'],
  ['/spoed', null, null],
  ['/hoe-gaat-het', null, null],
  ['/vervolg/start', null, null],
  ['/mijn-lijsten', 'lists', null],
  ['/mappen', 'maps', null],
  ['/versturen', 'send', null],
  ['/register', 'register', null],
  ['/uw-antwoorden', 'answers', null],
  ['/balie', 'desk', null],
  ['/voorbeeld', 'preview', null],
];

test('de build heeft meer dan één deel, en elk scherm zijn eigen', () => {
  expect(Object.keys(manifest.parts).sort()).toEqual(
    [
      'answers',
      'desk',
      'fit_outcome',
      'follow_up',
      'lists',
      'maps',
      'preview',
      'read_aloud',
      'register',
      'self_check',
      'send',
    ].sort(),
  );
  for (const [name, part] of Object.entries(manifest.parts)) expect(part.files[0], name).toBe(`split_${name}.wasm`);
});

for (const [path, part, heading] of ROUTES) {
  test(`koud bezoek aan ${path}: ${part ? `alleen het deel "${part}" erbij` : 'alleen het eerste deel'}`, async ({ page, axe }) => {
    const fetched = partRequests(page);
    await page.goto(path);
    const h1 = page.getByRole('heading', { level: 1 });
    await expect(h1).toBeVisible();
    if (heading) await expect(h1).toHaveText(heading);
    await expect(page.locator('.part-failed')).toHaveCount(0);
    await axe.expectNoAxeViolations(page);
    if (part) expect(fetched).toContain(ownFile(part));
    const allowed = new Set(part ? manifest.parts[part].files : []);
    expect(fetched.filter((f) => !allowed.has(f)), `${path} fetched parts of other screens`).toEqual([]);
  });
}

test.describe('een deel dat niet binnenkomt', () => {
  test.use({ failOnConsoleErrors: false });

  test('melding op de plek van het scherm, opnieuw proberen werkt, spoed blijft bereikbaar', async ({ page, axe }) => {
    let refuse = true;
    await page.route(`**/${pkg}/${ownFile('register')}`, (route) => (refuse ? route.abort('internetdisconnected') : route.continue()));
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Waar kunnen we u mee helpen?');
    await page.goto('/register');
    const failed = page.locator('main .part-failed');
    await expect(failed).toBeVisible();
    await expect(failed).toHaveAttribute('role', 'alert');
    await expect(failed.getByRole('heading', { level: 1 })).toHaveText('Dit deel van de app is niet geladen');
    await expect(failed).toContainText('Uw antwoorden zijn bewaard');
    await axe.expectNoAxeViolations(page);
    // The urgent numbers: the header's link is in the first part, and works.
    await page.getByRole('link', { name: 'Direct hulp' }).click();
    await expect(page).toHaveURL(/\/spoed$/);
    await expect(page.locator('main')).toContainText('112');
    // (The app keeps one history entry, for "Snel weg": the way back is the address.)
    await page.goto('/register');
    await expect(failed).toBeVisible();

    // Back online: the same button loads it (a failed load is not remembered).
    refuse = false;
    await failed.getByRole('button', { name: 'Probeer opnieuw' }).click();
    await expect(page.locator('.part-failed')).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await axe.expectNoAxeViolations(page);
  });

  test('een uitkomst die niet laadt: de antwoorden blijven, na opnieuw proberen staat de uitkomst er', async ({ page, axe }) => {
    test.slow();
    let refuse = true;
    await page.route(`**/${pkg}/${ownFile('self_check')}`, (route) => (refuse ? route.abort('internetdisconnected') : route.continue()));
    const q = new QuestionnairePage(page);
    await q.goto('/hoe-gaat-het');
    await q.choose('Hoe vult u deze vragen in?', 'Ik vul ze zelf in');
    await q.fillSelfCheckAboutMoney();
    const failed = page.locator('main .part-failed');
    await expect(failed).toBeVisible();
    await axe.expectNoAxeViolations(page);
    // The answers are kept, finished, on this device: also after a reload the list is there.
    await expect.poll(async () => JSON.stringify(await q.draft('hoe-gaat-het'))).toContain('alone');
    refuse = false;
    await failed.getByRole('button', { name: 'Probeer opnieuw' }).click();
    await expect(page.locator('.self-result').getByRole('heading', { level: 1 })).toHaveText('Zo gaat het met u');
    await expect(page.locator('.part-failed')).toHaveCount(0);
  });
});
