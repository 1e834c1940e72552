// What the app keeps on the device, read straight from the browser: IndexedDB's `records` store
// (where every answer goes) and localStorage (where an earlier version kept them, and where the
// app falls back without IndexedDB). Tests read storage only through here.

/** Every app record (`wijkpeil:…`), key → value, from both stores. */
export async function storedRecords(page) {
  return page.evaluate(async () => {
    const out = {};
    for (const k of Object.keys(localStorage)) if (k.startsWith('wijkpeil:')) out[k] = localStorage.getItem(k);
    const db = await new Promise((ok, no) => {
      const r = indexedDB.open('wijkpeil');
      // Never create the database from a test: the app must create it with its stores.
      r.onupgradeneeded = () => r.transaction.abort();
      r.onsuccess = () => ok(r.result);
      r.onerror = () => ok(null);
    });
    if (db && db.objectStoreNames.contains('records')) {
      const s = db.transaction('records').objectStore('records');
      const asked = [s.getAllKeys(), s.getAll()].map((r) => new Promise((ok) => { r.onsuccess = () => ok(r.result); }));
      const [keys, values] = await Promise.all(asked);
      keys.forEach((k, i) => { if (String(k).startsWith('wijkpeil:')) out[k] = values[i]; });
    }
    if (db) db.close();
    return out;
  });
}

/** Every stored key and value of both stores (also other keys), sorted: for searching what is readable. */
export async function storageDump(page) {
  const all = await storedRecords(page);
  const local = await page.evaluate(() => Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)])));
  return Object.fromEntries(Object.entries({ ...local, ...all }).sort(([a], [b]) => a.localeCompare(b)));
}

/** The stored value of `key`, or null. */
export async function storedValue(page, key) {
  return (await storedRecords(page))[key] ?? null;
}
