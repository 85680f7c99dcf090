// The semantics layer (issue 14): Chromium's accessibility tree, read through CDP as a screen
// reader sees it, holds the app's widgets with their roles, names and states; a checkbox toggled
// through its accessibility node (DOM focus + Space, and the node's click action) changes the
// total, and the live region names the new total; the browser's find finds the official text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, openApp, runStandalone, ROOT, OUT_DIR } from './lib.mjs';
import { criteria, find, items, settle, total } from './ui.mjs';

const rubric = (id) => JSON.parse(readFileSync(join(ROOT, 'rubrics', id + '.json'), 'utf8'));
const RUBRICS = ['hunan-db43', 'chongming-2024', 'songjiang-2024', 'wuhan-2025', 'shanghai-2024'];

// The accessibility tree as [{role, name, checked, ...}] (ignored nodes left out).
async function axTree(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    return nodes.filter((n) => !n.ignored).map((n) => {
      const prop = (name) => {
        const p = (n.properties || []).find((x) => x.name === name);
        return p ? p.value.value : undefined;
      };
      return {
        role: n.role && n.role.value, name: (n.name && n.name.value) || '',
        checked: prop('checked'), selected: prop('selected'), level: prop('level'), focused: prop('focused'),
      };
    });
  } finally {
    await cdp.detach();
  }
}

// Waits until `test(tree)` holds (the layer follows the frame the app draws).
async function until(page, what, test, timeout = 8000) {
  const deadline = Date.now() + timeout;
  let tree = [];
  for (;;) {
    tree = await axTree(page);
    const hit = test(tree);
    if (hit) return hit;
    if (Date.now() > deadline) throw new Error(`accessibility tree: ${what}; it has ${tree.filter((n) => n.name && !/StaticText|InlineTextBox/.test(n.role)).slice(0, 80).map((n) => `${n.role} “${n.name.slice(0, 30)}”`).join(', ')}`);
    await settle(page, 2);
  }
}

// The layer's element for a node: by role and a name test (the DOM side of the same node).
async function pressNode(page, role, nameStart, how) {
  const ok = await page.evaluate(({ role, nameStart, how }) => {
    const els = [...document.querySelectorAll(`#semantics [role="${role}"]`)];
    const el = els.find((e) => (e.getAttribute('aria-label') || e.textContent).startsWith(nameStart));
    if (!el) return false;
    if (how === 'click') el.click();
    else el.focus();
    return true;
  }, { role, nameStart, how });
  assert(ok, `no ${role} node named “${nameStart}…” in the semantics layer`);
  await settle(page, 3);
}

