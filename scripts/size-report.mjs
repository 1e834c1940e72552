#!/usr/bin/env node
// Size report for the release build in dist/.
// Prints every file with raw, gzip (-9) and brotli (q11) size, then the "first visit" total:
// everything the browser loads on a first visit (index.html, the .js/.wasm/.css it references,
// wasm-bindgen snippets, the favicon and /config/gemeente.json). Fails (exit 1) when the
// first-visit brotli total exceeds the budget (384 KB = 393216 bytes).
// Also shows what the service worker (sw.js) adds after the first page has loaded, in the
// background, to make the app work offline: sw.js itself, the manifest, questionnaires/index.json
// and every questionnaire listed there (marked +). That is not part of the budget: it does not
// delay the first page. The other icons are not counted: the browser fetches them only when the
// app is installed. Ends with two machine-readable lines, the last one the budgeted figure:
//   SIZE offline_extra_brotli=N
//   SIZE first_visit_brotli=N
//
// Also fails when the CSP of the built index.html allows 'unsafe-inline' or misses the hash of an
// inline script (scripts/csp.mjs).
//
// Usage: node scripts/size-report.mjs [--dist dist] [--budget 393216]
import { readFileSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gzipSync, brotliCompressSync, constants as z } from 'node:zlib';
import { opt } from './cli.mjs';
import { walk } from './files.mjs';
import { checkCsp } from './csp.mjs';

const DIST = opt('--dist', 'dist');
const BUDGET = Number(opt('--budget', process.env.WIJKPEIL_SIZE_BUDGET || 393216));
// Files every first visit fetches besides what index.html references directly.
const FIRST_VISIT_EXTRA = ['config/gemeente.json'];

if (!existsSync(join(DIST, 'index.html'))) {
  console.error(`size-report: ${DIST}/index.html not found; run scripts/release.sh first`);
  process.exit(2);
}

const sizes = new Map(); // rel path -> {raw, gz, br}
for (const file of walk(DIST)) {
  const rel = relative(DIST, file).split(sep).join('/');
  const buf = readFileSync(file);
  sizes.set(rel, {
    raw: buf.length,
    gz: gzipSync(buf, { level: 9 }).length,
    br: brotliCompressSync(buf, {
      params: {
        [z.BROTLI_PARAM_QUALITY]: 11,
        [z.BROTLI_PARAM_LGWIN]: 24,
        [z.BROTLI_PARAM_SIZE_HINT]: buf.length,
      },
    }).length,
  });
}

// What index.html loads: every quoted local path to a .js/.wasm/.css file that exists in dist.
const html = readFileSync(join(DIST, 'index.html'), 'utf8');
const firstVisit = new Set(['index.html']);
for (const m of html.matchAll(/["'`]((?:\.?\/)?[^"'`\s<>]+?\.(?:js|wasm|css))(?:\?[^"'`]*)?["'`]/g)) {
  const rel = m[1].replace(/^\.?\//, '');
  // sw.js is named by the registration script, and fetched after the page has loaded.
  if (sizes.has(rel) && rel !== 'sw.js') firstVisit.add(rel);
}
// The favicon (the browser asks for it on every page load); the manifest is kept by sw.js.
const linked = { icon: [], manifest: [] };
for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
  const rel = (tag.match(/\srel="([^"]*)"/i)?.[1] || '').toLowerCase().split(/\s+/);
  const href = tag.match(/\shref="\/?([^"]*)"/i)?.[1];
  for (const kind of Object.keys(linked)) if (href && rel.includes(kind) && sizes.has(href)) linked[kind].push(href);
}
for (const rel of linked.icon) firstVisit.add(rel);
// wasm-bindgen inline/module snippets are imported by the main .js.
for (const rel of sizes.keys()) if (rel.startsWith('snippets/')) firstVisit.add(rel);
const missingExtra = [];
for (const rel of FIRST_VISIT_EXTRA) {
  if (sizes.has(rel)) firstVisit.add(rel);
  else missingExtra.push(rel);
}
// What the service worker fetches besides the first visit's files (see precache() in sw.js).
const offlineExtra = new Set();
if (sizes.has('sw.js')) {
  offlineExtra.add('sw.js');
  for (const rel of linked.manifest) offlineExtra.add(rel);
  const indexRel = 'questionnaires/index.json';
  if (!sizes.has(indexRel)) {
    console.error(`size-report: ${DIST}/${indexRel} not found: the service worker could not install`);
    process.exit(2);
  }
  offlineExtra.add(indexRel);
  for (const entry of JSON.parse(readFileSync(join(DIST, indexRel), 'utf8'))) {
    const rel = `questionnaires/${entry.file}`;
    if (!sizes.has(rel)) {
      console.error(`size-report: ${rel} is listed in ${indexRel} but not in ${DIST}/`);
      process.exit(2);
    }
    if (!firstVisit.has(rel)) offlineExtra.add(rel);
  }
}
const kinds = (ext) => [...firstVisit].some((f) => f.endsWith(ext));
for (const ext of ['.js', '.wasm']) {
  if (!kinds(ext)) {
    console.error(`size-report: index.html references no ${ext} file: is this a trunk build?`);
    process.exit(2);
  }
}

