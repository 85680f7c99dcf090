// Issue 25: the evaluator's page never shows a verdict the files do not support. The same files
// are opened in the page and given to the CLI: five 湖南 packages (one plain, one with a five-expert
// panel, one hand-edited, one in a good bundle, one in a bundle with one byte of its PDF flipped).
// The page's ranking CSV and `qis rank --panel … --csv` agree byte for byte, status column and
// panel score included, and both keep the tampered ones out with the reason. The review screen of
// the tampered package shows its findings and asks before 同意自评; a review `qis review` refuses
// is not exported as a success; the good and then the altered bundle of one package keep both
// results, each judging its own files; 60 packages have a summary line, the ranking one action away
// and the same order after a reload. Screenshots at 1366 and 768 px wide.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assert, openApp, OUT_DIR, ROOT, runStandalone, waitForFrames } from './lib.mjs';
import { click, fill, find, items, settle, steady, visible } from './ui.mjs';

const QIS = join(ROOT, 'build/native/qis');
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
  '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');

// The station's package as exported: stored scores computed by the native CLI on the same core.
async function scored(obj, dir, tag) {
  const path = join(dir, `${tag}.json`);
  await writeFile(path, JSON.stringify(obj));
  const cli = JSON.parse(execFileSync(QIS, ['score', path, '--json']).toString());
  obj.scores = { total: cli.total, base: cli.base, bonus: cli.bonus, max: cli.max, bonus_max: cli.bonus_max,
    criteria: Object.fromEntries(cli.criteria.map((c) => [c.id, c.score])) };
  const bytes = Buffer.from(JSON.stringify(obj));
  await writeFile(path, bytes);
  return { path, bytes, name: obj.profile.name };
}

// The button `label` in the row of the package list that names `station`.
async function rowButton(page, station, label) {
  return steady(page, async () => {
    const row = await find(page, 'package ' + station);
    const b = (await items(page)).filter((i) => visible(i.label) === label && i.y + i.h > row.y && i.w > 1)
      .sort((x, y) => x.y - y.y)[0];
    assert(b, `no ${label} button beside ${station}`);
    return b;
  });
}

async function clickAt(page, it) {
  await page.mouse.click(it.x + Math.min(it.w / 2, 40), it.y + it.h / 2);
  await settle(page);
}

async function open(page, files, first = false) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'),
    click(page, first ? '打开数据包进行评审…' : '再打开数据包…')]);
  await chooser.setFiles(files);
}

