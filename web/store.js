// What the page keeps in the browser, and how it survives a killed browser and a second tab.
//
// Small values (drafts, reviews, panels, settings; evidence up to 1 MB as base64) live in an
// in-memory mirror that the app reads synchronously (qisPage.storageGet/Set/Remove/Keys, called
// from src/app/platform_web.cpp). Every write goes to IndexedDB at once, in a transaction with
// strict durability (flushed to disk when it commits), so an edit is on disk within milliseconds
// of being made, not when the browser gets round to it. Writes made while one transaction is
// committing are batched into the next, in order.
//
// Files (evidence of any size, and the files of opened submission bundles) live in a second
// object store as Blobs keyed by SHA-256; the app never holds their bytes.
//
// A second tab of the page is told of every committed write (BroadcastChannel, or a localStorage
// ping where that is missing) with the new value and, for a draft, the value it was made from, so
// the app there merges only this tab's edits into what it shows (src/app/ui/state.cpp). A write
// that fails (quota) is reported to the app, and the mirror goes back to what is on disk.
//
// Where IndexedDB cannot be opened (some private modes), localStorage is used as before; where
// neither works, nothing is kept and every write says so. Drafts kept in localStorage by earlier
// versions are moved into IndexedDB once, on the first start.
'use strict';

(function () {
  const page = window.qisPage;
  const DB_NAME = 'qis';
  const KV = 'kv';
  const FILES = 'files';
  const PING = 'qisping';        // localStorage key for tabs without BroadcastChannel (not 'qis.')
  const MARGIN = 64 * 1024;      // kept free below the quota, for IndexedDB's own overhead

  const mirror = new Map();      // key -> string, what the app reads
  const kept = new Set();        // SHA-256 of the files in FILES
  const pending = new Map();     // key -> string | null (remove), not yet in a transaction
  let outgoing = [];             // what other tabs are told once those are on disk (announce())
  let db = null;
  let mode = 'memory';           // 'idb', 'local' (localStorage) or 'memory' (nothing kept)
  let writing = false;
  const space = { known: false, usage: 0, quota: 0 };
  const tab = Math.random().toString(36).slice(2);
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('qis-store') : null;

  const FULL = '浏览器存储空间已满，未能保存。请先导出文件备份，再删除不用的草稿或附件。';
  const BLOCKED = '浏览器禁止本页保存数据（可能处于无痕模式或禁用了网站数据），未能保存。请及时导出文件。';
  const isQuota = (e) => !!e && (e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED' || e.code === 22);
  const reasonOf = (e) => (isQuota(e) ? FULL : '浏览器未能保存数据（' + ((e && (e.message || e.name)) || '未知原因') + '）。请及时导出文件备份。');

  const request = (r) => new Promise((ok, fail) => {
    r.onsuccess = () => ok(r.result);
    r.onerror = () => fail(r.error);
  });
  const finished = (t) => new Promise((ok, fail) => {
    t.oncomplete = () => ok();
    t.onerror = () => fail(t.error);
    t.onabort = () => fail(t.error || new DOMException('事务被中止', 'AbortError'));
  });
  // Strict durability: the transaction completes only once the data is flushed to disk.
  const transaction = (stores, how) => db.transaction(stores, how, { durability: 'strict' });

  const tell = (kind, data) => { if (page.wasm) page.wasm.event(kind, JSON.stringify(data)); };

  function localStorageOrNull() {
    try {
      const ls = window.localStorage;
      ls.setItem(PING, '');
      return ls;
    } catch (e) {
      return null;
    }
  }

  function openDb() {
    return new Promise((ok, fail) => {
      const r = indexedDB.open(DB_NAME, 1);
      r.onupgradeneeded = () => {
        const d = r.result;
        if (!d.objectStoreNames.contains(KV)) d.createObjectStore(KV);
        if (!d.objectStoreNames.contains(FILES)) d.createObjectStore(FILES);
      };
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
      r.onblocked = () => fail(new Error('blocked'));
    });
  }

  // Values an earlier version kept in localStorage, moved once; localStorage is emptied of them
  // only after the move has committed.
  async function moveFromLocalStorage() {
    const ls = localStorageOrNull();
    if (!ls) return;
    const keys = [];
    for (let i = 0; i < ls.length; i++) {
      const k = ls.key(i);
      if (k && k.startsWith('qis.')) keys.push(k);
    }
    if (!keys.length) return;
    const t = transaction([KV], 'readwrite');
    const s = t.objectStore(KV);
    for (const k of keys) {
      if (mirror.has(k)) continue;  // IndexedDB already has a newer value
      const v = ls.getItem(k);
      s.put(v, k);
      mirror.set(k, v);
    }
    await finished(t);
    for (const k of keys) ls.removeItem(k);
  }

  async function start() {
    try {
      if (!window.indexedDB) throw new Error('no IndexedDB');
      db = await openDb();
      db.onversionchange = () => db.close();
      const t = db.transaction([KV, FILES], 'readonly');
      const [keys, values, files] = await Promise.all([
        request(t.objectStore(KV).getAllKeys()), request(t.objectStore(KV).getAll()),
        request(t.objectStore(FILES).getAllKeys())]);
      keys.forEach((k, i) => mirror.set(k, values[i]));
      files.forEach((k) => kept.add(k));
      mode = 'idb';
      await moveFromLocalStorage();
    } catch (e) {
      db = null;
      const ls = localStorageOrNull();
      mode = ls ? 'local' : 'memory';
      if (ls) {
        for (let i = 0; i < ls.length; i++) {
          const k = ls.key(i);
          if (k && k.startsWith('qis.')) mirror.set(k, ls.getItem(k));
        }
      }
    }
    await refreshSpace();
  }

  let spaceTimer = 0;
  async function refreshSpace() {
    if (!navigator.storage || !navigator.storage.estimate) return;
    try {
      const e = await navigator.storage.estimate();
      space.known = typeof e.quota === 'number' && e.quota > 0;
      space.usage = e.usage || 0;
      space.quota = e.quota || 0;
    } catch (e) { /* unknown: writes are tried and failures reported */ }
  }
  const refreshSpaceSoon = () => {
    clearTimeout(spaceTimer);
    spaceTimer = setTimeout(refreshSpace, 200);
  };
  // Whether `bytes` more fit, as far as the last estimate knows.
  const fits = (bytes) => !space.known || bytes <= 0 || space.usage + bytes + MARGIN <= space.quota;

  // ---- Small values ----
  page.storageGet = (key) => (mirror.has(key) ? mirror.get(key) : null);

  // What other tabs are told of a write: [key, value] or, for a value the app made from `base`,
  // [key, value, base]. Writes of a key made one from the other become one change (the first's
  // base, the last value); a write from another base (the app took in another tab's write) is a
  // change of its own, so no tab takes the other's edits for this one's.
  function tellLater(key, value, base) {
    let last = -1;
    for (let i = outgoing.length - 1; i >= 0 && last < 0; i--) if (outgoing[i][0] === key) last = i;
    const prev = last >= 0 ? outgoing[last] : null;
    if (prev && (base === undefined ? prev.length === 2 : prev.length === 3 && prev[1] === base)) prev[1] = value;
    else outgoing.push(base === undefined ? [key, value] : [key, value, base]);
  }

  // '' when the value is in the mirror and on its way to disk; otherwise a Chinese sentence and
  // nothing changed. `base` (optional): what the app made the value from (tellLater()).
  page.storageSet = (key, value, base) => {
    if (mode === 'memory') return BLOCKED;
    const old = mirror.has(key) ? mirror.get(key) : null;
    if (old === value && !pending.has(key)) return '';  // unchanged: no write, no echo to other tabs
    const grow = 2 * (value.length - (old === null ? 0 : old.length));
    if (!fits(grow)) return FULL;
    if (mode === 'local') {
      try {
        window.localStorage.setItem(key, value);
      } catch (e) {
        return isQuota(e) ? FULL : BLOCKED;
      }
      mirror.set(key, value);
      return '';
    }
    mirror.set(key, value);
    pending.set(key, value);
    tellLater(key, value, base);
    if (grow > 0) space.usage += grow;
    write();
    return '';
  };
  page.storageRemove = (key) => {
    if (!mirror.has(key)) return;
    mirror.delete(key);
    if (mode === 'local') {
      try { window.localStorage.removeItem(key); } catch (e) { /* blocked: nothing to remove */ }
    } else if (mode === 'idb') {
      pending.set(key, null);
      tellLater(key, null);
      write();
    }
  };
  page.storageKeys = (prefix) => [...mirror.keys()].filter((k) => k.startsWith(prefix)).sort();
  page.requestPersistentStorage = () => {
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
  };

  // One transaction at a time; what arrives meanwhile goes into the next. The transaction is
  // created in the same task as the first write, so it commits as soon as that task ends.
  function write() {
    if (writing || !pending.size) return;
    writing = true;
    const batch = new Map(pending);
    const changes = outgoing;
    pending.clear();
    outgoing = [];
    let t;
    try {
      t = transaction([KV], 'readwrite');
      const s = t.objectStore(KV);
      for (const [k, v] of batch) {
        if (v === null) s.delete(k);
        else s.put(v, k);
      }
    } catch (e) {
      failed(batch, changes, e);
      writing = false;
      return;
    }
    finished(t).then(() => {
      announce(changes);
      refreshSpaceSoon();
    }, (e) => failed(batch, changes, e)).finally(() => {
      writing = false;
      write();
    });
  }

  // A failed write changed nothing on disk: the mirror is set back to what is there, unless a
  // newer write of the key is already waiting, and the app is told.
  // The app writes a draft again from what it took for saved: other tabs are told of the failed
  // change together with that write, once it reaches the disk.
  async function failed(batch, changes, e) {
    outgoing = changes.filter((c) => c.length === 3).concat(outgoing);
    const keys = [...batch.keys()];
    try {
      const t = db.transaction([KV], 'readonly');
      const s = t.objectStore(KV);
      const values = await Promise.all(keys.map((k) => request(s.get(k))));
      keys.forEach((k, i) => {
        if (pending.has(k)) return;
        if (values[i] === undefined) mirror.delete(k);
        else mirror.set(k, values[i]);
      });
    } catch (e2) { /* the mirror keeps the unsaved values; the app has been told */ }
    await refreshSpace();
    // The values that did not reach the disk go back to the app, which still shows them or
    // opens them again (a draft closed just before its write failed).
    const values = {};
    for (const [k, v] of batch) if (v !== null) values[k] = v;
    tell('write-failed', { keys, reason: reasonOf(e), values });
  }

  // ---- Other tabs ----
  function announce(changes) {
    if (channel) {
      channel.postMessage({ tab, changes });
    } else {
      const ls = localStorageOrNull();
      if (ls) ls.setItem(PING, JSON.stringify({ tab, keys: [...new Set(changes.map(([k]) => k))], at: Date.now() }));
    }
  }
  function received(changes) {
    for (const [k, v, base] of changes) {
      if (!pending.has(k)) {
        if (v === null) mirror.delete(k);
        else mirror.set(k, v);
      }
      tell('changed', base === undefined ? { key: k, value: v } : { key: k, value: v, base });
    }
  }
  if (channel) {
    channel.onmessage = (e) => { if (e.data && e.data.tab !== tab) received(e.data.changes); };
  }
  window.addEventListener('storage', async (e) => {
    if (mode === 'local' && e.key && e.key.startsWith('qis.')) {
      received([[e.key, e.newValue]]);
    } else if (e.key === PING && e.newValue && db) {
      // Without BroadcastChannel: the ping names the keys; their values are read from disk.
      let ping;
      try {
        ping = JSON.parse(e.newValue);
      } catch (err) {
        return;  // not written by this page
      }
      const { tab: from, keys } = ping;
      if (from === tab || !Array.isArray(keys)) return;
      const s = db.transaction([KV], 'readonly').objectStore(KV);
      const values = await Promise.all(keys.map((k) => request(s.get(k))));
      received(keys.map((k, i) => [k, values[i] === undefined ? null : values[i]]));
    }
  });

  // ---- Files ----
  page.fileKept = (sha) => kept.has(sha);
  page.refreshStorageSpace = refreshSpace;
  page.storageSpace = () => ({ mode, known: space.known, usage: space.usage, quota: space.quota });

  // Keeps `blob` under its SHA-256; resolves to '' or the reason it was not kept.
  page.keepFile = async (sha, blob, name, type) => {
    if (kept.has(sha)) return '';
    if (mode !== 'idb') return '此浏览器不能在本机保存较大的文件（无法使用 IndexedDB）。提交时请导出提交包前重新添加附件，或随数据包另行提供原文件。';
    await refreshSpace();
    if (!fits(blob.size)) {
      const free = Math.max(0, space.quota - space.usage - MARGIN);
      return '浏览器存储空间不足：此文件 ' + mb(blob.size) + '，剩余约 ' + mb(free) + '。请删除不用的草稿或附件后重新添加。';
    }
    try {
      const t = transaction([FILES], 'readwrite');
      t.objectStore(FILES).put({ blob, name, type, size: blob.size }, sha);
      await finished(t);
    } catch (e) {
      await refreshSpace();
      return reasonOf(e);
    }
    kept.add(sha);
    space.usage += blob.size;
    refreshSpaceSoon();
    return '';
  };
  // The kept Blob, or null.
  page.keptFile = async (sha) => {
    if (!db || !kept.has(sha)) return null;
    try {
      const rec = await request(db.transaction([FILES], 'readonly').objectStore(FILES).get(sha));
      return rec ? rec.blob : null;
    } catch (e) {
      return null;
    }
  };
  // SHA-256 (lower-case hex) of a Blob, read in 4 MB slices through the app's hasher, so memory
  // stays flat for any size; `each(bytes)` sees every slice (the bundle writer's CRC-32).
  page.hashBlob = async (blob, each) => {
    const h = page.wasm.sha();
    try {
      for (let off = 0; off < blob.size; off += 4 << 20) {
        const bytes = new Uint8Array(await blob.slice(off, off + (4 << 20)).arrayBuffer());
        h.update(bytes);
        if (each) each(bytes);
      }
    } catch (e) {
      h.end();  // frees the hasher
      throw e;
    }
    return h.end();
  };
  // Opens a kept file (the app's open_kept_file): checked against its digest first, then shown by
  // the browser's viewer where it can show the type, else saved. Reports 'kept-file' to the app.
  page.openKept = async (sha256, name, view) => {
    const report = (status) => tell('kept-file', { sha256, name, status });
    try {
      const blob = await page.keptFile(sha256);
      if (!blob) return report('missing');
      if ((await page.hashBlob(blob)) !== sha256) return report('altered');
      const type = page.wasm.viewableType(new Uint8Array(await blob.slice(0, 16).arrayBuffer()));
      if (view && type) {
        page.openInViewer(name, blob, type);
        return report('viewed');
      }
      page.download(name, blob, type || 'application/octet-stream');
      return report(view ? 'downloaded' : 'saved');
    } catch (e) {
      return report('missing');
    }
  };
  const mb = (n) => (n >= 1048576 ? (n / 1048576).toFixed(1) + ' MB' : Math.ceil(n / 1024) + ' KB');
  page.megabytes = mb;

  // Tests: whether every write has reached disk.
  page.writesSettled = () => !writing && pending.size === 0;

  page.storeReady = start();
})();
