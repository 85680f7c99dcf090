// The station's documents, from the page, for each of the five rubrics: a sample package opened as
// a draft, every document its rubric defines printed from 得分总览 (the HTML the print iframe
// receives), each naming the SHA-256 of the package file that 导出数据包 then writes, with its QR
// code; no other province's clauses outside 湖南. 崇明 and 湖南 documents go through Chromium's
// print to PDF (tests/browser/out/documents-*.pdf) and their text is checked with pdftotext.
// Exporting with a required material missing asks first, and the package says what is missing.
// Then the evaluator's side: the five exported files opened in the review desk, every document
// each rubric defines printed from the review (全部文档) and through Chromium's print to PDF, each
// naming the opened file's SHA-256. Last, .docx downloaded from the page (station and evaluator)
// are converted by LibreOffice (headless) to PDF, whose text must carry the hash and the title.
// (专家组汇总 offers the same list; its 申报表 of 崇明 is printed once, before any review is in.)
import { readFile, writeFile, mkdir, copyFile, rm } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assert, openApp, runStandalone, OUT_DIR, ROOT } from './lib.mjs';
import { click, find, items, settle, steady, visible } from './ui.mjs';

const RUBRICS = ['chongming-2024', 'songjiang-2024', 'wuhan-2025', 'hunan-db43', 'shanghai-2024'];

// The document printed by the click just made: the first print iframe not seen before. (The page
// removes a print frame after printing or a minute later, so counting frames is not reliable.)
async function printed(page) {
  const handle = await page.waitForFunction(() => {
    const fresh = [...document.querySelectorAll('iframe')].filter((x) => !x.dataset.seen && (x.srcdoc || '').length > 0);
    if (!fresh.length) return false;
    fresh.forEach((x) => { x.dataset.seen = '1'; });
    return fresh[fresh.length - 1].srcdoc;
  }, null, { timeout: 8000 });
  return handle.jsonValue();
}

// What every printed document must be: a QR code, no script, the package's SHA-256, and outside
// 湖南 none of Hunan's clauses. Returns the hash it names.
function checkDocument(id, what, html) {
  const hash = (html.match(/\b[0-9a-f]{64}\b/) || html.replace(/\s+/g, '').match(/[0-9a-f]{64}/) || [])[0];
  assert(/<svg[^>]*>[\s\S]*<\/svg>/.test(html), `${id} ${what}: no QR code`);
  assert(!/<script/i.test(html), `${id} ${what}: a script in a document`);
  const foreign = ['8.2.2', 'DB43', '评价规范 7.2'];
  if (id !== 'hunan-db43') {
    for (const f of foreign) assert(!html.includes(f), `${id} ${what} cites ${f}, Hunan's procedure`);
  }
  assert(hash, `${id} ${what}: no SHA-256 printed`);
  return hash;
}

// The document as Chromium prints it (A4 PDF in tests/browser/out), and the PDF's text.
async function printToPdf(context, html, name) {
  const doc = await context.newPage();
  await doc.setContent(html);
  const pdf = join(OUT_DIR, `${name}.pdf`);
  await doc.pdf({ path: pdf, format: 'A4' });
  await doc.close();
  await writeFile(join(OUT_DIR, `${name}.html`), html);
  // Reading order, not -layout: a long name wrapped inside its table cell stays one run of text.
  return execFileSync('pdftotext', [pdf, '-']).toString();
}

// Clicks `label` and keeps the .docx it downloads as tests/browser/out/<name>.docx.
async function downloadDocx(page, label, name) {
  const downloaded = page.waitForEvent('download', { timeout: 30000 });
  downloaded.catch(() => {});
  await click(page, label);
  const download = await downloaded;
  assert(/\.docx$/.test(download.suggestedFilename()), `${name}: the download is named ${download.suggestedFilename()}`);
  const path = join(OUT_DIR, `${name}.docx`);
  await copyFile(await download.path(), path);
  return path;
}

// Opens a package of the review desk's list for review: the 评审 button on the row that names it.
// The list's columns fit their contents over a few frames after the packages arrive (steady()).
async function openForReview(page, station) {
  const b = await steady(page, async () => {
    const row = await find(page, 'package ' + station);
    const buttons = (await items(page)).filter((i) => i.label === '评审' && i.w > 1);
    assert(buttons.length, 'the review desk shows no 评审 button');
    return buttons.reduce((best, i) => (Math.abs(i.y - row.y) < Math.abs(best.y - row.y) ? i : best));
  }, 4);
  await page.mouse.click(b.x + b.w / 2, b.y + b.h / 2);
  await settle(page);
  await find(page, '← 返回数据包列表');
}