export default async function verdicts({ browser, server }) {
  const dir = await mkdtemp(join(tmpdir(), 'qis-verdicts-'));
  const sample = JSON.parse(await readFile(join(ROOT, 'tests/fixtures/samples/hunan-db43.json'), 'utf8'));
  const station = (name, change) => {
    const obj = structuredClone(sample);
    obj.profile.name = name;
    if (change) change(obj);
    return obj;
  };
  // 开福: clean. 雨花: five experts. 天元: a stored score edited by hand. 芙蓉: a good bundle.
  // 岳麓: its bundle with one byte of the PDF flipped (and, later, its good bundle).
  const kaifu = await scored(station('开福区质量服务站', (o) => { o.answers['1.1.2'] = { level: 1, value: 7 }; }), dir, 'kaifu');
  const yuhua = await scored(station('雨花区质量服务站'), dir, 'yuhua');
  const tianyuan = await scored(station('天元区质量服务站', (o) => { o.answers['1.1.2'] = { level: 1, value: 6 }; }), dir, 'tianyuan');
  const edited = JSON.parse(tianyuan.bytes.toString());
  edited.scores.criteria['1.1.2'] += 3;
  edited.scores.total += 3;
  tianyuan.bytes = Buffer.from(JSON.stringify(edited));
  await writeFile(tianyuan.path, tianyuan.bytes);
  const evidenceDir = join(dir, 'evidence');
  await mkdir(evidenceDir);
  await writeFile(join(evidenceDir, '相关制度.pdf'), PDF);
  const withPdf = (o) => {
    o.evidence = [{ id: 'ev-reg', name: '相关制度.pdf', type: 'application/pdf', size: PDF.length, sha256: sha256(PDF),
      criteria: ['1.1.2', 'material:regulations'] }];
  };
  const furong = await scored(station('芙蓉区质量服务站', (o) => { withPdf(o); o.answers['1.1.2'] = { level: 1, value: 5 }; }), dir, 'furong');
  const yuelu = await scored(station('岳麓区质量服务站', (o) => { withPdf(o); o.answers['1.1.2'] = { level: 1, value: 9 }; }), dir, 'yuelu');
  const bundle = (pkg, out) => execFileSync(QIS, ['bundle', pkg.path, '--evidence', evidenceDir, '-o', out], { stdio: 'pipe' });
  const furongZip = join(dir, '芙蓉-提交包.zip');
  const yueluGood = join(dir, '岳麓-提交包.zip');
  const yueluBad = join(dir, '岳麓-提交包-改动.zip');
  bundle(furong, furongZip);
  bundle(yuelu, yueluGood);
  const zip = await readFile(yueluGood);
  const at = zip.indexOf(PDF);
  assert(at > 0, 'the PDF is not stored in the bundle');
  zip[at + 20] ^= 0x01;  // one byte of the PDF, the package untouched
  await writeFile(yueluBad, zip);

  // Five experts for 雨花: 1.1.2 at 6, 7, 8, 9, 9 (self 8) → mean 7.8, the total 0.2 below the self score.
  const hash = sha256(yuhua.bytes);
  const experts = ['赵专家', '钱专家', '孙专家', '李专家', '周专家'];
  const values = [6, 7, 8, 9, 9];
  const reviewPaths = [];
  for (const [i, name] of experts.entries()) {
    const criteria = {};
    for (const [id, answer] of Object.entries(sample.answers)) criteria[id] = { answer };
    criteria['1.1.2'] = { answer: { level: 1, value: values[i] }, comment: `${name}的意见` };
    const review = { format: 'qis-review/1', package: { sha256: hash, name: yuhua.name },
      rubric: { id: sample.rubric.id, version: sample.rubric.version },
      expert: { name, title: '高级工程师', unit: '湖南省质量技术研究院' }, date: `2025-06-0${i + 1}`,
      margin_percent: 20, criteria, summary: '' };
    reviewPaths.push(join(dir, `评审意见-${name}.json`));
    await writeFile(reviewPaths[i], JSON.stringify(review));
  }
  const panelPath = join(dir, '雨花-专家组汇总.json');
  execFileSync(QIS, ['panel', yuhua.path, ...reviewPaths, '-o', panelPath], { stdio: 'pipe' });

  const { context, page, errors } = await openApp(browser, server.origin, { viewport: { width: 1366, height: 900 } });
  let second = null;
  let third = null;
  try {
    const today = await page.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    });
    await open(page, [kaifu.path, yuhua.path, tianyuan.path, furongZip, yueluBad], true);
    for (const s of [kaifu, yuhua, tianyuan, furong, yuelu]) await find(page, 'package ' + s.name, { timeout: 60000 });
    await find(page, /^共 5 个数据包：\d+ 个校验通过，2 个有问题/);

    // ---- The panel of 雨花, assembled in the page from the five review files ----
    await clickAt(page, await rowButton(page, yuhua.name, '专家组汇总'));
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, '添加专家评审意见…')]);
    await chooser.setFiles(reviewPaths);
    await find(page, '专家 5 人');
    const panelTotal = Math.round((JSON.parse(yuhua.bytes.toString()).scores.total - 0.2) * 10) / 10;
    await find(page, new RegExp(`^专家组总分 ${panelTotal}（`));
    await click(page, '← 返回数据包列表');

    // ---- The ranking: in one action from the top of the list, ranked by the panel ----
    await click(page, /^查看排名（1 个评分表）/);
    await find(page, /^排名：.*（1 个按本页的专家组汇总，4 个按自评得分）/);
    await find(page, `rank score ${yuhua.name} ${panelTotal} panel`);
    await find(page, new RegExp(`^rank status ${tianyuan.name} \\d+ 项问题`));
    await find(page, new RegExp(`^rank status ${yuelu.name} 2 项问题`));  // the PDF, for 1.1.2 and for the material
    await page.screenshot({ path: join(OUT_DIR, 'verdicts-ranking-1366.png') });
    const [dl] = await Promise.all([page.waitForEvent('download'), click(page, '导出排名 CSV##hunan-db43')]);
    const pageCsv = await readFile(await dl.path(), 'utf8');
    const cli = spawnSync(QIS, ['rank', kaifu.path, yuhua.path, tianyuan.path, furongZip, yueluBad, '--panel', panelPath,
      '--csv', '--today', today], { encoding: 'utf8' });
    assert(cli.status === 0, 'qis rank failed:\n' + cli.stderr);
    await writeFile(join(OUT_DIR, 'verdicts-rank-page.csv'), pageCsv);
    await writeFile(join(OUT_DIR, 'verdicts-rank-cli.csv'), cli.stdout);
    const pageRows = pageCsv.split('\r\n');
    const cliRows = cli.stdout.split('\r\n');
    for (let i = 0; i < Math.max(pageRows.length, cliRows.length); i++)
      assert(pageRows[i] === cliRows[i], `row ${i} differs:\n  page: ${pageRows[i]}\n  qis:  ${cliRows[i]}`);
    assert(pageRows[0].endsWith(',得分来源,核对结果'), 'the CSV has no status column: ' + pageRows[0]);
    const rowOf = (name) => pageRows.find((r) => r.split(',')[1] === name) || '';
    assert(rowOf(yuhua.name).startsWith('1,') || /^\d,/.test(rowOf(yuhua.name)), '雨花 is not ranked: ' + rowOf(yuhua.name));
    assert(rowOf(yuhua.name).includes(`,${panelTotal},`) && rowOf(yuhua.name).includes('专家组汇总（赵专家、钱专家、孙专家、李专家、周专家）'),
      '雨花 is not ranked by its panel: ' + rowOf(yuhua.name));
    for (const s of [tianyuan, yuelu])
      assert(/^,/.test(rowOf(s.name)) && rowOf(s.name).includes("未参加排名") && /,\d+ 项问题/.test(rowOf(s.name)),
        `${s.name} is not kept out with the reason: ${rowOf(s.name)}`);
    assert(!/项问题/.test(rowOf(furong.name)) && /^\d,/.test(rowOf(furong.name)), 'the good bundle is not ranked clean: ' + rowOf(furong.name));

    // ---- The workbook: every criterion × expert × station and the ranking, as `qis rank --xlsx` ----
    // writes it for the same files; both read back through LibreOffice Calc, sheet by sheet.
    const [wb] = await Promise.all([page.waitForEvent('download'), click(page, 'export workbook hunan-db43')]);
    const bookDir = join(OUT_DIR, 'verdicts-book');
    await rm(bookDir, { recursive: true, force: true });
    await mkdir(join(bookDir, 'csv'), { recursive: true });
    await writeFile(join(bookDir, 'page.xlsx'), await readFile(await wb.path()));
    const roundName = '湖南省 2022 服务评价表（1000分）';  // the page names the round after the rubric
    const cliBook = spawnSync(QIS, ['rank', kaifu.path, yuhua.path, tianyuan.path, furongZip, yueluBad, '--panel', panelPath,
      '--xlsx', '--round', roundName, '-o', join(bookDir, 'cli.xlsx'), '--today', today], { encoding: 'utf8' });
    assert(cliBook.status === 0, 'qis rank --xlsx failed:\n' + cliBook.stderr);
    const calc = spawnSync('soffice', ['-env:UserInstallation=file://' + join(bookDir, 'profile'), '--headless', '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', '--outdir', join(bookDir, 'csv'),
      join(bookDir, 'page.xlsx'), join(bookDir, 'cli.xlsx')], { encoding: 'utf8', timeout: 120000 });
    assert(calc.status === 0, 'LibreOffice could not read the workbooks:\n' + calc.stderr);
    for (const sheet of [roundName, '排名']) {
      const pageSheet = (await readFile(join(bookDir, 'csv', `page-${sheet}.csv`), 'utf8')).split('\n');
      const cliSheet = (await readFile(join(bookDir, 'csv', `cli-${sheet}.csv`), 'utf8')).split('\n');
      for (let i = 0; i < Math.max(pageSheet.length, cliSheet.length); i++)
        assert(pageSheet[i] === cliSheet[i], `workbook sheet ${sheet} row ${i} differs:\n  page: ${pageSheet[i]}\n  qis:  ${cliSheet[i]}`);
    }
    const roundRows = (await readFile(join(bookDir, 'csv', `page-${roundName}.csv`), 'utf8')).trim().split('\n').slice(1);
    const criteriaIds = new Set(roundRows.map((r) => r.split(',')[2]));
    assert(criteriaIds.size > 50 && roundRows.length === criteriaIds.size * 5,
      `the workbook has ${roundRows.length} rows for ${criteriaIds.size} criteria, not one per criterion × expert`);
    assert(['赵专家', '钱专家', '孙专家', '李专家', '周专家'].every((n) => roundRows.filter((r) => r.includes(`,${n},`)).length === criteriaIds.size),
      'not every expert has a row for every criterion');

    // ---- The review screen of the tampered bundle: its findings in view, 同意自评 asks first ----
    await clickAt(page, await rowButton(page, yuelu.name, '评审'));
    // One line in view; under 1000 px of height the details are one click away.
    await click(page, /^核对发现 2 项问题，另缺 4 项必备申请材料（明细）/);
    await find(page, /^banner finding .*申请材料“相关制度”（6\.2 d\)）的证明材料“相关制度\.pdf”：SHA-256 与清单记录不一致/);
    assert(!(await items(page)).some((i) => /material:regulations/.test(i.label)), 'a finding names material:regulations');
    await fill(page, '##expert_name', '吴专家', { enter: false });
    await click(page, '下一项 →');
    await find(page, 'position 1.1.2');
    await find(page, /^evidence status “相关制度\.pdf”：提交包中有此文件，但其内容与数据包记录的 SHA-256 不一致/);
    const openPdf = await find(page, 'open 相关制度.pdf');
    await page.mouse.move(openPdf.x + 5, openPdf.y + openPdf.h / 2);
    await settle(page);
    await page.screenshot({ path: join(OUT_DIR, 'verdicts-review-tampered-1366.png') });
    await click(page, '同意自评');
    await find(page, /^该数据包核对发现 2 项问题/);
    await click(page, '取消##agree_one');
    await find(page, '已评 0 / 54 项');
    await click(page, '其余各项同意自评…');
    await find(page, /^注意：该数据包核对发现 2 项问题/);
    await click(page, '取消##agree');
    await page.setViewportSize({ width: 768, height: 900 });
    await settle(page, 4);
    await page.screenshot({ path: join(OUT_DIR, 'verdicts-review-tampered-768.png') });
    await page.setViewportSize({ width: 1366, height: 900 });
    await settle(page, 4);
    await click(page, '← 返回数据包列表');

    // ---- A review `qis review` refuses is not exported as a success ----
    await clickAt(page, await rowButton(page, kaifu.name, '评审'));
    await fill(page, '##expert_name', '郑专家', { enter: false });
    await click(page, '下一项 →');
    await find(page, 'position 1.1.2');
    await click(page, '##lv', { nth: 2 });  // 0 points against the self score 7: beyond the margin, no reason
    await find(page, /^与自评相差 7 分，超过允许偏差 2 分/);
    let downloaded = false;
    const onDownload = () => { downloaded = true; };
    page.on('download', onDownload);
    await click(page, '导出评审意见');
    await find(page, /^评审意见尚未完成，不能用于专家组汇总（2 个问题）/);
    await find(page, /^export problem review\.deviation_reason /);
    await find(page, /^export problem panel\.review_incomplete /);
    await page.screenshot({ path: join(OUT_DIR, 'verdicts-export-refused-1366.png') });
    await click(page, '返回修改##export');
    await page.waitForTimeout(300);
    page.off('download', onDownload);
    assert(!downloaded, 'the invalid review was downloaded without asking');
    await click(page, '导出评审意见');
    const [draft] = await Promise.all([page.waitForEvent('download'), click(page, '导出未完成稿')]);
    assert(draft.suggestedFilename().endsWith('-未完成.json'), 'the incomplete review is named ' + draft.suggestedFilename());
    await find(page, /^已导出评审意见未完成稿/);
    const draftPath = join(dir, 'draft-review.json');
    await writeFile(draftPath, await readFile(await draft.path()));
    const checked = spawnSync(QIS, ['review', kaifu.path, draftPath], { encoding: 'utf8' });
    assert(checked.status === 1 && checked.stderr.includes('[review.deviation_reason]') && checked.stderr.includes('[panel.review_incomplete]'),
      'qis review does not refuse what the page refused:\n' + checked.stderr);
    await click(page, '← 返回数据包列表');
    await page.setViewportSize({ width: 768, height: 900 });
    await settle(page, 4);
    await click(page, /^查看排名（1 个评分表）/);
    await page.screenshot({ path: join(OUT_DIR, 'verdicts-ranking-768.png') });

    // ---- The good bundle, then the altered one, of one package: both results kept ----
    second = await openApp(browser, server.origin, { viewport: { width: 1366, height: 900 } });
    const p2 = second.page;
    await open(p2, [yueluGood], true);
    await find(p2, 'package ' + yuelu.name, { timeout: 60000 });
    await find(p2, '提交包：1 / 1 个附件与清单一致（已核对 SHA-256）');
    await open(p2, [yueluBad]);
    await find(p2, /按此提交包中的文件另行核对：发现问题/, { timeout: 60000 });
    await find(p2, '提交包：1 / 1 个附件与清单一致（已核对 SHA-256）');  // the first result is still there
    await find(p2, /^提交包：已核对 1 \/ 1 个附件，问题见下/);
    await find(p2, /^共 2 个数据包：\d+ 个校验通过，1 个有问题/);
    await find(p2, /同一数据包只能参加一次排名/);
    await p2.screenshot({ path: join(OUT_DIR, 'verdicts-two-bundles-1366.png') });
    // Each row judges its own files: the good copy opens the PDF, the altered copy refuses it.
    const reviewButtons = (await items(p2)).filter((i) => visible(i.label) === '评审').sort((a, b) => a.y - b.y);
    assert(reviewButtons.length === 2, 'expected two 评审 buttons, got ' + reviewButtons.length);
    await clickAt(p2, reviewButtons[0]);
    await click(p2, /^全部附件（1 个）/);
    const goodOpen = await find(p2, 'open 相关制度.pdf');
    assert(!(await items(p2)).some((i) => /^evidence status /.test(i.label)), 'the good bundle\'s PDF is said to be altered');
    const [tab] = await Promise.all([second.context.waitForEvent('page', { timeout: 10000 }), clickAt(p2, goodOpen)]);
    await tab.close();
    await find(p2, /已在新标签页中打开“相关制度\.pdf”（SHA-256 核对一致）/);
    await click(p2, '关闭##evidence');
    await click(p2, '← 返回数据包列表');
    const again = (await items(p2)).filter((i) => visible(i.label) === '评审').sort((a, b) => a.y - b.y);
    await clickAt(p2, again[1]);
    await click(p2, /^全部附件（1 个）/);
    await find(p2, /^evidence status “相关制度\.pdf”：提交包中有此文件，但其内容与数据包记录的 SHA-256 不一致/);
    await p2.screenshot({ path: join(OUT_DIR, 'verdicts-altered-evidence-1366.png') });

    // ---- A province's round: 60 packages, a summary, the ranking one action away, a stable order ----
    third = await openApp(browser, server.origin, { viewport: { width: 1366, height: 768 } });
    const p3 = third.page;
    const sj = JSON.parse(await readFile(join(ROOT, 'tests/fixtures/samples/songjiang-2024.json'), 'utf8'));
    const base = await scored(sj, dir, 'songjiang');
    const many = Array.from({ length: 60 }, (_, i) => {
      const o = JSON.parse(base.bytes.toString());
      o.profile.name = `松江第${String(i + 1).padStart(2, '0')}号质量服务站`;
      return { name: `sj-${i + 1}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(o)) };
    });
    const [c60] = await Promise.all([p3.waitForEvent('filechooser'), click(p3, '打开数据包进行评审…')]);
    await c60.setFiles(many);
    await find(p3, /^共 60 个数据包：/, { timeout: 60000 });
    const order = async () => (await items(p3)).filter((i) => i.label.startsWith('package ')).sort((a, b) => a.y - b.y)
      .map((i) => i.label).slice(0, 5);
    const before = await order();
    await click(p3, /^查看排名（1 个评分表）/);
    const title = (await items(p3)).find((i) => /^排名：/.test(i.label) && i.y >= 0 && i.y + i.h <= 768);
    assert(title, 'after 查看排名 the first ranking is not on screen');
    // 60 equal scores share the first place (并列), never ordered by a rule no rubric has (issue 25 item 7).
    await find(p3, 'rank place 松江第01号质量服务站 并列 1');
    await find(p3, 'rank place 松江第02号质量服务站 并列 1');
    assert(!(await items(p3)).some((i) => i.label.includes('字符编码')), 'a note still orders ties by character code');
    await p3.screenshot({ path: join(OUT_DIR, 'verdicts-60-ranking-1366.png') });
    await p3.reload();
    await waitForFrames(p3, 1);
    await click(p3, /^继续评审（60 个已打开的数据包）/);
    await find(p3, /^共 60 个数据包：/, { timeout: 60000 });
    const after = await order();
    assert(JSON.stringify(after) === JSON.stringify(before), `the list's order changed after a reload: ${before} → ${after}`);

    const all = errors.concat(second.errors, third.errors);
    assert(all.length === 0, 'errors were logged:\n' + all.join('\n'));
    console.log(`  verdicts: page CSV = qis rank CSV (${pageRows.length - 2} rows, panel ${panelTotal}, 2 kept out); ` +
      'tampered review shows findings; invalid review refused; both bundle results kept; 60 packages: summary, ranking in one action, order kept');
  } finally {
    await context.close();
    if (second) await second.context.close();
    if (third) await third.context.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await runStandalone(import.meta.url, verdicts);
