#!/usr/bin/env node
// Writes the SHA-256 hashes of the inline scripts and styles of the built index.html into its
// Content-Security-Policy (see scripts/csp.mjs), so the page needs no 'unsafe-inline'.
// Runs as a trunk post_build hook before stamp-sw.mjs (Trunk.toml), on TRUNK_STAGING_DIR;
// by hand: node scripts/csp-hash.mjs --dir dist
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { opt } from './cli.mjs';
import { checkCsp, stampCsp } from './csp.mjs';

const DIR = opt('--dir', process.env.TRUNK_STAGING_DIR);
if (!DIR) {
  console.error('csp-hash: no build dir: run from trunk (TRUNK_STAGING_DIR) or pass --dir');
  process.exit(1);
}
const file = join(DIR, 'index.html');
const html = stampCsp(readFileSync(file, 'utf8'));
const problems = checkCsp(html);
if (problems.length) {
  console.error(`csp-hash: ${problems.join('; ')}`);
  process.exit(1);
}
writeFileSync(file, html);
console.log('csp-hash: index.html CSP has the hashes of its inline scripts');
