// Browser figures for scripts/bench.sh, printed as "name: value unit" lines (progress to stderr):
// time to first rendered frame (median of 5 fresh loads), idle main-thread busy fraction over
// 5 s, and the wasm heap after the font and a full draft (a sample package) are loaded.
import { join } from 'node:path';
import { launchBrowser, startServer, waitForFrames, ROOT } from './lib.mjs';
import { click, find } from './ui.mjs';

const server = await startServer();
const browser = await launchBrowser();
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const start = Date.now();
    await page.goto(server.origin + '/');
    await waitForFrames(page, 1);
    times.push(Date.now() - start);
    await context.close();
  }
  console.error('first frame (ms):', times.join(' '));
  console.log(`first_frame_median: ${median(times)} ms`);

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(server.origin + '/');
  await waitForFrames(page, 1);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.waitForTimeout(3000);  // let start-up work (service worker install, caching) finish
  const task = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
  const t0 = await task();
  const w0 = Date.now();
  await page.waitForTimeout(5000);
  const busy = (await task()) - t0;
  console.log(`idle_main_thread_busy: ${((100 * busy) / ((Date.now() - w0) / 1000)).toFixed(2)} %`);

  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, '选择数据包文件…')]);
  await chooser.setFiles(join(ROOT, 'tests/fixtures/samples/hunan-db43.json'));
  await find(page, '已打开数据包', { timeout: 5000 });
  const heap = await page.evaluate(() => (typeof wasmMemory !== 'undefined' ? wasmMemory.buffer.byteLength : HEAPU8.length));
  console.log(`wasm_heap_with_font_and_draft: ${(heap / (1024 * 1024)).toFixed(1)} MiB`);
  await context.close();
} finally {
  await browser.close();
  await server.close();
}
