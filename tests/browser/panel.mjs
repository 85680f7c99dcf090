// The panel in the page: one package, five experts' review files (added four, then one more),
// scores side by side with the spread flagged, mean then trimmed mean, a leader's result refused
// without a reason and accepted with one, the panel exported and checked by the CLI, the score
// sheet printed with the panel, and everything there again after a reload.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assert, openApp, runStandalone, OUT_DIR, ROOT, waitForFrames } from './lib.mjs';
import { click, fill, find, items, settle } from './ui.mjs';

const QIS = join(ROOT, 'build/native/qis');

export default async function panel({ browser, server }) {
  const sample = JSON.parse(await readFile(join(ROOT, 'tests/fixtures/samples/songjiang-2024.json'), 'utf8'));
  // Stored scores as an export writes them (computed by the native CLI on the same core), so the
  // package passes verification.
  const scratch = join(tmpdir(), `qis-panel-${process.pid}`);
  await mkdir(scratch, { recursive: true });
  await writeFile(join(scratch, 'unscored.json'), JSON.stringify(sample));
  const scored = JSON.parse(execFileSync(QIS, ['score', join(scratch, 'unscored.json'), '--json'],
    { stdio: ['ignore', 'pipe', 'ignore'] }).toString());
  sample.scores = { total: scored.total, base: scored.base, bonus: scored.bonus, max: scored.max,
    bonus_max: scored.bonus_max, criteria: Object.fromEntries(scored.criteria.map((c) => [c.id, c.score])) };
  const packageBytes = Buffer.from(JSON.stringify(sample));
  const hash = createHash('sha256').update(packageBytes).digest('hex');
  const work = scratch;
  const packagePath = join(work, 'package.json');
  await writeFile(packagePath, packageBytes);
  const self = JSON.parse(execFileSync(QIS, ['score', packagePath, '--json'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString());

  // Five experts agree with the station everywhere except 2.7 (合理布局, judgment 0–8, self 7):
  // 4, 6, 7, 7, 8 → mean 32 / 5 = 6.4; without the highest and lowest (6 + 7 + 7) / 3 = 6.67 → 6.7;
  // spread 4 > 20 % of 8, so the row is flagged. The expert at 4 is 3 from the self score (more
  // than 20 % of 8) and gives a reason, as the review format requires.
  const scores27 = [4, 6, 7, 7, 8];
  const experts = ['赵专家', '钱专家', '孙专家', '李专家', '周专家'];
  const reviews = experts.map((name, i) => {
    const criteria = {};
    for (const [id, answer] of Object.entries(sample.answers)) criteria[id] = { answer };
    criteria['2.7'] = { answer: { value: scores27[i] }, comment: `${name}对合理布局的意见` };
    if (scores27[i] === 4) criteria['2.7'].deviation_reason = '产业规划文件未覆盖新建园区';
    return {
      format: 'qis-review/1', package: { sha256: hash, name: sample.profile.name },
      rubric: { id: sample.rubric.id, version: sample.rubric.version },
      expert: { name, title: '高级工程师', unit: '质量技术服务中心' }, date: '2025-06-0' + (i + 1),
      margin_percent: 20, criteria, summary: '',
    };
  });
  const reviewFiles = reviews.map((r, i) => ({ name: `评审意见-${experts[i]}.json`, mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(r)) }));
  const reviewPaths = [];
  for (const [i, f] of reviewFiles.entries()) {
    reviewPaths.push(join(work, `review-${i}.json`));
    await writeFile(reviewPaths[i], f.buffer);
  }
  const total = (s) => Math.round(s * 10) / 10;
  const meanTotal = total(self.total - 7 + 6.4);
  const trimmedTotal = total(self.total - 7 + 6.7);
  const overriddenTotal = total(trimmedTotal - 4 + 4.5);  // 3.15 (self and experts 4) set to 4.5 by the leader

  const { context, page, errors } = await openApp(browser, server.origin, { viewport: { width: 1280, height: 900 } });
  try {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, '打开数据包进行评审…')]);
    await chooser.setFiles({ name: '松江.json', mimeType: 'application/json', buffer: packageBytes });
    await find(page, 'package ' + sample.profile.name);
    await find(page, /^(校验通过|缺 \d+ 项必备材料)/);
    // A review file opened as a package is not listed as a broken package: the evaluator is told where it goes.
    const [wrong] = await Promise.all([page.waitForEvent('filechooser'), click(page, '再打开数据包…')]);
    await wrong.setFiles(reviewFiles[0]);
    await find(page, /是专家评审意见，不是数据包/);
    await click(page, '专家组汇总');

    // Four experts first: the panel merges. 松江's documents name no panel size (only 湖南's 7.2
    // does), so no “fewer than five” warning may appear, and no other province's clause is cited.
    const [four] = await Promise.all([page.waitForEvent('filechooser'), click(page, '添加专家评审意见…')]);
    await four.setFiles(reviewFiles.slice(0, 4));
    await find(page, '专家 4 人');
    // The banner names every file added, not only the last (issue 25 item 11).
    await find(page, new RegExp('^已处理 4 个文件：' + experts.slice(0, 4).map((n) => `已加入“评审意见-${n}\\.json”。`).join('')));
    assert(!(await page.evaluate(() => window.qis.items().some((i) => /不少于 \d+ 人|规范》?\s*7\.2/.test(i.label)))),
      '松江 panel warned about its size or cited 7.2, which is Hunan\'s rule: ' + JSON.stringify(await page.evaluate(() => window.qis.items().filter((i) => /不少于 \d+ 人|规范》?\s*7\.2/.test(i.label)).map((i) => i.label))));
    // The fifth is dropped onto the page, as an evaluator drags a file from a folder (the pointer
    // over the table, where a drag ends, not over a toolbar button).
    await page.mouse.move(600, 500);
    await settle(page);
    await page.evaluate(([name, text]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, { type: 'application/json' }));
      document.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, [reviewFiles[4].name, reviewFiles[4].buffer.toString()]);
    await find(page, '专家 5 人');
    // A damaged file and a review of another package are refused with what to do; nothing changes.
    const [broken] = await Promise.all([page.waitForEvent('filechooser'), click(page, '添加专家评审意见…')]);
    await broken.setFiles({ name: '损坏.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "qis-review/1", ') });
    await find(page, /^“损坏.json”无法作为评审意见读取/);
    const elsewhere = structuredClone(reviews[0]);
    elsewhere.package.sha256 = 'a'.repeat(64);
    elsewhere.expert.name = '吴专家';
    const [foreign] = await Promise.all([page.waitForEvent('filechooser'), click(page, '添加专家评审意见…')]);
    await foreign.setFiles({ name: '另一数据包的评审.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(elsewhere)) });
    await find(page, /是对另一个数据包的评审意见/);
    await find(page, '专家 5 人');
    // A review of the same expert again is refused, and the count stays at five.
    const [again] = await Promise.all([page.waitForEvent('filechooser'), click(page, '添加专家评审意见…')]);
    await again.setFiles(reviewFiles[0]);
    await find(page, /已经加入/);
    await find(page, '专家 5 人');
    // The same expert with a zero-width space in the name prints alike: refused as well (issue 31 item 7).
    const hidden = structuredClone(reviews[0]);
    hidden.expert.name = '赵\u200B专家';
    const [zw] = await Promise.all([page.waitForEvent('filechooser'), click(page, '添加专家评审意见…')]);
    await zw.setFiles({ name: '评审意见-赵专家-2.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(hidden)) });
    await find(page, /只差空格或不可见字符/);
    await find(page, '专家 5 人');

    // 只看需复核 brings the flagged row (2.7, now tall with five experts' opinions) to the top.
    await click(page, '只看需复核');
    await find(page, 'computed 2.7 6.4');
    await find(page, 'wide spread 2.7');
    // Each expert's comment and deviation reason on the panel screen, not only in the printed sheet;
    // the expert farthest from the others (赵, 4 against a median of 7) tinted, not only the spread.
    await find(page, 'opinion 2.7 赵专家：赵专家对合理布局的意见；偏差理由：产业规划文件未覆盖新建园区');
    await find(page, 'opinion 2.7 周专家：周专家对合理布局的意见');
    await find(page, 'outlier 2.7 赵专家');
    const outliers = (await items(page)).filter((i) => i.label.startsWith('outlier 2.7 ')).map((i) => i.label);
    assert(outliers.length === 1, 'outlier cells of 2.7: ' + JSON.stringify(outliers));
    // 移除 takes one click back: 撤销移除 puts the review where it was.
    await click(page, '移除');
    await find(page, '专家 4 人');
    await click(page, '撤销移除');
    await find(page, '专家 5 人');
    await find(page, 'outlier 2.7 赵专家');
    await find(page, new RegExp(`^专家组总分 ${meanTotal}（`));
    await click(page, '去掉一个最高分和一个最低分后平均##method');
    await find(page, 'computed 2.7 6.7');
    await find(page, new RegExp(`^专家组总分 ${trimmedTotal}（`));
    await page.screenshot({ path: join(OUT_DIR, 'panel.png') });

    await click(page, '只看需复核');  // every row again
    // The leader sets 3.15 to 4.5: refused without a reason, accepted with one (the row is
    // scrolled to with the pointer over the table, low on the page).
    await find(page, /##result 3\.15$/, { timeout: 20000, scrollAt: { x: 640, y: 840 } });
    await click(page, /##result 3\.15$/);
    await fill(page, '##override_value', '4.5', { enter: false });
    await click(page, '确定调整');
    await find(page, /须注明理由/);
    await find(page, new RegExp(`^专家组总分 ${trimmedTotal}（`));
    await fill(page, '##override_reason', '现场核查确认服务质量良好', { enter: false });
    await click(page, '确定调整');
    await find(page, new RegExp(`^专家组总分 ${overriddenTotal}（`));
    await find(page, /4\.5 \*##result 3\.15$/);
    // The row being changed is repeated in the editor: every expert's score beside the box.
    await click(page, /##result 3\.15$/);
    await find(page, 'override row 3.15');
    await click(page, '取消');
    // 只看需复核: the flagged rows only (2.7's spread, 3.15's leader result), at 768 px wide as well.
    await page.setViewportSize({ width: 768, height: 1024 });
    await settle(page, 6);
    await click(page, '只看需复核');
    await settle(page, 4);
    const shownRows = (await items(page)).filter((i) => i.label.startsWith('computed ')).map((i) => i.label.split(' ')[1]);
    assert(JSON.stringify(shownRows.sort()) === JSON.stringify(['2.7', '3.15']), 'only-flagged rows: ' + JSON.stringify(shownRows));
    await page.screenshot({ path: join(OUT_DIR, 'panel-flagged-768.png') });
    await click(page, '只看需复核');
    await page.setViewportSize({ width: 1366, height: 768 });
    await settle(page, 6);
    await page.screenshot({ path: join(OUT_DIR, 'panel-1366.png') });
    await page.setViewportSize({ width: 1280, height: 900 });
    await settle(page, 6);
    await click(page, '知道了');  // the banner about the duplicate review is dismissed
    await page.screenshot({ path: join(OUT_DIR, 'panel-override.png') });

    // The exported panel file is what the CLI computes from the same reviews and choices.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 5000 }), click(page, '导出专家组汇总')]);
    const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert(exported.format === 'qis-panel/1' && exported.method === 'trimmed', 'exported panel: ' + exported.method);
    assert(exported.reviews.length === 5, 'exported panel has ' + exported.reviews.length + ' reviews');
    const cli = JSON.parse(execFileSync(QIS, ['panel', packagePath, ...reviewPaths, '--method', 'trimmed',
      '--override', '3.15=4.5:现场核查确认服务质量良好', '--json'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString());
    assert(cli.result.total === overriddenTotal, `CLI total ${cli.result.total}, expected ${overriddenTotal}`);
    assert(exported.result.total === cli.result.total, `page total ${exported.result.total} vs CLI ${cli.result.total}`);
    const panelPath = join(work, 'panel.json');
    await writeFile(panelPath, JSON.stringify(exported));
    execFileSync(QIS, ['report', packagePath, '--kind', 'score-sheet', '--panel', panelPath, '-o', join(work, 'sheet.html')]);

    // The score sheet printed with the panel: every expert, the leader's result and its reason.
    await click(page, '打印评分表（含专家组）');
    const html = await page.waitForFunction(() => {
      const f = [...document.querySelectorAll('iframe')].map((x) => x.srcdoc || '').find((t) => t.includes('赵专家'));
      return f || false;
    }, null, { timeout: 5000 }).then((h) => h.jsonValue());
    for (const name of experts) assert(html.includes(name), `the score sheet does not name ${name}`);
    assert(html.includes('现场核查确认服务质量良好'), 'the score sheet does not give the leader\'s reason');
    assert(!/<script/i.test(html), 'the score sheet contains a script');
    await mkdir(OUT_DIR, { recursive: true });
    await writeFile(join(OUT_DIR, 'panel-score-sheet.html'), html);
    const doc = await context.newPage();
    await doc.setContent(html);
    await doc.pdf({ path: join(OUT_DIR, 'panel-score-sheet.pdf'), format: 'A4' });
    await doc.close();

    // After a reload the package and the panel are there again, without opening any file.
    await page.reload();
    await waitForFrames(page, 1);
    await click(page, /^继续评审（1 个已打开的数据包）/);
    await find(page, 'package ' + sample.profile.name);
    await click(page, '专家组汇总');
    await find(page, '专家 5 人');
    await find(page, new RegExp(`^专家组总分 ${overriddenTotal}（`));
    assert(errors.length === 0, 'errors were logged:\n' + errors.join('\n'));
    console.log(`  panel: 5 reviews merged (mean ${meanTotal}, trimmed ${trimmedTotal}, leader ${overriddenTotal}), CLI agrees, sheet printed, kept across reload`);
  } finally {
    await context.close();
  }
}

await runStandalone(import.meta.url, panel);
