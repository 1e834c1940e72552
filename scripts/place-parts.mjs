#!/usr/bin/env node
// Puts the parts of the release wasm (scripts/build-parts.sh) into the build and starts the app
// from them:
//   - every file goes into DIST/pkg-<hash>/, the hash taken over all of them: a new version never
//     mixes with an old one (a page of the old version still fetches the old parts by their own
//     addresses, see public/sw.js), and the files may be cached forever;
//   - DIST/pkg-<hash>/parts.json lists the first part's files and every other part with the
//     files it needs (read from __wasm_split.js): scripts/size-report.mjs and the service worker
//     (which keeps every part for offline use) read it;
//   - index.html gets the module script that starts the first part, and preloads for its files;
//   - then the CSP hashes of the inline scripts (scripts/csp-hash.mjs) and the service worker's
//     build stamp (scripts/stamp-sw.mjs) are written again, now that the page is final.
// Usage: node scripts/place-parts.mjs --dist DIST --from DIR
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync, readdirSync, cpSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { opt } from './cli.mjs';
import { walk } from './files.mjs';
import { readLoaders } from './parts.mjs';

const DIST = opt('--dist', 'dist');
const FROM = opt('--from', null);
function fail(message) {
  console.error(`place-parts: ${message}`);
  process.exit(1);
}
if (!FROM || !existsSync(join(FROM, 'wijkpeil.js'))) fail(`no wijkpeil.js in ${FROM}: run scripts/build-parts.sh`);
if (!existsSync(join(DIST, 'index.html'))) fail(`no ${DIST}/index.html: trunk builds it first (scripts/release.sh)`);

const hash = createHash('sha256');
const files = [...walk(FROM)].map((f) => f.slice(FROM.length + 1).split('\\').join('/')).sort();
for (const rel of files) hash.update(`${rel}\0`).update(readFileSync(join(FROM, rel))).update('\0');
const dir = `pkg-${hash.digest('hex').slice(0, 16)}`;

// Only this version's parts in this build (an older build's dir would be counted and kept).
for (const name of readdirSync(DIST)) if (name.startsWith('pkg-')) rmSync(join(DIST, name), { recursive: true });
cpSync(FROM, join(DIST, dir), { recursive: true });

const loaders = readLoaders(readFileSync(join(FROM, '__wasm_split.js'), 'utf8'));
const parts = {};
for (const [name, loader] of Object.entries(loaders)) {
  if (!existsSync(join(FROM, loader.file))) fail(`__wasm_split.js names ${loader.file}, which is not there`);
  parts[name] = { files: loader.files };
}
const snippets = files.filter((f) => f.startsWith('snippets/'));
const manifest = { dir, first: ['wijkpeil.js', '__wasm_split.js', 'wijkpeil_bg.wasm', ...snippets], parts };
writeFileSync(join(DIST, dir, 'parts.json'), `${JSON.stringify(manifest, null, 2)}\n`);

const start = `/${dir}/wijkpeil.js`;
const wasm = `/${dir}/wijkpeil_bg.wasm`;
const tags =
  `<link rel="modulepreload" href="${start}">` +
  `<link rel="modulepreload" href="/${dir}/__wasm_split.js">` +
  `<link rel="preload" href="${wasm}" as="fetch" type="application/wasm" crossorigin="anonymous">` +
  `<script type="module">import init from '${start}';\nawait init({ module_or_path: '${wasm}' });\n</script>`;
const page = join(DIST, 'index.html');
const html = readFileSync(page, 'utf8');
if (/\/pkg-[0-9a-f]{16}\//.test(html)) fail('index.html already starts a pkg-… dir');
if (!html.includes('</head>')) fail('index.html has no </head>');
writeFileSync(page, html.replace('</head>', `${tags}\n</head>`));

const here = new URL('.', import.meta.url).pathname;
execFileSync('node', [join(here, 'csp-hash.mjs'), '--dir', DIST], { stdio: 'inherit' });
execFileSync('node', [join(here, 'stamp-sw.mjs'), '--dir', DIST], { stdio: 'inherit' });
console.log(`place-parts: ${dir}: first part + ${Object.keys(parts).length} parts (${Object.keys(parts).join(', ')})`);
