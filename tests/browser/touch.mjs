// Touch (issue 13), on a 390×844 phone (hasTouch, isMobile, devicePixelRatio 3) with taps and
// swipes only: a swipe scrolls the start page and keeps gliding after the finger lifts; a swipe
// that starts on a button does not press it; a tap presses it; controls are at least 40 CSS px
// tall once the page was touched; then the station's walk for 崇明: start, three criteria of
// different kinds, the total visible, and 导出数据包 reached.
import { assert, runStandalone, waitForFrames } from './lib.mjs';
import { find, items, settle, total } from './ui.mjs';

async function touchPage(browser, origin) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push('page error: ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push('console.error: ' + m.text()); });
  await page.goto(`${origin}/?rubric=chongming-2024`);
  await waitForFrames(page, 1);
  const cdp = await context.newCDPSession(page);
  return { context, page, cdp, errors };
}

// A finger from (x, y) moved by (dx, dy) in `steps` moves, one per animation frame, then lifted.
async function swipe(page, cdp, x, y, dx, dy, steps = 8) {
  const at = (k) => [{ x: x + (dx * k) / steps, y: y + (dy * k) / steps, id: 1 }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0) });
  for (let k = 1; k <= steps; k++) {
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => ok())));
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(k) });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

async function tap(page, what, opts = {}) {
  const it = await findByScrolling(page, what, opts);
  await page.touchscreen.tap(it.x + Math.min(it.w / 2, 40), it.y + it.h / 2);
  await settle(page, 3);
  return it;
}

// Finds a widget, swiping the panel under (x, y) up until it shows (never the mouse wheel).
let current = null;
async function findByScrolling(page, what, { nth = 0, x = 195, y = 600 } = {}) {
  for (let i = 0; i < 12; i++) {
    const hit = await find(page, what, { nth, timeout: 300 }).catch(() => null);
    if (hit && hit.y + hit.h < 844 - 8) return hit;
    await swipe(page, current.cdp, x, y, 0, -250);
    await settle(page, 6);
  }
  return find(page, what, { nth, timeout: 300 });
}

export default async function touch({ browser, server }) {
  const t = await touchPage(browser, server.origin);
  current = t;
  const { context, page, cdp, errors } = t;
  try {
    // A swipe up on the start page scrolls it, and it keeps moving after the finger lifts.
    const heading = await find(page, '开始自评（已为您选中）##chongming-2024');
    await swipe(page, cdp, 195, 700, 0, -300);
    const right = (await find(page, '开始自评（已为您选中）##chongming-2024', { timeout: 300 }).catch(() => ({ y: -1e9 }))).y;
    await settle(page, 20);
    const later = (await find(page, '开始自评（已为您选中）##chongming-2024', { timeout: 300 }).catch(() => ({ y: -1e9 }))).y;
    assert(right < heading.y - 200, `a 300 px swipe moved the start page by ${heading.y - right} px`);
    assert(later < right, `the page stopped dead when the finger lifted (at ${right}, then ${later})`);

    // A swipe that starts on 开始自评 scrolls and does not start a draft.
    const start = await findByScrolling(page, '开始自评（已为您选中）##chongming-2024');
    await swipe(page, cdp, start.x + 20, start.y + start.h / 2, 0, 120);
    await settle(page, 10);
    const drafted = (await items(page)).some((i) => i.label === '导出数据包');
    assert(!drafted, 'a swipe that began on 开始自评 pressed it');
    // A tap does; the page now draws controls for fingers.
    await tap(page, '开始自评（已为您选中）##chongming-2024');
    const menu = await find(page, '菜单');
    assert(menu.h >= 40, `controls are ${menu.h} CSS px tall on a touch screen (want >= 40)`);

    // Three criteria of different kinds: 1.1 (checklist), 2.7 (judgment), 3.12.1 (count).
    await tap(page, '菜单');
    await tap(page, '逐项评分');
    let before = await total(page);
    await tap(page, '##c');
    let after = await total(page);
    assert(after > before, `tapping 1.1's first box left the total at ${after}`);
    const shown = await find(page, /^得分 /);
    assert(shown.y >= 0 && shown.x + shown.w <= 390, 'the total is not on screen');

    for (const [id, how] of [['2.7', 'judgment'], ['3.12.1', 'count']]) {
      await tap(page, '目录');
      await tap(page, new RegExp('^' + id.replace(/\./g, '\\.') + ' '), { x: 150, y: 500 });
      before = await total(page);
      if (how === 'judgment') {
        await tap(page, '+', { nth: 0 });  // the number field's + button
        await tap(page, '+', { nth: 0 });
      } else {
        await tap(page, '填 0');
        await tap(page, '+', { nth: 0 });
        await tap(page, '+', { nth: 0 });
      }
      after = await total(page);
      assert(after > before, `${id} (${how}): taps left the total at ${after}`);
    }
    const list = await items(page);
    const beyond = list.filter((i) => !i.label.startsWith('Debug##')).filter((i) => i.x + i.w > 390.5 || (i.cut && !i.hscroll)).map((i) => i.label.slice(0, 30));
    assert(beyond.length === 0, `drawn past the right edge: ${beyond.join(' | ')}`);
    const exp = await find(page, '导出数据包');
    assert(exp.x + exp.w <= 390 && exp.y >= 0, '导出数据包 is off screen');
    const downloaded = page.waitForEvent('download', { timeout: 8000 });
    await tap(page, '导出数据包');
    if (await find(page, '仍然导出', { timeout: 1500 }).then(() => true, () => false)) await tap(page, '仍然导出');
    await downloaded;
    await page.screenshot({ path: new URL('./out/touch-390.png', import.meta.url).pathname });
    assert(errors.length === 0, errors.join('\n'));
    console.log('  touch: swipe scrolls with a glide, a swipe never presses, taps walk 1.1/2.7/3.12.1 to export');
  } finally {
    await context.close();
  }
}

await runStandalone(import.meta.url, touch);
