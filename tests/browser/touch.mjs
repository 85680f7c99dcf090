// Touch (issue 13), on a 390×844 phone (hasTouch, isMobile, devicePixelRatio 3) with taps and
// swipes only: a swipe scrolls the start page and keeps gliding after the finger lifts; a swipe
// that starts on a button does not press it; a tap presses it; controls are at least 40 CSS px
// tall once the page was touched; then the station's walk for 崇明: start, the profile's 单位名称
// typed through the on-screen keyboard path (a tap on the field gives the keyboard to the IME
// overlay inside the touch, the phone keyboard commits the text there), three criteria of
// different kinds, the total visible, and 导出数据包 reached. Exports the finger helpers for
// touchreview.mjs (the evaluator's side at 768×1024).
import { assert, runStandalone, waitForFrames } from './lib.mjs';
import { find, items, settle, snapshot, total, typeText } from './ui.mjs';

export async function touchPage(browser, origin, { width = 390, height = 844, scale = 3, query = '?rubric=chongming-2024' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: scale, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push('page error: ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push('console.error: ' + m.text()); });
  await page.goto(`${origin}/${query}`);
  await waitForFrames(page, 1);
  const cdp = await context.newCDPSession(page);
  return { context, page, cdp, errors, finger: finger(page, cdp, { width, height }) };
}

const nextFrame = (page) => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => ok())));

// Taps, swipes and finding by swiping, for one page of the given viewport size.
export function finger(page, cdp, { width, height }) {
  // A finger from (x, y) moved by (dx, dy) in `steps` moves, one per animation frame, then lifted.
  async function swipe(x, y, dx, dy, steps = 8) {
    const at = (k) => [{ x: x + (dx * k) / steps, y: y + (dy * k) / steps, id: 1 }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0) });
    for (let k = 1; k <= steps; k++) {
      await nextFrame(page);
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(k) });
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  }

  // A finger's tap as a person makes it: down, on the screen for a few frames, up.
  async function press(x, y) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y, id: 1 }] });
    for (let k = 0; k < 3; k++) await nextFrame(page);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  }

  // Finds a widget, swiping the panel under (x, y) up until it shows (never the mouse wheel).
  async function findByScrolling(what, { nth = 0, x = width / 2, y = height * 0.7 } = {}) {
    for (let i = 0; i < 12; i++) {
      const hit = await find(page, what, { nth, timeout: 300 }).catch(() => null);
      if (hit && hit.y >= 0 && hit.y + hit.h < height - 8 && hit.h >= 16) return hit;  // not clipped
      await swipe(x, y, 0, -250);
      await settle(page, 6);
    }
    return find(page, what, { nth, timeout: 300 });
  }

  async function tap(what, opts = {}) {
    // Where the widget is once two looks agree (a list or table may still be settling).
    let it = await findByScrolling(what, opts);
    for (let i = 0; i < 3; i++) {
      await settle(page, 2);
      const again = await find(page, what, { nth: opts.nth || 0, timeout: 2000 }).catch(() => it);
      if (again.x === it.x && again.y === it.y && again.w === it.w && again.h === it.h) break;
      it = again;
    }
    await page.touchscreen.tap(it.x + Math.min(it.w / 2, 40), it.y + it.h / 2);
    await settle(page, 3);
    return it;
  }

  // Everything drawn past the viewport's right edge (or cut at its panel's, unless that panel
  // scrolls sideways).
  async function pastRightEdge() {
    const list = await items(page);
    return list.filter((i) => !i.label.startsWith('Debug##')).filter((i) => i.x + i.w > width + 0.5 || (i.cut && !i.hscroll)).map((i) => i.label.slice(0, 30));
  }

  return { swipe, press, findByScrolling, tap, pastRightEdge };
}

// Types `text` into the text field `what` as on a phone: a tap on the field (the keyboard comes
// up: the IME overlay has the focus as the finger lifts), the keyboard commits the text into the
// overlay, then its Enter key ends editing. Returns the field's text as ImGui had it.
export async function typeOnPhone(page, cdp, fingers, what, text) {
  const field = await fingers.findByScrolling(what);
  await fingers.press(field.x + Math.min(field.w / 2, 60), field.y + field.h / 2);
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  assert(focused === 'ime', `a tap on ${what} left the keyboard with #${focused}, not the IME overlay (no on-screen keyboard)`);
  await cdp.send('Input.insertText', { text });
  await settle(page, 3);
  const typed = await page.evaluate(() => window.qis.textInput());
  await page.keyboard.press('Enter');
  await settle(page, 3);
  return typed;
}

