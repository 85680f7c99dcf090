// Every character drawn from the system's own fonts: names with characters outside GB2312 level 1
// (堃喆犇, 淼珺昶) typed through the IME path into the unit name and an expert's name are drawn as
// themselves — no missing glyph recorded, and a pixel check tells them from '?' and from a box —
// and the bundled font is not downloaded. Then a Chromium whose fontconfig knows no Chinese font
// fetches the bundled font and still draws the rubric text; and DPR 3 is drawn at its density.
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { assert, decodePng, openApp, runStandalone, screenshot, waitForFrames, OUT_DIR } from './lib.mjs';
import { click, find, settle, snapshot } from './ui.mjs';

const NAME = '上海堃喆犇淼珺昶智造';
const EXPERT = '淼珺昶';

// Replaces the content of the field labelled `label` through the IME path and leaves it.
async function imeFill(page, label, text) {
  const it = await find(page, label);
  await page.mouse.click(it.x + 30, it.y + it.h / 2);
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'ime');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'pinyin', selectionStart: 6, selectionEnd: 6 });
  await cdp.send('Input.insertText', { text });
  await cdp.detach();
  await page.waitForFunction((t) => window.qis.textInput().text === t, text, { timeout: 5000 });
  return it;
}

// The ink of a field's text split into `n` equal cells; returns the fraction of differing pixels
// for every pair of cells (a repeated fallback glyph gives near-zero differences).
async function cellDifferences(page, rect, n) {
  const { png } = await screenshot(page, 'glyphs-field.png');
  const img = decodePng(png);
  const dark = (x, y) => {
    const i = (y * img.width + x) * 4;
    return img.rgba[i] + img.rgba[i + 1] + img.rgba[i + 2] < 3 * 140;
  };
  let x0 = Infinity, x1 = -1, y0 = Infinity, y1 = -1;
  for (let y = Math.ceil(rect.y) + 2; y < rect.y + rect.h - 2; y++) {
    for (let x = Math.ceil(rect.x) + 2; x < rect.x + rect.w - 2; x++) {
      if (dark(x, y)) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
    }
  }
  assert(x1 > x0 && y1 > y0, 'no text drawn in the field');
  const cellW = (x1 - x0 + 1) / n;
  const cells = [];
  for (let c = 0; c < n; c++) {
    const bits = [];
    let ink = 0;
    for (let y = y0; y <= y1; y++) {
      for (let dx = 0; dx < Math.floor(cellW); dx++) {
        const v = dark(Math.floor(x0 + c * cellW) + dx, y);
        bits.push(v);
        ink += v ? 1 : 0;
      }
    }
    cells.push({ bits, ink });
  }
  const diffs = [];
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      let d = 0;
      for (let i = 0; i < cells[a].bits.length; i++) if (cells[a].bits[i] !== cells[b].bits[i]) d++;
      diffs.push(d / cells[a].bits.length);
    }
  }
  return { diffs, inks: cells.map((c) => c.ink) };
}

