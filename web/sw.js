// Service worker: makes the page work offline, and keeps an interrupted deploy from locking
// visitors out. The build (src/app/CMakeLists.txt) replaces the placeholders below with this
// build's id, the files the page always loads, and the size and SHA-256 of every file of build/web.
//
// Each build has its own cache, 'qis-<build id>'. The rules that keep a working build at hand:
//  - A new build is installed only when every file it precaches matches the manifest. A host that
//    serves a half-uploaded index.wasm makes the install fail; the browser keeps the old worker and
//    its cache, and tries again on a later visit (the repaired host serves the same sw.js, but the
//    browser compares it with the active worker's, which is older, so it does install it then).
//  - Older caches are deleted only after the new build has started once (the page says so after
//    its first frame). Until then the previous build stays as the fallback.
//  - A page whose build fails to start says so; if that build never started before and an older
//    one did, the worker serves the older one from then on and the page reloads once.
//
// One download per file: the page registers this worker after its first frame, when the browser's
// HTTP cache already holds every file. `cache: 'no-cache'` revalidates each one (a 304 without a
// body where the server has validators), so a new build never caches an older file and an
// unchanged one is not downloaded twice. The bundled fonts and compat.* are not precached: only
// some browsers fetch them, and they are kept (once checked against the manifest) when they do.
'use strict';

const BUILD_ID = '__QIS_BUILD_ID__';
const FILES = __QIS_FILES__;
const MANIFEST = __QIS_MANIFEST__;  // file -> [size in bytes, SHA-256 in hex]
const PREFIX = 'qis-';
const CACHE = PREFIX + BUILD_ID;
// Marks kept inside a build's cache: when it first started, and that it failed to start.
const STARTED = '.qis-started';
const FAILED = '.qis-failed';

const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');

// Whether `buf` is the file `name` of this build. Service workers only run in secure contexts,
// where crypto.subtle exists; an engine without it gets the size check only (still enough to
// catch a truncated upload).
async function matches(name, buf) {
  const want = MANIFEST[name];
  if (!want || buf.byteLength !== want[0]) return false;
  if (!self.crypto || !self.crypto.subtle) return true;
  return hex(await self.crypto.subtle.digest('SHA-256', buf)) === want[1];
}

// The file as stored: only its type and length. The server's headers are not kept: with gzip its
// Content-Length is the compressed one, which would make the page's progress bar wrong.
const stored = (buf, type) => new Response(buf, {
  headers: { 'Content-Type': type || 'application/octet-stream', 'Content-Length': String(buf.byteLength) },
});

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    // A cache of this id can only be left over from an install that was interrupted: start clean.
    await caches.delete(CACHE);
    const cache = await caches.open(CACHE);
    try {
      for (const f of ['./'].concat(FILES)) {
        const name = f === './' ? 'index.html' : f;
        const res = await fetch(new Request(f, { cache: 'no-cache' }));
        const buf = res.ok ? await res.arrayBuffer() : null;
        if (!buf || !(await matches(name, buf))) {
          throw new Error(name + ' does not match build ' + BUILD_ID + ' (HTTP ' + res.status + ')');
        }
        await cache.put(f, stored(buf, res.headers.get('Content-Type')));
      }
    } catch (e) {
      // The install fails: the browser keeps the active worker, which keeps serving its own cache.
      await caches.delete(CACHE);
      throw e;
    }
    // Every file is here and checked, so the next reload can use this build at once. Pages that
    // are already running have every file they need and are not affected.
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    serving = null;  // choose again: this worker's build, not the last one's
    // No cache is deleted here: the previous build stays until this one has started (onStarted).
    await self.clients.claim();  // control the page that installed us, so it works offline at once
  })());
});

// The cache that pages are served from: this build's, unless it failed to start; then the build
// that started most recently. null: none (the network serves).
let serving = null;
function servingCache() {
  if (!serving) serving = chooseCache();
  return serving;
}
async function chooseCache() {
  const names = (await caches.keys()).filter((k) => k.startsWith(PREFIX));
  if (names.includes(CACHE) && !(await (await caches.open(CACHE)).match(FAILED))) return CACHE;
  let best = null;
  let bestAt = 0;
  for (const name of names) {
    if (name === CACHE) continue;
    const cache = await caches.open(name);
    const started = await cache.match(STARTED);
    if (!started || (await cache.match(FAILED))) continue;
    const at = Number(await started.text()) || 1;
    if (at > bestAt) {
      best = name;
      bestAt = at;
    }
  }
  return best;
}

