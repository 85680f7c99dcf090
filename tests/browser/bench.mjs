// Browser figures for scripts/bench.sh, printed as "name: value unit" lines (progress to stderr):
// bytes over the wire of a fresh first visit from a gzip server (every request, the service
// worker's included) and the gzip size of the distinct files it needed; time to first rendered
// frame (median of 5 fresh loads, from the page's performance marks) and where that time goes;
// idle main-thread busy fraction over 5 s; the wasm heap after a full draft (a sample package) is
// loaded; and the time to draw one
// frame of the Hunan item screen at 1280x800 with WebGL 2 and with the software renderer; the
// semantics layer's cost per change on that screen.
// `node bench.mjs frame` measures only the frame times; `node bench.mjs start` only the first visit
// (bytes and the first frame), e.g. to compare two builds with QIS_WEB_DIR.
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { launchBrowser, startServer, waitForFrames, ROOT } from './lib.mjs';
import { click, find } from './ui.mjs';

const server = await startServer();
const browser = await launchBrowser();
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const only = process.argv[2] || '';

// Median time to draw one frame of the Hunan item screen (a full sample draft) at 1280x800 CSS
// pixels, pixel ratio `scale`, with `renderer`: the app's frame (ImGui, the UI, drawing,
// presenting) called directly, then a 1-pixel read of the canvas so the drawing has finished
// (WebGL works asynchronously).
async function frameTime(renderer, scale = 1) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: scale });
  const page = await context.newPage();
  await page.goto(`${server.origin}/?renderer=${renderer}`);
  await waitForFrames(page, 1);
  const drawn = await page.evaluate(() => window.qis.renderer());
  if (drawn !== renderer) throw new Error(`?renderer=${renderer} drew with ${drawn}`);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, '选择数据包文件…')]);
  await chooser.setFiles(join(ROOT, 'tests/fixtures/samples/hunan-db43.json'));
  await find(page, '已打开数据包', { timeout: 5000 });
  await click(page, '逐项评分');
  await page.waitForTimeout(500);
  const times = await page.evaluate((r) => {
    const canvas = document.getElementById('canvas');
    let sync;
    if (r === 'software') {
      const ctx = canvas.getContext('2d', { alpha: false });
      sync = () => ctx.getImageData(0, 0, 1, 1);
    } else {
      const gl = canvas.getContext(r === 'webgl2' ? 'webgl2' : 'webgl');
      const px = new Uint8Array(4);
      sync = () => gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
    }
    const out = [];
    for (let i = 0; i < 45; i++) {
      const t = performance.now();
      window.qisPage.wasm.frameNow();
      sync();
      out.push(performance.now() - t);
    }
    return out.slice(5);  // the first frames bake glyphs
  }, renderer);
  await context.close();
  return median(times);
}

async function frameFigures() {
  console.log(`webgl_frame_ms: ${(await frameTime('webgl2')).toFixed(1)} ms`);
  console.log(`software_frame_ms: ${(await frameTime('software')).toFixed(1)} ms`);
  // A 2x screen (2560x1600 device pixels): four times the pixels for the software path to fill.
  console.log(`software_frame_ms_ratio2: ${(await frameTime('software', 2)).toFixed(1)} ms`);
}