const fmt = (n) => String(n).padStart(9);
const kb = (n) => (n / 1024).toFixed(1) + ' KB';
const width = Math.max(20, ...[...sizes.keys()].map((k) => k.length)) + 2;
const line = (name, s, mark = ' ') =>
  `${mark} ${name.padEnd(width)}${fmt(s.raw)}${fmt(s.gz)}${fmt(s.br)}`;

console.log(`Size report for ${DIST}/ (bytes; * = loaded on first visit, + = fetched after it for offline use)`);
console.log(`  ${'file'.padEnd(width)}${'raw'.padStart(9)}${'gzip-9'.padStart(9)}${'brotli11'.padStart(9)}`);
const total = { raw: 0, gz: 0, br: 0 };
const fv = { raw: 0, gz: 0, br: 0 };
const off = { raw: 0, gz: 0, br: 0 };
for (const [rel, s] of sizes) {
  const isFv = firstVisit.has(rel);
  const isOff = offlineExtra.has(rel);
  console.log(line(rel, s, isFv ? '*' : isOff ? '+' : ' '));
  for (const k of Object.keys(total)) {
    total[k] += s[k];
    if (isFv) fv[k] += s[k];
    if (isOff) off[k] += s[k];
  }
}
console.log('  ' + '-'.repeat(width + 27));
console.log(line(`all files (${sizes.size})`, total));
console.log(line(`first visit (${firstVisit.size})`, fv));
if (offlineExtra.size) console.log(line(`+ for offline use (${offlineExtra.size})`, off));
else console.log('  note: no sw.js in the build: the app does not work offline');
if (missingExtra.length) console.log(`  note: not in dist, not counted: ${missingExtra.join(', ')}`);

// The built page must not allow inline code it did not hash (scripts/csp.mjs): a release whose
// CSP says 'unsafe-inline' for scripts or styles, or misses a hash, fails here.
const cspProblems = checkCsp(html);
if (cspProblems.length) {
  console.error(`size-report: the CSP of ${DIST}/index.html is not strict: ${cspProblems.join('; ')}`);
  process.exit(1);
}
console.log('CSP index.html: no unsafe-inline, every inline script hashed');

const pct = ((fv.br / BUDGET) * 100).toFixed(1);
const ok = fv.br <= BUDGET;
console.log(
  `BUDGET first visit brotli ${fv.br} B (${kb(fv.br)}) of ${BUDGET} B (${kb(BUDGET)}): ${pct}% ${ok ? 'OK' : 'OVER BUDGET'}`,
);
console.log(`SIZE offline_extra_brotli=${off.br}`);
console.log(`SIZE first_visit_brotli=${fv.br}`);
if (!ok) {
  console.error(`size-report: first-visit brotli total ${fv.br} B exceeds the budget of ${BUDGET} B`);
  process.exit(1);
}
