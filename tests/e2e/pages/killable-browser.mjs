// A Chromium that can be killed the way a phone's system ends a browser in the background:
// SIGKILL of the whole process tree, with no chance to write anything more. It runs with its own
// persistent profile (so IndexedDB and localStorage are on disk), started by hand in its own
// process group and driven over the DevTools protocol.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../browser.mjs';

export function newProfile() {
  return mkdtempSync(join(tmpdir(), 'wijkpeil-kill-'));
}

export function removeProfile(dir) {
  rmSync(dir, { recursive: true, force: true });
}

export class KillableBrowser {
  /** Starts Chromium on `profile` and opens one page. */
  static async launch(profile) {
    const proc = spawn(
      CHROMIUM_PATH,
      [...CHROMIUM_ARGS, '--headless=new', '--lang=nl-NL', '--accept-lang=nl-NL,nl', `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'],
      { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const exited = new Promise((ok) => proc.once('exit', ok));
    const ws = await new Promise((ok, no) => {
      let seen = '';
      const timer = setTimeout(() => no(new Error(`Chromium gave no DevTools address:\n${seen}`)), 30_000);
      proc.stderr.on('data', (d) => {
        seen += d;
        const m = seen.match(/DevTools listening on (ws:\/\/\S+)/);
        if (m) {
          clearTimeout(timer);
          ok(m[1]);
        }
      });
      proc.once('exit', () => no(new Error(`Chromium ended at start:\n${seen}`)));
    });
    const browser = await chromium.connectOverCDP(ws);
    const context = browser.contexts()[0];
    const page = context.pages()[0] ?? (await context.newPage());
    return new KillableBrowser(proc, exited, browser, page);
  }

  constructor(proc, exited, browser, page) {
    this.proc = proc;
    this.exited = exited;
    this.browser = browser;
    this.page = page;
  }

  /** SIGKILL to the browser's whole process group; resolves once the main process is gone. */
  async kill() {
    try {
      process.kill(-this.proc.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await this.exited;
    await this.browser.close().catch(() => {});
  }

  /** A normal end: the browser shuts down and writes everything (as when a person closes it). */
  async close() {
    const cdp = await this.browser.newBrowserCDPSession().catch(() => null);
    await cdp?.send('Browser.close').catch(() => {});
    const ended = await Promise.race([this.exited.then(() => true), new Promise((ok) => setTimeout(() => ok(false), 15_000))]);
    if (!ended) await this.kill();
  }
}
