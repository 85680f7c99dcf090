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
  // Where drafts are kept, the first thing it offers is to export them (offerDrafts).
  page.fatal = (text) => {
    const box = document.getElementById('status');
    if (!box) return;
    document.body.classList.add('failed');
    box.hidden = false;
    box.querySelector('.title').textContent = '无法启动';
    box.querySelector('.detail').textContent = text;
    const bar = box.querySelector('progress');
    if (bar) bar.hidden = true;
    offerDrafts(box);
  };

  // ---- Drafts without the app ----
  // A page that cannot start (a damaged deploy, an old browser) must not hide the work kept here,
  // and clearing the site's data, which a visitor would try next, would erase it. The drafts are
  // read straight from IndexedDB with plain JS, without the wasm and without store.js: database
  // 'qis', store 'kv', key 'qis.draft.<id>', each value a package's JSON text; evidence up to 1 MB
  // under 'qis.blob.<sha256>' as base64. Browsers where store.js fell back to localStorage keep the
  // same keys there.
  const DRAFT = 'qis.draft.';
  const BLOB = 'qis.blob.';
  function readKept() {
    const kept = new Map();
    const wanted = (k) => typeof k === 'string' && (k.startsWith(DRAFT) || k.startsWith(BLOB));
    try {
      const ls = window.localStorage;
      for (let i = 0; i < ls.length; i++) if (wanted(ls.key(i))) kept.set(ls.key(i), ls.getItem(ls.key(i)));
    } catch (e) { /* no localStorage */ }
    return new Promise((done) => {
      if (!window.indexedDB) return done(kept);
      const r = indexedDB.open('qis');
      // The database does not exist: nothing is kept, and it must not be created here without
      // store.js's stores.
      r.onupgradeneeded = () => r.transaction.abort();
      r.onerror = () => done(kept);
      r.onsuccess = () => {
        const db = r.result;
        const finish = () => {
          db.close();
          done(kept);
        };
        try {
          const s = db.transaction(['kv'], 'readonly').objectStore('kv');  // throws without the store
          const keys = s.getAllKeys();
          const values = s.getAll();
          values.onsuccess = () => {
            keys.result.forEach((k, i) => { if (wanted(k)) kept.set(k, values.result[i]); });
            finish();
          };
          values.onerror = finish;
        } catch (e) {
          finish();
        }
      };
    });
  }
  // [{name, text}]: one package file per draft, small evidence embedded as the app's export does
  // (a draft that does not parse goes out as it is).
  async function draftFiles() {
    const kept = await readKept();
    const used = new Set();
    const files = [];
    for (const [key, text] of kept) {
      if (!key.startsWith(DRAFT) || typeof text !== 'string') continue;
      let out = text;
      let base = '草稿';
      try {
        const pkg = JSON.parse(text);
        let embedded = 0;
        (pkg.evidence || []).forEach((e) => {
          if (e && e.sha256 && !e.data_base64 && kept.has(BLOB + e.sha256)) {
            e.data_base64 = kept.get(BLOB + e.sha256);
            embedded++;
          }
        });
        if (embedded) out = JSON.stringify(pkg);  // otherwise the stored text, byte for byte
        const name = (pkg.profile && pkg.profile.name) || '未命名单位';
        base = '草稿-' + name + (pkg.rubric && pkg.rubric.id ? '-' + pkg.rubric.id : '');
      } catch (e) { /* exported as stored */ }
      base = base.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_');
      let name = base + '-' + page.today() + '.json';
      for (let n = 2; used.has(name); n++) name = base + '-' + page.today() + '-' + n + '.json';
      used.add(name);
      files.push({ name, text: out });
    }
    return files;
  }
  function offerDrafts(box) {
    if (box.querySelector('.rescue')) return;
    draftFiles().then((files) => {
      if (!files.length || box.querySelector('.rescue')) return;
      const div = document.createElement('div');
      div.className = 'rescue';
      const say = document.createElement('p');
      say.textContent = '本机浏览器中保存着您的 ' + files.length + ' 份草稿。请先把它们导出保存，再按下面的提示处理。' +
        '导出之前请不要清除浏览器的网站数据，否则草稿会一并删除。';
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = '导出全部草稿';
      const note = document.createElement('p');
      note.className = 'note';
      note.textContent = '每份草稿导出为一个 .json 数据包文件（1 MB 以内的附件一并带上）。以后在本工具首页点击“打开数据包”选择该文件，即可继续填写。';
      button.addEventListener('click', () => {
        // One file after another: some browsers drop downloads started in the same instant.
        files.forEach((f, i) => setTimeout(() => page.download(f.name, f.text, 'application/json'), i * 300));
        note.textContent = '已导出 ' + files.length + ' 个文件，请到浏览器的“下载”文件夹查看。' +
          (files.length > 1 ? '如浏览器询问是否允许下载多个文件，请选择“允许”。' : '') +
          '以后在本工具首页点击“打开数据包”选择该文件，即可继续填写。';
      });
      div.append(say, button, note);
      box.insertBefore(div, box.querySelector('.title').nextSibling);
    });
  }
})();
