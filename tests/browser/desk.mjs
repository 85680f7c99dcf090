// The evaluator's desk: a 湖南 package with embedded evidence (a PDF, an image, a Word file and an
// image altered after export) is opened; the PDF and the image open in a new tab with the right
// content type, are saved under their original names, the Word file is saved, the altered image
// is refused. The expert scores three criteria differently, prints the 评分表 of the review in
// progress, accepts the self-score for the other 51 in one confirmed step, and exports the
// review; the input actions are counted. Then the station's side: the same package reopened as
// a draft asks before a second draft of the same station and rubric appears, and its evidence
// opens from the materials screen. Last, packages of two rubrics rank in two tables.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { assert, openApp, runStandalone, OUT_DIR, ROOT, waitForFrames } from './lib.mjs';
import { click, fill, find, items, settle, typeText } from './ui.mjs';

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

// A tiny but valid PNG (w×h, one colour), made here so the test needs no binary fixture.
function png(w, h, [r, g, b]) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const x of buf) c = crcTable[(c ^ x) & 255] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; ihdr[9] = 2;  // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: w }, () => [r, g, b]).flat())]);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
  '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');
const IMAGE = png(40, 30, [200, 40, 40]);
const WORD = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('会议纪要（示例，不是真正的 Word 文件）')]);
const ALTERED = png(8, 8, [0, 0, 200]);

function entry(id, name, type, bytes, criteria, { recordedHash } = {}) {
  return { id, name, type, size: bytes.length, sha256: recordedHash || sha256(bytes), criteria, data_base64: bytes.toString('base64') };
}

// Stored scores as an export writes them, computed by the native CLI on the same core.
function withScores(obj) {
  const path = join(tmpdir(), `qis-desk-${process.pid}.json`);
  writeFileSync(path, JSON.stringify(obj));
  const cli = JSON.parse(execFileSync(join(ROOT, 'build/native/qis'), ['score', path, '--json']).toString());
  obj.scores = { total: cli.total, base: cli.base, bonus: cli.bonus, max: cli.max, bonus_max: cli.bonus_max,
    criteria: Object.fromEntries(cli.criteria.map((c) => [c.id, c.score])) };
  return obj;
}

// Counts what the user does: clicks, key presses, wheel turns, text typed (one per field).
function counter(page) {
  const n = { clicks: 0, keys: 0, wheels: 0, texts: 0, files: 0 };
  const { mouse, keyboard } = page;
  const click0 = mouse.click.bind(mouse), wheel0 = mouse.wheel.bind(mouse), press0 = keyboard.press.bind(keyboard);
  let on = false;
  mouse.click = (...a) => { if (on) n.clicks++; return click0(...a); };
  mouse.wheel = (...a) => { if (on) n.wheels++; return wheel0(...a); };
  keyboard.press = (...a) => { if (on) n.keys++; return press0(...a); };
  return {
    n,
    start() { on = true; },
    stop() { on = false; },
    // A field filled as a user does it: click into it, type, (Enter). Select-all and delete of
    // an empty field are the test's precaution, not the user's work.
    async fill(what, text, opts = {}) {
      const it = await find(page, what, opts);
      await mouse.click(it.x + Math.min(it.w / 4, 30), it.y + it.h / 2);  // counted by the wrapper
      await settle(page);
      await press0('Control+A');
      await press0('Delete');
      await typeText(page, text);
      if (on) n.texts++;
      if (opts.enter !== false) await keyboard.press('Enter');
      await settle(page);
    },
    total() { return n.clicks + n.keys + n.wheels + n.texts + n.files; },
  };
}

