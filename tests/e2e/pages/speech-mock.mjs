// A stand-in for the browser's speech synthesis (window.speechSynthesis and
// SpeechSynthesisUtterance), installed before the app starts:
//
//   await installSpeechMock(page, { voices: [DUTCH], lateMs: 400 });
//   … press "Lees voor" …
//   expect(await spoken(page)).toEqual([{ text, lang, voice, rate }, …]);
//   await endCurrent(page);   // the utterance being read ends, the next one starts
//
// It records every utterance given to speak() (text, lang, the voice's name, rate), fires
// `start` when an utterance begins and `end` when it ends (only when the test says so with
// endCurrent(), or by itself after `autoMs` when that is set, also later with setAutoEnd()), and after cancel() an `error`
// with "interrupted" for the one being read and "canceled" for those still queued, as browsers
// do. getVoices() is empty until `voiceschanged` fires after `lateMs` (never when lateMs < 0),
// like Chrome, which loads its voices after the page.
import { expect } from '@playwright/test';

export const voice = (name, lang, localService, isDefault = false) => ({
  name,
  lang,
  localService,
  default: isDefault,
  voiceURI: name,
});

export const DUTCH = voice('Xander', 'nl-NL', true);
export const DUTCH_SERVER = voice('Google Nederlands', 'nl-NL', false);
export const ENGLISH = voice('Daniel', 'en-GB', true, true);

function install({ voices, lateMs, autoMs }) {
  const log = { spoken: [], cancels: 0, events: [] };
  let loaded = lateMs === 0;
  const queue = [];
  let current = null;
  let auto = autoMs;

  class Utterance extends EventTarget {
    constructor(text = '') {
      super();
      Object.assign(this, { text, lang: '', voice: null, rate: 1, pitch: 1, volume: 1 });
      for (const t of ['start', 'end', 'error', 'boundary', 'pause', 'resume', 'mark']) this[`on${t}`] = null;
    }
  }
  const fire = (u, type, props = {}) => {
    const ev = new Event(type);
    Object.assign(ev, props, { utterance: u });
    log.events.push([type, u.text, props.error ?? null]);
    if (typeof u[`on${type}`] === 'function') u[`on${type}`](ev);
    u.dispatchEvent(ev);
  };
  const endCurrent = () => {
    const u = current;
    if (!u) return false;
    current = null;
    fire(u, 'end');
    next();
    return true;
  };
  const next = () => {
    current = queue.shift() ?? null;
    const u = current;
    if (!u) return;
    setTimeout(() => {
      if (current !== u) return;
      fire(u, 'start');
      if (auto > 0) setTimeout(() => current === u && endCurrent(), auto);
    }, 0);
  };
  class Synthesis extends EventTarget {
    constructor() {
      super();
      this.onvoiceschanged = null;
    }
    get speaking() {
      return current !== null;
    }
    get pending() {
      return queue.length > 0;
    }
    get paused() {
      return false;
    }
    getVoices() {
      return loaded ? voices.slice() : [];
    }
    speak(u) {
      // The rate is a float in the browser (0.8 arrives as 0.800000011920929): to two decimals.
      log.spoken.push({ text: u.text, lang: u.lang, voice: u.voice ? u.voice.name : null, rate: Math.round(u.rate * 100) / 100 });
      queue.push(u);
      if (current === null) next();
    }
    cancel() {
      log.cancels += 1;
      const was = current;
      const queued = queue.splice(0);
      current = null;
      setTimeout(() => {
        if (was) fire(was, 'error', { error: 'interrupted' });
        for (const q of queued) fire(q, 'error', { error: 'canceled' });
      }, 0);
    }
    pause() {}
    resume() {}
  }
  const synth = new Synthesis();
  if (lateMs > 0) {
    setTimeout(() => {
      loaded = true;
      const ev = new Event('voiceschanged');
      if (typeof synth.onvoiceschanged === 'function') synth.onvoiceschanged(ev);
      synth.dispatchEvent(ev);
    }, lateMs);
  }
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  window.SpeechSynthesisUtterance = Utterance;
  window.__speech = {
    log,
    endCurrent,
    current: () => (current ? current.text : null),
    setAuto: (ms) => {
      auto = ms;
    },
  };
}

/** Installs the stand-in for every page load of `page`. */
export async function installSpeechMock(page, { voices = [DUTCH, ENGLISH], lateMs = 0, autoMs = 0 } = {}) {
  await page.addInitScript(install, { voices, lateMs, autoMs });
}

/** Every utterance given to speak(), in order: { text, lang, voice, rate }. */
export const spoken = (page) => page.evaluate(() => window.__speech.log.spoken);

/** The text being read now (started, not ended), or null. */
export const reading = (page) => page.evaluate(() => window.__speech.current());

/** From now on every utterance ends by itself after `ms` (0: only by endCurrent). */
export const setAutoEnd = (page, ms) => page.evaluate((m) => window.__speech.setAuto(m), ms);

/** Ends the utterance being read; the next one in the queue starts. */
export async function endCurrent(page) {
  expect(await page.evaluate(() => window.__speech.endCurrent()), 'an utterance was being read').toBe(true);
}
