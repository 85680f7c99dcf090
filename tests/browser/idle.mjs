// An idle page uses next to no CPU: main-thread busy time over 5 s with nothing happening, measured
// with CDP Performance.getMetrics (TaskDuration), next to the same figure with ?busy=1 (every
// frame drawn). Budget: 2 % of one core. And frames are drawn only while something changes, not
// for a fixed tail: a click on an empty part of the page, and a tick of a checkbox, are followed
// by a handful of frames (the input's, ImGui settling), then none.
import { assert, openApp, runStandalone } from './lib.mjs';
import { click, find } from './ui.mjs';

const SECONDS = 5;
const BUDGET = 0.02;

async function busyFraction(browser, origin, query) {
  const { context, page, errors } = await openApp(browser, origin, { query });
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.waitForTimeout(1500);  // loading settles (fonts, the first layout)
    const task = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
    const frames0 = await page.evaluate(() => window.qis.frames);
    const t0 = await task();
    const wall0 = Date.now();
    await page.waitForTimeout(SECONDS * 1000);
    const t1 = await task();
    const wall1 = Date.now();
    const frames = (await page.evaluate(() => window.qis.frames)) - frames0;
    assert(errors.length === 0, 'errors were logged:\n' + errors.join('\n'));
    return { fraction: (t1 - t0) / ((wall1 - wall0) / 1000), frames };
  } finally {
    await context.close();
  }
}

const MAX_FRAMES_PER_INPUT = 6;

// Frames drawn for `action` until the page is idle again (nothing drawn for 0.5 s).
async function framesFor(page, action) {
  await page.waitForTimeout(1000);  // a hover's delayed-tooltip frame (0.5 s) comes first
  const f0 = await page.evaluate(() => window.qis.frames);
  await action();
  let last = -1;
  let now = await page.evaluate(() => window.qis.frames);
  for (let i = 0; i < 20 && now !== last; i++) {
    last = now;
    await page.waitForTimeout(500);
    now = await page.evaluate(() => window.qis.frames);
  }
  return now - f0;
}

async function framesPerInput(browser, origin) {
  const { context, page, errors } = await openApp(browser, origin, { query: '?rubric=chongming-2024', viewport: { width: 1280, height: 860 } });
  try {
    await click(page, '开始自评（已为您选中）##chongming-2024');
    await click(page, '逐项评分');
    const box = await find(page, '##c');
    await page.mouse.move(box.x + box.w / 2, box.y + box.h / 2);
    const tick = await framesFor(page, () => page.mouse.click(box.x + box.w / 2, box.y + box.h / 2));
    const vp = page.viewportSize();
    await page.mouse.move(vp.width - 4, vp.height - 4);  // the page's empty bottom-right corner
    const empty = await framesFor(page, () => page.mouse.click(vp.width - 4, vp.height - 4));
    assert(errors.length === 0, 'errors were logged:\n' + errors.join('\n'));
    return { tick, empty };
  } finally {
    await context.close();
  }
}

export default async function idle({ browser, server }) {
  const idleRun = await busyFraction(browser, server.origin, '');
  const busyRun = await busyFraction(browser, server.origin, '?busy=1');
  const pct = (f) => (100 * f).toFixed(2) + ' %';
  console.log(`  idle: main thread busy ${pct(idleRun.fraction)} idle (${idleRun.frames} frames drawn in ${SECONDS} s) ` +
    `vs ${pct(busyRun.fraction)} with ?busy=1 (${busyRun.frames} frames); budget ${pct(BUDGET)}`);
  // The comparison needs a build that really draws continuously: either many frames, or (on a slow
  // software-GL machine) a saturated main thread.
  assert(busyRun.frames > 10 * SECONDS || busyRun.fraction > 0.5, '?busy=1 did not draw every frame; the comparison is void');
  assert(idleRun.fraction <= BUDGET, `idle page keeps the main thread ${pct(idleRun.fraction)} busy (budget ${pct(BUDGET)})`);
  const per = await framesPerInput(browser, server.origin);
  console.log(`  idle: frames drawn for a click on nothing ${per.empty}, for a checkbox tick ${per.tick} (at most ${MAX_FRAMES_PER_INPUT})`);
  assert(per.empty >= 1 && per.tick >= 1, 'a click drew no frame');
  assert(per.empty <= MAX_FRAMES_PER_INPUT && per.tick <= MAX_FRAMES_PER_INPUT,
    `frames are drawn on for nothing after an input: ${per.empty} for a click on nothing, ${per.tick} for a tick`);
}

await runStandalone(import.meta.url, idle);
