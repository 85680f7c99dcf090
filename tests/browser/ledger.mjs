// The service ledger in the page: import a GB18030 CSV as Excel saves it, see the points the
// ledger supplies change, edit a record, and undo the edit.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assert, openApp, runStandalone, ROOT, screenshot } from './lib.mjs';
import { click, find, snapshot, total } from './ui.mjs';

export default async function ledger({ browser, server }) {
  const { context, page, errors } = await openApp(browser, server.origin, { query: '?rubric=chongming-2024', viewport: { width: 1280, height: 860 } });
  try {
    await click(page, '开始自评（已为您选中）##chongming-2024');
    await click(page, '服务台账');
    const before = await total(page);
    const csv = await readFile(join(ROOT, 'tests/fixtures/ledger/station.gb18030.csv'));
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, '导入 CSV…')]);
    await chooser.setFiles({ name: '台账.csv', mimeType: 'text/csv', buffer: csv });
    await find(page, /^导入预览/);
    await click(page, /^导入有效的 \d+ 行/);
    const snap = JSON.parse(await snapshot(page));
    assert(snap.ledger.records.length > 0, 'no record was imported');
    const after = await total(page);
    assert(after > before, `the ledger supplied no points (total ${before} → ${after})`);
    await screenshot(page, 'ledger.png');

    // Edit the first record's date, then undo it.
    const ledgerBefore = JSON.stringify(snap.ledger);
    await click(page, '编辑', { nth: 0 });
    const date = await find(page, /^服务时间##date$|##date$/);
    await page.mouse.click(date.x + 30, date.y + date.h / 2);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2024-12-31');
    await click(page, '保存');
    const edited = JSON.parse(await snapshot(page)).ledger;
    assert(JSON.stringify(edited) !== ledgerBefore, 'the edit did not change the ledger');
    assert(edited.records.some((r) => r.date === '2024-12-31'), 'the edited date is not stored');
    await click(page, /^撤销/);
    const undone = JSON.stringify(JSON.parse(await snapshot(page)).ledger);
    assert(undone === ledgerBefore, 'undo did not restore the ledger');
    assert(errors.length === 0, 'errors were logged:\n' + errors.join('\n'));
    console.log(`  ledger: imported ${snap.ledger.records.length} records (total ${before} → ${after}), edited, undone`);
  } finally {
    await context.close();
  }
}

await runStandalone(import.meta.url, ledger);
