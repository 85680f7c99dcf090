// Deploys that go wrong (issue 31): one host, whose folder the test swaps as an upload would.
//   A  a good build (build/web with a marked index.html, so its build id differs);
//   B  the next build mid-upload: C's files with index.wasm cut in half, C's sw.js;
//   C  the same build repaired (build/web);
//   D  a build whose files match its manifest but whose wasm does not start.
// A visitor on A keeps running A through B, gets C after the repair, is taken back to C when D
// does not start, and keeps the draft typed on A throughout. Last, with no build left in the
// browser and B on the host, the error box offers 导出全部草稿, and the file holds that draft.
import { cp, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assert, openApp, ROOT, runStandalone, screenshot, startServer, waitForFrames, WEB_DIR } from './lib.mjs';
import { click, fill, find } from './ui.mjs';

const NAME = '部署测试服务站';

// build/web copied to `dir`, changed by `change`, and its sw.js stamped again the way the build
// does it; returns the build id.
async function makeBuild(dir, change) {
  await cp(WEB_DIR, dir, { recursive: true });
  if (change) await change(dir);
  execFileSync('cmake', ['-DQIS_STAMP_SW=1', `-DWEB_DIR=${dir}`, `-DTEMPLATE=${join(ROOT, 'web/sw.js')}`,
    '-P', join(ROOT, 'src/app/CMakeLists.txt')]);
  return (await readFile(join(dir, 'sw.js'), 'utf8')).match(/BUILD_ID = '([0-9a-f]{16})'/)[1];
}
const halve = async (file) => truncate(file, Math.floor((await readFile(file)).length / 2));

// Polls `look` until it returns something truthy; survives the page navigating meanwhile.
async function until(look, what, timeout = 30000) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await look();
      if (last) return last;
    } catch (e) {
      last = e.message;
    }
    await new Promise((ok) => setTimeout(ok, 250));
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

// The active worker's build and the build it serves, once no other worker is installing.
const worker = (page) => page.evaluate(async () => {
  const reg = await navigator.serviceWorker.getRegistration();
  if (!reg || !reg.active || reg.installing || reg.waiting) return null;
  return new Promise((done) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = (e) => done(e.data);
    reg.active.postMessage({ type: 'build' }, [ch.port2]);
    setTimeout(() => done(null), 2000);
  });
});
const cacheNames = (page) => page.evaluate(async () => (await caches.keys()).sort().join(','));
const running = (page) => page.evaluate(() => ({
  build: window.qis.build, frames: window.qis.frames, failed: document.body.classList.contains('failed'),
  markedA: document.head.innerHTML.includes('deploy test: build A'),
}));