try {
  if (only === 'frame') {
    await frameFigures();
    await browser.close();
    await server.close();
    process.exit(0);
  }
  // A first visit as a station's browser makes it: fresh profile, a server that gzips, then the
  // service worker installing (it revalidates what the page fetched: 304s, no bodies).
  {
    const gz = await startServer(undefined, { gzip: true });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(gz.origin + '/');
    await waitForFrames(page, 1);
    await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller, null, { timeout: 30000 });
    await page.waitForTimeout(1500);  // let the worker finish its revalidations
    await context.close();
    await new Promise((ok) => setTimeout(ok, 200));
    const unique = new Map();
    for (const r of gz.requests) if (r.status === 200) unique.set(r.path, r.bytes);
    console.error('first visit requests:', gz.requests.map((r) => `${r.path} ${r.status}${r.bytes ? ' ' + r.bytes : ''}`).join(', '));
    console.log(`web_first_visit_bytes: ${(gz.bytesSent() / 1000).toFixed(1)} KB`);
    console.log(`web_first_visit_requests: ${gz.requests.length} requests`);
    console.log(`web_unique_gzip: ${([...unique.values()].reduce((a, b) => a + b, 0) / 1000).toFixed(1)} KB`);
    await gz.close();
  }

  // The first frame's time is the page's own mark (ms since the navigation started), not a poll.
  const times = [];
  const split = { page: [], wasm: [], before: [], graphics: [], app: [], frame: [] };
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(server.origin + '/');
    await waitForFrames(page, 1);
    const m = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((e) => [e.name, e.startTime])));
    times.push(Math.round(m['qis-first-frame']));
    split.page.push(m['qis-boot']);
    split.wasm.push(m['qis-wasm-ready'] - m['qis-boot']);
    split.before.push(m['qis-main'] - m['qis-wasm-ready']);  // the runtime, stored drafts, font check
    split.graphics.push(m['qis-graphics-ready'] - m['qis-main']);
    split.app.push(m['qis-app-ready'] - m['qis-graphics-ready']);
    split.frame.push(m['qis-first-frame'] - m['qis-app-ready']);
    await context.close();
  }
  console.error('first frame (ms):', times.join(' '));
  console.log(`first_frame_median: ${median(times)} ms`);
  console.log(`start_page_to_boot_median: ${median(split.page).toFixed(0)} ms`);
  console.log(`start_wasm_download_compile_median: ${median(split.wasm).toFixed(0)} ms`);
  console.log(`start_wasm_ready_to_main_median: ${median(split.before).toFixed(0)} ms`);
  console.log(`start_graphics_init_median: ${median(split.graphics).toFixed(0)} ms`);
  console.log(`start_app_init_median: ${median(split.app).toFixed(0)} ms`);
  console.log(`start_first_frame_draw_median: ${median(split.frame).toFixed(0)} ms`);
  if (only === 'start') {
    await browser.close();
    await server.close();
    process.exit(0);
  }

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
  console.log(`wasm_heap_with_draft: ${(heap / (1024 * 1024)).toFixed(1)} MiB`);

  // The semantics layer (web/semantics.js): what one change costs on the Hunan items screen, the
  // app recording and serialising the frame's semantics plus the page applying the difference.
  await click(page, '逐项评分');
  await find(page, '下一项 →');
  const from = await page.evaluate(() => window.qisPage.semantics.stats().app.length);
  for (let i = 0; i < 12; i++) await click(page, '##lv', { nth: i % 2 });
  const st = await page.evaluate(() => window.qisPage.semantics.stats());
  const costs = st.app.slice(from).map((a, i) => a + st.page[from + i]);
  const nodes = await page.evaluate(() => document.querySelectorAll('#semantics div').length);
  console.error(`semantics: ${costs.length} updates for 12 changes, ${nodes} nodes`);
  console.log(`semantics_update_ms: ${median(costs).toFixed(2)} ms`);
  console.log(`semantics_nodes_hunan_items: ${nodes} nodes`);
  await context.close();

  await frameFigures();

  // The ledger screen with 10,000 records: mean frame time while scrolling the table.
  const src = (await readFile(join(ROOT, 'tests/fixtures/ledger/station.src.csv'), 'utf8')).split('\n');
  const header = src[0];
  const row = src.find((l, i) => i > 0 && l.includes(',服务记录,') && !l.includes('"'));
  const cells = row.split(',');
  const lines = [header];
  for (let i = 0; i < 10000; i++) {
    const c = cells.slice();
    c[0] = String(i + 1);
    c[2] = `测试企业${i % 400}有限公司`;
    c[7] = `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    lines.push(c.join(','));
  }
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const lp = await ctx.newPage();
  await lp.goto(server.origin + '/?rubric=chongming-2024');
  await waitForFrames(lp, 1);
  await click(lp, '开始自评（已为您选中）##chongming-2024');
  await click(lp, '服务台账');
  const [csvChooser] = await Promise.all([lp.waitForEvent('filechooser'), click(lp, '导入 CSV…')]);
  await csvChooser.setFiles({ name: 'ledger-10k.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await click(lp, /^导入有效的 \d+ 行/, { timeout: 60000 });
  const table = await find(lp, /^qis\/records/);
  await lp.mouse.move(table.x + table.w / 2, table.y + table.h / 2);
  const f0 = await lp.evaluate(() => window.qis.frames);
  const s0 = Date.now();
  for (let i = 0; i < 60; i++) {
    await lp.mouse.wheel(0, 120);
    await lp.waitForTimeout(16);
  }
  const frames = (await lp.evaluate(() => window.qis.frames)) - f0;
  const records = JSON.parse(await lp.evaluate(() => window.qis.snapshot())).ledger.records.length;
  console.error(`ledger screen: ${records} records, ${frames} frames while scrolling`);
  console.log(`ledger_10k_frame_time: ${((Date.now() - s0) / Math.max(frames, 1)).toFixed(1)} ms`);
  await ctx.close();
} finally {
  await browser.close();
  await server.close();
}
