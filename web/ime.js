// Text input for the ImGui canvas: an IME overlay and the browser clipboard.
//
// SDL2's web backend only sees `keypress`, so no IME (pinyin) text ever reaches ImGui, and it has
// no clipboard. While ImGui edits a text field, an invisible <textarea> sits at the field's caret
// and owns the keyboard:
//  - the browser's own composition (candidate) window appears next to it; the pinyin pre-edit is
//    shown in the overlay while composing and is never sent to ImGui;
//  - committed text (compositionend, or `input` outside a composition) goes to ImGui as characters,
//    and the overlay is emptied again;
//  - editing keys (Backspace, Delete, arrows, Home/End, Enter, Tab, Escape, Ctrl/Cmd+A/Z/Y) go to
//    ImGui as key events; stopPropagation keeps them from SDL (which only listens on #canvas);
//  - copy/cut: the key goes to ImGui and a frame is drawn inside the keydown, so ImGui has called
//    SetClipboardTextFn before the browser's `copy`/`cut` event, which then writes that text;
//  - paste: the `paste` event's text becomes ImGui's clipboard and Ctrl/Cmd+V is replayed to ImGui.
// Focus moves to the overlay inside the pointer event (mobile keyboards only open from a gesture)
// when the last frame had a text field under the pointer; clicking anything else on the canvas
// gives the keyboard back to the canvas.
'use strict';

