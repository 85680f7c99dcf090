// Never lose work: a tab closed without warning keeps every edit; a full storage quota is told to
// the user and damages nothing already saved.
import { assert, openApp, runStandalone, waitForFrames } from './lib.mjs';
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

    // Fill the storage quota, then type: the user is told; the saved draft is untouched.
    const key = await again.evaluate(() => Object.keys(localStorage).find((k) => k.startsWith('qis.draft.')));
    const saved = await again.evaluate((k) => localStorage.getItem(k), key);
    await again.evaluate(() => {
      let chunk = 'x'.repeat(256 * 1024);
      for (let i = 0; ; i++) {
        try { localStorage.setItem('filler.' + i, chunk); } catch (e) {
          if (chunk.length < 64) break;
          chunk = chunk.slice(0, chunk.length / 2);
        }
      }
    });
    await click(again, '单位信息');
    await fill(again, '##industry', '长沙市开福区'.repeat(400), { enter: false });
    await find(again, /存储空间/, { timeout: 5000 });
    const after = await again.evaluate((k) => localStorage.getItem(k), key);
    assert(after === saved, 'the saved draft changed although the write failed');
    JSON.parse(after);  // and it is still a whole, readable package
    assert(errors.length === 0, 'errors were logged:\n' + errors.join('\n'));
    console.log('  durability: closed tab lost nothing; a full quota was reported and the saved draft kept');
  } finally {
    await context.close();
  }
}

await runStandalone(import.meta.url, durability);
