// Offline use and installing: after one visit with internet the service worker (public/sw.js)
// has kept the app, the config and every questionnaire, so the app opens and works without
// internet; content updates still arrive when online; a new release takes over without reloading
// the page; the web app manifest makes it installable.
//
// The other specs block service workers (playwright.config.mjs), because their page.route()
// cannot see requests a service worker answers; this file allows them.
//
// The tests that change files on the server serve their own copy of the build (a temp dir, on a
// free port: a new origin, so no service worker or cache is shared with the other tests).
import { test, expect } from './fixtures.mjs';
import { HomePage } from './pages/home-page.mjs';
import { QuestionnairePage } from './pages/questionnaire-page.mjs';
import { startServer } from './serve-dist.mjs';
import { launchOptions } from './browser.mjs';
import { stampCsp } from '../../scripts/csp.mjs';
import { cpSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

test.use({ serviceWorkers: 'allow' });

const here = dirname(fileURLToPath(import.meta.url));
const DIST = resolve(here, '../..', process.env.E2E_DIST_DIR || 'dist');
const CACHE_NAME = /^wijkpeil-[0-9a-f]{16}$/; // stamped by scripts/stamp-sw.mjs
// The service worker's list of builds whose caches it keeps (public/sw.js).
const META_CACHE = 'wijkpeil-meta';

/** The build's parts dir (pkg-<hash>, scripts/place-parts.mjs) and every file of its parts. */
function partsOf(dist = DIST) {
  const dir = readdirSync(dist).find((d) => /^pkg-[0-9a-f]{16}$/.test(d));
  const manifest = JSON.parse(readFileSync(join(dist, dir, 'parts.json'), 'utf8'));
  const files = new Set(Object.values(manifest.parts).flatMap((p) => p.files));
  return { dir, files: [...files].map((f) => `/${dir}/${f}`) };
}
const HOW_FILLED = 'Hoe vult u deze vragen in?';

/** What the service worker must keep on install, read from the build itself. */
function expectedPrecache(dist = DIST) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const assets = [...html.matchAll(/\shref="(\/[^"]+\.(?:js|wasm|css))"/g)].map((m) => m[1]);
  expect(assets.some((a) => a.endsWith('_bg.wasm')), 'index.html preloads the wasm').toBe(true);
  expect(assets.some((a) => a.endsWith('.css')), 'index.html loads the css').toBe(true);
  // The favicon (asked for on every load) and the manifest.
  assets.push('/icons/icon.svg', '/manifest.webmanifest');
  // The life areas' pictograms, shown on the self-check screens.
  assets.push('/icons/areas.svg');
  const list = JSON.parse(readFileSync(join(dist, 'questionnaires/index.json'), 'utf8'));
  expect(list.length).toBeGreaterThanOrEqual(3);
  return [
    '/',
    '/config/gemeente.json',
    '/questionnaires/index.json',
    ...list.map((q) => `/questionnaires/${q.file}`),
    ...assets,
    // Every part of the app, so every screen opens offline.
    ...partsOf(dist).files,
  ];
}

/** Waits until the service worker is active and controls the page (it claims open pages). */
async function waitUntilOfflineReady(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', null, {
    timeout: 30_000,
  });
}

/** Every cache of this origin (but the list of builds) with the addresses (path + query) it holds. */
function cacheContents(page) {
  return page.evaluate(async (meta) => {
    const out = {};
    for (const name of (await caches.keys()).filter((n) => n !== meta)) {
      const keys = await (await caches.open(name)).keys();
      out[name] = keys.map((r) => new URL(r.url).pathname + new URL(r.url).search).sort();
    }
    return out;
  }, META_CACHE);
}

