// Starts the app: checks the browser, shows download progress in Chinese, then loads index.js
// (Emscripten) while index.wasm compiles. Text is drawn with the system's fonts (glyphs.js); only
// where the system has no Chinese font are the bundled font files fetched, in parallel. Defines window.qis for tests and host
// pages, and registers the service worker that makes the page work offline.
'use strict';

(function () {
  if (window.performance && performance.mark) performance.mark('qis-boot');
  const page = window.qisPage;
  const status = document.getElementById('status');
  const bar = status.querySelector('progress');
  const detail = status.querySelector('.detail');
  const params = new URLSearchParams(window.location.search);
  // The single-file build (scripts/make_single_file.py) carries the app inside the page.
  const embedded = window.qisEmbedded || null;
  // ?fonts=bundled forces the bundled font (to compare, or where a system font draws badly).
  const systemHasChinese = page.glyphs.hasChinese();
  const useBundledFont = !embedded && (params.get('fonts') === 'bundled' || !systemHasChinese);
  const FONTS = useBundledFont ? ['font-cjk.ttf', 'font-latin.ttf'] : [];
  if (embedded && !systemHasChinese) {
    page.toast('本机没有中文字体，部分文字可能无法显示。请安装中文字体，或使用网页版。');
  }

  // ---- window.qis: the app as seen by tests and host pages ----
  window.qis = {
    // The current assessment as JSON text (qis::ui::app_snapshot()); '{}' before the app runs.
    snapshot: () => (page.wasm ? page.wasm.snapshot() : '{}'),
    // Frames drawn so far (0 until the first frame is on screen).
    get frames() { return page.wasm ? page.wasm.frames() : 0; },
    // The ImGui text field being edited: {active, text, cursor} (used by the IME test).
    textInput: () => (page.wasm ? JSON.parse(page.wasm.textInput()) : { active: false }),
    // The labelled widgets of the last frame: [{label, x, y, w, h}] in CSS pixels (tests click these).
    items: () => (page.wasm ? JSON.parse(page.wasm.items()) : []),
    // With text: the characters of `text` no font can draw ('' when all of them render). Without:
    // the code points drawn since load without a glyph ([] when every character had one).
    missingGlyphs: (text) => (page.wasm ? page.wasm.missingGlyphs(text) : (text === undefined ? [] : text)),
    // What draws the page: 'webgl2', 'webgl1' or 'software' (a 2D canvas); null before the app runs.
    renderer: () => (window.Module && window.Module.qisRenderer) || null,
    // true when glyphs come from the system's fonts, false when the bundled font was fetched.
    fontsFromSystem: () => (page.wasm ? page.wasm.fontsFromSystem() : !useBundledFont),
    // What the page keeps (store.js): a stored value or null, the keys with a prefix, and whether
    // every write has reached disk.
    stored: (key) => page.storageGet(key),
    storedKeys: (prefix) => page.storageKeys(prefix || ''),
    writesSettled: () => page.writesSettled(),
    // The build the app's wasm came from when the service worker served it (its cache's id, web/sw.js);
    // null when it came from the network.
    get build() { return page.build; },
  };

  // ---- Browser checks, before downloading anything ----
  const needBrowser = '请使用 Chrome、Edge 或 360/QQ 等国产浏览器的极速模式（内核 86 及以上）、Firefox 78 及以上，' +
    '或 Safari 15 及以上版本打开本页。';
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    page.fatal('此浏览器不支持 WebAssembly（IE 或国产浏览器的“兼容模式”），无法运行本工具。\n' + needBrowser);
    return;
  }
  // Two builds of the app: index.* (WebAssembly exception handling, under the strict policy of
  // index.html) and compat.* (exceptions emulated in JavaScript, under compat.html's policy with
  // 'unsafe-eval'), for engines that lack WebAssembly exceptions (Chrome < 95, Safari < 15.2) or the
  // 'wasm-unsafe-eval' keyword (Chrome < 97, Safari < 16), e.g. 360/QQ browsers on Chromium 86.
  const isCompat = document.documentElement.getAttribute('data-build') === 'compat';

  const APP = isCompat ? 'compat' : 'index';
  // A module whose only function holds an empty `try` block: valid only with WebAssembly exceptions.
  const TRY_MODULE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0,
    10, 7, 1, 5, 0, 6, 64, 11, 11]);
  const EMPTY_MODULE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
  const compileAllowed = (() => {
    try { new WebAssembly.Module(EMPTY_MODULE); return true; } catch (e) { return false; }
  })();
  if (!isCompat && !embedded && (!compileAllowed || !WebAssembly.validate(TRY_MODULE))) {
    window.location.replace('compat.html' + window.location.search + window.location.hash);
    return;
  }
  if (!compileAllowed) {
    page.fatal('此浏览器的安全设置禁止运行 WebAssembly，无法运行本工具。\n' + needBrowser);
    return;
  }
  // ---- Renderer: WebGL 2, else WebGL 1, else a 2D canvas (src/app/render_backend.h) ----
  // Probed on throwaway canvases; the app tries them in this order on the real one. WebGL is
  // missing where hardware acceleration is off, the driver is blocklisted or the PC has no GPU
  // (virtual desktops): the 2D canvas then draws the same page in software.
  // ?renderer=webgl2|webgl1|software forces one (tests, or a driver that draws badly).
  const canDraw = (type) => {
    try {
      const ctx = document.createElement('canvas').getContext(type);
      if (!ctx) return false;
      const lose = type !== '2d' && ctx.getExtension('WEBGL_lose_context');
      if (lose) lose.loseContext();
      return true;
    } catch (e) {
      return false;
    }
  };
  if (!canDraw('2d')) {
    page.fatal('此浏览器无法在网页上绘图（不支持 Canvas），无法显示界面。\n' + needBrowser);
    return;
  }
  const RENDERERS = ['webgl2', 'webgl1', 'software'];
  const forcedRenderer = params.get('renderer');
  const renderers = RENDERERS.indexOf(forcedRenderer) >= 0 ? [forcedRenderer]
    : canDraw('webgl2') ? RENDERERS : canDraw('webgl') ? ['webgl1', 'software'] : ['software'];
  // WebGL 1 and the software path are built into compat.* only, so that every other first visit
  // stays lighter by SDL's software renderer: a browser without WebGL 2 goes there.
  if (!isCompat && !embedded && renderers[0] !== 'webgl2') {
    window.location.replace('compat.html' + window.location.search + window.location.hash);
    return;
  }

  // ---- devicePixelRatio, capped at 3 ----
  // SDL sizes the canvas from devicePixelRatio and glyphs are baked at that density; beyond 3 the
  // canvas memory grows with no visible gain.
  const realRatio = (() => {
    const d = Object.getOwnPropertyDescriptor(window, 'devicePixelRatio') ||
      Object.getOwnPropertyDescriptor(Window.prototype, 'devicePixelRatio');
    if (!d || !d.get) return () => window.devicePixelRatio || 1;
    const get = () => d.get.call(window) || 1;
    try {
      Object.defineProperty(window, 'devicePixelRatio', { get: () => Math.min(3, get()), configurable: true });
    } catch (e) { /* not redefinable here: SDL gets the real ratio */ }
    return get;
  })();
  // Moving the window to another screen changes the ratio without a resize event: send one, which
  // makes SDL resize the canvas and the app rebuild the font.
  (function watchRatio() {
    const mq = window.matchMedia('(resolution: ' + realRatio() + 'dppx)');
    const onChange = () => {
      window.dispatchEvent(new Event('resize'));
      watchRatio();
    };
    if (mq.addEventListener) mq.addEventListener('change', onChange, { once: true });
  })();

  // ---- Download progress ----
  const loaded = {};
  const totals = {};
  let shownPercent = -1;
  function progress(name, got, total) {
    loaded[name] = got;
    if (total) totals[name] = total;
    const sumLoaded = Object.values(loaded).reduce((a, b) => a + b, 0);
    const names = [APP + '.wasm'].concat(FONTS);
    const known = names.every((n) => totals[n]);
    const sumTotal = names.reduce((a, n) => a + (totals[n] || 0), 0);
    const mb = (n) => (n / 1048576).toFixed(1);
    if (known && sumLoaded <= sumTotal) {
      const percent = Math.floor((100 * sumLoaded) / sumTotal);
      if (percent === shownPercent) return;
      shownPercent = percent;
      bar.value = sumLoaded / sumTotal;
      detail.textContent = '已下载 ' + percent + '%（' + mb(sumLoaded) + ' / ' + mb(sumTotal) + ' MB）';
    } else {
      bar.removeAttribute('value');  // compressed transfer: the size is not known in advance
      detail.textContent = '已下载 ' + mb(sumLoaded) + ' MB';
    }
  }

  function loadFailed(name, err) {
    page.fatal('无法下载“' + name + '”（' + ((err && err.message) || err) + '）。\n请检查网络连接后刷新页面；如果问题持续存在，请联系网站管理员。');
  }

  // ---- A build that does not start ----
  // The app's own files failed (index.js or index.wasm missing, truncated or from another build,
  // or the app aborted before its first frame). When the service worker served them, it may hold
  // the previous build, which did start here: it is asked to go back to it, and the page reloads
  // once (sessionStorage remembers the builds already given up, so this can never loop).
  const RESTART = 'qis-restart';
  let started = false;
  function startFailed(text) {
    const sw = 'serviceWorker' in navigator && navigator.serviceWorker.controller;
    let tried = [];
    try { tried = JSON.parse(sessionStorage.getItem(RESTART) || '[]'); } catch (e) { /* none */ }
    if (!sw || !page.build || tried.indexOf(page.build) >= 0 || !window.MessageChannel) {
      page.fatal(text);
      return;
    }
    detail.textContent = '此版本未能启动，正在换回上一个版本……';
    const channel = new MessageChannel();
    const timer = setTimeout(() => page.fatal(text), 5000);
    channel.port1.onmessage = (e) => {
      clearTimeout(timer);
      if (!e.data || !e.data.reload) {
        page.fatal(text);
        return;
      }
      try {
        sessionStorage.setItem(RESTART, JSON.stringify(tried.concat([page.build])));
        sessionStorage.setItem(RESTART + '-told', '');  // the next start says what happened
      } catch (err) {
        page.fatal(text);  // without the guard a reload could loop
        return;
      }
      window.location.reload();
    };
    sw.postMessage({ type: 'failed', build: page.build }, [channel.port2]);
  }
  // The wasm did not compile or link: the file is damaged or belongs to another build. Said as
  // such, not as a network problem, so nobody searches their connection.
  const damaged = (name, err) => '本工具的程序文件“' + name + '”不完整或已损坏（' + ((err && err.message) || err) +
    '），可能是网站正在更新。\n请过几分钟再刷新页面；如果问题持续存在，请联系网站管理员。';

  // A fetch whose body is counted as it arrives.
  async function fetchCounted(name) {
    const res = await fetch(name);
    if (!res.ok) throw new Error('HTTP ' + res.status);
    if (name === APP + '.wasm') page.build = res.headers.get('X-QIS-Build');  // web/sw.js sets it
    const total = Number(res.headers.get('Content-Length')) || 0;
    if (!res.body || !window.ReadableStream) {
      const bytes = new Uint8Array(await res.arrayBuffer());
      progress(name, bytes.length, total);
      return new Response(bytes, { headers: res.headers });
    }
    let got = 0;
    const reader = res.body.getReader();
    const counted = new ReadableStream({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        got += value.length;
        progress(name, got, total);
        controller.enqueue(value);
      },
    });
    return new Response(counted, { headers: { 'Content-Type': res.headers.get('Content-Type') || '' } });
  }

  // Bundled fonts (when needed) are fetched at once, in parallel with index.js and index.wasm;
  // main() waits for them.
  const fontsReady = Promise.all(FONTS.map((name) =>
    fetchCounted(name)
      .then((res) => res.arrayBuffer())
      .then((buf) => { page.assets[name] = new Uint8Array(buf); })
      .catch((err) => { loadFailed(name, err); throw err; })));

  // ---- The Emscripten module (index.js / compat.js reads this global) ----
  window.Module = {
    canvas: document.getElementById('canvas'),
    qisRenderers: renderers,  // the order the app tries (render_backend.cpp)
    preRun: [() => {
      window.Module.addRunDependency('qis-fonts');
      fontsReady.then(() => window.Module.removeRunDependency('qis-fonts'), () => {});
      // main() reads drafts synchronously: the stored values must be in memory first (store.js).
      window.Module.addRunDependency('qis-store');
      page.storeReady.then(() => window.Module.removeRunDependency('qis-store'));
    }],
    // The wasm compiles while it downloads, and the bar shows how far it got.
    instantiateWasm(imports, receive) {
      (embedded ? Promise.resolve(embeddedWasm()) : fetchCounted(APP + '.wasm'))
        .then((res) => res instanceof Uint8Array ? WebAssembly.instantiate(res, imports) : (WebAssembly.instantiateStreaming && res.headers.get('Content-Type') === 'application/wasm'
          ? WebAssembly.instantiateStreaming(res, imports)
          : res.arrayBuffer().then((buf) => WebAssembly.instantiate(buf, imports))))
        .then((result) => {
          performance.mark('qis-wasm-ready');  // downloaded and compiled
          receive(result.instance, result.module);
        })
        .catch((err) => {
          if (err instanceof WebAssembly.CompileError && /eval|policy/i.test(String(err.message))) {
            // The policy check above passed, yet the compile was refused: say so plainly.
            page.fatal('此浏览器的安全设置禁止运行 WebAssembly，无法运行本工具。\n' + needBrowser);
          } else if (err instanceof WebAssembly.CompileError || err instanceof WebAssembly.LinkError) {
            startFailed(damaged(APP + '.wasm', err));
          } else if (page.build) {
            startFailed(damaged(APP + '.wasm', err));  // served by the worker: not the network
          } else {
            loadFailed(APP + '.wasm', err);
          }
        });
      return {};
    },
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    onAbort: (what) => {
      const text = '程序运行出错，已停止。请刷新页面重试；草稿已自动保存在本机浏览器中。\n（' + what + '）';
      if (started) page.fatal(text);
      else startFailed(text);  // before the first frame: this build does not start here
    },
  };

  page.firstFrame = () => {
    started = true;
    status.hidden = true;
    registerServiceWorker();
  };

  // The single file has the wasm as base64 in a <script type="application/octet-stream">.
  function embeddedWasm() {
    const text = document.getElementById('qis-wasm').textContent.trim();
    const bin = atob(text);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  }

  if (!embedded) {  // the single file's compat.js follows as an inline script
    const script = document.createElement('script');
    script.src = APP + '.js';
    script.addEventListener('error', () => {
      if (navigator.serviceWorker && navigator.serviceWorker.controller) startFailed(damaged(APP + '.js', '无法读取'));
      else loadFailed(APP + '.js', '无法连接服务器');
    });
    document.body.appendChild(script);
  }

  document.getElementById('canvas').addEventListener('contextmenu', (e) => e.preventDefault());

  // ---- Offline: the service worker caches every file of this build (web/sw.js) ----
  // Registered after the first frame, when every file the page needs has arrived: the worker
  // then fills its cache from the browser's HTTP cache instead of downloading them again.
  function registerServiceWorker() {
    if (!('serviceWorker' in navigator) || !/^https?:$/.test(window.location.protocol)) return;
    const hadController = navigator.serviceWorker.controller;
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      if (hadController) page.toast('新版本已下载，刷新页面即可使用。');
    });
    // This build started: the worker keeps it as the one to fall back to, and only now deletes
    // the builds before it (web/sw.js).
    if (hadController && page.build) hadController.postMessage({ type: 'started', build: page.build });
    try {
      if (sessionStorage.getItem(RESTART + '-told') !== null) {
        sessionStorage.removeItem(RESTART + '-told');
        page.toast('新版本未能在此浏览器中启动，已换回上一个版本。您的草稿不受影响。');
      }
    } catch (e) { /* no sessionStorage: there was no restart either */ }
    // updateViaCache 'none': the browser asks the server for sw.js itself on every check, never
    // its HTTP cache, so a repaired deploy is seen on the next visit.
    navigator.serviceWorker.register('sw.js', { updateViaCache: 'none' }).catch((err) => console.warn('service worker:', err));
    // The bundled fonts arrived before the worker existed: fetch them once more through it (from
    // the HTTP cache, no download) so that it keeps them for offline use.
    if (FONTS.length) {
      const keepFonts = () => FONTS.forEach((name) => fetch(name).catch(() => {}));
      if (navigator.serviceWorker.controller) keepFonts();
      else navigator.serviceWorker.addEventListener('controllerchange', keepFonts, { once: true });
    }
  }
})();
