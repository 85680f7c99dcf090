// Page-side services for the wasm app: files (picker, drop, download), printing,
// the screen-reader summary and page lifecycle. src/app/platform_web.cpp calls these through
// EM_JS; they call back into wasm only through qisPage.wasm (installed by platform_web.cpp).
// Plain values cross this boundary (strings, Uint8Array); wasm memory is handled in EM_JS only.
'use strict';

(function () {
  const page = {
    wasm: null,    // {text, key, mods, paste, file, event, sha, wake, pageHide, frameNow, snapshot, ...}
    assets: {},    // name -> Uint8Array, fetched by boot.js before main() runs
    isMac: /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent),
  };
  window.qisPage = page;

  const wake = () => { if (page.wasm) page.wasm.wake(); };

  // Storage: web/store.js (storageGet/Set/Remove/Keys, files kept by SHA-256).

  // ---- Page lifecycle ----
  let unsaved = false;
  page.setUnsaved = (value) => { unsaved = !!value; };
  window.addEventListener('beforeunload', (e) => {
    if (!unsaved) return;
    e.preventDefault();
    e.returnValue = '';  // the browser shows its own "leave site?" text
  });
  const hide = () => { if (page.wasm) page.wasm.pageHide(); };
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') hide(); });
  window.addEventListener('pagehide', hide);

  // ---- Download ----
  // `bytes`: a Uint8Array or a Blob (a kept file, a bundle assembled from kept files).
  page.download = (filename, bytes, mime) => {
    const blob = new Blob([bytes], { type: mime || 'application/octet-stream' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    a.style.display = 'none';
    document.body.appendChild(a);
    a.click();
    a.remove();
    // Some browsers read the blob while they write the file, well after click(): the URL stays
    // valid for 30 s plus 1 s per MB (a 500 MB bundle on a slow disk), never released mid-write.
    setTimeout(() => URL.revokeObjectURL(url), 30000 + blob.size / 1000);
  };

  // ---- Viewing: a file in a new tab, shown by the browser's own viewer (PDF, images) ----
  // A File (not a bare Blob) so viewers that offer "save" know the original name. The tab reads
  // the object URL after this returns: it is revoked only much later.
  page.openInViewer = (filename, bytes, mime) => {
    const url = URL.createObjectURL(new File([bytes], filename, { type: mime }));
    const tab = window.open(url, '_blank');
    if (tab) {
      tab.opener = null;  // the viewer has no business with this page
    } else {
      page.download(filename, bytes, mime);  // a popup blocker said no: the file is at least saved
      page.toast('浏览器阻止了新标签页，已改为下载“' + filename + '”。');
    }
    page.lastViewed = { filename, type: mime, size: bytes.size !== undefined ? bytes.size : bytes.length, url };  // what the browser tests check
    setTimeout(() => URL.revokeObjectURL(url), 10 * 60000);
  };

  // ---- Opening files: hidden <input type=file multiple>, and drag-and-drop anywhere ----
  // Evidence above this size is hashed and kept by the page (store.js); the app gets its digest only.
  const INLINE_EVIDENCE = 1 << 20;
  async function deliver(purpose, files) {
    for (const file of Array.from(files)) {
      try {
        if (!page.wasm) return;
        if (/\.zip$/i.test(file.name) && !purpose.startsWith('evidence:')) {
          await page.openBundle(purpose, file);  // bundle.js: unpacked, checked, then delivered
        } else if (purpose.startsWith('evidence:') && file.size > INLINE_EVIDENCE) {
          page.toast('正在计算“' + file.name + '”的摘要并保存到本机浏览器…');
          const sha256 = await page.hashBlob(file);
          const reason = await page.keepFile(sha256, file, file.name, file.type || '');
          page.wasm.file(purpose, file.name, file.type || '', new Uint8Array(0),
            { size: file.size, sha256, kept: !reason, keep_error: reason });
        } else {
          const bytes = new Uint8Array(await file.arrayBuffer());
          page.wasm.file(purpose, file.name, file.type || '', bytes, { size: bytes.length });
        }
      } catch (e) {
        page.toast('无法读取文件“' + file.name + '”（' + ((e && e.message) || e) + '），请重试。');
      }
    }
  }

  let pendingOpen = null;  // an open request waiting for a user gesture (Safari refuses click() otherwise)
  function clickFileInput(purpose, accept) {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    if (accept) input.accept = accept;
    input.style.display = 'none';
    input.addEventListener('change', () => {
      const files = input.files;
      input.remove();
      if (files && files.length) deliver(purpose, files);
    });
    document.body.appendChild(input);
    input.click();
  }
  const inGesture = () => (navigator.userActivation ? navigator.userActivation.isActive : false);
  page.openFiles = (purpose, accept) => {
    if (inGesture()) {
      clickFileInput(purpose, accept);
    } else {
      pendingOpen = { purpose, accept };  // finished by the next pointerup or keydown
    }
  };
  page.runPendingOpen = () => {
    if (!pendingOpen) return;
    const { purpose, accept } = pendingOpen;
    pendingOpen = null;
    clickFileInput(purpose, accept);
  };
  // ImGui acts on the mouse release, in the next animation frame: drawing that frame inside the
  // release event itself keeps the user gesture alive for the file picker (and the clipboard).
  const gestureFrame = () => {
    if (page.wasm) page.wasm.frameNow();
    page.runPendingOpen();
  };
  window.addEventListener('mouseup', gestureFrame);
  window.addEventListener('touchend', gestureFrame);
  window.addEventListener('keyup', (e) => {
    if (e.key === 'Enter' || e.key === ' ') gestureFrame();
  });

  document.addEventListener('dragover', (e) => {
    if (!e.dataTransfer || !Array.from(e.dataTransfer.types || []).includes('Files')) return;
    e.preventDefault();  // without this the browser would open the file in the tab
    e.dataTransfer.dropEffect = 'copy';
  });
  document.addEventListener('drop', (e) => {
    if (!e.dataTransfer || !e.dataTransfer.files || e.dataTransfer.files.length === 0) return;
    e.preventDefault();
    deliver('drop', e.dataTransfer.files);
  });

  // ---- Page facts ----
  page.urlParam = (name) => new URLSearchParams(window.location.search).get(name);
  const pad = (n) => String(n).padStart(2, '0');
  page.today = () => {
    const d = new Date();
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
  };
  page.nowIso = () => {
    const d = new Date();
    const off = -d.getTimezoneOffset();
    const sign = off >= 0 ? '+' : '-';
    return page.today() + 'T' + pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()) +
      sign + pad(Math.floor(Math.abs(off) / 60)) + ':' + pad(Math.abs(off) % 60);
  };
  page.setSummary = (text) => {
    const el = document.getElementById('summary');
    if (el && el.textContent !== text) el.textContent = text;
  };

  // ---- Printing: an HTML document in a hidden iframe, so system CJK fonts and "Save as PDF" work ----
  page.printHtml = (html) => {
    const frame = document.createElement('iframe');
    frame.setAttribute('aria-hidden', 'true');
    frame.style.cssText = 'position:fixed;right:0;bottom:0;width:0;height:0;border:0;visibility:hidden';
    frame.addEventListener('load', () => {
      const w = frame.contentWindow;
      w.addEventListener('afterprint', () => setTimeout(() => frame.remove(), 0));
      w.focus();
      w.print();
      setTimeout(() => frame.remove(), 60000);  // afterprint is not fired everywhere
    }, { once: true });
    frame.srcdoc = html;
    document.body.appendChild(frame);
  };

  // ---- Messages ----
  // A short non-blocking notice at the bottom of the page.
  page.toast = (text) => {
    let el = document.getElementById('toast');
    if (!el) return;
    el.textContent = text;
    el.hidden = false;
    clearTimeout(page.toastTimer);
    page.toastTimer = setTimeout(() => { el.hidden = true; }, 6000);
  };
  // Replaces the app with a readable error (no WebGL2, a file failed to load, the app crashed).
  page.fatal = (text) => {
    const box = document.getElementById('status');
    if (!box) return;
    document.body.classList.add('failed');
    box.hidden = false;
    box.querySelector('.title').textContent = '无法启动';
    box.querySelector('.detail').textContent = text;
    const bar = box.querySelector('progress');
    if (bar) bar.hidden = true;
  };
})();