export default async function documents({ browser, server }) {
  await mkdir(OUT_DIR, { recursive: true });
  const { context, page, errors } = await openApp(browser, server.origin, { viewport: { width: 1280, height: 900 } });
  let lastExport = null;
  const exported = {};  // rubric id -> { bytes, digest, name }
  const docx = [];      // { path, id, title, hash } of every .docx downloaded from the page
  try {
    for (const id of RUBRICS) {
      const sample = await readFile(join(ROOT, `tests/fixtures/samples/${id}.json`));
      if (id !== RUBRICS[0]) await click(page, '← 首页');
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, '选择数据包文件…')]);
      await chooser.setFiles([{ name: `${id}.json`, mimeType: 'application/json', buffer: sample }]);
      await find(page, '得分总览');
      await click(page, '得分总览');
      await find(page, /##doc-/);  // scrolls the dashboard until the print buttons are drawn
      const buttons = (await page.evaluate(() => window.qis.items())).filter((i) => /##doc-/.test(i.label));
      assert(buttons.length >= 2, `${id}: the dashboard offers ${buttons.length} documents to print`);
      const hashes = new Set();
      for (const b of buttons) {
        const kind = b.label.split('##doc-')[1];
        await click(page, b.label);
        const html = await printed(page);
        const hash = checkDocument(id, kind, html);
        hashes.add(hash);
        if (id === 'chongming-2024' || id === 'hunan-db43') {
          const text = await printToPdf(context, html, `documents-${id}-${kind}`);
          const flat = text.replace(/\s+/g, '');
          const title = visible(b.label).replace(/^打印/, '').split('\n')[0].replace(/\s+/g, '');
          assert(flat.includes(title.slice(0, 12)), `${id} ${kind}: the PDF does not carry its title ${title}`);
          if (kind !== 'score-sheet') {
            const name = JSON.parse(sample.toString()).profile.name;
            assert(flat.includes(name.replace(/\s+/g, '')), `${id} ${kind}: the PDF does not name the station`);
          }
          assert(text.includes(hash.slice(0, 16)), `${id} ${kind}: the PDF does not show the hash`);
          // The station's form as an editable copy too (converted with the others at the end).
          if (kind === 'application' || kind === 'declaration') {
            const path = await downloadDocx(page, `Word 文档##docx-${kind}`, `documents-${id}-${kind}`);
            docx.push({ path, id, title, hash });
          }
        }
      }
      assert(hashes.size === 1, `${id}: documents name different packages: ${[...hashes].join(', ')}`);

      // Export: with a required material missing the page asks first; the file is the one printed.
      const downloaded = page.waitForEvent('download', { timeout: 10000 });
      downloaded.catch(() => {});  // awaited below; a failure before that must not end the runner
      await click(page, '导出数据包');
      const asked = await find(page, '仍然导出', { timeout: 2000 }).then(() => true, () => false);
      if (asked) await click(page, '仍然导出');
      const download = await downloaded;
      const bytes = await readFile(await download.path());
      const digest = createHash('sha256').update(bytes).digest('hex');
      assert(hashes.has(digest), `${id}: the exported file's SHA-256 ${digest} is not the one printed ${[...hashes][0]}`);
      lastExport = { bytes, digest };
      exported[id] = { bytes, digest, name: JSON.parse(sample.toString()).profile.name };
      const pkg = JSON.parse(bytes.toString());
      const missing = (pkg.scores && pkg.scores.materials_missing) || [];
      assert(asked === missing.length > 0, `${id}: asked ${asked} but the package lists ${missing.length} missing materials`);
      await settle(page);
      console.log(`  documents: ${id}: ${buttons.length} documents, hash ${digest.slice(0, 16)}, ${missing.length} materials missing${asked ? ' (asked before export)' : ''}`);
    }
    // The evaluator opens the five exported files and prints every document of each one's rubric
    // from the review: each names the file opened, none cites another province's procedure.
    await click(page, '← 首页');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, '打开数据包进行评审…')]);
    await chooser.setFiles(RUBRICS.map((id) => ({ name: `${id}-submitted.json`, mimeType: 'application/json', buffer: exported[id].bytes })));
    for (const id of RUBRICS) {
      const { digest, name } = exported[id];
      await openForReview(page, name);
      await click(page, '全部文档（打印 / Word）…');
      const rows = (await items(page)).filter((i) => /##rdoc-/.test(i.label));
      const kinds = rows.map((i) => i.label.split('##rdoc-')[1]);
      assert(kinds.includes('self-assessment') && kinds.includes('score-sheet') && kinds.includes('report'),
        `${id}: the evaluator is offered ${kinds.join(', ')}`);
      if (id === 'hunan-db43' || id === 'wuhan-2025') assert(kinds.includes('application'), `${id}: no application form for the evaluator`);
      if (id === 'chongming-2024') assert(kinds.includes('declaration'), `${id}: no 申报表 for the evaluator`);
      let first = true;
      for (const row of rows) {
        const kind = row.label.split('##rdoc-')[1];
        if (!first) await click(page, '全部文档（打印 / Word）…');
        first = false;
        await click(page, row.label);
        const html = await printed(page);
        const hash = checkDocument(id, 'evaluator ' + kind, html);
        assert(hash === digest, `${id} evaluator ${kind}: names ${hash}, not the opened file ${digest}`);
        const text = await printToPdf(context, html, `documents-evaluator-${id}-${kind}`);
        const flat = text.replace(/\s+/g, '');
        const title = visible(row.label).replace(/^打印/, '').replace(/\s+/g, '');
        assert(flat.includes(title.slice(0, 12)), `${id} evaluator ${kind}: the PDF does not carry its title ${title}`);
        assert(text.includes(digest.slice(0, 16)), `${id} evaluator ${kind}: the PDF does not show the hash`);
        if (kind === 'report' && id === 'hunan-db43') {
          assert(flat.includes('8.2.2') && flat.includes('DB43'), `${id} evaluator report: Hunan's clauses are missing`);
        }
        if (id !== 'hunan-db43') {
          for (const f of ['8.2.2', 'DB43']) assert(!flat.includes(f), `${id} evaluator ${kind}: the PDF cites ${f}`);
        }
      }
      // The 评价报告 and the 评分表 as editable copies.
      for (const kind of ['report', 'score-sheet']) {
        await click(page, '全部文档（打印 / Word）…');
        const row = rows.find((i) => i.label.endsWith('##rdoc-' + kind));
        const path = await downloadDocx(page, `Word 文档##rdocx-${kind}`, `documents-evaluator-${id}-${kind}`);
        docx.push({ path, id, title: visible(row.label).replace(/^打印/, '').replace(/\s+/g, ''), hash: digest });
      }
      // From 专家组汇总 too, before any review is in: the station's documents print, naming the file.
      if (id === 'chongming-2024') {
        await click(page, '专家组汇总##from_review');
        await click(page, '全部文档（打印 / Word）…##panel');
        await click(page, /^打印.*##pdoc-declaration$/);
        const html = await printed(page);
        assert(checkDocument(id, 'panel declaration', html) === digest, `${id}: the 申报表 printed from 专家组汇总 names another file`);
      }
      await click(page, '← 返回数据包列表');  // from the review or from 专家组汇总: the list
      console.log(`  documents: evaluator ${id}: ${kinds.length} documents printed, 2 .docx, hash ${digest.slice(0, 16)}`);
    }

    // The evaluator types the hash from the stamped paper: the file it names is marked, another is not.
    const field = await find(page, '##paper_hash');
    await page.mouse.click(field.x + 30, field.y + field.h / 2);
    const printedHash = lastExport.digest.slice(0, 16).toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');
    await page.keyboard.type(printedHash);
    await find(page, '✓ 与纸质材料上的 SHA-256 一致');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('0000 0000 0000 0000');
    await find(page, /^已打开的数据包中没有与该 SHA-256 对应的文件/);
    assert(errors.length === 0, 'errors were logged:\n' + errors.join('\n'));

    // The .docx from the page open in LibreOffice: one headless run converts them all to PDF.
    const profile = join(tmpdir(), `qis-documents-lo-${process.pid}`);
    const outDir = join(OUT_DIR, 'docx-pdf');
    await mkdir(outDir, { recursive: true });
    try {
      execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', outDir,
        ...docx.map((d) => d.path)], { stdio: 'ignore', timeout: 180000 });
    } finally {
      await rm(profile, { recursive: true, force: true });
    }
    for (const d of docx) {
      const pdf = join(outDir, d.path.split('/').pop().replace(/\.docx$/, '.pdf'));
      const text = execFileSync('pdftotext', [pdf, '-']).toString();
      const flat = text.replace(/\s+/g, '');
      assert(text.includes(d.hash.slice(0, 16)), `${pdf}: LibreOffice's PDF does not show the hash`);
      assert(flat.includes(d.title.slice(0, 12)), `${pdf}: LibreOffice's PDF does not carry its title ${d.title}`);
      if (d.id !== 'hunan-db43') {
        for (const f of ['8.2.2', 'DB43']) assert(!flat.includes(f), `${pdf}: cites ${f}`);
      }
    }
    console.log(`  documents: ${docx.length} .docx from the page converted by LibreOffice, hash and title in each`);
  } finally {
    await context.close();
  }
}

await runStandalone(import.meta.url, documents);