(function () {
  const page = window.qisPage;
  const FORWARD = new Set(['Backspace', 'Delete', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown',
    'Home', 'End', 'PageUp', 'PageDown', 'Enter', 'Tab', 'Escape', 'Insert']);
  const SHORTCUT_LETTERS = new Set(['a', 'z', 'y']);

  // What the last drawn frame reported (platform_web.cpp after_frame()).
  const state = { want: false, hover: false, x: 0, y: 0, h: 0 };
  let overlay = null;
  let canvas = null;
  let composing = false;
  let pendingCopy = null;       // text ImGui copied during the current copy/cut keydown
  let inCopyKey = false;
  const downKeys = new Set();   // keys forwarded as pressed, released on blur

  const wasm = () => page.wasm;
  const shortcutHeld = (e) => (page.isMac ? e.metaKey : e.ctrlKey);
  const overlayFocused = () => document.activeElement === overlay;

  function sendMods(e) {
    if (wasm()) wasm().mods(e.ctrlKey, e.shiftKey, e.altKey, e.metaKey);
  }

  function place() {
    if (!overlay || !canvas) return;
    const r = canvas.getBoundingClientRect();
    const size = Math.max(16, Math.round(state.h * 0.76));  // ≥ 16 px: iOS zooms into smaller inputs
    overlay.style.left = Math.round(r.left + state.x + 1) + 'px';  // ImGui reports caret x - 1
    overlay.style.top = Math.round(r.top + state.y) + 'px';
    overlay.style.fontSize = size + 'px';
    overlay.style.lineHeight = Math.max(size, Math.round(state.h)) + 'px';
  }

  function focusOverlay() {
    if (!overlay) return;
    place();
    if (!overlayFocused()) overlay.focus({ preventScroll: true });
  }

  function focusCanvas() {
    if (overlayFocused()) overlay.blur();
    if (canvas && document.activeElement !== canvas) canvas.focus({ preventScroll: true });
  }

  // Sends what the overlay holds to ImGui and empties it (idempotent: safe to call twice).
  function commit() {
    if (!overlay || composing) return;
    const text = overlay.value;
    overlay.value = '';
    overlay.classList.remove('composing');
    if (text && wasm()) wasm().text(text.replace(/\r\n?/g, '\n'));
  }

  function releaseKeys() {
    if (!wasm()) return;
    for (const k of downKeys) wasm().key(k, false);
    downKeys.clear();
    wasm().mods(false, false, false, false);
  }

  function forward(key, e) {
    sendMods(e);
    wasm().key(key, true);
    downKeys.add(key);
  }

  function onKeyDown(e) {
    e.stopPropagation();
    if (!wasm() || e.isComposing || composing || e.keyCode === 229) return;  // the IME owns this key
    const k = e.key;
    const letter = k.length === 1 ? k.toLowerCase() : '';
    if (FORWARD.has(k)) {
      e.preventDefault();  // the textarea must not act on it (Enter would insert a second newline)
      forward(k, e);
    } else if (shortcutHeld(e) && SHORTCUT_LETTERS.has(letter)) {
      e.preventDefault();
      forward(letter, e);
    } else if (shortcutHeld(e) && (letter === 'c' || letter === 'x')) {
      // No preventDefault: the browser follows with a `copy`/`cut` event that takes pendingCopy.
      forward(letter, e);
      inCopyKey = true;
      wasm().frameNow();
      inCopyKey = false;
      setTimeout(() => {  // the browser sent no copy event (nothing selected in the overlay)
        if (pendingCopy !== null) writeClipboard(pendingCopy);
        pendingCopy = null;
      }, 0);
    } else if (shortcutHeld(e) && letter === 'v') {
      // No preventDefault: the browser follows with a `paste` event carrying the text.
    } else {
      sendMods(e);  // plain characters: the textarea receives them and “input” commits them
    }
  }

  function onKeyUp(e) {
    e.stopPropagation();
    if (!wasm()) return;
    const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    if (downKeys.delete(k)) wasm().key(k, false);
    sendMods(e);
  }

  function writeClipboard(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).catch(() => execCopy(text));
    } else {
      execCopy(text);  // http:// on a LAN address has no async clipboard
    }
  }

  function execCopy(text) {
    const hadOverlay = overlayFocused();
    const tmp = document.createElement('textarea');
    tmp.value = text;
    tmp.setAttribute('readonly', '');
    tmp.style.cssText = 'position:fixed;left:-9999px;top:0;opacity:0';
    document.body.appendChild(tmp);
    tmp.select();
    try { document.execCommand('copy'); } catch (e) { /* no clipboard access at all */ }
    tmp.remove();
    if (hadOverlay) overlay.focus({ preventScroll: true });
  }

  // ImGui's SetClipboardTextFn (platform_web.cpp).
  page.clipboardWrite = (text) => {
    if (inCopyKey) pendingCopy = text;  // the “copy” event that follows writes it
    else writeClipboard(text);
  };

  // Called by platform_web.cpp after each drawn frame (never while the page is idle).
  page.onTextState = (want, hover, x, y, h) => {
    state.want = !!want;
    state.hover = !!hover;
    state.x = x;
    state.y = y;
    state.h = h;
    if (!state.want) {
      if (overlayFocused()) {
        commit();
        focusCanvas();
      }
      return;
    }
    place();
    // Keyboard navigation into a field (no pointer involved): take the keyboard from the canvas or
    // from the field's node in the semantics layer (web/semantics.js).
    const active = document.activeElement;
    const fromApp = active === canvas || active === document.body || (active && active.closest && active.closest('#semantics'));
    if (!overlayFocused() && fromApp) focusOverlay();
  };

  function install() {
    canvas = document.getElementById('canvas');
    overlay = document.createElement('textarea');
    overlay.id = 'ime';
    overlay.setAttribute('aria-label', '文本输入');
    overlay.setAttribute('autocomplete', 'off');
    overlay.setAttribute('autocorrect', 'off');
    overlay.setAttribute('autocapitalize', 'off');
    overlay.setAttribute('spellcheck', 'false');
    overlay.setAttribute('rows', '1');
    document.body.appendChild(overlay);

    overlay.addEventListener('keydown', onKeyDown);
    overlay.addEventListener('keyup', onKeyUp);
    overlay.addEventListener('keypress', (e) => e.stopPropagation());
    overlay.addEventListener('compositionstart', () => {
      composing = true;
      overlay.classList.add('composing');
      place();
    });
    overlay.addEventListener('compositionupdate', (e) => {
      overlay.style.width = Math.max(2, (e.data || '').length + 1) + 'em';  // show the whole pre-edit
    });
    overlay.addEventListener('compositionend', () => {
      composing = false;
      overlay.style.width = '';
      commit();
    });
    overlay.addEventListener('input', (e) => {
      if (e.isComposing || composing) return;  // pinyin pre-edit: wait for compositionend
      commit();
    });
    // Android keyboards report Backspace on an empty field only as beforeinput.
    overlay.addEventListener('beforeinput', (e) => {
      if (composing || !wasm()) return;
      const key = e.inputType === 'deleteContentBackward' ? 'Backspace'
        : e.inputType === 'deleteContentForward' ? 'Delete' : '';
      if (key && overlay.value === '') {
        e.preventDefault();
        wasm().key(key, true);
        wasm().key(key, false);
      }
    });
    const onCopy = (e) => {
      if (pendingCopy === null) return;
      e.clipboardData.setData('text/plain', pendingCopy);
      e.preventDefault();
      pendingCopy = null;
    };
    overlay.addEventListener('copy', onCopy);
    overlay.addEventListener('cut', onCopy);
    overlay.addEventListener('paste', (e) => {
      const text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
      e.preventDefault();
      if (text && wasm()) wasm().paste(text.replace(/\r\n?/g, '\n'));
    });
    overlay.addEventListener('blur', () => {
      commit();
      releaseKeys();
    });

    // Capture phase: runs before SDL's canvas listeners see the press.
    canvas.addEventListener('pointerdown', () => {
      if (state.hover) {
        focusOverlay();
      } else {
        commit();
        focusCanvas();
      }
    }, true);
    // Touch: the field is active only after the frame that saw the touch; focus in the gesture.
    canvas.addEventListener('pointerup', (e) => {
      if (e.pointerType !== 'mouse' && (state.want || state.hover)) focusOverlay();
    }, true);
    canvas.focus({ preventScroll: true });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', install);
  else install();
})();
