// Never lose work: a tab closed without warning keeps every edit; a full storage quota is told to
// the user and damages nothing already saved.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assert, openApp, ROOT, runStandalone, waitForFrames } from './lib.mjs';
import { click, fill, find, settle, snapshot } from './ui.mjs';

export default async function durability({ browser, server }) {
  const { context, page, errors } = await openApp(browser, server.origin, { query: '?rubric=songjiang-2024' });
  try {
    await click(page, '开始自评（已为您选中）##songjiang-2024');
    await fill(page, '##name', '关闭测试服务站', { enter: false });
    await click(page, '逐项评分');
    await click(page, '##c');  // the first checklist item of 1. 制度建设
    const typed = await snapshot(page);
    // Kill the tab at once: no beforeunload, no chance to save later.
    await page.close({ runBeforeUnload: false });

    const again = await context.newPage();
    again.on('pageerror', (e) => errors.push('page error: ' + e.message));
    await again.goto(server.origin + '/');
    await waitForFrames(again, 1);
    await find(again, '关闭测试服务站');
    await click(again, '继续');
    assert((await snapshot(again)) === typed, 'the draft after closing the tab differs from what was typed');

    assert(errors.length === 0, 'errors were logged:\n' + errors.join('\n'));
  } finally {
    await context.close();
  }

  // A full quota: the browser's own limit set through DevTools to 1 KB before the page loads
  // (Chromium keeps what it knows of the space for a while once a site has written). Every write
  // fails; the station is told, nothing is half-written, leaving would lose the edit and is
  // refused, and an imported package says it was not saved. With room again, the retried write
  // puts everything on disk.
  const full = await browser.newContext({ viewport: { width: 1100, height: 720 } });
  try {
    const page2 = await full.newPage();
    page2.on('pageerror', (e) => errors.push('page error: ' + e.message));
    const cdp = await full.newCDPSession(page2);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: server.origin, quotaSize: 1024 });
    await page2.goto(server.origin + '/?rubric=songjiang-2024');
    await waitForFrames(page2, 1);
    const space = await page2.evaluate(() => window.qisPage.storageSpace());
    assert(space.mode === 'idb', 'the page does not keep its data in IndexedDB: ' + JSON.stringify(space));
    // Importing a package at the full quota says it was not saved.
    const sample = await readFile(join(ROOT, 'tests/fixtures/samples/hunan-db43.json'));
    const [chooser] = await Promise.all([page2.waitForEvent('filechooser'), click(page2, '选择数据包文件…')]);
    await chooser.setFiles([{ name: 'hunan.json', mimeType: 'application/json', buffer: sample }]);
    await find(page2, /^已打开数据包“hunan\.json”，但未能作为草稿保存到本浏览器/, { timeout: 8000 });
    // Typing into it is refused with the reason too.
    await click(page2, '单位信息');
    await fill(page2, '##name', '空间不足服务站', { enter: false });
    await find(page2, /存储空间已满/, { timeout: 8000 });
    await click(page2, '逐项评分');
    const onDisk = () => page2.evaluate(() => new Promise((ok, fail) => {
      const r = indexedDB.open('qis');
      r.onsuccess = () => {
        const g = r.result.transaction('kv').objectStore('kv').getAllKeys();
        g.onsuccess = () => { ok(g.result.filter((k) => k.startsWith('qis.draft.'))); r.result.close(); };
        g.onerror = () => fail(g.error);
      };
      r.onerror = () => fail(r.error);
    }));
    assert((await onDisk()).length === 0, 'a draft reached the disk although every write failed (the import message said it was not saved)');
    const shown = JSON.parse(await snapshot(page2));
    assert(shown.profile && shown.profile.name === '空间不足服务站', 'the unsaved edit is no longer shown: ' + JSON.stringify(shown).slice(0, 300));

    // Leaving for the start page would lose the edit: the page stays (or opens it again).
    await click(page2, '← 首页');
    await find(page2, /未能保存/, { timeout: 8000 });
    await find(page2, '单位信息');
    assert(JSON.parse(await snapshot(page2)).profile.name === '空间不足服务站', 'leaving lost the unsaved edit');

    // With room again, the retried write puts the draft on disk.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: server.origin });
    await click(page2, '单位信息');
    await page2.waitForFunction(() => window.qis.storedKeys('qis.draft.').length === 1 && window.qis.writesSettled(), null, { timeout: 15000 });
    await page2.waitForTimeout(300);
    assert((await onDisk()).length === 1, 'the retried write did not reach the disk');

    assert(errors.length === 0, 'errors were logged:\n' + errors.join('\n'));
    console.log('  durability: closed tab lost nothing; at a full quota: told, nothing half-written, leaving refused, saved once there was room, an import said it was not saved');
  } finally {
    await full.close();
  }
}

await runStandalone(import.meta.url, durability);
