// Where WebGL is missing (issue 18): the page still starts and the station's work still gets done.
// These tests run in every engine of lib.mjs (run.mjs --engine): in Firefox ESR and in Chromium
// without GPU/WebGL the page draws on a 2D canvas (the "software" renderer); in Chromium with
// software WebGL the same tests see WebGL 2, and `renderers` compares all three renderers there.
//
//   smoke      the page starts with the expected renderer, draws text at 1x and 2x pixel density
//              (canvas backing store follows devicePixelRatio), logs no error, stays idle
//   walk       崇明: start a draft, answer three criteria, the total is the rubric's points for
//              them; reload and nothing is lost; export, and `qis score` gives the same total
//   renderers  Chromium with WebGL: ?renderer=webgl2|webgl1|software each start and draw the
//              same picture at 2x (the software path's text is as crisp as WebGL's), and follow a
//              resize of the window
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { assert, decodePng, distinctColours, openApp, OUT_DIR, ROOT, runStandalone, screenshot, waitForFrames } from './lib.mjs';
import { click, criteria, fill, find, reloadAndContinue, selectCriterion, snapshot, total } from './ui.mjs';

const SAMPLE = '质量基础设施“一站式”服务评价 （20分） 1000分 ABC abc';

// What the page should pick by itself in this engine.
const expectedRenderer = (browser) => (browser.engine === 'chromium' ? 'webgl2' : 'software');

async function rendererOf(page) {
  return page.evaluate(() => window.qis.renderer());
}

export async function smoke({ browser, server }) {
  const engine = browser.engine;
  for (const scale of [1, 2]) {
    const { context, page, errors, foreign } = await openApp(browser, server.origin, { scale });
    try {
      await waitForFrames(page, 3);
      await page.waitForTimeout(400);  // the idle tail: the screenshot is the final frame
      const renderer = await rendererOf(page);
      assert(renderer === expectedRenderer(browser), `${engine}: renderer is ${renderer}, expected ${expectedRenderer(browser)}`);
      const canvas = await page.evaluate(() => {
        const c = document.getElementById('canvas');
        return { width: c.width, height: c.height, css: c.clientWidth, cssH: c.clientHeight, ratio: window.devicePixelRatio };
      });
      assert(canvas.ratio === scale, `devicePixelRatio is ${canvas.ratio}, expected ${scale}`);
      assert(canvas.width === scale * canvas.css && canvas.height === scale * canvas.cssH,
        `canvas is ${canvas.width}x${canvas.height} px for ${canvas.css}x${canvas.cssH} CSS px at ratio ${scale}`);
      const name = `${engine}-smoke${scale === 2 ? '-dpr2' : ''}.png`;
      const { png } = await screenshot(page, name);
      const colours = distinctColours(decodePng(png));
      assert(colours > 50, `the canvas looks blank (${colours} distinct colours)`);
      const missing = await page.evaluate((t) => window.qis.missingGlyphs(t), SAMPLE);
      assert(missing === '', `glyphs missing: ${JSON.stringify(missing)}`);
      assert(await page.evaluate(() => document.getElementById('status').hidden), 'the loading box is still shown');
      assert(!(await page.evaluate(() => document.body.classList.contains('failed'))), 'the page shows its error message');
      // Frames only on change: with nothing happening no frame is drawn.
      const f0 = await page.evaluate(() => window.qis.frames);
      await page.waitForTimeout(1000);
      const f1 = await page.evaluate(() => window.qis.frames);
      assert(f1 === f0, `${f1 - f0} frames drawn in 1 s with nothing happening`);
      assert(errors.length === 0, 'errors were logged:\n' + errors.join('\n'));
      assert(foreign.length === 0, 'requests left the page origin:\n' + foreign.join('\n'));
      console.log(`  smoke (${engine}, ${renderer}, ratio ${scale}): ${colours} colours, tests/browser/out/${name}`);
    } finally {
      await context.close();
    }
  }
}