export default async function desk({ browser, server }) {
  const sample = JSON.parse(await readFile(join(ROOT, 'tests/fixtures/samples/hunan-db43.json'), 'utf8'));
  const station = sample.profile.name;
  const pkg = structuredClone(sample);
  pkg.evidence = [
    entry('ev-pdf', '机构分工文件.pdf', 'application/pdf', PDF, ['1.1.2', 'material:regulations']),
    entry('ev-png', '服务大厅照片.png', 'image/png', IMAGE, ['1.1.2']),
    entry('ev-doc', '会议纪要.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', WORD, ['2.2.1']),
    entry('ev-alt', '服务模式示意图.png', 'image/png', ALTERED, ['4.2.1'], { recordedHash: sha256(Buffer.from('the drawing as exported, before someone changed it')) }),
  ];
  withScores(pkg);
  const file = { name: '长沙县-hunan-db43.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(pkg)) };
  await mkdir(OUT_DIR, { recursive: true });

  const { context, page, errors } = await openApp(browser, server.origin, { viewport: { width: 1280, height: 900 } });
  const act = counter(page);
  try {
    // ---- Evidence from a package under review ----
    act.start();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, '打开数据包进行评审…')]);
    await chooser.setFiles(file);
    act.n.files++;
    await find(page, 'package ' + station);
    await find(page, /服务模式示意图\.png/);  // the altered file is a finding on opening already
    await click(page, '评审', { nth: 0 });
    await act.fill('##expert_name', '李专家', { enter: false });
    act.stop();

    await click(page, /^全部附件（4 个）/);
    await find(page, 'open 机构分工文件.pdf');
    await page.screenshot({ path: join(OUT_DIR, 'desk-evidence.png') });

    // The PDF: a new tab showing a blob: URL of type application/pdf, not blocked by the page's CSP.
    const viewed = async (label) => {
      const [tab] = await Promise.all([context.waitForEvent('page', { timeout: 8000 }), click(page, label)]);
      await tab.waitForLoadState('load').catch(() => {});
      const url = tab.url();
      const last = await page.evaluate(() => window.qisPage.lastViewed);
      // The type the tab's document has: what the browser's viewer was chosen by.
      const type = await tab.evaluate(() => document.contentType).catch((e) => 'unreadable: ' + e.message);
      return { tab, url, type, last };
    };
    const csp = [];
    context.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) csp.push(m.text()); });
    const pdf = await viewed('open 机构分工文件.pdf');
    assert(pdf.url.startsWith('blob:' + server.origin), 'the PDF did not open as a blob: URL of this origin: ' + pdf.url);
    assert(pdf.type === 'application/pdf', 'the PDF tab has content type ' + pdf.type);
    assert(pdf.last.filename === '机构分工文件.pdf' && pdf.last.size === PDF.length, 'the PDF tab got ' + JSON.stringify(pdf.last));
    await pdf.tab.screenshot({ path: join(OUT_DIR, 'desk-pdf-tab.png') }).catch(() => {});
    await pdf.tab.close();
    const img = await viewed('open 服务大厅照片.png');
    assert(img.url.startsWith('blob:'), 'the image did not open as a blob: URL: ' + img.url);
    assert(img.type === 'image/png', 'the image tab has content type ' + img.type);
    // The browser's image viewer drew it: the document is the image, at its size.
    const shown = await img.tab.evaluate(() => ({ type: document.contentType, w: document.images[0] && document.images[0].naturalWidth }));
    assert(shown.type === 'image/png' && shown.w === 40, 'the image tab shows ' + JSON.stringify(shown));
    await img.tab.close();
    assert(csp.length === 0, 'the Content-Security-Policy blocked something:\n' + csp.join('\n'));

    // Saved under the original name, with the original bytes.
    const saved = async (label) => {
      const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 8000 }), click(page, label)]);
      return { name: dl.suggestedFilename(), bytes: await readFile(await dl.path()) };
    };
    const pdfSaved = await saved('save 机构分工文件.pdf');
    assert(pdfSaved.name === '机构分工文件.pdf' && pdfSaved.bytes.equals(PDF), 'the PDF was saved as ' + pdfSaved.name);
    const imgSaved = await saved('save 服务大厅照片.png');
    assert(imgSaved.name === '服务大厅照片.png' && imgSaved.bytes.equals(IMAGE), 'the image was saved as ' + imgSaved.name);
    // A file the browser cannot show is saved when opened.
    const word = await saved('open 会议纪要.docx');
    assert(word.name === '会议纪要.docx' && word.bytes.equals(WORD), 'the Word file was saved as ' + word.name);
    await find(page, /^浏览器不能直接显示“会议纪要\.docx”/);
    // The altered image: refused, with the reason, and no tab.
    let opened = false;
    const onPage = () => { opened = true; };
    context.on('page', onPage);
    await click(page, 'open 服务模式示意图.png');
    await find(page, /^“服务模式示意图\.png”与数据包记录的摘要不一致/);
    await page.waitForTimeout(300);
    context.off('page', onPage);
    assert(!opened, 'the altered file was opened');
    await click(page, '关闭##evidence');

    // ---- Reviewing: three criteria scored differently, the rest accepted in one step ----
    act.start();
    await page.keyboard.press('PageDown');  // 1.1.1 → 1.1.2
    await settle(page);
    await find(page, 'position 1.1.2');
    await find(page, 'evidence 服务大厅照片.png ' + sha256(IMAGE));  // the criterion's evidence beside it
    await click(page, '##lv', { nth: 2 });  // 没有进行机构分工…，0 分: 8 below the self-score
    await find(page, /^与自评相差 8 分，超过允许偏差 2 分/);
    await act.fill('##deviation', '现场未见机构分工文件，人员职责未明确。', { enter: false });
    await click(page, /^2\.2\.1 /, { scrollAt: { x: 150, y: 500 }, timeout: 20000 });
    await find(page, 'position 2.2.1');
    await click(page, '同意自评');  // 45, then lowered to 42: within the margin, no reason needed
    // The package has a finding (the altered image): agreeing with its self-score asks first, once.
    await find(page, /^该数据包核对发现 1 项问题/);
    await click(page, '已核实，同意自评');
    await act.fill(/^评分（40~49 分）/, '42');
    await find(page, /^专家评分 42 \/ 60/);
    await page.screenshot({ path: join(OUT_DIR, 'desk-review-editor.png') });
    await click(page, /^4\.2\.1 /, { scrollAt: { x: 150, y: 500 }, timeout: 20000 });
    await find(page, 'position 4.2.1');
    await act.fill(/^评分（0~20 分）/, '12');
    await find(page, /^专家评分 12 \/ 20/);
    await find(page, '已评 3 / 54 项');
    act.stop();

    // The 评分表 of the review in progress carries the three scores and says it is a working sheet.
    await click(page, '打印评分表');
    const sheet = await page.waitForFunction(() => {
      const f = [...document.querySelectorAll('iframe')].map((x) => x.srcdoc || '').find((t) => t.includes('评分表'));
      return f || false;
    }, null, { timeout: 5000 }).then((h) => h.jsonValue());
    await writeFile(join(OUT_DIR, 'desk-score-sheet.html'), sheet);
    assert(sheet.includes('李专家') && sheet.includes('已评 3 / 54 项'), 'the 评分表 in progress lacks the expert or the count');
    assert(sheet.includes('现场未见机构分工文件'), 'the 评分表 in progress lacks the deviation reason');
    assert(/<td class="num">42<\/td><td class="comments">/.test(sheet) && /<td class="num">12<\/td><td class="comments">/.test(sheet), 'the 评分表 lacks the scores given');

    act.start();
    await click(page, '其余各项同意自评…');
    await find(page, /^将把尚未评分的 51 项设为与申报单位的自评相同/);
    await page.screenshot({ path: join(OUT_DIR, 'desk-agree-confirm.png') });
    await click(page, '确定，设置 51 项');
    await find(page, '已评 54 / 54 项');
    const [dl] = await Promise.all([page.waitForEvent('download'), click(page, '导出评审意见')]);
    act.stop();
    const review = JSON.parse(await readFile(await dl.path(), 'utf8'));
    assert(dl.suggestedFilename() === `${station}-评审意见-李专家.json`, 'review saved as ' + dl.suggestedFilename());
    assert(Object.keys(review.criteria).length === 54, 'the review scores ' + Object.keys(review.criteria).length + ' criteria');
    assert(review.criteria['2.2.1'].answer.value === 42 && review.criteria['4.2.1'].answer.value === 12, 'the changed scores are not in the review');
    assert(JSON.stringify(review.criteria['1.1.1'].answer) === JSON.stringify(sample.answers['1.1.1']), 'an accepted criterion differs from the self-assessment');
    // The exported review is complete and consistent for the CLI too (same core).
    const reviewPath = join(tmpdir(), `qis-desk-review-${process.pid}.json`);
    const pkgPath = join(tmpdir(), `qis-desk-pkg-${process.pid}.json`);
    await writeFile(reviewPath, JSON.stringify(review));
    await writeFile(pkgPath, file.buffer);
    const panelOut = execFileSync(join(ROOT, 'build/native/qis'), ['panel', pkgPath, reviewPath],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });  // it warns that one expert is fewer than five
    await writeFile(join(OUT_DIR, 'desk-panel.txt'), panelOut);
    const actions = act.total();
    console.log(`  desk: review of 54 criteria (3 changed, 51 accepted) in ${actions} input actions ` +
      `(${act.n.clicks} clicks, ${act.n.keys} keys, ${act.n.texts} texts typed, ${act.n.wheels} wheel turns, ${act.n.files} file chosen)`);
    assert(actions <= 30, `the review took ${actions} input actions`);
    // The panel of the package opens the same files.
    await click(page, '专家组汇总##from_review');
    await click(page, /^全部附件（4 个）/);
    const fromPanel = await viewed('open 服务大厅照片.png');
    assert(fromPanel.type === 'image/png', 'the panel opened the image as ' + fromPanel.type);
    await fromPanel.tab.close();
    await click(page, '关闭##evidence');
    await click(page, '← 返回数据包列表');

    // ---- The station's side: reopening its package as a draft ----
    await click(page, '← 首页');
    const drafts = () => page.evaluate(() => window.qis.storedKeys('qis.draft.').length);
    const openAsDraft = async () => {
      const [c] = await Promise.all([page.waitForEvent('filechooser'), click(page, '选择数据包文件…')]);
      await c.setFiles(file);
      await settle(page, 4);
    };
    await openAsDraft();
    assert(await drafts() === 1, 'the first opening did not make one draft');
    // Its evidence opens from the materials screen (kept in this browser on import).
    await click(page, '提交材料');
    const [tab] = await Promise.all([context.waitForEvent('page'), click(page, 'open 机构分工文件.pdf')]);
    assert(tab.url().startsWith('blob:'), 'the materials screen did not open the PDF in a tab');
    await tab.close();
    await click(page, '← 首页');
    await openAsDraft();
    await find(page, /^“长沙县质量技术服务中心”已有一份/);
    await page.screenshot({ path: join(OUT_DIR, 'desk-reopen.png') });
    await click(page, '取消##reopen');
    await find(page, /^未打开/);
    assert(await drafts() === 1, 'cancel made a draft');
    await openAsDraft();
    await click(page, '替换原草稿');
    await find(page, /已替换原有的同一单位/);
    assert(await drafts() === 1, 'replace made a second draft');
    await click(page, '← 首页');
    await openAsDraft();
    await click(page, '两份都保留');
    assert(await drafts() === 2, 'keep both did not keep both');
    // 嵌入附件 is remembered across a reload, and the export then carries the files.
    await click(page, '嵌入附件');
    await page.reload();
    await waitForFrames(page, 1);
    await click(page, '继续', { nth: 0 });
    const downloaded = page.waitForEvent('download');
    await click(page, '导出数据包');
    if (await find(page, '仍然导出', { timeout: 1500 }).then(() => true, () => false)) await click(page, '仍然导出');
    const exported = await downloaded;
    const again = JSON.parse(await readFile(await exported.path(), 'utf8'));
    const embedded = again.evidence.filter((e) => e.data_base64).map((e) => e.name).sort();
    assert(embedded.join() === ['会议纪要.docx', '服务大厅照片.png', '机构分工文件.pdf'].sort().join(),
      'after a reload the export embedded ' + embedded.join());

    // ---- Rankings: one per rubric, names clear of the scores ----
    await click(page, '← 首页');
    const variant = async (path, name) => {
      const obj = JSON.parse(await readFile(join(ROOT, path), 'utf8'));
      obj.profile.name = name;
      withScores(obj);
      return { name: name + '.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(obj)) };
    };
    const longName = '崇明区某某镇质量基础设施“一站式”服务站（一个很长的名称，用来检查名称列不会压到得分列）';
    const more = [
      await variant('tests/fixtures/samples/chongming-2024.json', longName),
      await variant('tests/fixtures/samples/chongming-2024.json', '崇明乙站'),
      await variant('tests/fixtures/samples/wuhan-2025.json', '武汉甲站'),
      await variant('tests/fixtures/samples/wuhan-2025.json', '武汉乙站'),
    ];
    const [c2] = await Promise.all([page.waitForEvent('filechooser'), click(page, /^继续评审（/).then(() => click(page, '再打开数据包…'))]);
    await c2.setFiles(more);
    await find(page, /^排名：.*崇明/);
    await find(page, /^排名：.*武汉/);
    const all = await items(page);
    const nameBox = all.find((i) => i.label === 'rank name ' + longName);
    const scoreBox = all.find((i) => i.label.startsWith('rank score ' + longName));
    assert(nameBox && scoreBox, 'the long name or its score is not on screen');
    assert(nameBox.x + nameBox.w <= scoreBox.x, `the name (right edge ${nameBox.x + nameBox.w}) runs into the score (${scoreBox.x})`);
    await page.screenshot({ path: join(OUT_DIR, 'desk-rankings.png') });

    assert(errors.length === 0, 'errors were logged:\n' + errors.join('\n'));
    console.log('  desk: PDF and image opened in tabs and saved by name, Word file saved, altered file refused; ' +
      'reopen asks; two rankings');
  } finally {
    await context.close();
  }
}

await runStandalone(import.meta.url, desk);
