// Wijkpeil service worker: the app works offline after the first visit.
//
// What is kept (one cache per build, "wijkpeil-<BUILD>"), fetched on `install`:
//   - `/` (index.html) and the files it loads: the first part of the app (pkg-<hash>/wijkpeil.js,
//     __wasm_split.js and wijkpeil_bg.wasm, see scripts/place-parts.mjs), the .css, the favicon
//     and the manifest;
//   - every other part of the app: the files that pkg-<hash>/parts.json lists (each screen's
//     code, fetched by the page when the screen is first visited), so every screen opens offline;
//   - /config/gemeente.json, /questionnaires/index.json and every questionnaire listed there, the
//     languages' texts and the words of a hand-over phrase.
// Install is all or nothing: when one file cannot be fetched the new worker is dropped and the
// browser tries again on a later visit, so an incomplete set never replaces a complete one.
//
// How requests are answered (only GET requests to this origin; everything else, such as a POST
// to a collector or any request to another origin, is not touched at all):
//   - page loads (/, /hoe-gaat-het, /spoed, /vervolg, /voorbeeld…): network first with a short
//     timeout, then the cached `/` (the app reads the address itself);
//   - /config/*.json, /questionnaires/*.json and the texts: network first (a municipality's new
//     content arrives when online; the fresh copy replaces the cached one), then the cache;
//   - static files (.js .wasm .css .svg .png .ico .webmanifest): from any kept build first, then
//     the network (what the network gives is kept, e.g. the icons the browser asks for);
//   - any other address (e.g. a future /api/…): not touched.
//
// Updates: BUILD is replaced at build time (scripts/stamp-sw.mjs) by a hash of every other file in
// the build, so each release that changes anything makes this file different and the browser
// installs the new worker in the background on a visit. The new worker calls skipWaiting(), so it
// does not wait until every tab of Wijkpeil is closed (on a phone an installed app is seldom
// really closed). That is safe here because:
//   - the page is never reloaded by us: a page that is open keeps running the code it has, and
//     the person can go on typing (answers are saved on every change anyway);
//   - a page of the previous version still finds that version's parts: each version's parts have
//     their own addresses (pkg-<hash>/), and the previous build's cache is kept until the next
//     version comes (see `activate`). Should a part still be missing (an older page, offline),
//     the page says so where the screen would be, with "Probeer opnieuw"; the answers are kept;
//   - the config and the questionnaires are network first anyway, like any online load.
// The new version's code is used from the next page load.
'use strict';

const BUILD = 'unstamped';
const CACHE = `wijkpeil-${BUILD}`;
const CACHE_PREFIX = 'wijkpeil-';
// The builds whose caches are kept, newest last (the current one and the one before it).
const BUILDS_KEY = '/__wijkpeil-builds';
const META_CACHE = 'wijkpeil-meta';
// A page load waits this long for the network before the cached app is used.
const NAVIGATION_TIMEOUT_MS = 3000;
// Config and questionnaires: the same, but a late answer still refreshes the cache.
const CONTENT_TIMEOUT_MS = 4000;

