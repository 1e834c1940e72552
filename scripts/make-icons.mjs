#!/usr/bin/env node
// Draws the PNG icons of the web app manifest from the two SVGs in public/icons/, in headless
// Chromium (Debian's, as the tests use), so that the PNGs look exactly like the SVGs:
//   icon.svg          (rounded corners)  → icon-192.png, icon-512.png         (purpose "any")
//   icon-maskable.svg (full square, the  → icon-maskable-512.png             (purpose "maskable")
//                      mark within the      apple-touch-icon.png (180 px; iOS rounds the corners)
//                      central safe zone)
// The PNGs are committed; run this again after changing an SVG: node scripts/make-icons.mjs
import { chromium } from 'playwright-core';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchOptions } from '../tests/e2e/browser.mjs';
import { opt } from './cli.mjs';

const DIR = opt('--dir', 'public/icons');
const OUTPUTS = [
  { svg: 'icon.svg', size: 192, png: 'icon-192.png', transparent: true },
  { svg: 'icon.svg', size: 512, png: 'icon-512.png', transparent: true },
  { svg: 'icon-maskable.svg', size: 512, png: 'icon-maskable-512.png', transparent: false },
  { svg: 'icon-maskable.svg', size: 180, png: 'apple-touch-icon.png', transparent: false },
];

const browser = await chromium.launch(launchOptions());
try {
  for (const { svg, size, png, transparent } of OUTPUTS) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    const data = Buffer.from(readFileSync(join(DIR, svg))).toString('base64');
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}img{display:block}</style>` +
        `<img width="${size}" height="${size}" alt="" src="data:image/svg+xml;base64,${data}">`,
    );
    await page.locator('img').evaluate((img) => img.decode());
    const buf = await page.screenshot({ omitBackground: transparent, clip: { x: 0, y: 0, width: size, height: size } });
    writeFileSync(join(DIR, png), buf);
    console.log(`make-icons: ${png} (${size}×${size}, ${buf.length} bytes)`);
    await page.close();
  }
} finally {
  await browser.close();
}