export default async function a11y({ browser, server }) {
  const { context, page, errors } = await openApp(browser, server.origin, { viewport: { width: 1280, height: 860 } });
  try {
    // The start page: a button per rubric, named with its Chinese title.
    await find(page, '开始自评');
    for (const id of RUBRICS) {
      const title = rubric(id).title;
      await until(page, `a button for ${title}`, (t) => t.find((n) => n.role === 'button' && n.name === '开始自评：' + title));
    }
    await until(page, 'the page heading', (t) => t.find((n) => n.role === 'heading' && n.name.includes('自我评价') && n.level === 1));

    // Start 崇明 and open 逐项评分 through the accessibility nodes' click action (no mouse).
    const cm = rubric('chongming-2024');
    await pressNode(page, 'button', '开始自评：' + cm.title, 'click');
    await find(page, '导出数据包');
    await pressNode(page, 'button', '逐项评分', 'click');
    await find(page, '下一项 →');

    // A treeitem per criterion (21), each named with its id and score, inside a tree.
    const all = criteria(cm);
    assert(all.length === 21, `崇明 has ${all.length} criteria, expected 21`);
    const tree = await until(page, 'a treeitem per criterion', (t) => {
      const got = t.filter((n) => n.role === 'treeitem');
      return all.every((c) => got.some((n) => n.name.startsWith(c.id + ' '))) && got;
    });
    const leaves = tree.filter((n) => all.some((c) => n.name.startsWith(c.id + ' ') && /未作答|已作答/.test(n.name)));
    assert(leaves.length === 21, `${leaves.length} criterion treeitems, expected 21`);
    assert((await axTree(page)).some((n) => n.role === 'tree'), 'no tree role around the criteria');

    // 1.1 through its treeitem: its four checkboxes with the official wording, unchecked.
    await pressNode(page, 'treeitem', '1.1 ', 'click');
    const first = all[0];
    const options = first.rule.items;
    const boxes = await until(page, "1.1's four checkboxes", (t) => {
      const got = options.map((o) => t.find((n) => n.role === 'checkbox' && n.name.includes(o.text)));
      return got.every(Boolean) && got;
    });
    assert(boxes.every((b) => b.checked === 'false'), `1.1's checkboxes are not all unchecked: ${boxes.map((b) => b.checked)}`);
    await until(page, "1.1's 评分标准 text", (t) => t.find((n) => n.name.includes('建立健全制度体系') || n.name.includes('每提供一项规章制度')));
    await until(page, 'the selected treeitem', (t) => t.find((n) => n.role === 'treeitem' && n.name.startsWith('1.1 ') && n.selected === true));

    // The browser's find (Ctrl+F) finds the official wording while 1.1 is open.
    const found = await page.evaluate(() => window.find('服务岗位及流程'));
    assert(found, 'window.find did not find 服务岗位及流程');
    await page.evaluate(() => window.getSelection().removeAllRanges());

    // Toggle the first checkbox through its node: DOM focus, then Space (no canvas mouse).
    const before = await total(page);
    await pressNode(page, 'checkbox', '(1) ' + options[0].text, 'focus');
    const focusedNode = await until(page, 'DOM focus on the checkbox node', (t) => t.find((n) => n.role === 'checkbox' && n.focused && n.name.includes(options[0].text)));
    assert(focusedNode, 'the checkbox node is not focused');
    // One focus: the app's keyboard focus is on the same checkbox.
    const appFocus = (await items(page)).find((i) => i.focus);
    assert(appFocus && appFocus.label === '##c', `the app's focus is on ${appFocus && appFocus.label}, not the checkbox`);
    await page.keyboard.press('Space');
    await settle(page, 3);
    const after = await total(page);
    assert(after > before, `Space on the checkbox node left the total at ${after} (was ${before})`);
    await until(page, 'the checkbox checked', (t) => t.find((n) => n.role === 'checkbox' && n.name.includes(options[0].text) && n.checked === 'true'));
    const summary = await page.evaluate(() => document.getElementById('summary').textContent);
    assert(summary.includes('得分 ' + String(after)), `the live region says “${summary}”, not the new total ${after}`);

    // The second through the node's click action (a screen reader's default action).
    await pressNode(page, 'checkbox', '(2) ' + options[1].text, 'click');
    const third = await total(page);
    assert(third > after, `the click action on the checkbox node left the total at ${third}`);

    // Tab from the node: DOM focus and the app's focus move together to the next widget.
    await page.keyboard.press('Tab');
    await settle(page, 3);
    const dom = await page.evaluate(() => {
      const el = document.activeElement;
      return el && el.closest('#semantics') ? (el.getAttribute('aria-label') || el.textContent) : null;
    });
    const app = (await items(page)).find((i) => i.focus);
    assert(dom && app, `after Tab: DOM focus on ${dom}, app focus on ${app && app.label}`);
    assert(app.label === '##c' ? options.some((o) => dom.includes(o.text)) : dom.startsWith(app.label.split('##')[0]),
      `after Tab the DOM focus (${dom}) and the app's focus (${app.label}) differ`);

    await page.screenshot({ path: join(OUT_DIR, 'a11y-chongming-1.1.png') });

    // A text field through its node: focusing it starts editing, the IME overlay takes the keys
    // under the field's name, and the typed name is the node's value.
    await pressNode(page, 'button', '单位信息', 'click');
    await until(page, 'the 试点实施单位 field', (t) => t.find((n) => n.role === 'textbox' && n.name === '试点实施单位'));
    await pressNode(page, 'textbox', '试点实施单位', 'focus');
    const overlay = await page.evaluate(async () => {
      for (let i = 0; i < 50 && document.activeElement.id !== 'ime'; i++) await new Promise((r) => setTimeout(r, 20));
      const el = document.activeElement;
      return { id: el.id, label: el.getAttribute('aria-label'), hidden: el.getAttribute('aria-hidden') };
    });
    assert(overlay.id === 'ime' && overlay.label === '试点实施单位' && overlay.hidden === null,
      `focusing the field's node gave the keys to ${JSON.stringify(overlay)}`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.insertText', { text: '上海堃喆智造产业园' });
    await cdp.detach();
    await page.keyboard.press('Enter');
    await settle(page, 3);
    const profile = JSON.parse(await page.evaluate(() => window.qis.snapshot())).profile || {};
    assert(profile.name === '上海堃喆智造产业园', `the name typed through the node is ${JSON.stringify(profile.name)}`);
    await until(page, 'the field with its value', (t) => t.find((n) => n.role === 'textbox' && n.name === '试点实施单位'));
    const value = await page.evaluate(() => [...document.querySelectorAll('#semantics [role="textbox"]')]
      .find((e) => e.getAttribute('aria-label') === '试点实施单位').textContent);
    assert(value === '上海堃喆智造产业园', `the field's node holds “${value}”`);

    // The drafts table on the start page: a table with column headers and the draft's row.
    await pressNode(page, 'button', '← 首页', 'click');
    await until(page, 'the drafts table', (t) => t.find((n) => n.role === 'table') &&
      t.find((n) => n.role === 'columnheader' && n.name === '单位名称') &&
      t.find((n) => n.role === 'cell' && n.name.includes('上海堃喆智造产业园')));
    assert(errors.length === 0, errors.join('\n'));
    console.log(`  a11y: 5 rubric buttons, 21 treeitems, 1.1's 4 checkboxes by wording; Space and click on nodes ${before} → ${after} → ${third}; live region, find, a field typed through its node, the drafts table`);
  } finally {
    await context.close();
  }
}

await runStandalone(import.meta.url, a11y);
