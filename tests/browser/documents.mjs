// The station's documents, from the page, for each of the five rubrics: a sample package opened as
// a draft, every document its rubric defines printed from 得分总览 (the HTML the print iframe
// receives), each naming the SHA-256 of the package file that 导出数据包 then writes, with its QR
// code; no other province's clauses outside 湖南. 崇明 and 湖南 documents go through Chromium's
// print to PDF (tests/browser/out/documents-*.pdf) and their text is checked with pdftotext.
// Exporting with a required material missing asks first, and the package says what is missing.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { assert, openApp, runStandalone, OUT_DIR, ROOT } from './lib.mjs';
import { click, find, settle, visible } from './ui.mjs';

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

export default async function documents({ browser, server }) {
  await mkdir(OUT_DIR, { recursive: true });
  const { context, page, errors } = await openApp(browser, server.origin, { viewport: { width: 1280, height: 900 } });
  let lastExport = null;
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
        const hash = (html.match(/\b[0-9a-f]{64}\b/) || html.replace(/\s+/g, '').match(/[0-9a-f]{64}/) || [])[0];
        assert(/<svg[^>]*>[\s\S]*<\/svg>/.test(html), `${id} ${kind}: no QR code`);
        assert(!/<script/i.test(html), `${id} ${kind}: a script in a document`);
        if (id !== 'hunan-db43') {
          for (const foreign of ['8.2.2', 'DB43', '评价规范 7.2'])
            assert(!html.includes(foreign), `${id} ${kind} cites ${foreign}, Hunan's procedure`);
        }
        assert(hash, `${id} ${kind}: no SHA-256 printed`);
        hashes.add(hash);
        if (id === 'chongming-2024' || id === 'hunan-db43') {
          const doc = await context.newPage();
          await doc.setContent(html);
          const pdf = join(OUT_DIR, `documents-${id}-${kind}.pdf`);
          await doc.pdf({ path: pdf, format: 'A4' });
          await doc.close();
          const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
          const flat = text.replace(/\s+/g, '');
          const title = visible(b.label).replace(/^打印/, '').split('\n')[0].replace(/\s+/g, '');
          assert(flat.includes(title.slice(0, 12)), `${id} ${kind}: the PDF does not carry its title ${title}`);
          if (kind !== 'score-sheet') {
            const name = JSON.parse(sample.toString()).profile.name;
            assert(flat.includes(name.replace(/\s+/g, '')), `${id} ${kind}: the PDF does not name the station`);
          }
          assert(text.includes(hash.slice(0, 16)), `${id} ${kind}: the PDF does not show the hash`);
          await writeFile(join(OUT_DIR, `documents-${id}-${kind}.html`), html);
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
      const pkg = JSON.parse(bytes.toString());
      const missing = (pkg.scores && pkg.scores.materials_missing) || [];
      assert(asked === missing.length > 0, `${id}: asked ${asked} but the package lists ${missing.length} missing materials`);
      await settle(page);
      console.log(`  documents: ${id}: ${buttons.length} documents, hash ${digest.slice(0, 16)}, ${missing.length} materials missing${asked ? ' (asked before export)' : ''}`);
    }
    // The evaluator types the hash from the stamped paper: the file it names is marked, another is not.
    await click(page, '← 首页');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, '打开数据包进行评审…')]);
    await chooser.setFiles([{ name: 'submitted.json', mimeType: 'application/json', buffer: lastExport.bytes }]);
    const field = await find(page, '##paper_hash');
    await page.mouse.click(field.x + 30, field.y + field.h / 2);
    const printedHash = lastExport.digest.slice(0, 16).toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');
    await page.keyboard.type(printedHash);
    await find(page, '✓ 与纸质材料上的 SHA-256 一致');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('0000 0000 0000 0000');
    await find(page, /^已打开的数据包中没有与该 SHA-256 对应的文件/);
    assert(errors.length === 0, 'errors were logged:\n' + errors.join('\n'));
  } finally {
    await context.close();
  }
}

await runStandalone(import.meta.url, documents);
