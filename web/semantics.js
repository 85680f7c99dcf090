// The semantics layer: a tree of transparent DOM nodes over the canvas, one per widget and text the
// app drew (src/app/semantics.h records them each frame), so screen readers, the accessibility
// tree, the browser's find (Ctrl+F) and translation see what the canvas shows.
//
//  - Updated from the app's record only where it changed: nodes are kept by key (the widget's id,
//    or a text and its occurrence), their attributes and position rewritten only when they differ,
//    removed when the widget is gone. Nothing runs while the page is idle (no frame, no record).
//  - Roles and states as ARIA: buttons, checkboxes (aria-checked), radio buttons, text fields
//    (their value), the criteria tree (tree/treeitem with level, selected, expanded), headings,
//    dialogs for modal popups; texts as plain text, positioned where the canvas draws them.
//  - One focus: the app's keyboard focus (ImGui's) moves DOM focus to its node; a node focused by
//    a screen reader or the accessibility API focuses the same widget in the app; a click through
//    the accessibility API (a screen reader's default action) presses it. Keys pressed on a node go
//    to the app, which owns Tab order, arrows and activation, as on the canvas.
//  - Announcements: the app's messages in a polite or an assertive live region.
// Mouse and touch go to the canvas as before: the layer takes no pointer events.
'use strict';