/** A copy of the build served on a free port; `dir` may be changed by the test. */
async function servedCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'wijkpeil-offline-'));
  cpSync(DIST, dir, { recursive: true });
  const server = await startServer({ root: dir, port: 0 });
  return {
    dir,
    url: server.url,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

test.describe('offline gebruik', () => {
  // Offline, the browser logs the deliberately failing probe requests below as errors.
  test.use({ failOnConsoleErrors: false });

  test('na één bezoek werkt de app zonder internet, ook een lijst die nog niet open was', async ({
    page,
    context,
    axe,
    browserErrors,
  }) => {
    test.slow();
    const home = new HomePage(page);
    await home.goto();
    await waitUntilOfflineReady(page);

    // One cache, named after this build, with the app, the config and every questionnaire.
    const cached = await cacheContents(page);
    const names = Object.keys(cached);
    expect(names).toHaveLength(1);
    expect(await page.evaluate(() => caches.keys())).toEqual(expect.arrayContaining([META_CACHE]));
    expect(names[0]).toMatch(CACHE_NAME);
    expect(cached[names[0]]).toEqual(expect.arrayContaining(expectedPrecache()));

    await context.setOffline(true);
    // Really offline: what the service worker did not keep cannot be fetched.
    const probe = await page.evaluate(() =>
      fetch('/questionnaires/voorbeeld-alles.json').then(
        (r) => `answer ${r.status}`,
        () => 'no answer',
      ),
    );
    expect(probe).toBe('no answer');

    await page.reload();
    await expect(home.waysIn).toHaveCount(3);
    await expect(home.heading).toHaveText('Waar kunnen we u mee helpen?');
    await axe.expectNoAxeViolations(page);

    // Answer a question offline; after a reload (still offline) the answer is still there.
    const q = new QuestionnairePage(page);
    await q.goto('/hoe-gaat-het');
    await q.expectStep(1, 16);
    await q.choose(HOW_FILLED, 'Ik vul ze zelf in');
    await expect.poll(async () => JSON.stringify(await q.draft('hoe-gaat-het'))).toContain('alone');
    await page.reload();
    await expect(q.form).toBeVisible();
    await expect(q.option(HOW_FILLED, 'Ik vul ze zelf in')).toBeChecked();
    await axe.expectNoAxeViolations(page);

    // Never opened with internet, yet there: kept when the service worker was installed.
    await q.goto('/vervolg');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hoe gaat het nu met uw vraag?');
    await q.expectStep(1, 5);
    await expect(q.screenHeading).toHaveText('Uw vraag aan het wijkteam');
    await axe.expectNoAxeViolations(page);
    await q.goto('/past-mijn-vraag');
    await expect(q.progress).toHaveText(/^Stap 1 van \d+$/);
    await expect(page.locator('.error-page')).toHaveCount(0);

    // Every screen that has its own part: kept on install, so it opens offline too.
    for (const path of ['/mijn-lijsten', '/mappen', '/versturen', '/register', '/uw-antwoorden', '/balie', '/voorbeeld']) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 }), path).toBeVisible();
      await expect(page.locator('.part-failed'), path).toHaveCount(0);
      await axe.expectNoAxeViolations(page);
    }

    // The urgent numbers (from the cached config) too.
    await page.goto('/spoed');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.locator('main')).toContainText('112');
    await axe.expectNoAxeViolations(page);

    expect(browserErrors.filter((e) => !e.includes('voorbeeld-alles.json'))).toEqual([]);
  });

  test('verzoeken buiten de app (zoals een POST) laat de service worker met rust', async ({
    page,
    context,
    browserErrors,
  }) => {
    const home = new HomePage(page);
    await home.goto();
    await waitUntilOfflineReady(page);
    const before = await cacheContents(page);

    // A POST reaches the server (which refuses it: 405), and a GET to an address of no app
    // file is answered by the server too (its page fallback), and neither is kept.
    const answers = await page.evaluate(async () => ({
      post: (await fetch('/api/proef', { method: 'POST', body: 'x' })).status,
      get: (await fetch('/api/proef?wijk=noord')).status,
    }));
    expect(answers).toEqual({ post: 405, get: 200 });
    expect(await cacheContents(page)).toEqual(before);

    // Offline nothing answers them: they were never kept.
    await context.setOffline(true);
    const offline = await page.evaluate(async () => {
      const outcome = (p) => p.then((r) => `answer ${r.status}`, () => 'no answer');
      return {
        post: await outcome(fetch('/api/proef', { method: 'POST', body: 'x' })),
        get: await outcome(fetch('/api/proef?wijk=noord')),
      };
    });
    expect(offline).toEqual({ post: 'no answer', get: 'no answer' });
    expect(browserErrors.filter((e) => !e.includes('/api/proef'))).toEqual([]);
  });
});