// A page of `build` drew its first frame: that build works here. Once the build being served has
// started, the other builds' caches are no longer needed as a fallback.
async function onStarted(build) {
  const name = PREFIX + build;
  if (!(await caches.has(name))) return;
  const cache = await caches.open(name);
  if (!(await cache.match(STARTED))) await cache.put(STARTED, new Response(String(Date.now())));
  if (name !== (await servingCache())) return;  // an older page still open: keep the fallback
  for (const key of await caches.keys()) {
    if (key.startsWith(PREFIX) && key !== name) await caches.delete(key);
  }
}

// A page of `build` failed to start. Returns whether reloading gives the page another build.
async function onFailed(build) {
  const name = PREFIX + build;
  const current = await servingCache();
  if (name !== current) return current !== null;  // that page was older: a reload gets the current one
  const cache = await caches.open(name);
  // A build that has started here before is not blamed (the cause is elsewhere: memory, drivers).
  if (await cache.match(STARTED)) return false;
  await cache.put(FAILED, new Response(String(Date.now())));
  serving = null;
  const next = await servingCache();
  if (next === null) {
    // Nothing older to go back to: keep serving this build rather than nothing.
    await cache.delete(FAILED);
    serving = null;
    return false;
  }
  return true;
}

self.addEventListener('message', (event) => {
  const msg = event.data || {};
  const reply = (data) => { if (event.ports[0]) event.ports[0].postMessage(data); };
  if (msg.type === 'started' && msg.build) {
    event.waitUntil(onStarted(msg.build).then(() => reply({ ok: true })));
  } else if (msg.type === 'failed' && msg.build) {
    event.waitUntil(onFailed(msg.build).then((reload) => reply({ reload }), () => reply({ reload: false })));
  } else if (msg.type === 'build') {
    event.waitUntil(servingCache().then((name) => reply({ worker: BUILD_ID, serving: name && name.slice(PREFIX.length) })));
  }
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  event.respondWith((async () => {
    const name = await servingCache();
    const cache = name ? await caches.open(name) : null;
    const path = url.pathname;
    // ignoreSearch: index.html?rubric=... is the same page.
    const hit = cache && !path.endsWith('/' + STARTED) && !path.endsWith('/' + FAILED)
      ? await cache.match(req, { ignoreSearch: true }) : undefined;
    if (hit) {
      if (!path.endsWith('.wasm')) return hit;
      // The page reads which build its wasm came from (boot.js: qisPage.build), to report
      // whether that build started.
      const headers = new Headers(hit.headers);
      headers.set('X-QIS-Build', name.slice(PREFIX.length));
      return new Response(hit.body, { status: hit.status, statusText: hit.statusText, headers });
    }
    let res;
    try {
      res = await fetch(req);
    } catch (e) {
      // Offline, at an address of the page that was never cached: the page itself. Never for
      // compat.html: the main page would send that browser straight back to it, in a loop.
      const page = cache && req.mode === 'navigate' && !path.endsWith('compat.html') ? await cache.match('./') : undefined;
      if (page) return page;
      throw e;
    }
    // A file fetched on demand (the bundled fonts, compat.*) is kept for offline use, but only
    // in this build's own cache and only when it is the file of this build: an older build served
    // as the fallback must not get a newer file, nor any build a half-uploaded one.
    const file = path.slice(path.lastIndexOf('/') + 1);
    if (res.ok && name === CACHE && MANIFEST[file]) {
      const copy = res.clone();
      event.waitUntil((async () => {
        const buf = await copy.arrayBuffer();
        if (await matches(file, buf)) await cache.put(file, stored(buf, copy.headers.get('Content-Type')));
      })().catch(() => {}));
    }
    return res;
  })());
});
