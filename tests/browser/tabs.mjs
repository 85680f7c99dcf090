// Two tabs, one draft: edits typed at the same time into different fields and criteria of one
// draft are all there after both tabs reload; the same field edited in one tab and then the
// other shows the newer value in both, and the first tab is told. Two tabs, one expert's review:
// criteria scored at the same time in each are all kept.
import { assert, openApp, runStandalone, scoredSample, waitForFrames } from './lib.mjs';
import { click, fill, find, settle, snapshot, typeText } from './ui.mjs';

const draftOf = async (page) => JSON.parse(await snapshot(page));

// Waits until `pred(draft)` holds for the page's open draft, or fails with what it shows.
async function until(page, pred, what, timeout = 8000) {
  const deadline = Date.now() + timeout;
  let d = null;
  while (Date.now() < deadline) {
    d = await draftOf(page);
    if (pred(d)) return d;
    await page.waitForTimeout(100);
  }
  throw new Error(`${what}; the tab shows ${JSON.stringify({ profile: d && d.profile, answers: d && d.answers })}`);
}

async function focusField(page, what) {
  const it = await find(page, what);
  await page.mouse.click(it.x + Math.min(it.w / 4, 30), it.y + it.h / 2);
  await settle(page);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
}

// Tab B: the page opened again in the same browser profile, its errors reported with tab A's.
async function secondTab(context, server, errors, viewport) {
  const b = await context.newPage();
  await b.setViewportSize(viewport);
  b.on('pageerror', (e) => errors.push('tab B page error: ' + e.message));
  b.on('console', (m) => { if (m.type() === 'error') errors.push('tab B console.error: ' + m.text()); });
  await b.goto(server.origin + '/');
  await waitForFrames(b, 1);
  return b;
}

export default async function tabs({ browser, server }) {
  const { context, page: a, errors } = await openApp(browser, server.origin, { query: '?rubric=songjiang-2024' });
  try {
    await click(a, '开始自评（已为您选中）##songjiang-2024');
    await fill(a, '##name', '双标签服务站');
    const b = await secondTab(context, server, errors, { width: 1100, height: 720 });
    await find(b, '双标签服务站');
    await click(b, '继续');
    await click(b, '单位信息');

    // Typed at the same time: A into 服务的产业, B into 联系人; each keystroke is saved and merged.
    await Promise.all([
      (async () => { await focusField(a, '##industry'); await a.keyboard.type('biomedicine-A', { delay: 15 }); await a.keyboard.press('Enter'); })(),
      (async () => { await focusField(b, '##contact'); await b.keyboard.type('Wang-B', { delay: 15 }); await b.keyboard.press('Enter'); })(),
    ]);
    // Different criteria: A ticks the first item of 1. 制度建设, B the first item of the next one.
    await click(a, '逐项评分');
    await click(b, '逐项评分');
    await click(a, '##c', { nth: 0 });
    await click(b, '下一项');
    await click(b, '##c', { nth: 0 });
    const both = (d) => d.profile.industry === 'biomedicine-A' && d.profile.contact === 'Wang-B' &&
      Object.keys(d.answers || {}).length >= 2;
    // On failure, what the other tab shows too: whether the edit was lost there or never arrived.
    const other = async (p, what) => {
      const d = await draftOf(p);
      return `; ${what} shows ${JSON.stringify({ profile: d.profile, answers: d.answers })}`;
    };
    await until(a, both, 'tab A lacks an edit made in tab B').catch(async (e) => { throw new Error(e.message + await other(b, 'tab B')); });
    await until(b, both, 'tab B lacks an edit made in tab A').catch(async (e) => { throw new Error(e.message + await other(a, 'tab A')); });

    // Both reload: every edit is on disk.
    for (const p of [a, b]) {
      await p.reload();
      await waitForFrames(p, 1);
      await find(p, '双标签服务站');
      await click(p, '继续');
      await until(p, both, 'after reloading, an edit of one of the tabs is missing');
    }
    const answered = Object.keys((await draftOf(a)).answers);

    // The same field, first in A, then in B: A shows B's newer value and is told.
    await click(a, '单位信息');
    await click(b, '单位信息');
    await fill(a, '##industry', 'first-A');
    await until(b, (d) => d.profile.industry === 'first-A', 'tab B does not show what tab A typed');
    await fill(b, '##industry', 'newer-B');
    await until(a, (d) => d.profile.industry === 'newer-B', 'tab A does not show the newer value typed in tab B');
    await find(a, /另一个标签页/);
    const final = await draftOf(b);
    assert(final.profile.contact === 'Wang-B' && Object.keys(final.answers).length === answered.length,
      'the last edits lost an earlier one');
    // And what is on disk is what both show.
    await a.waitForFunction(() => window.qis.writesSettled());
    const key = await a.evaluate(() => window.qis.storedKeys('qis.draft.')[0]);
    const stored = JSON.parse(await a.evaluate((k) => window.qis.stored(k), key));
    assert(stored.profile.industry === 'newer-B' && stored.profile.contact === 'Wang-B', 'the stored draft differs from the tabs');
    assert(errors.length === 0, 'errors were logged:\n' + errors.join('\n'));
    console.log(`  tabs: concurrent typing in two tabs kept both fields and ${answered.length} criteria; the same field shows the newer value`);
  } finally {
    await context.close();
  }
  await reviewTabs({ browser, server });
}

