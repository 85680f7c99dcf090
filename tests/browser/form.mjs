// The page behaves like a form a person already knows (issue 27): a value the page would not keep
// exactly as typed is refused with the reason and stays in the field; a band pick invents no
// score; a hand-typed count and the ledger's are both shown with the one that counts; Ctrl+Z,
// Ctrl+Shift+Z and Ctrl+Y undo and redo answers; 清除本项答案 offers 撤销.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assert, decodePng, openApp, runStandalone, ROOT, screenshot } from './lib.mjs';
import { click, criteria, fill, find, selectCriterion, settle, snapshot, total } from './ui.mjs';

const rubricOf = async (id) => JSON.parse(await readFile(join(ROOT, 'rubrics', id + '.json'), 'utf8'));
const nodeOf = (rubric, id) => criteria(rubric).find((n) => n.id === id);
const answerOf = async (page, id) => JSON.parse(await snapshot(page)).answers[id];

// What the semantics layer says a text field holds (the text drawn in it).
async function fieldText(page, name) {
  return page.evaluate((n) => {
    const el = [...document.querySelectorAll('[role=textbox]')].find((e) => (e.getAttribute('aria-label') || '').startsWith(n));
    return el ? el.textContent : null;
  }, name);
}

// Text on screen (labels of the last frame's items) containing `part` (a string) or matching it.
async function shownText(page, part) {
  const it = await find(page, part instanceof RegExp ? part : new RegExp(part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), { timeout: 4000 });
  return it.label;
}

async function refusals(browser, server) {
  const rubric = await rubricOf('chongming-2024');
  const { context, page, errors } = await openApp(browser, server.origin, { query: '?rubric=chongming-2024', viewport: { width: 1280, height: 860 } });
  try {
    await click(page, '开始自评（已为您选中）##chongming-2024');
    await click(page, '逐项评分');

    // "2.5" in a count: refused, the field keeps "2.5", nothing stored.
    const count = nodeOf(rubric, '4.17');
    await selectCriterion(page, count);
    await fill(page, `数量（${count.rule.unit}）`, '2.5');
    const why = await shownText(page, /^未接受/);
    assert(why.includes('2.5') && why.includes('整数'), 'the refusal does not name 2.5 and why: ' + why);
    assert(await fieldText(page, `数量（${count.rule.unit}）`) === '2.5', 'the count field does not keep 2.5: ' + await fieldText(page, `数量（${count.rule.unit}）`));
    assert(await answerOf(page, count.id) === undefined, 'a refused 2.5 was stored: ' + JSON.stringify(await answerOf(page, count.id)));
    await screenshot(page, 'form-count-refused.png');
    // Corrected: stored exactly.
    await fill(page, `数量（${count.rule.unit}）`, '3');
    assert(JSON.stringify(await answerOf(page, count.id)) === '{"count":3}', 'the corrected 3 was not stored');

    // "6.3" in 2.7 (steps of 0.5): refused with the reason; what counts is said; "6.3" stays.
    const judged = nodeOf(rubric, '2.7');
    await selectCriterion(page, judged);
    const before = await total(page);
    await fill(page, '评分（', '6.3');
    const why2 = await shownText(page, /^未接受/);
    assert(why2.includes('6.3'), 'the refusal does not name 6.3: ' + why2);
    const stored = await answerOf(page, judged.id);
    // Typing "6" on the way was itself a valid answer: the screen says that it is what counts.
    assert(stored === undefined || JSON.stringify(stored) === '{"value":6}', '2.7 stored ' + JSON.stringify(stored));
    assert(why2.includes(stored === undefined ? '仍未作答' : '仍按已保存的答案计分'), 'the refusal does not say what counts: ' + why2);
    assert(await fieldText(page, '评分（') === '6.3', 'the field does not keep 6.3: ' + await fieldText(page, '评分（'));
    await screenshot(page, 'form-judgment-refused.png');
    await fill(page, '评分（', '6.5');
    assert(JSON.stringify(await answerOf(page, judged.id)) === '{"value":6.5}', '6.5 was not stored');
    assert(await total(page) === before + 6.5, 'total did not take 6.5');

    // Undo / redo: tick, Ctrl+Z, Ctrl+Shift+Z, Ctrl+Z, Ctrl+Y; the total follows each time.
    const ticked = nodeOf(rubric, '1.1');
    await selectCriterion(page, ticked);
    const t0 = await total(page);
    await click(page, '##c');
    const t1 = await total(page);
    assert(t1 > t0, `ticking did not raise the total (${t0} → ${t1})`);
    await page.keyboard.press('Control+Z');
    await settle(page);
    assert(await total(page) === t0, `Ctrl+Z: total ${await total(page)}, expected ${t0}`);
    assert(await answerOf(page, ticked.id) === undefined, 'Ctrl+Z left the tick stored');
    await page.keyboard.press('Control+Shift+Z');
    await settle(page);
    assert(await total(page) === t1, `Ctrl+Shift+Z: total ${await total(page)}, expected ${t1}`);
    await page.keyboard.press('Control+Z');
    await settle(page);
    await page.keyboard.press('Control+Y');
    await settle(page);
    assert(await total(page) === t1, `Ctrl+Y: total ${await total(page)}, expected ${t1}`);

    // 清除本项答案 clears at once, and the banner offers 撤销.
    await click(page, '清除本项答案');
    assert(await answerOf(page, ticked.id) === undefined, '清除本项答案 did not clear');
    await find(page, /^已清除/);
    await screenshot(page, 'form-cleared-undo.png');
    await click(page, '撤销');
    assert(await answerOf(page, ticked.id) !== undefined, '撤销 did not bring the answer back');
    assert(await total(page) === t1, 'total after 撤销');

    // A click on a box's label ticks the box, as an HTML <label> does.
    const second = ticked.rule.items[1];
    await click(page, new RegExp('^wrap:\\(' + second.id + '\\) ' + second.text));
    const checked = (await answerOf(page, ticked.id)).checked;
    assert(checked.includes(second.id), 'a click on the label did not tick its box: ' + JSON.stringify(checked));
    await screenshot(page, 'form-label-ticks.png');
    assert(errors.length === 0, errors.join('\n'));
  } finally {
    await context.close();
  }
}

