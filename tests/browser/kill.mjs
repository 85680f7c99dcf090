// A killed browser loses nothing that was on screen: the browser process is killed (SIGKILL, no
// unload, no chance to flush) 200 ms after an edit, three times in a row; each time a new browser
// on the same profile continues the draft with the edit.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { assert, runStandalone, waitForFrames } from './lib.mjs';
import { click, fill, find, snapshot } from './ui.mjs';

async function freePort() {
  const srv = createServer();
  await new Promise((ok) => srv.listen(0, '127.0.0.1', ok));
  const { port } = srv.address();
  await new Promise((ok) => srv.close(ok));
  return port;
}

// Our own Chromium process on a persistent profile, so the test can kill it like a power cut.
async function startChromium(profile) {
  const port = await freePort();
  const proc = spawn(process.env.QIS_CHROMIUM || '/usr/bin/chromium', [
    '--headless=new', '--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
    '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    `--user-data-dir=${profile}`, `--remote-debugging-port=${port}`, '--window-size=1100,720', 'about:blank',
  ], { stdio: 'ignore', detached: true });
  const deadline = Date.now() + 20000;
  for (;;) {
    try {
      const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
      return { browser, proc };
    } catch (e) {
      if (Date.now() > deadline) throw new Error('Chromium did not start: ' + e.message);
      await new Promise((ok) => setTimeout(ok, 200));
    }
  }
}

async function openPage(browser, url) {
  const context = browser.contexts()[0];
  const page = context.pages()[0] || await context.newPage();
  await page.setViewportSize({ width: 1100, height: 720 });
  await page.goto(url);
  await waitForFrames(page, 1);
  return page;
}

function kill(proc) {
  return new Promise((ok) => {
    proc.once('exit', ok);
    process.kill(-proc.pid, 'SIGKILL');  // the whole process group: browser, renderer, GPU, storage
  });
}

export default async function killTest({ server }) {
  const profile = await mkdtemp(join(tmpdir(), 'qis-kill-'));
  let run = null;
  try {
    run = await startChromium(profile);
    let page = await openPage(run.browser, server.origin + '/?rubric=songjiang-2024');
    await click(page, '开始自评（已为您选中）##songjiang-2024');
    await fill(page, '##name', '断电测试服务站');
    const edits = [
      ['##industry', 'KILLTEST-one'],
      ['##contact', 'KILLTEST-two'],
      ['##industry', 'KILLTEST-three-and-longer'],
    ];
    for (const [field, text] of edits) {
      await fill(page, field, text);
      const shown = JSON.parse(await snapshot(page)).profile;
      assert(Object.values(shown).includes(text), `the edit ${text} is not on screen`);
      await page.waitForTimeout(200);
      await kill(run.proc);
      run = await startChromium(profile);
      page = await openPage(run.browser, server.origin + '/');
      await find(page, '断电测试服务站');
      await click(page, '继续');
      const after = JSON.parse(await snapshot(page)).profile;
      assert(after[field.slice(2)] === text,
        `after a kill 200 ms after typing, ${field} is ${JSON.stringify(after[field.slice(2)])}, not ${JSON.stringify(text)}`);
      await click(page, '单位信息');
    }
    console.log(`  kill: ${edits.length} edits each survived SIGKILL of the browser 200 ms later`);
  } finally {
    if (run) await kill(run.proc).catch(() => {});
    await rm(profile, { recursive: true, force: true });
  }
}

await runStandalone(import.meta.url, killTest);
