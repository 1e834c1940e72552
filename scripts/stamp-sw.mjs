#!/usr/bin/env node
// Stamps the build into the service worker: replaces `const BUILD = '…';` in sw.js by a hash of
// every file of the build (names and contents; sw.js without that line). Each release that changes
// anything thus changes sw.js, so browsers install the new worker, and it gets a cache of its own
// (see public/sw.js).
//
// Runs as a trunk post_build hook (Trunk.toml), on the staging dir trunk gives in
// TRUNK_STAGING_DIR; by hand: node scripts/stamp-sw.mjs --dir dist
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { opt } from './cli.mjs';
import { walk } from './files.mjs';

const DIR = opt('--dir', process.env.TRUNK_STAGING_DIR);
const SW = 'sw.js';
const MARKER = /^const BUILD = '[^'\n]*';$/gm;

function fail(message) {
  console.error(`stamp-sw: ${message}`);
  process.exit(1);
}

if (!DIR) fail('no build dir: run from trunk (TRUNK_STAGING_DIR) or pass --dir');
const swPath = join(DIR, SW);
if (!existsSync(swPath)) fail(`${swPath} not found: is public/sw.js copied by index.html?`);

const source = readFileSync(swPath, 'utf8');
const found = source.match(MARKER) || [];
if (found.length !== 1) fail(`expected one line "const BUILD = '…';" in ${swPath}, found ${found.length}`);

const hash = createHash('sha256');
for (const file of walk(DIR)) {
  const rel = relative(DIR, file).split(sep).join('/');
  hash.update(`${rel}\0`);
  // sw.js counts without its stamp, so stamping twice gives the same result.
  hash.update(rel === SW ? source.replace(MARKER, "const BUILD = '';") : readFileSync(file));
  hash.update('\0');
}
const build = hash.digest('hex').slice(0, 16);
writeFileSync(swPath, source.replace(MARKER, `const BUILD = '${build}';`));
console.log(`stamp-sw: ${SW} build ${build}`);
