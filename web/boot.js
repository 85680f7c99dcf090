// Starts the app: checks the browser, shows download progress in Chinese, fetches the fonts while
// index.wasm compiles, then loads index.js (Emscripten). Defines window.qis for tests and host
// pages, and registers the service worker that makes the page work offline.
'use strict';

(function () {
  const page = window.qisPage;
  const status = document.getElementById('status');
  const bar = status.querySelector('progress');
  const detail = status.querySelector('.detail');
  const FONTS = ['font-cjk.ttf', 'font-latin.ttf'];

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
    // The characters of `text` the loaded font cannot draw ('' when all of them render).
    missingGlyphs: (text) => (page.wasm ? page.wasm.missingGlyphs(text) : text),
  };

  // ---- Browser checks, before downloading anything ----
  const needBrowser = '请使用最新版的 Chrome、Edge、Firefox，或 Safari 16 及以上版本打开本页。';
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    page.fatal('此浏览器不支持 WebAssembly，无法运行本工具。\n' + needBrowser);
    return;
  }
  const probe = document.createElement('canvas').getContext('webgl2');
  if (!probe) {
    page.fatal('此浏览器或显卡不支持 WebGL 2，无法显示界面。\n请在浏览器设置中开启“硬件加速”（或“使用图形加速”），或' + needBrowser);
    return;
  }
  const lose = probe.getExtension('WEBGL_lose_context');
  if (lose) lose.loseContext();

  // ---- devicePixelRatio, capped at 2 ----
  // SDL sizes the canvas from devicePixelRatio and the font atlas follows it; above 2 the memory
  // grows (2.25× for a 3× phone) with no visible gain.
  const realRatio = (() => {
    const d = Object.getOwnPropertyDescriptor(window, 'devicePixelRatio') ||
      Object.getOwnPropertyDescriptor(Window.prototype, 'devicePixelRatio');
    if (!d || !d.get) return () => window.devicePixelRatio || 1;
    const get = () => d.get.call(window) || 1;
    try {
      Object.defineProperty(window, 'devicePixelRatio', { get: () => Math.min(2, get()), configurable: true });
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
    const names = ['index.wasm'].concat(FONTS);
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

  // A fetch whose body is counted as it arrives.
  async function fetchCounted(name) {
    const res = await fetch(name);
    if (!res.ok) throw new Error('HTTP ' + res.status);
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

  // Fonts are fetched at once, in parallel with index.js and index.wasm; main() waits for them.
  const fontsReady = Promise.all(FONTS.map((name) =>
    fetchCounted(name)
      .then((res) => res.arrayBuffer())
      .then((buf) => { page.assets[name] = new Uint8Array(buf); })
      .catch((err) => { loadFailed(name, err); throw err; })));

  // ---- The Emscripten module (index.js reads this global) ----
  window.Module = {
    canvas: document.getElementById('canvas'),
    preRun: [() => {
      window.Module.addRunDependency('qis-fonts');
      fontsReady.then(() => window.Module.removeRunDependency('qis-fonts'), () => {});
    }],
    // index.wasm compiles while it downloads, and the bar shows how far it got.
    instantiateWasm(imports, receive) {
      fetchCounted('index.wasm')
        .then((res) => (WebAssembly.instantiateStreaming && res.headers.get('Content-Type') === 'application/wasm'
          ? WebAssembly.instantiateStreaming(res, imports)
          : res.arrayBuffer().then((buf) => WebAssembly.instantiate(buf, imports))))
        .then((result) => receive(result.instance, result.module))
        .catch((err) => {
          if (err instanceof WebAssembly.CompileError && /eval|policy/i.test(String(err.message))) {
            // Safari 15 knows no 'wasm-unsafe-eval': the page's security policy blocks WebAssembly.
            page.fatal('此浏览器版本过旧，无法在本页的安全策略下运行 WebAssembly。\n' + needBrowser);
          } else {
            loadFailed('index.wasm', err);
          }
        });
      return {};
    },
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    onAbort: (what) => {
      page.fatal('程序运行出错，已停止。请刷新页面重试；草稿已自动保存在本机浏览器中。\n（' + what + '）');
    },
  };

  page.firstFrame = () => {
    status.hidden = true;
  };

  const script = document.createElement('script');
  script.src = 'index.js';
  script.addEventListener('error', () => loadFailed('index.js', '无法连接服务器'));
  document.body.appendChild(script);

  document.getElementById('canvas').addEventListener('contextmenu', (e) => e.preventDefault());

  // ---- Offline: the service worker caches every file of this build (web/sw.js) ----
  if ('serviceWorker' in navigator && /^https?:$/.test(window.location.protocol)) {
    const hadController = !!navigator.serviceWorker.controller;
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      if (hadController) page.toast('新版本已下载，刷新页面即可使用。');
    });
    window.addEventListener('load', () => {
      navigator.serviceWorker.register('sw.js').catch((err) => console.warn('service worker:', err));
    });
  }
})();
