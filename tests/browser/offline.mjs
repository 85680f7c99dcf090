// Offline: after one visit the service worker serves every file, so a reload without any network
// (server stopped, browser offline) still starts the app, and the drafts made before are there.
import { assert, openApp, runStandalone, startServer, waitForFrames } from './lib.mjs';
import { click, fill, find, snapshot } from './ui.mjs';

export default async function offline({ browser }) {
  const server = await startServer();  // its own server: this test stops it
  const { context, page, errors } = await openApp(browser, server.origin);
  try {
    await page.waitForFunction(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      return !!(reg && reg.active && navigator.serviceWorker.controller);
    }, null, { timeout: 20000 });
    // A draft made online, with a station name typed in.
    await click(page, '开始自评', { nth: 0 });
    await fill(page, '##name', '离线测试服务站', { enter: false });
    const before = await snapshot(page);
    await click(page, '← 首页');
    await server.close();
    await context.setOffline(true);
    await page.reload();
    await waitForFrames(page, 2);
    await find(page, '离线测试服务站');  // listed among the drafts
    await click(page, '继续');
    assert((await snapshot(page)) === before, 'the draft reopened offline differs from what was typed');
    const missing = await page.evaluate(() => window.qis.missingGlyphs('离线可用（20分）'));
    assert(missing === '', 'fonts did not load offline: missing ' + JSON.stringify(missing));
    const failed = await page.evaluate(() => document.body.classList.contains('failed'));
    assert(!failed, 'the page shows its error box offline');
    assert(errors.length === 0, 'errors were logged:\n' + errors.join('\n'));
    console.log('  offline: reloaded from the service worker cache with the network off; the draft is there');
  } finally {
    await context.close();
    await server.close().catch(() => {});
  }
}

await runStandalone(import.meta.url, offline);