// 湖南: picking a band of 10~30 fills in no score: the criterion waits for one.
async function bandPick(browser, server) {
  const rubric = await rubricOf('hunan-db43');
  const { context, page, errors } = await openApp(browser, server.origin, { query: '?rubric=hunan-db43', viewport: { width: 1280, height: 860 } });
  try {
    await click(page, '开始自评（已为您选中）##hunan-db43');
    await click(page, '逐项评分');
    const node = nodeOf(rubric, '3.1.1');
    await selectCriterion(page, node);
    const before = await total(page);
    await click(page, '##lv', { nth: 1 });
    assert(JSON.stringify(await answerOf(page, node.id)) === '{"level":1}', 'the band pick stored ' + JSON.stringify(await answerOf(page, node.id)));
    assert(await total(page) === before, `a band pick changed the total (${before} → ${await total(page)})`);
    await shownText(page, '尚未填写评分');
    await screenshot(page, 'form-band-pick.png');
    await fill(page, '评分（10~30', '25');
    assert(JSON.stringify(await answerOf(page, node.id)) === '{"level":1,"value":25}', 'the score typed was not stored');
    assert(await total(page) === before + 25, 'total did not take 25');
    assert(errors.length === 0, errors.join('\n'));
  } finally {
    await context.close();
  }
}