// The exported file as the page hands it to the browser (window.qisPage.download): the same
// bytes in every engine, without depending on how an engine's driver reports downloads.
async function catchExport(page) {
  await page.evaluate(() => {
    const original = window.qisPage.download;
    window.qisPage.download = (filename, bytes, mime) => {
      window.qisCaughtExport = { filename, text: new TextDecoder().decode(bytes) };
      window.qisPage.download = original;
      original(filename, bytes, mime);
    };
  });
}

export async function walk({ browser, server }) {
  const engine = browser.engine;
  const id = 'chongming-2024';
  const rubric = JSON.parse(await readFile(join(ROOT, 'rubrics', id + '.json'), 'utf8'));
  const { context, page, errors } = await openApp(browser, server.origin, { query: `?rubric=${id}`, viewport: { width: 1280, height: 860 } });
  try {
    assert((await rendererOf(page)) === expectedRenderer(browser), `renderer is ${await rendererOf(page)}`);
    await click(page, `开始自评（已为您选中）##${id}`);
    await fill(page, '##name', '测试质量服务站', { enter: false });
    await fill(page, '##contact_phone', '021-59876543', { enter: false });
    let snap = JSON.parse(await snapshot(page));
    assert(snap.profile.name === '测试质量服务站', `profile name is ${JSON.stringify(snap.profile.name)}`);
    assert(snap.profile.contact_phone === '021-59876543', `phone is ${JSON.stringify(snap.profile.contact_phone)}`);

    // Three criteria: the first two checklists (tick their first item) and the first judgment.
    await click(page, '逐项评分');
    const all = criteria(rubric);
    const checklists = all.filter((n) => n.rule.kind === 'checklist').slice(0, 2);
    const judgment = all.find((n) => n.rule.kind === 'judgment');
    assert(checklists.length === 2 && judgment, `${id}: the rubric lacks two checklists and a judgment`);
    const value = Math.max(judgment.rule.step || 1, Math.floor(judgment.max / 2));
    let expected = 0;
    for (const node of [...checklists, judgment]) {
      await selectCriterion(page, node);
      if (node.rule.kind === 'checklist') {
        await click(page, '##c');
        expected += node.rule.items[0].points;
      } else {
        await fill(page, '评分（', String(value));
        expected += value;
      }
      const now = await total(page);
      snap = JSON.parse(await snapshot(page));
      assert(snap.answers[node.id] !== undefined, `${node.id} (${node.rule.kind}) was not stored`);
      assert(now === expected, `after ${node.id} the total is ${now}, expected ${expected}`);
    }
    await screenshot(page, `${engine}-walk-chongming.png`);

    // Reload: the draft comes back exactly.
    const beforeReload = await snapshot(page);
    const restored = await reloadAndContinue(page);
    assert(restored === beforeReload, 'the reloaded draft differs from what was entered');

    // Export: the file is the draft; the native CLI recomputes the same total.
    await catchExport(page);
    await click(page, '导出数据包');
    if (await find(page, '仍然导出', { timeout: 1500 }).then(() => true, () => false)) await click(page, '仍然导出');
    await page.waitForFunction(() => !!window.qisCaughtExport, null, { timeout: 8000 });
    const exported = await page.evaluate(() => window.qisCaughtExport);
    assert(exported.filename.startsWith('测试质量服务站-' + id + '-'), 'file name: ' + exported.filename);
    assert(exported.text === restored, 'the export differs from the draft');
    await mkdir(OUT_DIR, { recursive: true });
    const file = join(OUT_DIR, `${engine}-walk-${id}.json`);
    await writeFile(file, exported.text);
    const cli = JSON.parse(execFileSync(join(ROOT, 'build/native/qis'), ['score', file, '--json']).toString());
    assert(cli.total === expected, `qis score gives ${cli.total}, the page ${expected}`);
    assert(errors.length === 0, 'errors were logged:\n' + errors.join('\n'));
    console.log(`  walk (${engine}): 崇明 draft, 3 criteria, total ${expected} = qis score ${cli.total}; reload kept it; ${file}`);
  } finally {
    await context.close();
  }
}