export default async function touch({ browser, server }) {
  const { context, page, cdp, errors, finger: f } = await touchPage(browser, server.origin);
  try {
    // A swipe up on the start page scrolls it, and it keeps moving after the finger lifts.
    const heading = await find(page, '开始自评（已为您选中）##chongming-2024');
    await f.swipe(195, 700, 0, -300);
    const right = (await find(page, '开始自评（已为您选中）##chongming-2024', { timeout: 300 }).catch(() => ({ y: -1e9 }))).y;
    await settle(page, 20);
    const later = (await find(page, '开始自评（已为您选中）##chongming-2024', { timeout: 300 }).catch(() => ({ y: -1e9 }))).y;
    assert(right < heading.y - 200, `a 300 px swipe moved the start page by ${heading.y - right} px`);
    assert(later < right, `the page stopped dead when the finger lifted (at ${right}, then ${later})`);

    // A swipe that starts on 开始自评 scrolls and does not start a draft.
    const start = await f.findByScrolling('开始自评（已为您选中）##chongming-2024');
    await f.swipe(start.x + 20, start.y + start.h / 2, 0, 120);
    await settle(page, 10);
    const drafted = (await items(page)).some((i) => i.label === '导出数据包');
    assert(!drafted, 'a swipe that began on 开始自评 pressed it');
    // A tap does; the page now draws controls for fingers.
    await f.tap('开始自评（已为您选中）##chongming-2024');
    const menu = await find(page, '菜单');
    assert(menu.h >= 40, `controls are ${menu.h} CSS px tall on a touch screen (want >= 40)`);

    // The profile's 单位名称 through the phone's keyboard; the app shows it (the menu's station line).
    const NAME = '崇明测试质量服务站';
    await f.tap('菜单');
    await f.tap('单位信息');
    const typed = await typeOnPhone(page, cdp, f, '##name', NAME);
    assert(typed.text === NAME, `the field holds ${JSON.stringify(typed)} after the phone keyboard typed ${NAME}`);
    const profile = JSON.parse(await snapshot(page)).profile;
    assert(profile.name === NAME, `the draft's 单位名称 is ${JSON.stringify(profile.name)}`);
    assert(await page.evaluate(() => document.activeElement && document.activeElement.id) !== 'ime', 'the keyboard stayed up after Enter');

    // Three criteria of different kinds: 1.1 (checklist), 2.7 (judgment), 3.12.1 (count).
    await f.tap('菜单');
    const line = (await items(page)).find((i) => i.label.includes(NAME));
    assert(line, `the menu does not show the station's name ${NAME}`);
    await f.tap('逐项评分');
    let before = await total(page);
    await f.tap('##c');
    let after = await total(page);
    assert(after > before, `tapping 1.1's first box left the total at ${after}`);
    const shown = await find(page, /^得分 /);
    assert(shown.y >= 0 && shown.x + shown.w <= 390, 'the total is not on screen');

    for (const [id, how] of [['2.7', 'judgment'], ['3.12.1', 'count']]) {
      await f.tap('目录');
      await f.tap(new RegExp('^' + id.replace(/\./g, '\\.') + ' '), { x: 150, y: 500 });
      before = await total(page);
      // A finger focuses the number field (it keeps what is typed, issue 27), the keyboard types.
      await f.tap(how === 'judgment' ? /^评分（0~8 分）/ : /^数量（/);
      await typeText(page, '2');
      await page.keyboard.press('Enter');
      await settle(page);
      after = await total(page);
      assert(after > before, `${id} (${how}): taps left the total at ${after}`);
    }
    const beyond = await f.pastRightEdge();
    assert(beyond.length === 0, `drawn past the right edge: ${beyond.join(' | ')}`);
    const exp = await find(page, '导出数据包');
    assert(exp.x + exp.w <= 390 && exp.y >= 0, '导出数据包 is off screen');
    const downloaded = page.waitForEvent('download', { timeout: 8000 });
    await f.tap('导出数据包');
    if (await find(page, '仍然导出', { timeout: 1500 }).then(() => true, () => false)) await f.tap('仍然导出');
    await downloaded;
    await page.screenshot({ path: new URL('./out/touch-390.png', import.meta.url).pathname });
    assert(errors.length === 0, errors.join('\n'));
    console.log('  touch: swipe scrolls with a glide, a swipe never presses, 单位名称 typed on the phone keyboard, taps walk 1.1/2.7/3.12.1 to export');
  } finally {
    await context.close();
  }
}

await runStandalone(import.meta.url, touch);