// 崇明 3.12.1 with certificates in the ledger and 25 typed by hand: both numbers, the one that
// counts, and a way to keep the hand count with its reason.
async function ledgerVsHand(browser, server) {
  const rubric = await rubricOf('chongming-2024');
  const { context, page, errors } = await openApp(browser, server.origin, { query: '?rubric=chongming-2024', viewport: { width: 1280, height: 860 } });
  try {
    await click(page, '开始自评（已为您选中）##chongming-2024');
    await click(page, '服务台账');
    // An empty ledger offers a template: the export's columns, no rows.
    const downloaded = page.waitForEvent('download', { timeout: 8000 });
    await click(page, '下载 CSV 模板');
    const template = (await readFile(await (await downloaded).path(), 'utf8')).replace(/^\uFEFF/, '');
    const lines = template.split('\r\n').filter((l) => l);
    assert(lines.length === 1 && lines[0].startsWith('序号,记录类型,企业名称,企业地址,联系人,联系电话,企业规模,日期,服务需求,类别'),
      'the template is not the header row: ' + JSON.stringify(template.slice(0, 120)));
    const csv = await readFile(join(ROOT, 'tests/fixtures/ledger/station.gb18030.csv'));
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, '导入 CSV…')]);
    await chooser.setFiles({ name: '台账.csv', mimeType: 'text/csv', buffer: csv });
    await click(page, /^导入有效的 \d+ 行/);
    await click(page, '逐项评分');
    const node = nodeOf(rubric, '3.12.1');
    await selectCriterion(page, node);
    const ledgerLine = await shownText(page, '台账统计：');
    await fill(page, `数量（${node.rule.unit}）`, '25');
    const both = await shownText(page, /^手填 25.*二者不一致/);
    assert(both.includes('手填 25') && both.includes('按手填的 25'), 'the screen does not say both numbers and which counts: ' + both);
    const score = await shownText(page, /^(wrap:)?得分 [^（]*：.*服务台账：/);
    assert(score.includes('服务台账：') && score.includes('与手填的 25 份不一致，按手填的数量计分'), 'the score line does not name the ledger count: ' + score);
    await screenshot(page, 'form-ledger-vs-hand.png');
    // Keeping the hand count needs the reason; it then is an override with that reason.
    await fill(page, '##ov_reason', 'ledger misses 22', { enter: false });
    await click(page, '保留手填数量并记录理由');
    const snap = JSON.parse(await snapshot(page));
    const ov = (snap.overrides || {})[node.id];
    assert(ov && ov.reason === 'ledger misses 22' && ov.answer.count === 25, 'no override with the reason: ' + JSON.stringify(snap.overrides));
    await shownText(page, '计分采用人工调整的 25');
    console.log('  ledger: ' + [...ledgerLine].slice(0, 60).join(''));
    assert(errors.length === 0, errors.join('\n'));
  } finally {
    await context.close();
  }
}

// Phones get the keyboard a field needs; a Windows contrast theme shows no semantics text.
async function keyboardsAndColours(browser, server) {
  const rubric = await rubricOf('chongming-2024');
  const { context, page, errors } = await openApp(browser, server.origin, { query: '?rubric=chongming-2024', viewport: { width: 390, height: 760 } });
  try {
    await click(page, '开始自评（已为您选中）##chongming-2024');
    const ime = () => page.evaluate(() => [document.getElementById('ime').getAttribute('inputmode'), document.getElementById('ime').getAttribute('enterkeyhint')]);
    await fill(page, '##contact_phone', '0731', { enter: false });
    const phone = await ime();
    assert(phone[0] === 'tel' && phone[1] === 'done', 'the phone field opens ' + JSON.stringify(phone));
    await page.keyboard.press('Enter');
    await click(page, '菜单');  // phones: the screens are in the menu
    await click(page, '逐项评分');
    const count = nodeOf(rubric, '4.17');
    await click(page, '目录');
    await click(page, new RegExp('^' + count.id.replace(/\./g, '\\.') + ' '), { timeout: 20000 });
    await fill(page, `数量（${count.rule.unit}）`, '2', { enter: false });
    const counted = await ime();
    assert(counted[0] === 'numeric', 'the count field opens ' + JSON.stringify(counted));
    await page.keyboard.press('Enter');
    await settle(page);
    await screenshot(page, 'form-phone-count.png');

    // forced-colors: the same pixels as without it (the transparent layer stays transparent).
    await page.mouse.move(1, 1);
    await settle(page);
    const normal = decodePng(await page.screenshot());
    await page.emulateMedia({ forcedColors: 'active' });
    await settle(page);
    const forced = decodePng(await page.screenshot());
    await screenshot(page, 'form-forced-colors.png');
    await page.emulateMedia({ forcedColors: 'none' });
    let differ = 0;
    for (let i = 0; i < normal.rgba.length; i += 4)
      if (Math.abs(normal.rgba[i] - forced.rgba[i]) + Math.abs(normal.rgba[i + 1] - forced.rgba[i + 1]) + Math.abs(normal.rgba[i + 2] - forced.rgba[i + 2]) > 30) differ++;
    assert(differ < normal.rgba.length / 4 / 1000, `forced colours changed ${differ} pixels: semantics text shows over the canvas`);
    assert(errors.length === 0, errors.join('\n'));
  } finally {
    await context.close();
  }
}

export default async function form({ browser, server }) {
  await refusals(browser, server);
  await bandPick(browser, server);
  await ledgerVsHand(browser, server);
  await keyboardsAndColours(browser, server);
}

await runStandalone(import.meta.url, form);
