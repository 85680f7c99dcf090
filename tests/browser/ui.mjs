// Drives the real UI with the real mouse and keyboard: widgets are found by their label in
// window.qis.items() (recorded by the app's test hooks each frame), then clicked at their centre.
import { assert, waitForFrames } from './lib.mjs';

// The visible part of a label: "开始自评##hunan-db43" → "开始自评".
export const visible = (label) => label.split('##')[0];

// Items of the last drawn frame.
export async function items(page) {
  return page.evaluate(() => window.qis.items());
}

// Waits until `frames` more frames were drawn, or until the page went idle sooner: the app draws
// only while something changes, so after an input it may stop after a frame or two. Idle = no
// frame drawn through three animation frames of the browser's (the app draws in those).
export async function settle(page, frames = 3) {
  await page.evaluate((n) => new Promise((done) => {
    const start = window.qis.frames;
    const deadline = performance.now() + 10000;
    let last = start;
    let still = 0;
    const tick = () => {
      const f = window.qis.frames;
      if (f - start >= n || performance.now() > deadline) return done();
      if (f === last) still++;
      else still = 0;
      last = f;
      if (still >= 3) return done();
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }), frames).catch(() => {});
  await page.waitForTimeout(30);
}

// Finds the n-th item whose label matches `what` (a string: exact full label, exact visible
// label, or prefix of the visible label; a RegExp: tested against the full label).
export async function find(page, what, { nth = 0, timeout = 8000, scrollAt = null } = {}) {
  const deadline = Date.now() + timeout;
  let list = [];
  for (;;) {
    list = await items(page);
    // Items placed wholly past the right edge of their panel are listed (width 0) but not clickable.
    const hits = list.filter((i) => i.w > 1 && (what instanceof RegExp ? what.test(i.label)
      : i.label === what || visible(i.label) === what || visible(i.label).startsWith(what)));
    // Prefer exact matches when there are any.
    const exact = hits.filter((i) => i.label === what || visible(i.label) === what);
    const chosen = (exact.length ? exact : hits)[nth];
    if (chosen) return chosen;
    if (Date.now() > deadline) break;
    // Not on screen: scroll the panel under the mouse (down first, then back up).
    const vp = page.viewportSize();
    await page.mouse.move(scrollAt ? scrollAt.x : vp.width * 0.7, scrollAt ? scrollAt.y : vp.height * 0.6);
    await page.mouse.wheel(0, Date.now() < deadline - timeout / 2 ? 250 : -400);
    await settle(page, 2);
  }
  const labels = [...new Set(list.map((i) => i.label))].slice(0, 80).join(' | ');
  throw new Error(`no widget labelled ${what} (nth ${nth}); visible: ${labels}`);
}

// A table can settle its column widths a frame or two after it first appears: the widget
// `look()` returns, once two looks (a couple of frames apart) agree, not where it was drawn first.
export async function steady(page, look, tries = 3) {
  let it = await look();
  for (let i = 0; i < tries; i++) {
    await settle(page, 2);
    const again = await look().catch(() => it);
    if (again.x === it.x && again.y === it.y && again.w === it.w && again.h === it.h) break;
    it = again;
  }
  return it;
}

export async function click(page, what, opts = {}) {
  let first = true;
  const it = await steady(page, () => {
    const o = first ? opts : { ...opts, timeout: 2000 };
    first = false;
    return find(page, what, o);
  });
  await page.mouse.click(it.x + Math.min(it.w / 2, 40), it.y + it.h / 2);
  await settle(page);
  return it;
}

// Clicks a text/number field, replaces its content with `text` and confirms with Enter
// (ASCII through key events, anything else through the IME path as an input method commits it).
export async function fill(page, what, text, { nth = 0, enter = true } = {}) {
  const it = await find(page, what, { nth });
  await page.mouse.click(it.x + Math.min(it.w / 4, 30), it.y + it.h / 2);
  await settle(page);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await typeText(page, text);
  if (enter) await page.keyboard.press('Enter');
  await settle(page);
}

export async function typeText(page, text) {
  if (/^[\x20-\x7e]*$/.test(text)) {
    await page.keyboard.type(text);
  } else {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.insertText', { text });
    await cdp.detach();
  }
  await settle(page);
}

export async function snapshot(page) {
  return page.evaluate(() => window.qis.snapshot());
}

export async function total(page) {
  const snap = JSON.parse(await snapshot(page));
  assert(snap && snap.scores, 'no draft is open');
  return snap.scores.total;
}

// The criteria of a rubric (its nodes with a rule), in document order.
export function criteria(rubric) {
  const out = [];
  const walk = (n) => (n.rule ? out.push(n) : n.children.forEach(walk));
  rubric.indicators.forEach(walk);
  return out;
}

// Selects a criterion in the item editor's tree (labels "<id> <title>  <score> / <max>").
export async function selectCriterion(page, node) {
  const tree = await find(page, /^qis\/tree/);
  await click(page, new RegExp('^' + node.id.replace(/\./g, '\\.') + ' '),
    { scrollAt: { x: tree.x + tree.w / 2, y: tree.y + tree.h / 2 }, timeout: 20000 });
  await find(page, `${node.id} ${node.title}`.slice(0, 4));
}

// Reloads the page a moment after the last edit and continues the draft from the start page;
// returns the draft as the page then shows it.
export async function reloadAndContinue(page) {
  await page.waitForTimeout(700);
  await page.reload();
  await waitForFrames(page, 1);
  await click(page, '继续');
  return snapshot(page);
}