test.describe('bijwerken', () => {
  let site;
  test.beforeEach(async () => {
    site = await servedCopy();
  });
  test.afterEach(async () => {
    await site?.close();
  });

  test('met internet komt een gewijzigde gemeente-instelling meteen door, en blijft daarna offline', async ({
    page,
    context,
    axe,
  }) => {
    const home = new HomePage(page);
    const municipality = page.locator('main p.municipality');
    await page.goto(`${site.url}/`);
    await expect(home.waysIn).toHaveCount(3);
    await expect(municipality).toHaveText('Gemeente Voorbeeldstad (demo)');
    await waitUntilOfflineReady(page);

    // The municipality changes its config on the server.
    const configPath = join(site.dir, 'config/gemeente.json');
    const config = JSON.parse(readFileSync(configPath, 'utf8'));
    config.municipality.name.nl = 'Gemeente Nieuwstad (demo)';
    writeFileSync(configPath, JSON.stringify(config, null, 2));

    // Network first: the next load shows it (a cache-first worker would show the old name).
    await page.reload();
    await expect(municipality).toHaveText('Gemeente Nieuwstad (demo)');
    await axe.expectNoAxeViolations(page);

    // And the cache was refreshed with it: offline the new name stays.
    await context.setOffline(true);
    await page.reload();
    await expect(home.waysIn).toHaveCount(3);
    await expect(municipality).toHaveText('Gemeente Nieuwstad (demo)');
  });

  test('een nieuwe versie neemt het over zonder de pagina te herladen; het antwoord blijft', async ({
    page,
    context,
    axe,
  }) => {
    test.slow();
    const q = new QuestionnairePage(page);
    await q.goto(`${site.url}/hoe-gaat-het`);
    await waitUntilOfflineReady(page);
    const [oldCache] = Object.keys(await cacheContents(page));
    expect(oldCache).toMatch(CACHE_NAME);

    // The person is filling in the list when the new version comes out.
    await q.choose(HOW_FILLED, 'Samen met familie, een vriend of een mantelzorger');
    await page.evaluate(() => {
      window.zelfdePagina = true;
      window.nieuweBaas = 0;
      navigator.serviceWorker.addEventListener('controllerchange', () => window.nieuweBaas++);
    });

    // A new release: its parts have new addresses (the old ones are gone from the server), and
    // its service worker differs (another build stamp).
    const { dir: oldDir } = partsOf(site.dir);
    const newDir = `pkg-${oldDir.slice(4).split('').reverse().join('')}`;
    renameSync(join(site.dir, oldDir), join(site.dir, newDir));
    const indexPath = join(site.dir, 'index.html');
    // (The start-up script names the dir, so its CSP hash is written again, as a build does.)
    writeFileSync(indexPath, stampCsp(readFileSync(indexPath, 'utf8').replaceAll(oldDir, newDir)));
    const swPath = join(site.dir, 'sw.js');
    const sw = readFileSync(swPath, 'utf8');
    const stamp = sw.match(/^const BUILD = '([0-9a-f]{16})';$/m);
    expect(stamp, 'sw.js carries a build stamp').not.toBeNull();
    const newStamp = stamp[1].split('').reverse().join('');
    writeFileSync(swPath, sw.replace(stamp[0], `const BUILD = '${newStamp}';`));

    // The browser looks for a new version on each visit; here we ask for that check at once.
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));

    // The new worker installs in the background and takes over; the old cache stays beside it,
    // for pages (like this one) that still run the old version.
    await expect.poll(() => page.evaluate(() => window.nieuweBaas), { timeout: 30_000 }).toBe(1);
    await expect
      .poll(async () => Object.keys(await cacheContents(page)).sort(), { timeout: 30_000 })
      .toEqual([oldCache, `wijkpeil-${newStamp}`].sort());
    const entries = (await cacheContents(page))[`wijkpeil-${newStamp}`];
    expect(entries).toEqual(expect.arrayContaining(expectedPrecache(site.dir)));

    // Nothing happened under the person's hands: same page, answer still chosen, still saved.
    expect(await page.evaluate(() => window.zelfdePagina)).toBe(true);
    await expect(q.option(HOW_FILLED, 'Samen met familie, een vriend of een mantelzorger')).toBeChecked();
    expect(JSON.stringify(await q.draft('hoe-gaat-het'))).toContain('with_family');
    await axe.expectNoAxeViolations(page);

    // This page still runs the old version: a screen it had not opened yet still gets the old
    // version's part (kept in the old cache), although the server no longer has it.
    await page.getByRole('link', { name: 'Wat gebeurt er met mijn antwoorden?' }).first().click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Wat gebeurt er met mijn antwoorden?');
    await expect(page.locator('.part-failed')).toHaveCount(0);

    // The next load (offline, even) uses the new version's cache, with the answer.
    await context.setOffline(true);
    await page.goto(`${site.url}/hoe-gaat-het`);
    await expect(q.form).toBeVisible();
    await expect(q.option(HOW_FILLED, 'Samen met familie, een vriend of een mantelzorger')).toBeChecked();
  });
});