// Share of pixels that differ by more than `tolerance` in some channel, not counting long
// horizontal or vertical runs of them: a 1-pixel rule (window border, separator, scrollbar edge)
// that SDL's triangle rasteriser puts one device pixel beside where the GPU puts it. Those rows
// and columns are counted apart.
function differing(a, b, tolerance = 40) {
  if (a.width !== b.width || a.height !== b.height) return { share: 1, rules: 0 };
  const { width: w, height: h } = a;
  const diff = new Uint8Array(w * h);
  const rows = new Uint32Array(h);
  const cols = new Uint32Array(w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      if (Math.abs(a.rgba[i] - b.rgba[i]) > tolerance || Math.abs(a.rgba[i + 1] - b.rgba[i + 1]) > tolerance ||
          Math.abs(a.rgba[i + 2] - b.rgba[i + 2]) > tolerance) {
        diff[y * w + x] = 1;
        rows[y]++;
        cols[x]++;
      }
    }
  }
  let n = 0;
  let rules = 0;
  for (let y = 0; y < h; y++) if (rows[y] > w / 3) rules++;
  for (let x = 0; x < w; x++) if (cols[x] > h / 3) rules++;
  for (let y = 0; y < h; y++) {
    if (rows[y] > w / 3) continue;
    for (let x = 0; x < w; x++) if (diff[y * w + x] && cols[x] <= h / 3) n++;
  }
  return { share: n / (w * h), rules };
}

export async function renderers({ browser, server }) {
  assert(browser.engine === 'chromium', 'renderers needs the engine with WebGL (chromium)');
  const shots = {};
  for (const r of ['webgl2', 'webgl1', 'software']) {
    const { context, page, errors } = await openApp(browser, server.origin, { query: `?renderer=${r}`, scale: 2 });
    try {
      await waitForFrames(page, 3);
      await page.waitForTimeout(400);
      assert((await rendererOf(page)) === r, `?renderer=${r} drew with ${await rendererOf(page)}`);
      shots[r] = decodePng((await screenshot(page, `renderer-${r}-dpr2.png`)).png);
      assert(distinctColours(shots[r]) > 50, `${r}: the canvas looks blank`);
      // A smaller window: the canvas follows (the software path makes a new surface and renderer,
      // and ImGui re-creates its textures on it).
      const frames = await page.evaluate(() => window.qis.frames);
      await page.setViewportSize({ width: 700, height: 500 });
      await waitForFrames(page, frames + 2);
      await page.waitForTimeout(400);
      const canvas = await page.evaluate(() => ({ w: document.getElementById('canvas').width, h: document.getElementById('canvas').height }));
      assert(canvas.w === 1400 && canvas.h === 1000, `${r}: after the resize the canvas is ${canvas.w}x${canvas.h}, expected 1400x1000`);
      const small = decodePng((await screenshot(page, `renderer-${r}-dpr2-resized.png`)).png);
      assert(distinctColours(small) > 50, `${r}: the canvas looks blank after the resize`);
      assert(errors.length === 0, `${r}: errors were logged:\n` + errors.join('\n'));
    } finally {
      await context.close();
    }
  }
  const notes = [];
  for (const r of ['webgl1', 'software']) {
    const { share, rules } = differing(shots.webgl2, shots[r]);
    notes.push(`${r} ${(100 * share).toFixed(3)} % (+ ${rules} rows/columns of rules off by a pixel)`);
    // Blurred or misplaced text (a canvas drawn at 1x and stretched) differs on most text pixels.
    assert(share < 0.002, `${r} differs from webgl2 on ${(100 * share).toFixed(3)} % of the pixels at 2x`);
    assert(rules < 40, `${r}: ${rules} rows/columns differ from webgl2 along a third of the picture or more`);
  }
  console.log(`  renderers: pixels differing from webgl2 at 2x: ${notes.join(', ')}; tests/browser/out/renderer-*-dpr2.png`);
}

await runStandalone(import.meta.url, async (ctx) => {
  await smoke(ctx);
  await walk(ctx);
});