(function () {
  const page = window.qisPage;
  const FORWARD = new Set(['Tab', 'Enter', ' ', 'Escape', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown',
    'PageUp', 'PageDown', 'Home', 'End', 'F6']);
  const ACTIONABLE = new Set(['button', 'checkbox', 'radio', 'textbox', 'treeitem', 'combobox']);

  let root = null;
  let polite = null;
  let assertive = null;
  const nodes = new Map();   // key -> {el, json, id}
  const byId = new Map();    // widget id -> element
  const groups = new Map();  // group key -> {el, json, role}
  const cells = new Map();   // "table key|row" and "table key|row|column" -> row and cell elements
  let focusId = 0;
  let editId = 0;
  let syncing = false;       // DOM focus moved by the app: not reported back to it
  const downKeys = new Set();
  const stats = { updates: 0, app: [], page: [] };  // ms per update, for scripts/bench.sh

  const wasm = () => page.wasm;

  function setAttr(el, name, value) {
    if (value === null || value === undefined) {
      if (el.hasAttribute(name)) el.removeAttribute(name);
    } else if (el.getAttribute(name) !== String(value)) {
      el.setAttribute(name, String(value));
    }
  }

  // Role, name, state and text of a node's element.
  function describe(el, n) {
    const role = n.r === 'text' ? null : n.r;
    setAttr(el, 'role', role);
    setAttr(el, 'tabindex', ACTIONABLE.has(n.r) ? '-1' : null);
    setAttr(el, 'aria-level', n.r === 'heading' || n.r === 'treeitem' ? n.l || 1 : null);
    setAttr(el, 'aria-checked', n.r === 'checkbox' || n.r === 'radio' ? (n.c ? 'true' : 'false') : null);
    setAttr(el, 'aria-selected', n.r === 'treeitem' ? (n.s ? 'true' : 'false') : null);
    setAttr(el, 'aria-expanded', n.e === 0 || n.e === 1 ? (n.e ? 'true' : 'false') : null);
    setAttr(el, 'aria-disabled', n.d ? 'true' : null);
    // Fields and combo boxes are named by their label; what they hold is their content.
    const valued = n.r === 'textbox' || n.r === 'combobox';
    setAttr(el, 'aria-label', valued ? n.n : null);
    const text = valued ? (n.v || '') : n.n;  // as written: the browser's find matches across the canvas's line breaks
    if (el.textContent !== text) el.textContent = text;
    setAttr(el, 'data-id', n.id ? n.id : null);
    const s = el.style;
    s.left = n.x + 'px';
    s.top = n.y + 'px';
    s.width = Math.max(1, n.w) + 'px';
    s.height = Math.max(1, n.h) + 'px';
    if (n.f) {
      s.fontSize = n.f + 'px';
      s.lineHeight = n.f + 'px';
    }
  }

  function groupElement(g, index, list) {
    const json = JSON.stringify(g);
    let rec = groups.get(g.k);
    if (!rec) {
      rec = { el: document.createElement('div'), json: '' };
      rec.el.className = 'group';
      groups.set(g.k, rec);
    }
    rec.role = g.r;
    if (rec.json !== json) {
      rec.json = json;
      setAttr(rec.el, 'role', g.r || null);
      setAttr(rec.el, 'aria-label', g.n || null);
      setAttr(rec.el, 'aria-modal', g.r === 'dialog' ? 'true' : null);
    }
    rec.parent = g.p !== undefined ? list[g.p] : null;
    rec.index = index;
    return rec;
  }

  // Puts `children` into `container` in this order, moving only what is out of place.
  function order(container, children) {
    let at = container.firstChild;
    for (const child of children) {
      if (child === at) {
        at = at.nextSibling;
      } else {
        container.insertBefore(child, at);
      }
    }
    while (at) {
      const next = at.nextSibling;
      at.remove();
      at = next;
    }
  }

  function apply(data) {
    const list = data.groups.map((g, i, all) => groupElement(g, i, all));
    for (const rec of list) rec.parent = rec.parent ? groups.get(rec.parent.k) : null;
    const keep = new Set();
    const children = new Map([[root, []]]);  // container -> children in order
    const placed = new Set();
    const place = (rec) => {  // a group goes where its first node is
      if (placed.has(rec)) return;
      placed.add(rec);
      const parent = rec.parent ? rec.parent.el : root;
      if (rec.parent) place(rec.parent);
      children.get(parent).push(rec.el);
      children.set(rec.el, []);
    };
    const keptCells = new Set();
    const group = (role) => {
      const el = document.createElement('div');
      el.className = 'group';
      setAttr(el, 'role', role);
      return el;
    };
    // A table's node goes into its cell, inside its row (created as they first appear).
    const cellOf = (table, key, n) => {
      const rowKey = key + '|' + n.row;
      const cellKey = rowKey + '|' + n.col;
      if (!cells.has(rowKey)) cells.set(rowKey, group('row'));
      if (!cells.has(cellKey)) cells.set(cellKey, group('cell'));
      const row = cells.get(rowKey);
      const cell = cells.get(cellKey);
      setAttr(cell, 'role', n.hd ? 'columnheader' : 'cell');
      if (!children.has(row)) {
        children.get(table.el).push(row);
        children.set(row, []);
      }
      if (!children.has(cell)) {
        children.get(row).push(cell);
        children.set(cell, []);
      }
      keptCells.add(rowKey);
      keptCells.add(cellKey);
      return cell;
    };
    byId.clear();
    for (const n of data.nodes) {
      keep.add(n.k);
      let rec = nodes.get(n.k);
      if (!rec) {
        rec = { el: document.createElement('div'), json: '' };
        nodes.set(n.k, rec);
      }
      const json = JSON.stringify(n);
      if (rec.json !== json) {
        rec.json = json;
        describe(rec.el, n);
      }
      rec.id = n.id || 0;
      rec.name = n.n;
      rec.mode = n.m || '';
      if (n.id) byId.set(n.id, rec);
      let container = root;
      if (n.g !== undefined && list[n.g]) {
        const g = list[n.g];
        place(g);
        container = g.role === 'table' && n.row !== undefined ? cellOf(g, data.groups[n.g].k, n) : g.el;
      }
      children.get(container).push(rec.el);
    }
    for (const [key, rec] of nodes) if (!keep.has(key)) nodes.delete(key);
    for (const [key, rec] of groups) if (!placed.has(rec)) groups.delete(key);
    for (const key of cells.keys()) if (!keptCells.has(key)) cells.delete(key);
    for (const [container, kids] of children) order(container, kids);
  }

  // DOM focus follows the app's keyboard focus, unless the user is typing in the IME overlay or
  // has focused something outside the app.
  function followFocus() {
    const rec = focusId ? byId.get(focusId) : null;
    if (!rec) return;
    const active = document.activeElement;
    if (active === rec.el) return;
    const canvas = document.getElementById('canvas');
    if (!(active === canvas || active === document.body || active === null || root.contains(active))) return;
    syncing = true;
    try { rec.el.focus({ preventScroll: true }); } finally { syncing = false; }
  }

  page.semantics = {
    // Called by platform_web.cpp after a frame whose semantics changed; `appMs`: what the app spent.
    update(text, appMs) {
      if (!root) return;
      const started = performance.now();
      const data = JSON.parse(text);
      if (data.nodes) apply(data);
      focusId = data.focus || 0;
      if (data.edit !== editId) {
        editId = data.edit || 0;
        const field = editId ? byId.get(editId) : null;
        const ime = document.getElementById('ime');
        if (ime) {
          ime.setAttribute('aria-label', field && field.name ? field.name : '文本输入');
          // A phone opens the keyboard the field needs: digits for a count, a dialpad for a phone.
          setAttr(ime, 'inputmode', field && field.mode ? field.mode : null);
          setAttr(ime, 'enterkeyhint', field && field.mode ? 'done' : null);
          // The overlay is the field being edited; otherwise it is not a field of its own.
          setAttr(ime, 'aria-hidden', editId ? null : 'true');
        }
      }
      followFocus();
      for (const s of data.say || []) {
        const region = s.a ? assertive : polite;
        // The same text twice is still announced twice: the region is emptied first.
        region.textContent = '';
        region.textContent = s.t;
      }
      if (data.nodes) {
        stats.updates += 1;
        stats.app.push(appMs || 0);
        stats.page.push(performance.now() - started);
        if (stats.app.length > 1000) { stats.app.shift(); stats.page.shift(); }
      }
    },
    // {updates, app: [ms], page: [ms]}: the cost of the updates so far (bench.sh).
    stats: () => ({ updates: stats.updates, app: stats.app.slice(), page: stats.page.slice() }),
    // The node element of a widget id (tests).
    element: (id) => (byId.get(id) || {}).el || null,
  };

  function nodeOf(target) {
    const el = target && target.closest ? target.closest('[data-id]') : null;
    return el && root.contains(el) ? Number(el.getAttribute('data-id')) : 0;
  }

  function install() {
    root = document.getElementById('semantics');
    polite = document.getElementById('announce');
    assertive = document.getElementById('alert');
    if (!root || !polite || !assertive) return;
    const ime = document.getElementById('ime');
    if (ime) ime.setAttribute('aria-hidden', 'true');
    // A screen reader, Tab from the browser's chrome, or element.focus(): the same widget in the app.
    // A text field starts editing at once, so typing goes to the IME overlay (web/ime.js).
    root.addEventListener('focusin', (e) => {
      if (syncing || !wasm()) return;
      const id = nodeOf(e.target);
      if (!id) return;
      const role = e.target.getAttribute('role');
      wasm().semanticsAction(id, role === 'textbox' ? 1 : 0);
    });
    // The accessibility API's default action (and element.click()): press the widget.
    root.addEventListener('click', (e) => {
      const id = nodeOf(e.target);
      if (!id || !wasm()) return;
      e.preventDefault();
      wasm().semanticsAction(id, 1);
    });
    root.addEventListener('keydown', (e) => {
      if (!wasm() || !FORWARD.has(e.key)) return;
      e.preventDefault();  // Tab, Space and arrows belong to the app, not to the page's scrolling
      e.stopPropagation();
      wasm().mods(e.ctrlKey, e.shiftKey, e.altKey, e.metaKey);
      wasm().key(e.key, true);
      downKeys.add(e.key);
    });
    // Any forwarded key's release goes to the app, also one pressed on the canvas: DOM focus may
    // have moved here while it was held, and a key the app never sees released repeats forever.
    root.addEventListener('keyup', (e) => {
      if (!wasm() || !FORWARD.has(e.key)) return;
      downKeys.delete(e.key);
      e.preventDefault();
      wasm().key(e.key, false);
      wasm().mods(e.ctrlKey, e.shiftKey, e.altKey, e.metaKey);
    });
    root.addEventListener('focusout', () => {
      if (!wasm()) return;
      for (const k of downKeys) wasm().key(k, false);
      downKeys.clear();
    });
    // The browser's find may try to scroll the layer to a match: it must stay over the canvas.
    root.addEventListener('scroll', () => { root.scrollTop = 0; root.scrollLeft = 0; });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', install);
  else install();
})();
