// The page loads, draws a non-blank frame with Chinese text, logs no error and never leaves its
// origin; after a browser zoom to 200 % the canvas and the font follow the new pixel ratio.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assert, decodePng, distinctColours, openApp, OUT_DIR, runStandalone, screenshot, waitForFrames } from './lib.mjs';

const SAMPLE = '质量基础设施“一站式”服务评价 （20分） 1000分 ABC abc';

export default async function smoke({ browser, server }) {
  const { context, page, errors, foreign } = await openApp(browser, server.origin);
  try {
    await waitForFrames(page, 3);
    await page.waitForTimeout(300);  // let the idle tail finish so the screenshot is the final frame
    const { png } = await screenshot(page, 'smoke.png');
    const colours = distinctColours(decodePng(png));
    assert(colours > 50, `the canvas looks blank (${colours} distinct colours)`);

    const missing = await page.evaluate((t) => window.qis.missingGlyphs(t), SAMPLE);
    assert(missing === '', `glyphs missing from the font atlas: ${JSON.stringify(missing)}`);
    const status = await page.evaluate(() => document.getElementById('status').hidden);
    assert(status, 'the loading box is still shown after the first frame');
    const snap = JSON.parse(await page.evaluate(() => window.qis.snapshot()));
    assert(snap && typeof snap === 'object', 'window.qis.snapshot() is not a JSON object');
    const summary = await page.evaluate(() => document.getElementById('summary').textContent);
    assert(summary.length > 0, 'the screen-reader summary (#summary) is empty');

    // Browser zoom 200 %: half the CSS pixels, devicePixelRatio 2, a resize event. (CDP's own
    // screenshot: Playwright's would restore its viewport first.)
    const cdp = await context.newCDPSession(page);
    const frames = await page.evaluate(() => window.qis.frames);
    await cdp.send('Emulation.setDeviceMetricsOverride', { width: 550, height: 360, deviceScaleFactor: 2, mobile: false });
    await waitForFrames(page, frames + 2);
    await page.waitForTimeout(300);
    const canvas = await page.evaluate(() => {
      const c = document.getElementById('canvas');
      return { width: c.width, css: c.clientWidth };
    });
    assert(canvas.width === 2 * canvas.css, `canvas is ${canvas.width} px for ${canvas.css} CSS px at ratio 2`);
    const zoomed = Buffer.from((await cdp.send('Page.captureScreenshot', { format: 'png' })).data, 'base64');
    await writeFile(join(OUT_DIR, 'smoke-zoom200.png'), zoomed);
    assert(distinctColours(decodePng(zoomed)) > 50, 'the canvas looks blank after zooming');
    await cdp.send('Emulation.clearDeviceMetricsOverride');

    assert(errors.length === 0, 'errors were logged:\n' + errors.join('\n'));
    assert(foreign.length === 0, 'requests left the page origin:\n' + foreign.join('\n'));
    console.log(`  smoke: ${colours} colours; screenshots tests/browser/out/smoke.png, smoke-zoom200.png`);
  } finally {
    await context.close();
  }
}

await runStandalone(import.meta.url, smoke);