// One package under review in two tabs: A scores 1.1, B scores 1.2 at the same time; each tab
// ends with both, and so does what is stored.
async function reviewTabs({ browser, server }) {
  const { sample, file } = await scoredSample('chongming-2024', 'tabs-review');
  const { context, page: a, errors } = await openApp(browser, server.origin, { viewport: { width: 1280, height: 860 } });
  try {
    const [chooser] = await Promise.all([a.waitForEvent('filechooser'), click(a, '打开数据包进行评审…')]);
    await chooser.setFiles(file);
    await find(a, 'package ' + sample.profile.name);
    await click(a, '评审', { nth: 0 });
    await find(a, 'position 1.1');
    await fill(a, '##expert_name', '王专家', { enter: false });
    await a.waitForFunction(() => window.qis.writesSettled() && window.qis.storedKeys('qis.review.').length === 1);
    const key = await a.evaluate(() => window.qis.storedKeys('qis.review.')[0]);

    const b = await secondTab(context, server, errors, { width: 1280, height: 860 });
    await click(b, /^继续评审/);
    await click(b, '评审', { nth: 0 });
    await find(b, 'position 1.1');
    await click(b, '下一项 →');
    await find(b, 'position 1.2');

    // At the same time: A ticks 1.1's first two items, B 1.2's two items.
    await Promise.all([
      (async () => { await click(a, '##c', { nth: 0 }); await click(a, '##c', { nth: 1 }); })(),
      (async () => { await click(b, '##c', { nth: 0 }); await click(b, '##c', { nth: 1 }); })(),
    ]);
    const both = (text) => {
      const r = text ? JSON.parse(text) : null;
      const ticked = (id) => r && r.criteria && r.criteria[id] && r.criteria[id].answer && (r.criteria[id].answer.checked || []).length === 2;
      return ticked('1.1') && ticked('1.2');
    };
    for (const [name, p] of [['A', a], ['B', b]]) {
      const deadline = Date.now() + 10000;
      let text = null;
      while (Date.now() < deadline) {
        await p.waitForFunction(() => window.qis.writesSettled());
        text = await p.evaluate((k) => window.qis.stored(k), key);
        if (both(text)) break;
        await p.waitForTimeout(100);
      }
      assert(both(text), `tab ${name}'s review lacks a criterion scored in the other tab: ${text && JSON.stringify(JSON.parse(text).criteria)}`);
    }
    // The tree of each tab shows both criteria scored (2 of 4, 2 of 2).
    for (const p of [a, b]) {
      await find(p, /^1\.1 .* 2 \/ 4/);
      await find(p, /^1\.2 .* 2 \/ 2/);
    }
    // After a reload, what was stored opens with both.
    await a.reload();
    await waitForFrames(a, 1);
    await click(a, /^继续评审/);
    await click(a, '评审', { nth: 0 });
    await find(a, /^1\.1 .* 2 \/ 4/);
    await find(a, /^1\.2 .* 2 \/ 2/);
    assert(errors.length === 0, 'errors were logged:\n' + errors.join('\n'));
    console.log('  tabs: one review in two tabs, 1.1 and 1.2 scored at the same time: both kept in each tab and after a reload');
  } finally {
    await context.close();
  }
}

await runStandalone(import.meta.url, tabs);
