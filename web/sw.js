// Service worker: makes the page work offline. The build (src/app/CMakeLists.txt) replaces the
// two placeholders below with a hash of every file of build/web and the list of those files, so
// each build gets its own cache; files are served cache-first and old caches are deleted.
'use strict';

const BUILD_ID = '__QIS_BUILD_ID__';
const FILES = __QIS_FILES__;
const CACHE = 'qis-' + BUILD_ID;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // cache: 'reload' bypasses the HTTP cache, so a new build never caches an older file.
    await cache.addAll(['./'].concat(FILES).map((f) => new Request(f, { cache: 'reload' })));
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
    const hit = await cache.match(req, { ignoreSearch: true }) ||
      (req.mode === 'navigate' ? await cache.match('./') : undefined);
    return hit || fetch(req);
  })());
});