const CONFIG_URL = '/config/gemeente.json';
const INDEX_URL = '/questionnaires/index.json';
const STATIC_FILE = /\.(?:js|wasm|css|svg|png|ico|webmanifest)$/;
const CONTENT_FILE = /^\/(?:(?:config|questionnaires)\/[^?#]*\.json|locales\/[a-z]{2,3}\.txt|woorden\/nl\.txt)$/;
// The languages besides Dutch (built into the app): every one is kept after the first visit, so
// choosing one offline works, and no request tells the web server which one a person chose.
// The same list as `LANGUAGES` in src/i18n/mod.rs (a native test checks: tests/sw_locales.rs).
const LOCALES = ['/locales/en.txt', '/locales/ar.txt', '/locales/tr.txt', '/locales/pl.txt', '/locales/uk.txt'];
// The words of a hand-over file's phrase (src/passphrase.rs): fetched when needed, kept offline.
const WORDS_URL = '/woorden/nl.txt';
// The life areas' pictograms (src/self_check/pictograms.rs): the self-check screens show them.
const PICTOGRAMS_URL = '/icons/areas.svg';

const sameOrigin = (url) => url.origin === self.location.origin;

// Local addresses of the files index.html loads: scripts, styles, preloads, the favicon (asked for
// on every page load) and the manifest (small). Not the other icons (apple-touch-icon, those in the
// manifest): the browser fetches them only when the app is installed, and they are kept then.
function assetsOfIndex(html, base) {
  const found = new Set();
  const add = (raw) => {
    if (!raw || raw.startsWith('data:')) return;
    const url = new URL(raw.replace(/&amp;/g, '&'), base);
    if (sameOrigin(url) && url.pathname !== '/sw.js') found.add(url.pathname + url.search);
  };
  const attr = (tag, name) => {
    const m = tag.match(new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i'));
    return m ? (m[1] ?? m[2] ?? m[3]) : null;
  };
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const rel = (attr(tag, 'rel') || '').toLowerCase().split(/\s+/);
    if (rel.some((r) => ['stylesheet', 'preload', 'modulepreload', 'icon', 'manifest'].includes(r))) add(attr(tag, 'href'));
  }
  for (const [, open, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    add(attr(open, 'src'));
    // trunk's inline start-up script imports the .js and names the .wasm in quotes.
    for (const [, path] of body.matchAll(/["'`]((?:\.{0,2}\/)?[^"'`\s<>]+?\.(?:js|wasm))["'`]/g)) add(path);
  }
  return [...found];
}

// wasm-bindgen snippets: `import … from './snippets/…'` in the generated .js.
function snippetsOfScript(js, base) {
  const found = [];
  for (const [, path] of js.matchAll(/["'`]((?:\.{0,2}\/)?snippets\/[^"'`\s]+?\.js)["'`]/g)) {
    const url = new URL(path, base);
    if (sameOrigin(url)) found.push(url.pathname);
  }
  return found;
}

// The app's parts besides the first (scripts/place-parts.mjs writes parts.json beside them).
async function partsOf(assets, origin) {
  const first = assets.find((a) => /^\/pkg-[0-9a-f]+\/wijkpeil\.js$/.test(a));
  if (!first) return []; // a development build (trunk serve) is one part
  const dir = first.slice(0, first.lastIndexOf('/') + 1);
  const manifest = await (await fetchOk(`${dir}parts.json`)).json();
  const files = new Set();
  for (const part of Object.values(manifest.parts || {})) {
    for (const file of part.files) {
      const url = new URL(file, `${origin}${dir}`);
      if (!sameOrigin(url)) throw new Error(`part file ${file} is not on this site`);
      files.add(url.pathname);
    }
  }
  if (!files.size) throw new Error(`${dir}parts.json lists no part`);
  return [...files];
}

async function fetchOk(url, init) {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

// Fetches `url` and stores the answer in `cache` at once (an answer whose body nobody reads keeps
// its connection busy); with `read`, returns the text as well.
async function keep(cache, url, init, read) {
  const response = await fetchOk(url, init);
  const [text] = await Promise.all([read ? response.clone().text() : null, cache.put(url, response)]);
  return text;
}

async function precache() {
  const origin = self.location.origin;
  // This build's own cache: no page uses it before this worker is activated, which only happens
  // when everything below has been kept. On a failure it is removed again.
  const cache = await caches.open(CACHE);
  try {
    // index.html, config and questionnaires are revalidated ('no-cache'); the hashed files may
    // come from the HTTP cache: the page has usually just downloaded them.
    const page = await fetchOk('/', { cache: 'no-cache' });
    const html = await page.text();
    // Stored as a new answer, so it is never marked as redirected (as when the server sent / on
    // to /index.html): the browser refuses a redirected answer for a page load.
    const type = page.headers.get('Content-Type') || 'text/html; charset=utf-8';
    await cache.put('/', new Response(html, { status: 200, headers: { 'Content-Type': type } }));
    const assets = assetsOfIndex(html, `${origin}/`);
    if (!assets.some((a) => a.endsWith('.wasm'))) throw new Error('index.html names no .wasm file');
    const list = JSON.parse(await keep(cache, INDEX_URL, { cache: 'no-cache' }, true));
    const questionnaires = list.map((entry) => {
      const url = new URL(entry.file, `${origin}${INDEX_URL}`);
      if (!sameOrigin(url)) throw new Error(`questionnaire ${entry.id} is not on this site`);
      return url.pathname;
    });
    const parts = (await partsOf(assets, origin)).filter((url) => !assets.includes(url));
    const [scripts] = await Promise.all([
      Promise.all(assets.map(async (url) => [url, await keep(cache, url, undefined, url.endsWith('.js'))])),
      Promise.all([...parts, PICTOGRAMS_URL].map((url) => keep(cache, url))),
      Promise.all([CONFIG_URL, ...LOCALES, WORDS_URL, ...questionnaires].map((url) => keep(cache, url, { cache: "no-cache" }, false))),
    ]);
    const snippets = new Set();
    for (const [url, text] of scripts) {
      if (text !== null) for (const s of snippetsOfScript(text, `${origin}${url}`)) snippets.add(s);
    }
    await Promise.all([...snippets].filter((url) => !assets.includes(url)).map((url) => keep(cache, url)));
  } catch (error) {
    await caches.delete(CACHE);
    throw error;
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      // Kept: this build and the one before it (a page still open on it may need its parts).
      const meta = await caches.open(META_CACHE);
      const listed = await meta.match(BUILDS_KEY);
      const before = listed ? await listed.json().catch(() => []) : [];
      const builds = [...before.filter((b) => b !== CACHE), CACHE].slice(-2);
      await meta.put(BUILDS_KEY, new Response(JSON.stringify(builds), { headers: { 'Content-Type': 'application/json' } }));
      for (const name of await caches.keys()) {
        if (name.startsWith(CACHE_PREFIX) && name !== META_CACHE && !builds.includes(name)) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

// The network's answer, or after `timeoutMs` (or when the network fails) the cached copy of
// `cacheKey`; without a cached copy the network's answer or error after all. With `refresh`,
// a good network answer replaces the cached copy, even when it comes after the timeout.
function networkFirst(event, cacheKey, timeoutMs, refresh) {
  const network = fetch(event.request).then((response) => {
    if (refresh && response.ok && response.type === 'basic') {
      // Copied before the page reads it; stored in the background.
      const copy = response.clone();
      event.waitUntil(caches.open(CACHE).then((cache) => cache.put(cacheKey, copy)));
    }
    return response;
  });
  event.waitUntil(network.then(() => undefined, () => undefined));
  const cached = () => caches.open(CACHE).then((cache) => cache.match(cacheKey));
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (response) => {
      if (!done) {
        done = true;
        resolve(response);
      }
    };
    const timer = setTimeout(() => {
      cached().then((hit) => hit && finish(hit), () => undefined);
    }, timeoutMs);
    network.then(
      (response) => {
        clearTimeout(timer);
        finish(response);
      },
      async (error) => {
        clearTimeout(timer);
        const hit = await cached().catch(() => undefined);
        if (hit) finish(hit);
        else if (!done) {
          done = true;
          reject(error);
        }
      },
    );
  });
}

async function cacheFirst(event) {
  const { request } = event;
  const cache = await caches.open(CACHE);
  // This build's copy, else a kept older build's (a page of the previous version asks for its
  // own parts by their own addresses).
  const hit = (await cache.match(request)) || (await caches.match(request));
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') event.waitUntil(cache.put(request, response.clone()));
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (!sameOrigin(url) || url.pathname === '/sw.js') return;

  if (request.mode === 'navigate') {
    // App pages have no file extension (index.html itself aside); other navigations (a .json
    // opened directly, a download) go to the network as usual.
    const last = url.pathname.split('/').pop();
    if (last.includes('.') && last !== 'index.html') return;
    event.respondWith(networkFirst(event, '/', NAVIGATION_TIMEOUT_MS, false));
    return;
  }
  if (CONTENT_FILE.test(url.pathname)) {
    event.respondWith(networkFirst(event, url.pathname, CONTENT_TIMEOUT_MS, true));
    return;
  }
  if (STATIC_FILE.test(url.pathname)) {
    event.respondWith(cacheFirst(event));
  }
});