test.describe('installeren', () => {
  test('manifest, pictogrammen en themakleur kloppen', async ({
    page,
    context,
    request,
    axe,
  }) => {
    const home = new HomePage(page);
    await home.goto();
    await axe.expectNoAxeViolations(page);

    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBe('/manifest.webmanifest');
    const res = await request.get(href);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('application/manifest+json');
    const manifest = JSON.parse(await res.text());
    expect(manifest).toMatchObject({ name: 'Wijkpeil', lang: 'nl', start_url: '/', scope: '/', display: 'standalone' });
    expect(manifest.short_name.length).toBeGreaterThan(0);
    expect(manifest.short_name.length).toBeLessThanOrEqual(12); // fits under an icon

    // Theme colour = the app's --brand, in the manifest and in the page.
    const brand = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--brand').trim());
    expect(brand).toMatch(/^#[0-9a-f]{6}$/i);
    expect(manifest.theme_color.toLowerCase()).toBe(brand.toLowerCase());
    await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute('content', brand);
    const paper = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--paper').trim());
    expect(manifest.background_color.toLowerCase()).toBe(paper.toLowerCase());

    // Every icon is there, of the type and size the manifest says.
    const pngSize = (buf) => `${buf.readUInt32BE(16)}x${buf.readUInt32BE(20)}`;
    for (const icon of manifest.icons) {
      const r = await request.get(icon.src);
      expect(r.status(), icon.src).toBe(200);
      expect(r.headers()['content-type'], icon.src).toContain(icon.type);
      const body = await r.body();
      if (icon.type === 'image/png') {
        expect(body.subarray(1, 4).toString('latin1'), icon.src).toBe('PNG');
        expect(pngSize(body), icon.src).toBe(icon.sizes);
      } else {
        expect(body.toString('utf8'), icon.src).toContain('<svg');
      }
    }
    const pngs = (purpose) =>
      manifest.icons.filter((i) => i.type === 'image/png' && (i.purpose ?? 'any').split(' ').includes(purpose)).map((i) => i.sizes);
    expect(pngs('any')).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(pngs('maskable').length).toBeGreaterThan(0);

    // The icons in the page itself.
    for (const rel of ['icon', 'apple-touch-icon']) {
      const src = await page.locator(`link[rel="${rel}"]`).getAttribute('href');
      expect(src, rel).toMatch(/^\/icons\//);
      expect((await request.get(src)).status(), rel).toBe(200);
    }

    // Chromium's own reading of the manifest: no errors.
    const cdp = await context.newCDPSession(page);
    const { errors, data } = await cdp.send('Page.getAppManifest');
    expect(errors).toEqual([]);
    expect(JSON.parse(data).name).toBe('Wijkpeil');
  });

  test('Chromium vindt de app te installeren, en zonder pictogrammen niet', async ({ playwright, baseURL, axe }) => {
    // Playwright's normal contexts are incognito, where nothing can be installed: this test uses
    // a browser profile of its own.
    const profile = mkdtempSync(join(tmpdir(), 'wijkpeil-profile-'));
    const site = await servedCopy();
    const browser = await playwright.chromium.launchPersistentContext(profile, launchOptions());
    try {
      const installabilityErrors = async (url) => {
        const page = await browser.newPage();
        await page.goto(url);
        await expect(page.locator('ul.ways-in a')).toHaveCount(3);
        await waitUntilOfflineReady(page);
        const cdp = await browser.newCDPSession(page);
        const result = (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors.map((e) => e.errorId);
        return { page, result };
      };
      const ok = await installabilityErrors(`${baseURL}/`);
      expect(ok.result).toEqual([]);
      await axe.expectNoAxeViolations(ok.page);

      // The check does look: a manifest without icons makes the app not installable.
      const manifestPath = join(site.dir, 'manifest.webmanifest');
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
      delete manifest.icons;
      writeFileSync(manifestPath, JSON.stringify(manifest));
      const broken = await installabilityErrors(`${site.url}/`);
      expect(broken.result, 'installability errors without icons').toContainEqual(expect.stringMatching(/icon/));
    } finally {
      await browser.close();
      await site.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
