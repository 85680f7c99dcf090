// An idle page uses next to no CPU: main-thread busy time over 5 s with nothing happening, measured
// with CDP Performance.getMetrics (TaskDuration), next to the same figure with ?busy=1 (every
// frame drawn). Budget: 2 % of one core.
import { assert, openApp, runStandalone } from './lib.mjs';

const SECONDS = 5;
const BUDGET = 0.02;

async function busyFraction(browser, origin, query) {
  const { context, page, errors } = await openApp(browser, origin, { query });
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.waitForTimeout(1500);  // the tail of frames after loading ends
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
}

await runStandalone(import.meta.url, idle);
