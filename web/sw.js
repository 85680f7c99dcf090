// Service worker: makes the page work offline. The build (src/app/CMakeLists.txt) replaces the
// two placeholders below with a hash of every file of build/web and the list of the files the
// page always loads, so each build gets its own cache; files are served cache-first and old
// caches are deleted.
//
// One download per file: the page registers this worker after its first frame, when the browser's
// HTTP cache already holds every file. `cache: 'no-cache'` revalidates each one (a 304 without a
// body where the server has validators), so a new build never caches an older file and an
// unchanged one is not downloaded twice. The bundled fonts are not precached: only a page on a
// system without Chinese fonts fetches them, and they are kept the first time it does.
'use strict';

const BUILD_ID = '__QIS_BUILD_ID__';
const FILES = __QIS_FILES__;
const CACHE = 'qis-' + BUILD_ID;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(['./'].concat(FILES).map((f) => new Request(f, { cache: 'no-cache' })));
    await self.skipWaiting();  // every file is loaded at start, so a running page is unaffected
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('qis-') && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();  // control the page that installed us, so it works offline at once
  })());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    // ignoreSearch: index.html?rubric=... is the same page.
    const hit = await cache.match(req, { ignoreSearch: true });
    if (hit) return hit;
    const path = new URL(req.url).pathname;
    let res;
    try {
      res = await fetch(req);
    } catch (e) {
      // Offline, at an address of the page that was never cached: the page itself. Never for
      // compat.html: the main page would send that browser straight back to it, in a loop.
      const page = req.mode === 'navigate' && !path.endsWith('compat.html') ? await cache.match('./') : undefined;
      if (page) return page;
      throw e;
    }
    // A file of this build fetched on demand (the bundled fonts, compat.*): keep it for offline use.
    if (res.ok && /\.(ttf|wasm|js|html)$/.test(path)) {
      await cache.put(req, res.clone());
    }
    return res;
  })());
});
