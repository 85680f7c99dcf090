// Every screen at phone, tablet and laptop widths (issue 13): the station's screens (start,
// profile, items, dashboard, materials, ledger) and the evaluator's (review list, review editor,
// panel) at 390×844, 360×740, 768×1024, 1024×600 with 字号“大” and 1366×768. On each: the total and
// 导出数据包 (and 下一项 in an editor) lie wholly inside the viewport without overlapping, no text or
// control is cut off at the right edge of its panel (narrow widths), and no number is broken
// across lines. Screenshots go to tests/browser/out/layout-<size>-<screen>.png to be looked at.
import { join } from 'node:path';
import { assert, openApp, runStandalone, OUT_DIR, scoredSample } from './lib.mjs';
import { click, find, items, settle } from './ui.mjs';

const SIZES = [
  { name: '390x844', width: 390, height: 844, narrow: true },
  { name: '360x740', width: 360, height: 740, narrow: true },
  { name: '768x1024', width: 768, height: 1024 },
  { name: '1024x600-large', width: 1024, height: 600, font: '大' },
  { name: '1366x768', width: 1366, height: 768 },
];
const SCREENS = [['单位信息', 'profile'], ['逐项评分', 'items'], ['得分总览', 'dashboard'], ['提交材料', 'materials'], ['服务台账', 'ledger']];

const inside = (r, vp) => r.x >= 0 && r.y >= 0 && r.x + r.w <= vp.width + 0.5 && r.y + r.h <= vp.height + 0.5 && !r.cut;
const overlap = (a, b) => Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > 1 && Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) > 1;

// A line that ends inside a number: "0." / "12" before a line that goes on with a digit, ".", "%"
// or the unit right after it ("分"). Wrapped texts are listed as "wrap:<text>" with the lines drawn.
export function brokenNumbers(list) {
  const bad = [];
  for (const i of list) {
    if (!i.text) continue;
    const lines = i.text.split('\n');
    for (let k = 0; k + 1 < lines.length; k++) {
      const a = lines[k].trimEnd(), b = lines[k + 1];
      // Broken only if the two sides touch in the text (no space there: "附件2 2024年" may break).
      const touching = i.label.slice(5).includes(a.slice(-6) + b.slice(0, 6));
      if (/[0-9.]$/.test(a) && /^[0-9.%分]/.test(b) && touching) bad.push(JSON.stringify(a.slice(-12) + '⏎' + b.slice(0, 12)));
    }
  }
  return bad;
}

// Checks the frame on screen now and saves its screenshot.
async function look(page, size, screen, keys) {
  await settle(page, 4);
  await page.screenshot({ path: join(OUT_DIR, `layout-${size.name}-${screen}.png`) });
  const list = await items(page);
  const vp = page.viewportSize();
  const found = [];
  for (const key of keys) {
    const hit = list.find((i) => (key instanceof RegExp ? key.test(i.label) : i.label === key));
    assert(hit, `${size.name} ${screen}: ${key} is not on screen`);
    assert(inside(hit, vp), `${size.name} ${screen}: ${hit.label} is not wholly inside the ${vp.width}×${vp.height} viewport: ${JSON.stringify(hit)}`);
    found.push(hit);
  }
  for (let a = 0; a < found.length; a++)
    for (let b = a + 1; b < found.length; b++)
      assert(!overlap(found[a], found[b]), `${size.name} ${screen}: ${found[a].label} overlaps ${found[b].label}`);
  if (size.narrow) {
    // Sideways-scrolling tables may hide columns; anything else cut at its panel's edge is lost.
    const cut = list.filter((i) => i.cut && !i.hscroll).map((i) => `${i.label.slice(0, 30)} (${Math.round(i.cut)} px)`);
    assert(cut.length === 0, `${size.name} ${screen}: cut off at the right: ${[...new Set(cut)].join(' | ')}`);
  }
  const broken = brokenNumbers(list);
  assert(broken.length === 0, `${size.name} ${screen}: numbers broken across lines: ${broken.join(' ')}`);
}

// To a screen of the open draft: its tab, or on a phone the menu.
async function go(page, size, label) {
  if (size.narrow) await click(page, '菜单');
  await click(page, label);
}

async function oneSize(browser, server, size, packageFile) {
  const { context, page, errors } = await openApp(browser, server.origin, { query: '?rubric=chongming-2024', viewport: { width: size.width, height: size.height } });
  try {
    if (size.font) await click(page, size.font);
    await look(page, size, 'start', []);
    await click(page, '开始自评（已为您选中）##chongming-2024');
    const bar = ['导出数据包', /^得分 /];
    for (const [tab, screen] of SCREENS) {
      await go(page, size, tab);
      await look(page, size, screen, screen === 'items' ? [...bar, '下一项 →'] : bar);
    }
    // The tree: beside the editor (wide), a panel to hide (medium), a drawer (narrow).
    await go(page, size, '逐项评分');
    if (size.narrow) {
      await click(page, '目录');
      await look(page, size, 'items-drawer', []);
      await click(page, /^1\.2 /);
      await find(page, '下一项 →');
      const drawer = (await items(page)).some((i) => i.label === '关闭目录');
      assert(!drawer, `${size.name}: the drawer stays open after a criterion was chosen`);
    } else if (size.width / (size.font ? 1.25 : 1) < 1100) {
      await click(page, '隐藏目录');
      await look(page, size, 'items-no-tree', [...bar, '下一项 →']);
      await click(page, '显示目录');
    }
    // The evaluator's screens, with the station's package.
    if (size.narrow) await click(page, '菜单');
    await click(page, '← 首页');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, '打开数据包进行评审…')]);
    await chooser.setFiles(packageFile);
    await look(page, size, 'review-list', []);
    await click(page, '评审', { nth: 0 });
    await look(page, size, 'review', ['下一项 →', /^自评 .* · 专家 /]);
    if (size.narrow) await click(page, '更多…');  // a phone keeps the less used actions in a menu
    await click(page, '专家组汇总##from_review');
    await look(page, size, 'panel', []);
    assert(errors.length === 0, errors.join('\n'));
  } finally {
    await context.close();
  }
}

export default async function layout({ browser, server }) {
  // A station's finished package with its stored scores, as the evaluator receives it.
  const { sample, file } = await scoredSample('chongming-2024', 'layout');
  const only = process.env.QIS_LAYOUT_SIZES ? process.env.QIS_LAYOUT_SIZES.split(',') : null;
  for (const size of SIZES) if (!only || only.includes(size.name)) await oneSize(browser, server, size, file);
  console.log(`  layout: ${SIZES.length} sizes × 9 screens; screenshots tests/browser/out/layout-*.png`);
}

await runStandalone(import.meta.url, layout);
