// Older engines and no web host:
//  (a) a browser whose engine does not know 'wasm-unsafe-eval' (Chromium < 97: 360/QQ 极速模式 on
//      kernel 86) treats index.html's policy as one without it, so compiling WebAssembly is
//      refused. Simulated by serving index.html with the keyword removed: the page must go to
//      compat.html (the compat build, exceptions in JS, under 'unsafe-eval') and work there;
//  (b) compat.html itself under a policy that forbids every compile shows the Chinese message
//      naming the browsers that work, not a blank page;
//  (c) build/web-single/qis.html opened from disk (file://): a sample package is opened for review
//      and verified, the draft survives a reload where the browser keeps file:// storage.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { assert, runStandalone, screenshot, waitForFrames, ROOT } from './lib.mjs';
import { click, find } from './ui.mjs';

export default async function compat({ browser, server }) {
  // (a) index.html without 'wasm-unsafe-eval'.
  {
    const context = await browser.newContext({ viewport: { width: 1100, height: 720 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await context.route(/\/(index\.html)?(\?.*)?$/, async (route) => {
      const res = await route.fetch();
      const body = (await res.text()).replace(" 'wasm-unsafe-eval'", '');
      assert(!body.includes('wasm-unsafe-eval'), 'the test could not remove the keyword');
      await route.fulfill({ response: res, body });
    });
    try {
      await page.goto(server.origin + '/?rubric=chongming-2024');
      await page.waitForURL(/compat\.html\?rubric=chongming-2024$/, { timeout: 10000 });
      await waitForFrames(page, 1);
      await click(page, /^开始自评/);
      await click(page, '逐项评分');
      await find(page, /^1\.1/);
      const wasm = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.wasm')));
      assert(wasm.length === 1 && wasm[0].endsWith('/compat.wasm'), 'the fallback did not load compat.wasm: ' + wasm.join(', '));
      await screenshot(page, 'compat-fallback.png');
      assert(errors.length === 0, 'errors on the compat page:\n' + errors.join('\n'));
    } finally {
      await context.close();
    }
  }

  // (b) No compile allowed at all: the message, not a blank page.
  {
    const context = await browser.newContext({ viewport: { width: 1100, height: 720 } });
    const page = await context.newPage();
    await context.route(/\/compat\.html(\?.*)?$/, async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, body: (await res.text()).replace(" 'unsafe-eval'", '') });
    });
    try {
      await page.goto(server.origin + '/compat.html');
      await page.waitForFunction(() => document.body.classList.contains('failed'), null, { timeout: 10000 });
      const text = await page.evaluate(() => document.getElementById('status').innerText);
      assert(/禁止运行 WebAssembly/.test(text) && /Chrome/.test(text), 'the message does not say what is wrong and what works: ' + text);
      await screenshot(page, 'compat-blocked.png');
    } finally {
      await context.close();
    }
  }

  // (c) The single file from disk.
  const single = join(ROOT, 'build/web-single/qis.html');
  assert(existsSync(single), `${single} is missing: scripts/make_single_file.py writes it after the wasm builds`);
  const html = await readFile(single, 'utf8');
  assert(!/<script src=/.test(html), 'the single file still loads scripts from beside it');
  {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const p = await ctx.newPage();
    const errs = [];
    const requests = [];
    p.on('pageerror', (e) => errs.push(e.message));
    p.on('console', (m) => { if (m.type() === 'error') errs.push(m.text()); });
    p.on('request', (r) => requests.push(r.url()));
    try {
      await p.goto(pathToFileURL(single).href);
      await waitForFrames(p, 1, 60000);
      // The sample with the scores an export stores, computed by the native CLI on the same core.
      const samplePath = join(ROOT, 'tests/fixtures/samples/chongming-2024.json');
      const pkg = JSON.parse(await readFile(samplePath, 'utf8'));
      const cli = JSON.parse(execFileSync(join(ROOT, 'build/native/qis'), ['score', samplePath, '--json']).toString());
      pkg.scores = { total: cli.total, base: cli.base, bonus: cli.bonus, max: cli.max, bonus_max: cli.bonus_max,
        criteria: Object.fromEntries(cli.criteria.map((c) => [c.id, c.score])) };
      const sample = Buffer.from(JSON.stringify(pkg));
      const [chooser] = await Promise.all([p.waitForEvent('filechooser'), click(p, '打开数据包进行评审…')]);
      await chooser.setFiles([{ name: 'sample.json', mimeType: 'application/json', buffer: sample }]);
      const name = pkg.profile.name;
      await find(p, 'package ' + name);
      await find(p, /^(校验通过|缺 \d+ 项必备材料)/);  // verified: no tampering
      await screenshot(p, 'single-file.png');
      const away = requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:') && !u.startsWith('blob:'));
      assert(away.length === 0, 'the single file made requests: ' + away.join(', '));
      assert(errs.length === 0, 'errors in the single file:\n' + errs.join('\n'));
      // Chromium keeps IndexedDB for file:// pages: the opened package is there after a reload.
      await p.reload();
      await waitForFrames(p, 1, 60000);
      await find(p, /^继续评审/);
    } finally {
      await ctx.close();
    }
  }
  console.log('  compat: fallback to compat.html, message when blocked, single file verifies a package from disk');
}

await runStandalone(import.meta.url, compat);
