// Glyphs from the system's own fonts: the app's font source (src/app/font_source_browser.cpp)
// asks for one character at a time at the exact device-pixel size it draws, and gets its alpha
// bitmap from a Canvas 2D drawn with the system's UI font stack. So every character the user's
// system can show is drawn (GB2312, GBK, GB18030, CJK extensions where a font has them) without
// shipping a font. A character that no font has is reported as missing, never drawn as a box.
'use strict';

(function () {
  const page = window.qisPage;

  // Chinese UI fonts of Windows, macOS, Linux and Android, then whatever the browser picks.
  const STACK = '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", ' +
    '"Source Han Sans SC", "WenQuanYi Micro Hei", "Droid Sans Fallback", "Noto Sans SC", system-ui, sans-serif';
  // A code point no font maps (unassigned in Unicode): what the browser draws for "no glyph".
  const NOT_A_CHARACTER = 0x0378;

  let ctx = null;
  function context() {
    if (!ctx) {
      const canvas = document.createElement('canvas');
      canvas.width = 64;
      canvas.height = 64;
      ctx = canvas.getContext('2d', { willReadFrequently: true });
    }
    return ctx;
  }

  // Draws one character at `px` CSS pixels of font size onto the scratch canvas; returns
  // {advance, width, height, left, top, alpha} in device pixels, `left`/`top` being where the
  // bitmap's top-left corner sits relative to the pen position on the baseline.
  function draw(ch, px) {
    const c = context();
    c.font = px + 'px ' + STACK;
    const m = c.measureText(ch);
    const advance = m.width;
    // The ink box; old engines without actualBoundingBox* get the em box with a margin.
    const hasBox = typeof m.actualBoundingBoxAscent === 'number';
    const inkLeft = hasBox ? m.actualBoundingBoxLeft : 0;
    const inkRight = hasBox ? m.actualBoundingBoxRight : advance;
    const inkAscent = hasBox ? m.actualBoundingBoxAscent : px;
    const inkDescent = hasBox ? m.actualBoundingBoxDescent : px * 0.3;
    const ox = Math.ceil(Math.max(0, inkLeft)) + 1;
    const oy = Math.ceil(Math.max(0, inkAscent)) + 1;
    const width = Math.max(1, ox + Math.ceil(Math.max(0, inkRight)) + 1);
    const height = Math.max(1, oy + Math.ceil(Math.max(0, inkDescent)) + 1);
    if (c.canvas.width < width || c.canvas.height < height) {
      c.canvas.width = Math.max(c.canvas.width, width);
      c.canvas.height = Math.max(c.canvas.height, height);
      c.font = px + 'px ' + STACK;  // resizing resets the context's state
    }
    c.clearRect(0, 0, width, height);
    c.fillStyle = '#fff';
    c.textBaseline = 'alphabetic';
    c.fillText(ch, ox, oy);
    const rgba = c.getImageData(0, 0, width, height).data;
    const alpha = new Uint8Array(width * height);
    let ink = 0;
    for (let i = 0; i < alpha.length; i++) {
      alpha[i] = rgba[i * 4 + 3];
      ink |= alpha[i];
    }
    return { advance, width, height, left: -ox, top: -oy, alpha, ink: ink !== 0 };
  }

  function sameBitmap(a, b) {
    if (a.width !== b.width || a.height !== b.height || Math.abs(a.advance - b.advance) > 0.01) return false;
    for (let i = 0; i < a.alpha.length; i++) if (a.alpha[i] !== b.alpha[i]) return false;
    return true;
  }

  const notdefBySize = new Map();
  function notdef(px) {
    let g = notdefBySize.get(px);
    if (!g) {
      g = draw(String.fromCodePoint(NOT_A_CHARACTER), px);
      notdefBySize.set(px, g);
    }
    return g;
  }

  // White space and format characters legitimately have no ink.
  const INKLESS = /[\s\u200b-\u200f\u2028-\u202f\u2060-\u2064\ufeff]/u;

  const glyphs = {
    stack: STACK,
    // One glyph: {advance, width, height, left, top, alpha: Uint8Array, missing}.
    render(codepoint, px) {
      const ch = String.fromCodePoint(codepoint);
      const g = draw(ch, px);
      const inkless = INKLESS.test(ch);
      g.missing = !inkless && (!g.ink || sameBitmap(g, notdef(px)));
      return g;
    },
    // Whether the system has a font for Chinese at all (else the bundled font is fetched).
    hasChinese() {
      try {
        return ['中', '质', '量'].every((ch) => !glyphs.render(ch.codePointAt(0), 32).missing);
      } catch (e) {
        return false;
      }
    },
  };
  page.glyphs = glyphs;
})();