export default async function glyphs({ browser, server }) {
  const { context, page, errors } = await openApp(browser, server.origin, { query: '?rubric=chongming-2024' });
  const fontRequests = [];
  page.on('request', (r) => { if (/font-(cjk|latin)\.ttf/.test(r.url())) fontRequests.push(r.url()); });
  try {
    assert(await page.evaluate(() => window.qis.fontsFromSystem()), 'the page did not use the system fonts');
    await click(page, /^开始自评/);
    await click(page, '单位信息');

    // Control first: six '?' and six boxes in the same field are found alike by the check.
    for (const control of ['??????', '□□□□□□']) {
      const rect = await imeFill(page, '##name', control);
      await settle(page);
      const { diffs } = await cellDifferences(page, rect, 6);
      assert(Math.min(...diffs) < 0.04, `the pixel check cannot tell repeated ${control[0]} apart (min diff ${Math.min(...diffs)})`);
    }
    const rect = await imeFill(page, '##name', '堃喆犇淼珺昶');
    await settle(page);
    const { diffs, inks } = await cellDifferences(page, rect, 6);
    assert(Math.min(...diffs) > 0.08, '堃喆犇淼珺昶 look alike on screen (min cell difference ' + Math.min(...diffs).toFixed(3) + ')');
    assert(Math.min(...inks) > 20, 'a character has no ink: ' + inks.join(','));
    await imeFill(page, '##name', NAME);
    await page.mouse.click(rect.x + 200, rect.y - 20);
    await settle(page);
    const profile = JSON.parse(await snapshot(page)).profile;
    assert(profile.name === NAME, 'profile name is ' + JSON.stringify(profile.name));
    await screenshot(page, 'glyphs-profile.png');

    // An expert's name, on the review screen of the station's own exported package.
    const pkg = await snapshot(page);
    await click(page, '返回首页').catch(() => click(page, /首页/));
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, '打开数据包进行评审…')]);
    await chooser.setFiles([{ name: 'p.json', mimeType: 'application/json', buffer: Buffer.from(pkg) }]);
    await find(page, 'package ' + NAME);
    await click(page, '评审', { nth: 0 });
    const expert = await imeFill(page, '##expert_name', EXPERT);
    await settle(page);
    const ex = await cellDifferences(page, expert, 3);
    assert(Math.min(...ex.diffs) > 0.08, 'the expert name 淼珺昶 is not drawn as three distinct characters');
    await screenshot(page, 'glyphs-review.png');

    const missing = await page.evaluate(() => window.qis.missingGlyphs());
    assert(Array.isArray(missing) && missing.length === 0, 'drawn without a glyph: ' + JSON.stringify(missing));
    assert(await page.evaluate(() => window.qis.missingGlyphs('堃喆犇淼珺昶')) === '',
      'a character typed is missing from the system fonts');
    // A code point no font has is known to the app, not silently a box.
    assert(await page.evaluate(() => window.qis.missingGlyphs('\u{E0FFF}')) !== '', 'an unassigned code point counts as drawn');
    assert(fontRequests.length === 0, 'the bundled font was downloaded although the system has Chinese fonts: ' + fontRequests.join(', '));
    assert(errors.length === 0, 'errors were logged:\n' + errors.join('\n'));
  } finally {
    await context.close();
  }

  // DPR 3 (a phone): the canvas is 3× and glyphs are baked at that density.
  {
    const { context: c3, page: p3 } = await openApp(browser, server.origin, { scale: 3, viewport: { width: 420, height: 800 } });
    try {
      const size = await p3.evaluate(() => [document.getElementById('canvas').width, window.innerWidth]);
      assert(size[0] === size[1] * 3, 'canvas is not drawn at devicePixelRatio 3: ' + size.join(' / '));
      await screenshot(p3, 'glyphs-dpr3.png');
    } finally {
      await c3.close();
    }
  }

  // No Chinese font on the system: fontconfig that knows only DejaVu.
  const dir = await mkdtemp(join(tmpdir(), 'qis-fc-'));
  await writeFile(join(dir, 'fonts.conf'), `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>${dir}/cache</cachedir></fontconfig>\n`);
  const bare = await chromium.launch({
    executablePath: process.env.QIS_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    env: { ...process.env, FONTCONFIG_FILE: join(dir, 'fonts.conf') },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
  try {
    const ctx = await bare.newContext({ viewport: { width: 1100, height: 720 } });
    const p = await ctx.newPage();
    const fetched = [];
    p.on('request', (r) => fetched.push(r.url()));
    const hasChinese = await (async () => {
      await p.goto(server.origin + '/?rubric=hunan-db43');
      await waitForFrames(p, 1);
      return p.evaluate(() => window.qisPage.glyphs.hasChinese());
    })();
    assert(!hasChinese, 'the fontconfig without Chinese fonts still drew 中');
    assert(!(await p.evaluate(() => window.qis.fontsFromSystem())), 'no Chinese system font, yet the bundled font was not used');
    assert(fetched.some((u) => u.endsWith('/font-cjk.ttf')), 'the bundled font was not fetched');
    await click(p, /^开始自评/);
    await click(p, '逐项评分');
    assert(await p.evaluate(() => window.qis.missingGlyphs('质量基础设施“一站式”服务评价 （20分） 1000分')) === '',
      'the bundled font lacks rubric text');
    const { png } = await screenshot(p, 'glyphs-bundled-font.png');
    const img = decodePng(png);
    let dark = 0;
    for (let i = 0; i < img.rgba.length; i += 4) if (img.rgba[i] < 90 && img.rgba[i + 1] < 90 && img.rgba[i + 2] < 90) dark++;
    assert(dark > 2000, 'the bundled-font page draws almost no text (' + dark + ' dark pixels)');
    await ctx.close();
  } finally {
    await bare.close();
  }
  console.log(`  glyphs: 堃喆犇淼珺昶 drawn from system fonts; bundled font only without them (${OUT_DIR})`);
}

await runStandalone(import.meta.url, glyphs);
