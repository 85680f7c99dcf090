// The service ledger in the page: import a GB18030 CSV as Excel saves it, see the points the
// ledger supplies change, edit a record, and undo the edit.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assert, openApp, runStandalone, ROOT, screenshot } from './lib.mjs';
import { click, fill, find, snapshot, total } from './ui.mjs';

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
    // Add a record for a new enterprise.
    await click(page, '新增服务记录');
    await fill(page, '##new_company', '新增测试企业', { enter: false });
    await click(page, '添加');
    await click(page, '取消');
    const added = JSON.parse(await snapshot(page)).ledger;
    assert(added.records.length === snap.ledger.records.length + 1, 'no record was added');
    assert(added.enterprises.some((e) => e.name === '新增测试企业'), 'the new enterprise is missing');

    // Override a ledger count by hand, with the reason kept in the package.
    await click(page, '逐项评分');
    const tree = await find(page, /^qis\/tree/);
    await click(page, /^3\.12\.1 /, { scrollAt: { x: tree.x + tree.w / 2, y: tree.y + tree.h / 2 }, timeout: 20000 });
    await fill(page, /^调整后的数量.*##ov_count$/, '7');  // the field is filled with the ledger's count
    await fill(page, '##ov_reason', '含2份未入台账的证书', { enter: false });
    await click(page, '按此数量计分');
    const ov = JSON.parse(await snapshot(page)).overrides['3.12.1'];
    assert(ov && ov.answer.count === 7 && ov.reason === '含2份未入台账的证书', 'override not stored: ' + JSON.stringify(ov));
    assert(errors.length === 0, 'errors were logged:\n' + errors.join('\n'));
    console.log(`  ledger: imported ${snap.ledger.records.length} records (total ${before} → ${after}), edited, undone`);
  } finally {
    await context.close();
  }
}

await runStandalone(import.meta.url, ledger);
