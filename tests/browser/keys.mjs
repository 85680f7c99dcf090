// The keyboard (issue 13): Tab walks from the toolbar through the tree into the editor; F6 moves
// between those regions; the tree keeps its indentation, arrows and status dots after the key
// sequence that used to shift it (click a tree item, Tab ×8, Space, Enter, Tab); PageDown opens
// the next criterion at its top; the station's walk for one criterion works with the keyboard
// only, from the start page to a changed total; and "12" typed at full speed into an unanswered
// count (the first digit answers it and swaps the empty field for the number field) gives 12.
import { join } from 'node:path';
import { assert, openApp, runStandalone, OUT_DIR } from './lib.mjs';
import { click, find, items, settle, snapshot, total } from './ui.mjs';

const focused = async (page) => (await items(page)).find((i) => i.focus);

async function press(page, key, times = 1) {
  for (let i = 0; i < times; i++) {
    await page.keyboard.press(key);
    await settle(page, 2);
  }
}

// Tree entries (criteria) by id with their left edge.
async function treeEdges(page) {
  const out = {};
  for (const i of await items(page)) {
    const m = /^(\d+(?:\.\d+)+) /.exec(i.label);
    if (m && !i.label.startsWith('##') && !(m[1] in out)) out[m[1]] = Math.round(i.x);
  }
  return out;
}

export default async function keys({ browser, server }) {
  const { context, page, errors } = await openApp(browser, server.origin, { query: '?rubric=chongming-2024', viewport: { width: 1280, height: 860 } });
  try {
    // Keyboard only from the start page: Tab to 开始自评 of the preselected rubric, Enter.
    let seen = null;
    for (let i = 0; i < 40 && !(seen && seen.label.startsWith('开始自评（已为您选中）')); i++) {
      await press(page, 'Tab');
      seen = await focused(page);
    }
    assert(seen, 'Tab never reached 开始自评 on the start page');
    await press(page, 'Enter');
    await find(page, '导出数据包');
    // To 逐项评分 in the toolbar.
    for (let i = 0; i < 20 && !((seen = await focused(page)) && seen.label === '逐项评分'); i++) await press(page, 'Tab');
    assert(seen && seen.label === '逐项评分', `Tab never reached the 逐项评分 tab (at ${seen && seen.label})`);
    await press(page, 'Enter');
    await find(page, '下一项 →');

    // F6: toolbar → tree → editor → toolbar.
    await press(page, 'F6');
    const inTree = await focused(page);
    await press(page, 'F6');
    const inEditor = await focused(page);
    await press(page, 'F6');
    const inToolbar = await focused(page);
    assert(inTree && /^##?\S|^\S/.test(inTree.label), 'F6 did not focus anything');
    assert(inEditor && inEditor.label === '← 上一项', `the second F6 focused ${inEditor && inEditor.label}, not the editor's first button`);
    assert(inToolbar && inToolbar.label === '← 首页', `the third F6 focused ${inToolbar && inToolbar.label}, not the toolbar`);

    // Tab crosses from the tree into the editor (the panels share one Tab order).
    await press(page, 'F6');  // the tree
    let crossed = false;
    for (let i = 0; i < 40 && !crossed; i++) {
      await press(page, 'Tab');
      const f = await focused(page);
      crossed = f && (f.label === '← 上一项' || f.label === '下一项 →');
    }
    assert(crossed, 'Tab never left the tree for the editor');

    // The regression: click a tree entry, Tab ×8, Space, Enter, Tab: the tree must not shift.
    const tree = (await items(page)).find((i) => /^qis\/tree/.test(i.label));
    const inTreePanel = { scrollAt: { x: tree.x + tree.w / 2, y: tree.y + tree.h / 2 } };
    await find(page, /^1\.2 /, inTreePanel);
    const before = await treeEdges(page);
    await click(page, /^1\.2 /, inTreePanel);
    await press(page, 'Tab', 8);
    await press(page, 'Space');
    await press(page, 'Enter');
    await press(page, 'Tab');
    await page.mouse.move(5, 5);
    await settle(page, 3);
    const after = await treeEdges(page);
    for (const id of Object.keys(before))
      if (id in after) assert(after[id] === before[id], `the tree moved: ${id} at x ${before[id]} → ${after[id]}`);
    await page.screenshot({ path: join(OUT_DIR, 'keys-tree-after-tabs.png') });

    // The walk for one criterion by keyboard: to 1.1's first checkbox, Space, a new total.
    await click(page, /^1\.1 /, inTreePanel);
    const was = await total(page);
    for (let i = 0; i < 3 && !((seen = await focused(page)) && seen.label === '← 上一项'); i++) await press(page, 'F6');  // to the editor
    for (let i = 0; i < 30 && !((seen = await focused(page)) && seen.label === '##c'); i++) await press(page, 'Tab');
    assert(seen && seen.label === '##c', `Tab never reached a checkbox (at ${seen && seen.label})`);
    await press(page, 'Space');
    const now = await total(page);
    assert(now > was, `Space on the checkbox left the total at ${now}`);

    // PageDown: the next criterion, opened at its top (title, 下一项 and its score line visible).
    const editor = (await items(page)).find((i) => /^qis\/editor/.test(i.label));
    await page.mouse.move(editor.x + editor.w / 2, editor.y + editor.h / 2);
    await page.mouse.wheel(0, 2000);  // scroll 1.1 down first
    await settle(page, 3);
    await press(page, 'Escape');
    await press(page, 'PageDown');
    const list = await items(page);
    const next = list.find((i) => i.label === '下一项 →');
    const title = list.find((i) => /^wrap:1\.2 /.test(i.label));
    const score = list.find((i) => /^得分 \d.* \/ /.test(i.label) && i.x > editor.x);
    assert(next && next.y >= editor.y, 'after PageDown 下一项 is not visible at the top of the editor');
    assert(title, 'after PageDown the title of 1.2 is not visible');
    assert(score && score.y + score.h <= editor.y + editor.h, "after PageDown 1.2's score line is not visible");

    // An unanswered count takes "12" typed at full speed: the first digit answers the criterion
    // (the empty field becomes the number field with its -/+), the second lands in the same field.
    await click(page, /^3\.12\.1 /, { ...inTreePanel, timeout: 20000 });
    const field = await find(page, '数量（份）');
    await page.mouse.click(field.x + Math.min(field.w / 4, 30), field.y + field.h / 2);
    await settle(page);
    await page.keyboard.type('12');
    await settle(page, 3);
    const typing = await page.evaluate(() => window.qis.textInput());
    await page.keyboard.press('Enter');
    await settle(page, 3);
    const answer = JSON.parse(await snapshot(page)).answers['3.12.1'];
    assert(answer && answer.count === 12, `"12" typed fast into 3.12.1's empty count gave ${JSON.stringify(answer)} (field: ${JSON.stringify(typing)})`);
    assert(errors.length === 0, errors.join('\n'));
    console.log('  keys: Tab start → 开始自评 → 逐项评分, F6 regions, Tab across panels, tree steady, Space ticks, PageDown at top, "12" typed fast into an empty count');
  } finally {
    await context.close();
  }
}

await runStandalone(import.meta.url, keys);