export default async function deploy({ browser }) {
  const tmp = await mkdtemp(join(tmpdir(), 'qis-deploy-'));
  const dirs = { A: join(tmp, 'A'), B: join(tmp, 'B'), C: join(tmp, 'C'), D: join(tmp, 'D') };
  const A = await makeBuild(dirs.A, async (d) => {
    const f = join(d, 'index.html');
    await writeFile(f, (await readFile(f, 'utf8')).replace('<head>', '<head>\n<!-- deploy test: build A -->'));
  });
  const C = await makeBuild(dirs.C);
  await cp(dirs.C, dirs.B, { recursive: true });
  await halve(join(dirs.B, 'index.wasm'));  // sw.js stays C's: its manifest says what the file should be
  const D = await makeBuild(dirs.D, (d) => halve(join(d, 'index.wasm')));
  assert(new Set([A, C, D]).size === 3, `the builds share an id: ${A} ${C} ${D}`);

  const server = await startServer(dirs.A);
  const { context, page, errors, foreign } = await openApp(browser, server.origin);
  const reload = async () => {
    await page.reload();
    await waitForFrames(page, 1);
  };
  try {
    // ---- A: first visit, a draft typed, the page then served by A's worker ----
    await until(async () => (await worker(page)) && (await cacheNames(page)) === 'qis-' + A, 'build A installed');
    await click(page, '开始自评', { nth: 0 });
    await fill(page, '##name', NAME, { enter: false });
    await click(page, '← 首页');
    await page.waitForFunction(() => window.qis.writesSettled());
    await reload();
    let now = await running(page);
    assert(now.build === A && now.markedA, `build A is not the one served: ${JSON.stringify(now)}`);

    // ---- B: the upload is half done. Every reload still runs A, and A's cache stays ----
    server.serve(dirs.B);
    for (let i = 1; i <= 3; i++) {
      const asked = server.requests.length;
      await reload();
      // The browser checks sw.js on each visit and tries to install B; wait until it gave up.
      await until(async () => server.requests.slice(asked).some((r) => r.path === '/index.wasm') &&
        (await worker(page)), `the check for an update (reload ${i})`);
      now = await running(page);
      assert(now.build === A && now.markedA && !now.failed, `reload ${i} with B on the host: ${JSON.stringify(now)}`);
      const w = await worker(page);
      assert(w.worker === A && w.serving === A, `reload ${i}: worker ${JSON.stringify(w)}`);
      assert((await cacheNames(page)) === 'qis-' + A, `reload ${i}: caches ${await cacheNames(page)}`);
    }
    await find(page, NAME);
    console.log(`  B (index.wasm cut in half): 3 reloads, each tried to install and refused it; A ran every time`);

    // ---- C: the repair, with the same sw.js as B. The next visit installs it, the one after runs it ----
    server.serve(dirs.C);
    await reload();
    await until(async () => { const w = await worker(page); return w && w.worker === C; }, 'build C installed');
    assert((await cacheNames(page)) === ['qis-' + A, 'qis-' + C].sort().join(','), 'A was not kept while C had not started yet');
    await reload();
    now = await running(page);
    assert(now.build === C && !now.markedA && !now.failed, `after the repair: ${JSON.stringify(now)}`);
    await until(async () => (await cacheNames(page)) === 'qis-' + C, 'A deleted once C started');
    await find(page, NAME);
    assert(errors.length === 0, 'errors were logged:\n' + errors.join('\n'));
    console.log('  C (repaired, same sw.js as B): installed on the next visit, ran on the one after; the draft is there');

    // ---- D: every file as its manifest says, but the wasm does not start: back to C, once ----
    server.serve(dirs.D);
    await reload();
    await until(async () => { const w = await worker(page); return w && w.worker === D; }, 'build D installed');
    await page.reload();
    now = await until(async () => { const r = await running(page); return r.build === C && r.frames > 0 && r; },
      'the page back on build C after D failed to start');
    assert(!now.failed, 'the page shows its error box after going back to C');
    const toast = await page.evaluate(() => document.getElementById('toast').textContent);
    assert(toast.includes('已换回上一个版本'), `no word of the fallback: ${JSON.stringify(toast)}`);
    await until(async () => (await cacheNames(page)) === 'qis-' + C, 'D deleted once C started again');
    const w = await worker(page);
    assert(w.worker === D && w.serving === C, `after the fallback: ${JSON.stringify(w)}`);
    await find(page, NAME);
    console.log('  D (verified, does not start): the page went back to C by itself and said so; the draft is there');

    // ---- No build left in the browser, B on the host: the start fails; the drafts can be saved ----
    const stored = await page.evaluate(() => window.qis.storedKeys('qis.draft.').map((k) => window.qis.stored(k)));
    await page.evaluate(async () => {
      for (const reg of await navigator.serviceWorker.getRegistrations()) await reg.unregister();
      for (const key of await caches.keys()) await caches.delete(key);
    });
    server.serve(dirs.B);
    await page.goto('about:blank');
    await page.goto(server.origin + '/');
    const button = page.locator('#status .rescue button');
    await button.waitFor({ timeout: 30000 });
    const box = await page.evaluate(() => {
      const s = document.getElementById('status');
      return { text: s.innerText, first: s.children[1].className, detail: s.querySelector('.detail').textContent };
    });
    assert(box.first === 'rescue', `the export is not the first thing after the title: ${box.first}`);
    assert(box.detail.includes('不完整或已损坏'), `the error does not say the file is damaged: ${box.detail}`);
    assert(box.text.includes('打开数据包'), 'the box does not say how to open the file later');
    const shot = await screenshot(page, 'deploy-export-drafts.png');
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    const text = await readFile(await download.path(), 'utf8');
    assert(stored.length === 1 && text === stored[0], 'the exported file is not the stored draft');
    assert(JSON.parse(text).profile.name === NAME, 'the exported draft lacks the name typed');
    assert(download.suggestedFilename().endsWith('.json') && download.suggestedFilename().includes(NAME),
      `file name ${download.suggestedFilename()}`);
    assert(foreign.length === 0, 'requests left the page\'s origin: ' + foreign.join(' '));
    console.log(`  no build cached, B served: 导出全部草稿 shown first, saved "${download.suggestedFilename()}" (${shot.path})`);
  } finally {
    await context.close();
    await server.close();
    await rm(tmp, { recursive: true, force: true });
  }
}

await runStandalone(import.meta.url, deploy);
